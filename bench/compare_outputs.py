"""Snapshot what the product outputs, to prove a change left it byte-identical.

A snapshot holds, in one folder:

- the tagger's full output (every field of every timex: span, type, value, mod, bounds,
  granularity, anchor, rule, resolved, reason) on each corpus of ../shared/corpora
  (TimeBank, AQUAINT, WikiWars as narratives, every t17-dev article with its publication date);
- the seed chronology as a user gets it: `timeline ingest seeds/ --metadata …`, then
  `query --format json`, `export --format md|csv|json|timelinejs`, `articles list --format json`
  and `stats --format json` (the ingest ids and counts included), and the same raw, without
  the metadata file.

    python bench/compare_outputs.py snapshot before          # writes bench/.cache/outputs/before
    python bench/compare_outputs.py snapshot after
    python bench/compare_outputs.py compare before after     # exit 1 and the first differences

The CLI is run as a subprocess (`python -m timeline`), so the snapshot does not depend on the
package's internal layout; the tagger through its public entry point `timeline.tagger.tag`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
CACHE = ROOT / "bench" / ".cache" / "outputs"
TIMEX_FIELDS = (
    "start",
    "end",
    "text",
    "type",
    "value",
    "mod",
    "lower",
    "upper",
    "granularity",
    "anchor",
    "rule",
    "resolved",
    "quant",
    "freq",
    "reason",
)


def corpora() -> dict[str, list[dict]]:
    """name → documents {doc_id, dct, type, text}."""
    out: dict[str, list[dict]] = {}
    for name in ("tbaq_timebank", "tbaq_aquaint", "wikiwars_dev"):
        path = SHARED / f"{name}.jsonl"
        docs = [json.loads(line) for line in path.open(encoding="utf-8")]
        out[name] = [
            {
                "doc_id": d["doc_id"],
                "dct": d.get("dct"),
                "type": d.get("type") or ("news" if d.get("dct") else "narrative"),
                "text": d["text"],
            }
            for d in docs
        ]
    t17: list[dict] = []
    for folder in sorted((SHARED / "t17-dev").iterdir()):
        articles = folder / "articles.jsonl"
        if not articles.is_file():
            continue
        for line in articles.open(encoding="utf-8"):
            d = json.loads(line)
            t17.append(
                {
                    "doc_id": f"{folder.name}/{d['doc_id']}",
                    "dct": d["published"],
                    "type": "news",
                    "text": d["text"],
                }
            )
    out["t17_dev"] = t17
    return out


def tag_corpora(folder: Path) -> None:
    from timeline.tagger import tag

    for name, docs in corpora().items():
        with (folder / f"tagger_{name}.jsonl").open("w", encoding="utf-8") as out:
            for doc in docs:
                result = tag(doc["text"], doc["dct"], doc_type=doc["type"])
                timexes = [{f: getattr(t, f) for f in TIMEX_FIELDS} for t in result.timexes]
                ranges = [[r.first, r.last] for r in result.ranges]
                row = {"doc_id": doc["doc_id"], "timexes": timexes, "ranges": ranges}
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"  tagger {name}: {len(docs)} documents", file=sys.stderr)


def run(args: list[str], db: Path, cwd: Path) -> str:
    """Run the CLI; its output (stdout, then stderr and the exit code) as text."""
    env = {**os.environ, "TIMELINE_DB": f"sqlite:///{db}", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    shown = " ".join(args)
    return f"$ timeline {shown}\n{done.stdout}\n[stderr]\n{done.stderr}[exit {done.returncode}]\n"


def seed_outputs(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in (("metadata", ["--metadata", "seeds/metadata.csv"]), ("raw", [])):
            db = Path(tmp) / f"{label}.db"
            steps = [
                ["ingest", "seeds/", *extra],
                ["articles", "list", "--format", "json"],
                ["query", "--format", "json"],
                ["query"],
                ["export", "--format", "md"],
                ["export", "--format", "csv"],
                ["export", "--format", "json"],
                ["export", "--format", "timelinejs"],
                ["stats", "--format", "json"],
            ]
            text = "".join(run(step, db, ROOT) for step in steps)
            (folder / f"seeds_{label}.txt").write_text(text, encoding="utf-8")
            print(f"  seeds {label}: {len(steps)} commands", file=sys.stderr)


def snapshot(label: str) -> Path:
    folder = CACHE / label
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    tag_corpora(folder)
    seed_outputs(folder)
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}
    (folder / "SHA256SUMS.json").write_text(json.dumps(digests, indent=2) + "\n")
    return folder


def compare(a: str, b: str, shown: int = 10) -> int:
    left, right = CACHE / a, CACHE / b
    names = sorted({p.name for p in left.iterdir()} | {p.name for p in right.iterdir()})
    names.remove("SHA256SUMS.json")
    differing = 0
    for name in names:
        pa, pb = left / name, right / name
        if not pa.exists() or not pb.exists():
            print(f"{name}: only in {a if pa.exists() else b}")
            differing += 1
            continue
        la = pa.read_text(encoding="utf-8").splitlines()
        lb = pb.read_text(encoding="utf-8").splitlines()
        if la == lb:
            print(f"{name}: identical ({len(la)} lines)")
            continue
        differing += 1
        diffs = [i for i in range(max(len(la), len(lb))) if la[i : i + 1] != lb[i : i + 1]]
        print(f"{name}: {len(diffs)} lines differ")
        for i in diffs[:shown]:
            print(f"  line {i + 1}\n    {a}: {la[i][:300] if i < len(la) else '(none)'}")
            print(f"    {b}: {lb[i][:300] if i < len(lb) else '(none)'}")
    print("identical" if not differing else f"{differing} files differ")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="write a snapshot under bench/.cache/outputs/LABEL")
    snap.add_argument("label")
    cmp_ = sub.add_parser("compare", help="compare two snapshots")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    args = parser.parse_args()
    if args.command == "snapshot":
        print(snapshot(args.label))
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
