"""BumpsAddUp draws what a one-hidden-layer regression is: each unit's weighted curve
v_i h_i(x), and their sum with the output bias, the fit. Checked against a forward pass
written here and scikit-learn's R^2, on the bundled sine and on a ReLU run."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import mean_squared_error, r2_score

from mlp.datasets import load_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.train import TrainConfig, train
from scenes.bumps import BumpsAddUp

ACTS = {"sigmoid": lambda s: 1 / (1 + np.exp(-s)), "relu": lambda s: np.maximum(s, 0.0)}


def by_hand(trace, x):
    """Unit i's v_i h_i(x) (h, m), the output bias and y-hat(x) at the last snapshot."""
    W1, b1 = trace.weights[0][-1], trace.biases[0][-1]
    v, c = trace.weights[1][-1][:, 0], float(trace.biases[1][-1][0])
    H = ACTS[trace.activations[0]](np.outer(x, W1[0]) + b1)
    return (H * v).T, c, H @ v + c


def to_data(scene, points):
    """Scene points (m, 3) to (x, y) of the plane drawn: its border's corners are its
    limits."""
    plane = scene.plane
    lo, hi = plane.border.get_corner([-1, -1, 0]), plane.border.get_corner([1, 1, 0])
    (x0, x1), (y0, y1) = plane.xlim, plane.ylim
    P = np.asarray(points)
    return (x0 + (P[:, 0] - lo[0]) / (hi[0] - lo[0]) * (x1 - x0),
            y0 + (P[:, 1] - lo[1]) / (hi[1] - lo[1]) * (y1 - y0))


def corners(line) -> np.ndarray:
    """The corners a polyline's path passes through (its straight Bezier segments' ends)."""
    P = line.points
    return np.vstack([P[0::4], P[-1:]])


@pytest.fixture(scope="module")
def relu_run():
    data = load_dataset("abs", n=60, seed=1, test_fraction=0.0)
    W, b = initial_parameters([1, 4, 1], "he", np.random.default_rng(2), "relu")
    return train(MLP(W, b, "relu", "regression"), data.X, data.y,
                 TrainConfig(lr=0.05, steps=40, optimizer="adam"), snapshot_steps(40, count=5),
                 {"dataset": data.spec})


@pytest.fixture(scope="module")
def played(render, tmp_path_factory, relu_run):
    done = {}

    def get(which):
        if which not in done:
            trace = relu_run if which == "relu" else None
            scene, _ = render(BumpsAddUp, tmp_path_factory.mktemp(which), trace=trace,
                              size=(160, 90))
            done[which] = scene
        return done[which]

    return get


def captions(scene) -> str:
    return " ".join(b.caption for b in scene.played_beats)


@pytest.mark.parametrize("which", ["sine", "relu"])
def test_each_units_curve_and_their_sum_are_the_network(played, which):
    scene = played(which)
    t = scene.trace
    xs_fit, ys_fit = to_data(scene, corners(scene.curves.fit))
    _, c, yhat = by_hand(t, xs_fit)
    np.testing.assert_allclose(ys_fit, yhat, atol=1e-9)
    total = np.full_like(xs_fit, c)
    for i, unit in enumerate(scene.curves.units):
        x, y = to_data(scene, corners(unit))
        np.testing.assert_allclose(x, xs_fit, atol=1e-12)  # drawn at the same x
        np.testing.assert_allclose(y, by_hand(t, x)[0][i], atol=1e-9)
        total += y
    np.testing.assert_allclose(total, ys_fit, atol=1e-9)
    # each unit's dot sits at its x = -b_i/w_i on its curve
    W1, b1 = t.weights[0][-1][0], t.biases[0][-1]
    for i, dot in enumerate(scene.curves.centres):
        if dot.get_fill_opacity() > 0:
            x, _ = to_data(scene, dot.get_center()[None])
            assert x[0] == pytest.approx(-b1[i] / W1[i], abs=1e-9)


def test_the_sine_is_said_as_steps_with_its_r2_and_rmse(played):
    scene = played("sine")
    t = scene.trace
    _, _, yhat = by_hand(t, t.X[:, 0])
    words = captions(scene)
    assert "smooth step centred at x = -b_i/w_i" in words and "ramp" not in words
    assert f"R² {r2_score(t.y, yhat):.3f}" in words and r2_score(t.y, yhat) >= 0.95
    assert f"RMSE {np.sqrt(mean_squared_error(t.y, yhat)):.3g}" in words
    assert "class" not in words and "separat" not in words


def test_relu_units_are_said_as_ramps_with_a_kink(played):
    words = captions(played("relu"))
    assert "ramp with a kink at x = -b_i/w_i" in words and "step" not in words.replace(
        "steps of", "").replace("step 0", "")


def test_the_residuals_cannot_be_taken_for_a_unit(played):
    """The residuals' colour is far (in RGB, by hand) from every unit curve's and the fit's."""
    scene = played("sine")

    def rgb(m):
        return np.array(m.get_stroke_color().to_rgb())

    res = rgb(scene.curves.residuals)
    for m in [*scene.curves.units, scene.curves.fit]:
        assert np.linalg.norm(rgb(m) - res) > 0.35
