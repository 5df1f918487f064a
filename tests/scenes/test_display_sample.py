"""A trace of more points than a scene draws: DecisionBoundary draws 2,000 of them, a
stratified sample (each class in proportion), says so on screen, and still shows the whole
set's accuracy; beyond 2 inputs its rings and crosses are those of the points drawn.

The traces are trained here by the core, on uneven classes; the drawn dots are counted
from the cloud's own paths (Manim's subpaths) and their colours, the proportions and the
accuracies computed with NumPy in the test."""

from __future__ import annotations

import numpy as np
import pytest
from manim import VMobject
from plane_render import TINY, says_share, watching
from plane_render import render as render_small

from mlp.datasets import make_dataset
from mlp.init import initial_parameters, scheme_for
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.train import TrainConfig, train
from scenes.decision_boundary import DecisionBoundary
from scenes.toolkit.clouds import PointCloud
from scenes.toolkit.style import CLASS_COLORS

DRAWN = 2000


def _trained(X, y, hidden: int, meta: dict) -> object:
    sizes = [X.shape[1], hidden, 1]
    W, b = initial_parameters(sizes, scheme_for("tanh"), rng=0, activation="tanh")
    return train(MLP(W, b, "tanh", "binary", "identity"), X, y,
                 TrainConfig(lr=0.05, steps=30, optimizer="adam"),
                 snapshot_steps(30, count=3), meta=meta)


def _forward(t, k, X):
    """P(y=1 | x) at snapshot k, written out here: tanh hidden layer, sigmoid output."""
    h = np.tanh(X @ t.weights[0][k] + t.biases[0][k])
    return 1 / (1 + np.exp(-(h @ t.weights[1][k] + t.biases[1][k])[:, 0]))


@pytest.fixture(scope="module")
def moons():
    """2,300 moons points, 1,300 of class 0 and 1,000 of class 1."""
    X, y, spec = make_dataset("moons", n=2600, seed=3)
    keep = np.concatenate([np.flatnonzero(y == 0)[:1300], np.flatnonzero(y == 1)[:1000]])
    return _trained(X[keep], y[keep], 3, {"dataset": spec})


@pytest.fixture(scope="module")
def three_inputs():
    """2,500 points of 3 inputs, their class from a rule on them."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(2500, 3))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0.4).astype(np.int64)
    return _trained(X, y, 4, {"dataset": {"name": "csv"}})


def _play(trace, tmp_path, tex_dir):
    seen: list[str] = []
    scene, _ = render_small(watching(DecisionBoundary, seen), tmp_path, trace=trace,
                            tex_dir=tex_dir, size=TINY)
    return scene, seen


def _drawn_dots(scene) -> dict[int, np.ndarray]:
    """Each class's drawn dots (their centres), read off the one cloud on screen."""
    clouds = [m for m in scene.mobjects if isinstance(m, PointCloud)]
    assert len(clouds) == 1
    colour_class = {c.lower(): k for k, c in enumerate(CLASS_COLORS)}
    dots = {}
    for part in clouds[0].submobjects:
        assert isinstance(part, VMobject)
        k = colour_class[part.get_fill_color().to_hex().lower()]
        dots[k] = np.array([p.mean(axis=0) for p in part.get_subpaths()])
    return dots


def test_decision_boundary_draws_a_stratified_2000_and_the_whole_sets_accuracy(
        moons, tmp_path, tex_dir):
    t = moons
    N = len(t.X)
    assert N > DRAWN
    scene, seen = _play(t, tmp_path, tex_dir)
    dots = _drawn_dots(scene)
    counts = np.array([len(dots.get(k, ())) for k in range(2)])
    assert counts.sum() == DRAWN
    whole = np.bincount(t.y, minlength=2) / N
    assert np.all(np.abs(counts - DRAWN * whole) <= 1), (counts, DRAWN * whole)
    assert all(len(np.unique(d.round(6), axis=0)) == len(d) for d in dots.values())
    assert f"2,000 of {N:,} points shown" in seen
    clock = scene.clock.accuracy.text
    assert says_share(clock, t.accuracy[-1], 1)
    whole_acc = np.mean((_forward(t, -1, t.X) >= 0.5) == t.y)
    assert whole_acc == pytest.approx(t.accuracy[-1], abs=1e-12)


def test_beyond_two_inputs_the_rings_and_crosses_are_the_drawn_points(
        three_inputs, tmp_path, tex_dir):
    t = three_inputs
    N = len(t.X)
    scene, seen = _play(t, tmp_path, tex_dir)
    dots = _drawn_dots(scene)
    assert sum(len(d) for d in dots.values()) == DRAWN
    rings = scene.at_points
    assert sum(len(r.get_subpaths()) for r in rings.rings) == DRAWN
    # each cross is two strokes; a point is crossed when the network's pick is not its class
    crosses = len(rings.crosses.get_subpaths()) // 2
    sample = scene.sample
    assert len(sample.X) == DRAWN and np.all(np.isin(sample.index, np.arange(N)))
    wrong = int(np.sum((_forward(t, -1, t.X[sample.index]) >= 0.5) != t.y[sample.index]))
    assert crosses == wrong
    assert f"2,000 of {N:,} points shown" in seen
    said = " ".join(b.caption for b in scene.played_beats)
    assert (f"{wrong:,} of 2,000 points shown crossed" in said if wrong else
            "each of the 2,000 points shown ringed" in said)


def test_a_trace_that_keeps_a_sample_counts_the_whole_set():
    from dataclasses import replace

    from plane_render import asset

    from scenes.toolkit.sample import display_sample

    seed = asset("seed-notebook")
    kept = {"of": 60_000, "seed": 1, "method": "stratified by class"}
    small = replace(seed, meta={**seed.meta, "sample": kept})
    assert display_sample(small).note() == f"{len(seed.X):,} of 60,000 points shown"
    # tiled past 2,000: 2,000 drawn, each class within a point of its share, the same ones
    # every time
    idx = np.tile(np.arange(len(seed.X)), 12)
    big = replace(small, X=seed.X[idx], y=seed.y[idx])
    shown = display_sample(big)
    assert shown.note() == "2,000 of 60,000 points shown"
    assert len(np.unique(shown.index)) == DRAWN
    whole = np.bincount(big.y) / len(big.y)
    assert np.all(np.abs(np.bincount(shown.y) - DRAWN * whole) <= 1)
    np.testing.assert_array_equal(shown.index, display_sample(big).index)
    assert display_sample(seed).note() is None


def test_the_test_images_drawn_are_a_stratified_2000_of_the_test_set():
    from dataclasses import replace

    from plane_render import asset

    from scenes.toolkit.sample import display_sample

    digits = asset("digits-width-16")
    idx = np.tile(np.arange(len(digits.X_test)), 7)  # 2,520 test images
    big = replace(digits, X_test=digits.X_test[idx], y_test=digits.y_test[idx])
    shown = display_sample(big, test=True)
    assert shown.note("test images") == f"2,000 of {len(idx):,} test images shown"
    whole = np.bincount(big.y_test, minlength=10) / len(idx)
    got = np.bincount(shown.y, minlength=10)
    assert got.sum() == DRAWN and np.all(np.abs(got - DRAWN * whole) <= 1)
    assert np.array_equal(shown.X, big.X_test[shown.index])
