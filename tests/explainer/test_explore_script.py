"""The page's script is the modules of explainer/explore/js joined in their documented order,
every module once, inside one closure (no browser: the browser tests prove what it does)."""

from __future__ import annotations

import re

from pipeline_helpers import ROOT

from explainer.explore.page import SCRIPT_MODULES, build_page
from mlp.trace import load_trace

JS = ROOT / "explainer" / "explore" / "js"


def test_every_module_is_joined_once_in_order():
    on_disk = sorted(p.relative_to(JS).as_posix() for p in JS.rglob("*.js"))
    assert sorted(SCRIPT_MODULES) == on_disk and len(set(SCRIPT_MODULES)) == len(on_disk)
    assert SCRIPT_MODULES[0] == "trace.js" and SCRIPT_MODULES[-1] == "main.js"
    page = build_page(load_trace(ROOT / "assets" / "seed-notebook.npz"))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    body = "\n".join((JS / name).read_text(encoding="utf-8") for name in SCRIPT_MODULES)
    assert scripts[0] == "(function () {\n  'use strict';\n\n" + body + "})();\n"
