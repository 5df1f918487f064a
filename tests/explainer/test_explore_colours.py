"""The explorer shades the plane as the scenes do: its heatColor, run by Node on the same
probabilities, gives the colours of scenes.toolkit.plane (binary and softmax)."""

from __future__ import annotations

import json
import re
import subprocess

import numpy as np
import pytest

from explainer.explore.page import page_script
from scenes.toolkit import style
from scenes.toolkit.plane import class_rgb, probability_rgb


def heat_colors(P: np.ndarray, output: str) -> np.ndarray:
    """The explorer's heatColor on each row of P (binary: (n, 1); softmax: (n, K)), (n, 3)."""
    source = page_script()
    body = re.search(r"\n  function heatColor\(p, off, out, o\) \{\n.*?\n  \}\n", source, re.S)
    assert body, "heatColor not found in the page's script"
    prelude = (
        f"const C = {json.dumps({'background': style.BACKGROUND, 'classes': style.CLASS_COLORS})};"
        f"const D = {{output: {json.dumps(output)}}}; const K = {P.shape[1]};"
        "function rgb(hex) { const c = hex.replace('#', ''); return [0, 2, 4].map((k) => "
        "parseInt(c.slice(k, k + 2), 16)); }"
        "const BG = rgb(C.background); const CLS = C.classes.map(rgb); const S0 = 0.12, S1 = 0.55;"
    )
    run = (prelude + body.group(0) + f"const P = {json.dumps(P.ravel().tolist())};"
           f"const out = []; const px = new Array(4);"
           f"for (let i = 0; i < {len(P)}; i++) {{ heatColor(P, i * K, px, 0); "
           "out.push(px.slice(0, 3)); }"
           "console.log(JSON.stringify(out));")
    done = subprocess.run(["node", "-e", run], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return np.array(json.loads(done.stdout)) / 255


@pytest.mark.parametrize("K", [3, 10])
def test_softmax_regions_are_shaded_alike(K):
    P = np.random.default_rng(K).dirichlet(np.full(K, 0.4), size=300)
    np.testing.assert_allclose(heat_colors(P, "softmax"), class_rgb(P), atol=1e-9)


def test_binary_shading_is_alike():
    P = np.random.default_rng(0).uniform(0, 1, 300)
    np.testing.assert_allclose(heat_colors(P[:, None], "binary"), probability_rgb(P), atol=1e-9)


def test_a_regressions_surface_takes_the_scenes_value_colours():
    from scenes.toolkit.surface import VALUE_ANCHORS, value_rgb

    source = page_script()
    body = re.search(r"\n  function valueColor\(v, out, o\) \{\n.*?\n  \}\n", source, re.S)
    assert body, "valueColor not found in the page's script"
    lo, hi = -1.3, 2.1
    V = np.random.default_rng(5).uniform(lo - 0.5, hi + 0.5, 200)  # beyond the ends too
    run = ("function rgb(hex) { const c = hex.replace('#', ''); return [0, 2, 4].map((k) => "
           "parseInt(c.slice(k, k + 2), 16)); }"
           f"const V = {{lo: {lo}, hi: {hi}}}; const ANCH = {json.dumps(VALUE_ANCHORS)}.map(rgb);"
           + body.group(0) + f"const vs = {json.dumps(V.tolist())}; const out = [];"
           "for (const v of vs) { const px = new Array(4); valueColor(v, px, 0); "
           "out.push(px.slice(0, 3)); } console.log(JSON.stringify(out));")
    done = subprocess.run(["node", "-e", run], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # the scenes' heatmap (scenes.toolkit.surface.ValueHeatmap) darkens the scale by 0.85
    np.testing.assert_allclose(np.array(json.loads(done.stdout)) / 255,
                               0.85 * value_rgb(V, lo, hi), atol=1e-9)


def test_the_page_draws_classes_in_the_scenes_palette():
    """One palette: the page's classes are the scenes' ten colours, and its script names no
    class colour of its own."""
    from pipeline_helpers import ROOT

    from explainer.explore.page import build_page
    from mlp.trace import load_trace

    page = build_page(load_trace(ROOT / "assets" / "seed-notebook.npz"))
    data = re.search(r'<script type="application/json" id="trace-data">(.*?)</script>', page,
                     re.S).group(1)
    assert json.loads(data)["colors"]["classes"] == style.CLASS_COLORS
    assert len(style.CLASS_COLORS) == 10
    script = page_script().upper()
    assert not [c for c in style.CLASS_COLORS if c.upper() in script]
