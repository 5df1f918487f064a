"""The explainer's explorer pages: one per trace a clip plays, and none (no link, no failure)
for a trace the page cannot draw, such as a regression of three inputs."""

from __future__ import annotations

import numpy as np
import pytest
from pipeline_helpers import ROOT

from explainer.explore import ExploreError, build_page
from explainer.pipeline.run import _explore_pages
from mlp.network import MLP
from mlp.trace import load_trace, save_trace
from mlp.train import TrainConfig, train


def three_input_fit(path):
    """A short core run fitting a number from three inputs, saved to ``path``."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 3))
    y = X @ np.array([0.5, -1.0, 0.25])
    W = [rng.normal(0, 0.5, (3, 4)), rng.normal(0, 0.5, (4, 1))]
    b = [np.zeros(4), np.zeros(1)]
    trace = train(MLP(W, b, "tanh", "regression"), X, y, TrainConfig(lr=0.05, steps=4),
                  np.array([0, 2, 4]), meta={"dataset": {"name": "test"}})
    save_trace(trace, path)
    return path


def test_a_trace_the_page_cannot_draw_leaves_its_clip_without_a_page_and_the_others_theirs(
        tmp_path):
    fit = three_input_fit(tmp_path / "fit.npz")
    with pytest.raises(ExploreError):  # the premise: the page refuses this trace
        build_page(load_trace(fit))
    clips = [{"scene": s, "timeline": [{"trace": str(a), "samples": [[0.0, 0.0]]}]}
             for s, a in (("DecisionBoundary", fit),
                          ("HandwrittenDigits", "assets/digits-width-16.npz"))]
    out = tmp_path / "out"
    _explore_pages(clips, out, ROOT)
    assert "explore" not in clips[0]
    page = out / clips[1]["explore"]["file"]
    assert page.is_file() and "<html" in page.read_text(encoding="utf-8").lower()
    assert [p.name for p in (out / "explore").iterdir()] == [page.name]
