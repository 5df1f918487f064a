"""The explorer plays a regression: for one input, the fit with each hidden unit's weighted
curve (checked against a forward pass written here: they add up, with the output bias, to
the fit); for two, the fitted surface, with the core's own per-example gradients (the
residual's). Its words name R^2, never a class."""

from __future__ import annotations

import numpy as np
import pytest
from pipeline_helpers import ROOT
from test_explore import open_page

from explainer.explore import write_page
from mlp.datasets import load_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.trace import load_trace
from mlp.train import TrainConfig, train

SINE = ROOT / "assets" / "sine-width-8.npz"


def by_hand(trace, pos: float, x):
    """v_i h_i(x) (h, m) of the sigmoid units, the output bias and y-hat(x), with the
    parameters interpolated between the two snapshots around ``pos``."""
    k = min(int(pos), trace.n_snapshots - 2)
    t = pos - k
    at = lambda a: (1 - t) * a[k] + t * a[k + 1]  # noqa: E731
    W1, b1, v, c = (at(trace.weights[0]), at(trace.biases[0]), at(trace.weights[1])[:, 0],
                    float(at(trace.biases[1])[0]))
    H = 1 / (1 + np.exp(-(np.outer(x, W1[0]) + b1)))
    return (H * v).T, c, H @ v + c


@pytest.fixture(scope="module")
def sine_page(tmp_path_factory):
    trace = load_trace(SINE)
    return trace, write_page(trace, tmp_path_factory.mktemp("explore-sine") / "sine.html")


@pytest.fixture(scope="module")
def saddle_page(tmp_path_factory):
    data = load_dataset("saddle", n=50, seed=2, test_fraction=0.0)
    W, b = initial_parameters([2, 4, 1], "glorot", np.random.default_rng(1), "tanh")
    trace = train(MLP(W, b, "tanh", "regression"), data.X, data.y,
                  TrainConfig(lr=0.05, steps=10, optimizer="adam"), snapshot_steps(10, count=6),
                  {"dataset": data.spec})
    return trace, write_page(trace, tmp_path_factory.mktemp("explore-saddle") / "saddle.html")


def test_one_input_draws_each_units_curve_and_their_sum_is_the_fit(sine_page, page):
    trace, path = sine_page
    open_page(page, path)
    xs = np.linspace(-3.2, 3.2, 41)
    for pos in (0.0, 40.5, trace.n_snapshots - 1.0):
        got = page.evaluate("([pos, xs]) => explorer.fitCurves(pos, xs)", [pos, xs.tolist()])
        parts, c, yhat = by_hand(trace, pos, xs)
        np.testing.assert_allclose(np.array(got["units"]), parts, rtol=0, atol=1e-6)
        np.testing.assert_allclose(got["fit"], yhat, rtol=0, atol=1e-6)
        assert got["bias"] == pytest.approx(c, abs=1e-6)
        np.testing.assert_allclose(np.sum(got["units"], axis=0) + got["bias"], got["fit"],
                                   rtol=0, atol=1e-9)
    last = trace.n_snapshots - 1
    page.evaluate("(pos) => explorer.setPosition(pos)", last)
    assert page.inner_text("#readout-score") == "R²"
    assert page.inner_text("#readout-accuracy") == f"{trace.r2[last]:.3f}"
    words = page.inner_text("body")
    assert "class" not in words.lower() and "accuracy" not in words
    assert "decision boundary" not in words


def test_two_inputs_play_the_surface_with_the_cores_gradients(saddle_page, page):
    trace, path = saddle_page
    open_page(page, path, "#point=7")
    rng = np.random.default_rng(4)
    pts = rng.uniform(-1.5, 1.5, (60, 2))
    for pos in (0.0, 2.5, trace.n_snapshots - 1.0):
        ours = np.array(page.evaluate("([pos, pts]) => explorer.predictProba(pos, pts)",
                                      [pos, pts.tolist()]))
        np.testing.assert_allclose(ours, trace.predict_proba(pos, pts), rtol=0, atol=1e-9)
    pos = 2.5
    details = page.evaluate("(pos) => explorer.pointDetails(7, pos)", pos)
    gW, gb = trace.per_example_gradients(pos, trace.X[7:8], trace.y[7:8])
    for q in details["pulls"]:
        j = q["unit"]
        np.testing.assert_allclose(q["gw"], gW[0][0][:, j], rtol=0, atol=1e-9)
        assert q["gb"] == pytest.approx(gb[0][0][j], abs=1e-9)
    assert details["predicted"] == pytest.approx(float(trace.predict_proba(pos, trace.X[7:8])[0]))
    words = page.inner_text("body")
    assert "class" not in words.lower() and "level lines" in words and "residual" in words
