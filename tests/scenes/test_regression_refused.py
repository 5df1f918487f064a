"""A regression trace (its output is a number, not a class) is refused in one line by every
chapter that plays a user's trace and draws classes, instead of being drawn as if it were a
classifier; the explorer page refuses only a regression it cannot draw (more than 2
inputs)."""

from __future__ import annotations

import numpy as np
import pytest
from plane_render import scene_of

from explainer.explore.page import ExploreError, check_showable
from explainer.story import STORY
from mlp.datasets import load_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.train import TrainConfig, train


@pytest.fixture(scope="module")
def plane_fit():
    """A 2-4-1 network fitting the saddle: two inputs, like the plane chapters' traces."""
    data = load_dataset("saddle", n=80, seed=3)
    W, b = initial_parameters([2, 4, 1], "glorot", np.random.default_rng(0), "tanh")
    model = MLP(W, b, "tanh", "regression")
    return train(model, data.X, data.y, TrainConfig(lr=0.05, steps=20, optimizer="adam"),
                 snapshot_steps(20, count=4), {"dataset": data.spec})


# The chapters that play a user's trace and draw classes.
CLASS_CHAPTERS = [c for c in STORY if c.plays_trace
                  and scene_of(c).requirements().get("classification", True)]


@pytest.mark.parametrize("chapter", CLASS_CHAPTERS, ids=lambda c: c.scene)
def test_a_chapter_that_draws_classes_refuses_a_regression_trace(chapter, plane_fit):
    assert plane_fit.output == "regression" and plane_fit.sizes == [2, 4, 1]
    why = scene_of(chapter).refusal(plane_fit)
    assert why is not None and "\n" not in why
    assert "regression" in why and "classes" in why


def test_the_explorer_refuses_a_regression_of_three_inputs_in_one_line(plane_fit):
    check_showable(plane_fit)  # two inputs: the surface
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 3))
    W, b = initial_parameters([3, 2, 1], "glorot", rng, "tanh")
    wide = train(MLP(W, b, "tanh", "regression"), X, X.sum(axis=1),
                 TrainConfig(lr=0.05, steps=2), snapshot_steps(2, count=2), {})
    with pytest.raises(ExploreError) as refused:
        check_showable(wide)
    assert "\n" not in str(refused.value) and "regression" in str(refused.value)
    assert "found 3" in str(refused.value)
