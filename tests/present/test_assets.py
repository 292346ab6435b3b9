"""The page's scripts, style sheet and templates: real files, shipped in the package.

Each script is checked by node as it ships (skipped only without node), and all of them
together too, since the page runs them in one scope: a name declared twice would break it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from string import Template

import pytest

from timeline.present.render import ASSETS, asset, page_scripts

SCRIPTS = sorted(path.name for path in ASSETS.iterdir() if path.name.endswith(".js"))
ALL_SCRIPTS = page_scripts(empty=False, build_hover=True, panel=True, lod=True)
NODE = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def node_check(path: Path) -> None:
    done = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@NODE
@pytest.mark.parametrize("name", SCRIPTS)
def test_every_script_parses(name, tmp_path):
    path = tmp_path / name
    path.write_text(asset(name), encoding="utf-8")
    node_check(path)


@NODE
def test_the_scripts_parse_together_as_the_page_runs_them(tmp_path):
    # Plotly wraps the post_script in a function: so does this check
    path = tmp_path / "page-scripts.js"
    path.write_text("(function () {\n" + "\n".join(map(asset, ALL_SCRIPTS)) + "\n})();\n")
    node_check(path)


def test_every_script_is_used_and_page_js_runs_last():
    assert sorted(ALL_SCRIPTS) == SCRIPTS
    assert ALL_SCRIPTS[-1] == "page.js"
    assert page_scripts(empty=True, build_hover=False, panel=False) == ["page.js"]


@pytest.mark.parametrize("name", SCRIPTS + ["page.css", "panel.html", "tools.html"])
def test_nothing_can_end_the_inline_element_it_goes_in(name):
    # the scripts and the style sheet are written inline into the page
    assert not re.search(r"</?(script|style)|<!--", asset(name), re.IGNORECASE)


def test_page_template_has_every_placeholder():
    names = Template(asset("page.html")).get_identifiers()
    assert sorted(names) == ["css", "panel", "plot", "status", "tables", "theme", "title", "tools"]


def test_assets_are_read_once():
    asset.cache_clear()
    asset("page.css")
    asset("page.css")
    assert asset.cache_info().hits == 1 and asset.cache_info().misses == 1
