"""What scenes say is true for runs unlike the bundled ones: headings written for the bundled
runs follow runs that fail. (A run at 199 of 200 never reading "100%" in any chapter is
test_every_chapter.py's.)"""

from __future__ import annotations

import re

import numpy as np

from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.decision_boundary import WidthProgression
from scenes.feature_map import FeatureMap
from scenes.linear import LinearClassifier


def square_run(steps: int, lr: float):
    """Logistic regression on phi(x) = [x1^2, x2^2] of the circles, ``steps`` steps."""
    X, y, spec = make_dataset("circles", n=60, seed=3)
    W, b = initial_parameters([2, 1], "glorot", rng=3)
    return train(MLP(W, b, "sigmoid", "binary", "square"), X, y,
                 TrainConfig(lr=lr, steps=steps), np.arange(steps + 1), meta={"dataset": spec})


def test_a_feature_map_that_does_not_separate_is_not_called_separable(render, tmp_path):
    trace = square_run(2, 0.05)
    right = int(round(trace.accuracy[-1] * len(trace.y)))
    assert right < len(trace.y)
    scene, _ = render(FeatureMap, tmp_path, trace=trace)
    share = 100 * right / len(trace.y)
    assert scene.title_text.startswith("A feature map, then a line: ")
    shown = float(re.search(r"(\d+(?:\.\d+)?)% right", scene.title_text).group(1))
    assert abs(shown - share) <= 0.5 and shown < 100
    said = " ".join(beat.caption for beat in scene.played_beats)
    assert "separable" not in said and "separates them" not in said


def ring_run(width: int, steps: int):
    X, y, spec = make_dataset("rings", n=60, seed=5)
    W, b = initial_parameters([2, width, 1], "glorot", rng=width)
    return train(MLP(W, b, "sigmoid", "binary"), X, y, TrainConfig(lr=0.05, steps=steps),
                 np.arange(0, steps + 1, max(steps // 4, 1)), meta={"dataset": spec})


def test_widths_that_fail_claim_no_rounder_boundary(render, tmp_path):
    narrow, wide = ring_run(2, 8), ring_run(4, 8)
    assert narrow.accuracy[-1] < 1 and wide.accuracy[-1] < 1
    scene, _ = render(WidthProgression, tmp_path, traces=[wide, narrow])
    want = ("More hidden units, higher accuracy" if wide.accuracy[-1] > narrow.accuracy[-1]
            else "The boundary by hidden width")
    assert scene.title_text == want


def test_a_linear_run_by_adam_that_fails_says_so(render, tmp_path):
    X, y, spec = make_dataset("circles", n=60, seed=3)
    W, b = initial_parameters([2, 1], "glorot", rng=3)
    trace = train(MLP(W, b, "sigmoid", "binary"), X, y,
                  TrainConfig(lr=0.01, steps=4, optimizer="adam"), np.arange(5),
                  meta={"dataset": spec})
    assert trace.accuracy[-1] < 1
    scene, _ = render(LinearClassifier, tmp_path, trace=trace)
    said = {beat.name: beat.caption for beat in scene.played_beats}["training"]
    assert said.startswith("Training lowers the loss (the curve): Adam turns and slides the "
                           "line: it ends ")
    assert "into place" not in said
