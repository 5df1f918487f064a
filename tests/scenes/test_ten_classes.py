"""Ten classes, the most the palette and the core hold: a 2-16-10 network on ten spiral arms
plays in the chapters that draw classes, each class in its own colour."""

from __future__ import annotations

import numpy as np
import pytest
from plane_render import scene_of

from explainer.story import STORY
from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.toolkit.style import CLASS_COLORS, hex_to_rgb

PLAYS_TEN = ("HiddenLinesTraining", "DecisionBoundary", "HiddenSpaceWarp",
             "WarpDuringTraining", "ComputationalGraph", "ChainRulePath", "WhoPullsTheLines")


@pytest.fixture(scope="module")
def ten():
    X, y, spec = make_dataset("spiral", n=100, seed=0, classes=10)
    W, b = initial_parameters([2, 16, 10], "glorot", np.random.default_rng(0), "tanh")
    return train(MLP(W, b, "tanh", "softmax"), X, y, TrainConfig(lr=0.05, steps=20,
                 optimizer="adam"), np.arange(0, 21, 5), {"dataset": spec})


def test_the_chapters_that_draw_classes_take_ten(ten):
    assert sorted(set(ten.y.tolist())) == list(range(10))
    for name in PLAYS_TEN:
        chapter = next(c for c in STORY if c.scene == name)
        assert scene_of(chapter).refusal(ten) is None, name


def test_the_decision_boundary_shows_each_of_ten_classes_in_its_colour(ten, render, tmp_path):
    chapter = next(c for c in STORY if c.scene == "DecisionBoundary")
    _, frame = render(scene_of(chapter), tmp_path, trace=ten, size=(320, 180))
    pixels = frame.reshape(-1, 3).astype(float)
    for label, colour in enumerate(CLASS_COLORS[:10]):
        rgb = hex_to_rgb(colour)
        rgb = rgb * 255 if rgb.max() <= 1 else rgb
        near = np.linalg.norm(pixels - rgb, axis=1).min()
        assert near < 40, f"class {label}'s colour {colour} is nowhere on screen ({near:.0f})"
