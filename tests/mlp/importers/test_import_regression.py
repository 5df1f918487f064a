"""Regression runs and test sets from scikit-learn, PyTorch and JSON lines: the trace's
network gives the framework's own output, and its recorded loss is the framework's own loss
(to 1e-6) at every snapshot."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, mean_squared_error, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.neural_network._base import squared_loss
from torch import nn

from mlp.datasets import load_dataset
from mlp.importers.common import save_checked
from mlp.importers.jsonl import read_jsonl, write_jsonl
from mlp.importers.sklearn import import_sklearn, record_sklearn
from mlp.importers.torch import TorchRecorder
from mlp.trace import TraceError, load_trace

torch.set_num_threads(1)


@pytest.mark.parametrize("name,sizes", [("sine", (8,)), ("plane", (6,))])
def test_an_mlp_regressor_records_with_its_own_loss_and_test_set(tmp_path, name, sizes):
    data = load_dataset(name, n=200, seed=0)
    clf = MLPRegressor(hidden_layer_sizes=sizes, activation="tanh", solver="adam",
                       learning_rate_init=0.02, batch_size=len(data.X), random_state=0)
    seen = {}

    def keep(step, est):
        seen[step] = (est.predict(data.X), est.predict(data.X_test), est.loss_)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        trace = record_sklearn(clf, data.X, data.y, epochs=40, snapshots=8,
                               X_test=data.X_test, y_test=data.y_test, on_snapshot=keep,
                               dataset=data.spec)
    t = load_trace(save_checked(trace, tmp_path / "t.npz"))
    assert t.output == "regression" and t.loss_name == "squared_error"
    assert t.sizes == [data.X.shape[1], *sizes, 1]
    assert t.meta["import"]["from"] == "scikit-learn MLPRegressor"
    for k, step in enumerate(t.steps):
        fit, test_fit, sk_loss = seen[int(step)]
        np.testing.assert_allclose(t.model(k).predict(data.X), fit, rtol=0, atol=1e-12)
        assert t.loss[k] == sk_loss  # scikit-learn's loss_, as it reported it
        assert t.r2[k] == pytest.approx(r2_score(data.y, fit), abs=1e-9)
        assert t.test_r2[k] == pytest.approx(r2_score(data.y_test, test_fit), abs=1e-9)
        assert t.test_rmse[k] == pytest.approx(
            np.sqrt(mean_squared_error(data.y_test, test_fit)), abs=1e-9)
        assert t.test_loss[k] == pytest.approx(squared_loss(data.y_test, test_fit), abs=1e-9)
    # with loss="core", the loss of each snapshot's parameters is scikit-learn's own squared
    # loss of the same predictions
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        core = import_sklearn(clf, data.X, data.y, loss="core")
    assert core.loss[0] == pytest.approx(squared_loss(data.y, clf.predict(data.X)), abs=1e-6)
    # its gradient: scikit-learn's objective at the snapshot, checked by differences
    assert core.has_gradients and core.grad_weights[0].shape == (1, data.X.shape[1], sizes[0])


def test_an_mlp_classifier_records_a_test_set(tmp_path):
    data = load_dataset("iris", seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(8,), solver="adam", learning_rate_init=0.02,
                        random_state=0)
    seen = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        trace = record_sklearn(clf, data.X, data.y, epochs=30, snapshots=5,
                               X_test=data.X_test, y_test=data.y_test, dataset=data.spec,
                               on_snapshot=lambda s, e: seen.__setitem__(s, e.predict(
                                   data.X_test)))
    t = load_trace(save_checked(trace, tmp_path / "t.npz"))
    assert t.sizes == [4, 8, 3] and t.class_names == ["setosa", "versicolor", "virginica"]
    for k, step in enumerate(t.steps):
        assert t.test_accuracy[k] == accuracy_score(data.y_test, seen[int(step)])


def test_a_test_set_that_disagrees_with_the_training_set_is_refused():
    data = load_dataset("iris", seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(4,), random_state=0)
    with pytest.raises(ValueError, match=r"^X_test must have shape \(n, 4\) as the training "
                                         r"set X, got \(30, 3\)$"):
        record_sklearn(clf, data.X, data.y, epochs=2, X_test=data.X_test[:, :3],
                       y_test=data.y_test)
    with pytest.raises(ValueError, match="is not among the classes"):
        record_sklearn(clf, data.X, data.y, epochs=2, X_test=data.X_test,
                       y_test=data.y_test + 5)


def _torch_run(loss_fn, *, model=None, steps=60, sample=None, dropout=False, **kw):
    data = load_dataset("sine", n=200, seed=1)
    torch.manual_seed(0)
    if model is None:
        layers = [nn.Linear(1, 16), nn.Tanh()]
        if dropout:
            layers.append(nn.Dropout(0.2))
        model = nn.Sequential(*layers, nn.Linear(16, 1)).double()
    X, y = torch.tensor(data.X), torch.tensor(data.y)
    Xt = torch.tensor(data.X_test)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    rec = TorchRecorder(model, X, y, loss_fn=loss_fn, X_test=data.X_test, y_test=data.y_test,
                        optimizer=opt, sample=sample, **kw)
    refs = {}
    for step in range(steps + 1):
        opt.zero_grad()
        model.train()
        loss = loss_fn(model(X)[:, 0], y)
        loss.backward()
        if step % 10 == 0:
            model.eval()
            with torch.no_grad():
                refs[step] = (model(X)[:, 0].numpy().copy(), model(Xt)[:, 0].numpy().copy(),
                              float(loss_fn(model(X)[:, 0], y)), loss.item())
            rec.snapshot(step, loss=loss.item())
        if step < steps:
            opt.step()
    return data, rec, refs, model


@pytest.mark.parametrize("loss_fn,name", [(F.mse_loss, "mse"), (nn.MSELoss(), "mse"),
                                          (F.l1_loss, "l1"), (nn.L1Loss(), "l1")])
def test_a_pytorch_regression_records_its_loss_as_what_it_is(tmp_path, loss_fn, name):
    data, rec, refs, _ = _torch_run(loss_fn)
    t = load_trace(save_checked(rec.trace(), tmp_path / "t.npz"))
    assert t.output == "regression" and t.loss_name == name
    for k, step in enumerate(t.steps):
        fit, test_fit, eval_loss, train_loss = refs[int(step)]
        np.testing.assert_allclose(t.model(k).predict(data.X), fit, rtol=0, atol=1e-12)
        assert t.loss[k] == train_loss  # the loss given, PyTorch's own
        # the core's own loss of the snapshot is PyTorch's, to 1e-6
        assert t.model(k).loss(data.X, data.y) == pytest.approx(eval_loss, abs=1e-6)
        assert t.test_r2[k] == pytest.approx(r2_score(data.y_test, test_fit), abs=1e-9)
    # the recorded gradients are .grad, of that loss: the core's backward pass agrees
    g = t.model(0).gradients(data.X, data.y)
    np.testing.assert_allclose(g.weights[0], t.grad_weights[0][0], rtol=1e-9, atol=1e-12)
    # without the loss given, the core computes it: PyTorch's own, to 1e-6
    data2, rec2, refs2, _ = _torch_run(loss_fn, steps=20)
    rec_core = TorchRecorder(rec2.model, data2.X, data2.y, loss_fn=loss_fn)
    rec_core.snapshot(0)
    _, _, eval_loss, _ = refs2[20]
    assert rec_core.trace().loss[0] == pytest.approx(eval_loss, abs=1e-6)


def test_a_regression_without_its_loss_is_refused_saying_what_to_pass():
    data = load_dataset("sine", n=50, seed=0)
    model = nn.Sequential(nn.Linear(1, 4), nn.Tanh(), nn.Linear(4, 1))
    with pytest.raises(ValueError, match=r"whole-number class labels .*pass loss_fn "
                                         r"\(F.mse_loss or F.l1_loss\)"):
        TorchRecorder(model, data.X, data.y)
    with pytest.raises(ValueError, match="a regression's output is the last Linear"):
        TorchRecorder(nn.Sequential(nn.Linear(1, 1), nn.Sigmoid()), data.X, data.y,
                      loss_fn=F.mse_loss)
    with pytest.raises(ValueError, match="the loss cross_entropy is for a softmax output"):
        TorchRecorder(model, data.X, data.y, loss_fn=F.cross_entropy)
    with pytest.raises(ValueError, match="cannot map the loss huber_loss"):
        TorchRecorder(model, data.X, data.y, loss_fn=F.huber_loss)


def test_dropout_is_accepted_changes_no_weight_and_is_named(tmp_path):
    data, rec, refs, model = _torch_run(F.mse_loss, dropout=True)
    t = load_trace(save_checked(rec.trace(), tmp_path / "t.npz"))
    assert t.sizes == [1, 16, 1]
    assert t.meta["import"]["dropout"]["modules"] == [
        {"module": "2", "p": 0.2, "after_layer": 1}]
    for k, step in enumerate(t.steps):  # the network in eval mode: dropout off
        np.testing.assert_allclose(t.model(k).predict(data.X), refs[int(step)][0], atol=1e-12)


def test_a_big_data_set_records_a_sample_and_the_whole_sets_scores(tmp_path):
    """A 784-input network on 60,000 points: at most 50 MB, 2,000 points shown, and the
    loss and accuracy the user gives for all 60,000 kept."""
    rng = np.random.default_rng(0)
    n, d, k = 60_000, 784, 10
    centres = rng.uniform(0, 1, (k, d)).astype(np.float32)
    y = rng.integers(0, k, n)
    X = np.clip(centres[y] + rng.normal(0, 0.3, (n, d)).astype(np.float32), 0, 1)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Linear(32, k))
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    rec = TorchRecorder(model, Xt, yt, loss_fn=F.cross_entropy, sample=2000, sample_seed=3)
    given = {}
    batches = torch.randperm(n, generator=torch.Generator().manual_seed(0)).reshape(-1, 600)
    for step in range(101):  # mini-batches of 600; every other step, the whole set's numbers
        opt.zero_grad()
        idx = batches[step % len(batches)]
        F.cross_entropy(model(Xt[idx]), yt[idx]).backward()
        if step % 2 == 0:
            with torch.no_grad():
                out = model(Xt)
            loss = F.cross_entropy(out, yt).item()
            acc = float((out.argmax(1) == yt).double().mean())
            given[step] = (loss, acc)
            rec.snapshot(step, loss=loss, accuracy=acc)
        opt.step()
    path = rec.save(tmp_path / "big.npz")
    assert path.stat().st_size <= 50 * 2**20, path.stat().st_size
    t = load_trace(path)
    assert t.n_snapshots == 51 and len(t.X) == 2000 and t.n_total == n
    assert t.meta["sample"] == {"of": n, "seed": 3, "method": "stratified by class"}
    for i, step in enumerate(t.steps):
        assert (t.loss[i], t.accuracy[i]) == given[int(step)]
    # the sample keeps each class's share of the 60,000, and its points are the data's own
    shares = np.bincount(y, minlength=k) / n
    assert np.all(np.abs(np.bincount(t.y, minlength=k) - 2000 * shares) <= 1)
    rows = {X[i].tobytes(): y[i] for i in range(n)}
    assert all(rows[x.astype(np.float32).tobytes()] == c for x, c in zip(t.X, t.y,
                                                                          strict=True))


def test_json_lines_carry_a_regression_and_a_test_set(tmp_path):
    data = load_dataset("sine", n=60, seed=2)
    rng = np.random.default_rng(0)
    W = [rng.normal(size=(1, 3)), rng.normal(size=(3, 1))]
    b = [rng.normal(size=3), rng.normal(size=1)]
    header = {"format": "mlp-explainer-jsonl", "version": 2, "sizes": [1, 3, 1],
              "activations": ["tanh"], "output": "regression", "loss": "mse",
              "X": data.X.tolist(), "y": data.y.tolist(), "X_test": data.X_test.tolist(),
              "y_test": data.y_test.tolist()}
    snap = {"step": 0, "weights": [w.tolist() for w in W], "biases": [v.tolist() for v in b]}
    path = tmp_path / "run.jsonl"
    path.write_text(json.dumps(header) + "\n" + json.dumps(snap) + "\n")
    t = read_jsonl(path)
    fit = (np.tanh(data.X @ W[0] + b[0]) @ W[1] + b[1])[:, 0]
    test_fit = (np.tanh(data.X_test @ W[0] + b[0]) @ W[1] + b[1])[:, 0]
    assert t.loss_name == "mse"
    assert t.loss[0] == pytest.approx(mean_squared_error(data.y, fit), rel=1e-12)
    assert t.test_r2[0] == pytest.approx(r2_score(data.y_test, test_fit), rel=1e-12)
    # written back and read again, the same trace
    again = read_jsonl(write_jsonl(t, tmp_path / "again.jsonl"))
    np.testing.assert_array_equal(again.y_test, t.y_test)
    assert again.loss_name == "mse" and again.loss[0] == t.loss[0]
    # what version 1 cannot hold, and an accuracy for a regression, are one line each
    for change, field in (({"version": 1}, "version"), ({"y_test": [0.5]}, "y_test")):
        path.write_text(json.dumps({**header, **change}) + "\n" + json.dumps(snap) + "\n")
        with pytest.raises(TraceError) as e:
            read_jsonl(path)
        assert e.value.field == field and "\n" not in str(e.value)
    path.write_text(json.dumps(header) + "\n" + json.dumps({**snap, "accuracy": 0.5}) + "\n")
    with pytest.raises(TraceError, match="accuracy: expected no accuracy for a regression"):
        read_jsonl(path)


def test_what_a_trace_cannot_hold_is_refused_in_one_line():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        two = MLPRegressor(hidden_layer_sizes=(3,), max_iter=5).fit(X, rng.normal(size=(60, 2)))
        many = MLPClassifier(hidden_layer_sizes=(3,), max_iter=5).fit(X, np.arange(60) % 12)
    for est, says in ((two, "2 units .* several targets"), (many, "softmax over 2 to 10")):
        with pytest.raises(ValueError, match=says) as e:
            import_sklearn(est, X, np.zeros(60))
        assert "\n" not in str(e.value)
