"""The chapters that play a user's trace play a regression on plane inputs (a 2-3-1 network
fitting the saddle), and nothing they say or show speaks of classes: every caption and
every text on screen, read as the scene plays."""

from __future__ import annotations

import re

import numpy as np
import pytest
from plane_render import scene_of, watching

from explainer.story import STORY
from mlp.datasets import load_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.train import TrainConfig, train
from scenes.toolkit import readouts

PLAYS_A_FIT = ("HiddenLinesTraining", "DecisionBoundary", "ComputationalGraph",
               "ChainRulePath", "WhoPullsTheLines")
CLASS_WORDS = re.compile(r"\bclass|separat|misclassif", re.IGNORECASE)


@pytest.fixture(scope="module")
def saddle_fit():
    data = load_dataset("saddle", n=60, seed=3, test_fraction=0.0)
    W, b = initial_parameters([2, 3, 1], "glorot", np.random.default_rng(0), "tanh")
    return train(MLP(W, b, "tanh", "regression"), data.X, data.y,
                 TrainConfig(lr=0.05, steps=12, optimizer="adam"), snapshot_steps(12, count=13),
                 {"dataset": data.spec})


def test_the_chapters_that_play_a_fit_are_the_ones_that_accept_it(saddle_fit):
    accept = [c.scene for c in STORY if c.plays_trace and scene_of(c).refusal(saddle_fit) is None]
    assert accept == list(PLAYS_A_FIT)


@pytest.mark.parametrize("name", PLAYS_A_FIT)
def test_a_chapter_plays_a_fit_without_a_word_of_classes(name, saddle_fit, render, tmp_path,
                                                         monkeypatch):
    chapter = next(c for c in STORY if c.scene == name)
    seen: list[str] = []
    set_text = readouts.NumberText.set_text

    def recording(self, text):
        seen.append(text)
        return set_text(self, text)

    monkeypatch.setattr(readouts.NumberText, "set_text", recording)
    scene, frame = render(watching(scene_of(chapter), seen), tmp_path, trace=saddle_fit,
                          size=(160, 90))
    captions = [b.caption for b in scene.played_beats]
    assert captions and len(seen) > 5 and frame.std() > 5
    every = captions + seen
    assert not [s for s in every if CLASS_WORDS.search(s)]
    if name in ("HiddenLinesTraining", "DecisionBoundary"):  # the clock shows R^2, not accuracy
        assert "R²" in seen and "accuracy" not in seen
