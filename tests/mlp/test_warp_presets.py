"""The warp scenes' bundled runs: they converge, and the 2-unit one needs two crossing lines."""

from __future__ import annotations

import numpy as np

from mlp.bundled import BUNDLED
from mlp.presets import warp_example, wedge
from mlp.trace import load_trace
from scenes.toolkit.traces import default_trace_path


def test_wedge_is_not_linearly_separable():
    X, y, spec = wedge(n=200, seed=0)
    assert X.shape == (200, 2) and set(np.unique(y)) == {0, 1} and spec["name"] == "wedge"
    # the class-1 centre is inside the triangle of the class-0 centres
    c = np.array(spec["centres"])
    tri, p = c[1:], c[0]
    def cross(a, b):
        return a[0] * b[1] - a[1] * b[0]

    signs = [np.sign(cross(tri[(i + 1) % 3] - tri[i], p - tri[i])) for i in range(3)]
    assert len(set(signs)) == 1


def test_bundled_warp_traces_converge():
    # that the recipes rebuild these very files is tests/explainer/test_assets.py's check
    for name in ("wedge-width-2", "moons-width-8"):
        assert name in BUNDLED
        trace = load_trace(default_trace_path(name))
        assert trace.accuracy[-1] == 1.0 and trace.loss[-1] < 0.02


def test_the_two_hidden_lines_of_the_wedge_cross():
    trace = warp_example("wedge", hidden=2, seed=0, lr=2.0, steps=3000, count=11)
    W = trace.weights[0][-1]
    cos = W[:, 0] @ W[:, 1] / np.linalg.norm(W[:, 0]) / np.linalg.norm(W[:, 1])
    assert abs(cos) < 0.9
