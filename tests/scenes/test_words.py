"""What scenes may say about a run is read off the trace: names, verdicts, the enclosed class."""

from __future__ import annotations

import numpy as np
from plane_render import asset

from scenes.toolkit import words


def _with(trace, *, accuracy=None, y=None, meta=None):
    """A copy of ``trace`` with another final accuracy, labels or metadata."""
    acc = trace.accuracy.copy()
    if accuracy is not None:
        acc[-1] = accuracy
    return type(trace)(meta={**trace.meta, **(meta or {})}, X=trace.X,
                       y=trace.y if y is None else y, steps=trace.steps, weights=trace.weights,
                       biases=trace.biases, loss=trace.loss, accuracy=acc)


def test_verdicts_follow_the_final_accuracy_against_chance():
    seed = asset("seed-notebook")  # 100 points of each class: chance is 50%
    assert words.chance_accuracy(seed) == 0.5
    assert words.outcome(seed) == "separated" and words.separated(seed)
    assert words.outcome(_with(seed, accuracy=0.995)) == "99.5% right, 1 point on the wrong side"
    assert not words.separated(_with(seed, accuracy=0.995))
    assert words.outcome(_with(seed, accuracy=0.55)) == "stuck near chance: 55% right"
    assert words.outcome(_with(seed, accuracy=0.7)) == "70% right, 60 points on the wrong side"
    # with 180 points of one class, 85% is near chance (90%)
    skewed = _with(seed, accuracy=0.85, y=(np.arange(200) < 20).astype(np.int64))
    assert words.chance_accuracy(skewed) == 0.9 and words.near_chance(skewed)
    assert words.wrong_share(_with(seed, accuracy=0.52)) == "half the points"
    assert words.wrong_share(_with(seed, accuracy=0.8)) == "20% of the points"


def test_names_come_from_the_trace():
    seed = asset("seed-notebook")
    assert words.is_rings(seed) and words.data_phrase(seed) == "two rings"
    assert words.class_phrase(seed, 1) == "the inner circle"
    assert words.class_names(seed) == ["class 0", "class 1"]
    moons = _with(seed, meta={"dataset": {"name": "moons"},
                              "import": {"classes": ["no", "yes"]}})
    assert not words.is_rings(moons) and words.data_phrase(moons) == "moons (2 classes)"
    assert words.class_names(moons) == ["no", "yes"]
    assert words.class_phrase(moons, 1) == 'class "yes"'
    nameless = _with(seed, meta={"dataset": {}})
    assert words.data_phrase(nameless) == "the data (2 classes)"
    assert words.class_phrase(nameless, 1) == "class 1"


def test_the_inner_circle_is_enclosed_only_when_the_lines_hold_it_alone():
    seed = asset("seed-notebook")
    assert words.encloses_class_1(seed)
    # the seed's first snapshot: the lines are where the initialisation put them
    first = type(seed)(meta=seed.meta, X=seed.X, y=seed.y, steps=seed.steps[:1],
                       weights=[W[:1] for W in seed.weights],
                       biases=[b[:1] for b in seed.biases], loss=seed.loss[:1],
                       accuracy=seed.accuracy[:1])
    assert not words.encloses_class_1(first)
    assert not words.encloses_class_1(asset("blobs-linear"))  # no hidden layer
