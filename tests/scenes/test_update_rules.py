"""ComputationalGraph's update step says what the run's optimiser did: momentum as a
velocity, weight decay as its own term, Adam as Adam."""

from __future__ import annotations

import numpy as np

from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.graph import ComputationalGraph
from scenes.toolkit.formula_text import WordsAndMath


def on_screen_rule(scene) -> str:
    rules = [m.tex_string for m in scene.mobjects
             if isinstance(m, WordsAndMath) and m.tex_string.startswith("Update")]
    assert len(rules) == 1, rules
    return rules[0]


def test_momentum_and_weight_decay_are_shown_as_what_they_are(render, tmp_path):
    X, y, spec = make_dataset("moons", n=30, seed=1)
    W, b = initial_parameters([2, 3, 1], "glorot", rng=1)
    trace = train(MLP(W, b, "tanh", "binary"), X, y,
                  TrainConfig(lr=0.2, steps=6, momentum=0.9, l2=0.01), np.arange(7),
                  meta={"dataset": spec})
    scene, _ = render(ComputationalGraph, tmp_path, trace=trace)
    said = [beat.caption for beat in scene.played_beats if beat.name.startswith("update")]
    assert said == ["Update by momentum: each weight's velocity keeps 0.9 of its last step and "
                    "adds a step against its gradient, averaged over all 30 points.",
                    "The L2 penalty also pulls each weight towards 0: step "
                    f"{int(trace.steps[scene.k])} becomes {int(trace.steps[scene.next_k])}."]
    assert all(len(s) <= 150 for s in said)  # each read in at most 10 s
    rule = on_screen_rule(scene)
    assert r"v \leftarrow 0.9\,v - 0.2\cdot(\tfrac{1}{30}\sum_i" in rule
    assert r"+ 0.01\,w)" in rule and r"w \leftarrow w + v" in rule
