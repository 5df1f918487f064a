"""Regressions recorded in the user's own tools play in the chapters: a scikit-learn
MLPRegressor on a curve of one input in BumpsAddUp, and a PyTorch network trained with
mse_loss in the user's own loop on a plane of two inputs in the chapters that play a
user's trace. What they say of the fit is the framework's own numbers."""

from __future__ import annotations

import warnings

import pytest
import torch
import torch.nn.functional as F
from plane_render import scene_of
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor
from torch import nn

from explainer.story import STORY
from mlp.datasets import load_dataset
from mlp.importers.sklearn import record_sklearn
from mlp.importers.torch import TorchRecorder

PLAYS_A_FIT = ("HiddenLinesTraining", "DecisionBoundary", "ComputationalGraph",
               "ChainRulePath", "WhoPullsTheLines")


def chapter(name):
    return next(c for c in STORY if c.scene == name)


@pytest.fixture(scope="module")
def sklearn_curve():
    data = load_dataset("sine", n=80, seed=2)
    reg = MLPRegressor(hidden_layer_sizes=(6,), activation="tanh", solver="adam",
                       learning_rate_init=0.03, batch_size=len(data.X), random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        trace = record_sklearn(reg, data.X, data.y, epochs=30, snapshots=6,
                               X_test=data.X_test, y_test=data.y_test, dataset=data.spec)
    return trace, r2_score(data.y, reg.predict(data.X))


@pytest.fixture(scope="module")
def torch_plane():
    data = load_dataset("plane", n=60, seed=4, test_fraction=0.0)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1)).double()
    X, y = torch.tensor(data.X), torch.tensor(data.y)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    rec = TorchRecorder(model, X, y, loss_fn=F.mse_loss, optimizer=opt)
    for step in range(13):  # the user's own loop
        opt.zero_grad()
        loss = F.mse_loss(model(X)[:, 0], y)
        loss.backward()
        if step % 4 == 0:
            rec.snapshot(step, loss=loss.item())
        if step < 12:
            opt.step()
    with torch.no_grad():
        fit = model(X)[:, 0].numpy()
    # the last snapshot is of step 12, before any further update
    return rec.trace(), r2_score(data.y, fit)


def test_an_mlp_regressor_curve_plays_its_units_adding_up(sklearn_curve, render, tmp_path):
    trace, r2 = sklearn_curve
    cls = scene_of(chapter("BumpsAddUp"))
    assert cls.refusal(trace) is None
    scene, frame = render(cls, tmp_path, trace=trace, size=(160, 90))
    said = " ".join(b.caption for b in scene.played_beats)
    assert f"R² {r2:.3f}" in said  # scikit-learn's own fit, at the last snapshot
    assert "6 hidden units" in said and frame.std() > 5


def test_a_pytorch_mse_run_plays_in_every_chapter_that_plays_a_fit(torch_plane, render,
                                                                 tmp_path):
    trace, r2 = torch_plane
    assert trace.output == "regression" and trace.loss_name == "mse"
    accept = [c.scene for c in STORY if c.plays_trace and scene_of(c).refusal(trace) is None]
    assert accept == list(PLAYS_A_FIT)
    assert float(trace.r2[-1]) == pytest.approx(r2, abs=1e-9)
    scene, frame = render(scene_of(chapter("DecisionBoundary")), tmp_path, trace=trace,
                          size=(160, 90))
    assert scene.played_beats and frame.std() > 5
