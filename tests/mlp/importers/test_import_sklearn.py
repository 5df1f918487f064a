"""scikit-learn runs as traces: the trace's network is scikit-learn's network, snapshot by
snapshot, checked against scikit-learn's own predict_proba, loss_curve_ and backprop."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier, MLPRegressor

from mlp.datasets import make_dataset
from mlp.importers.common import save_checked
from mlp.importers.sklearn import SklearnRecorder, import_sklearn, record_sklearn
from mlp.trace import load_trace


def _record(clf, X, y, **kw):
    """Record clf and keep scikit-learn's predict_proba at each snapshot, taken from the live
    classifier right after the recorder copied it."""
    seen: dict[int, np.ndarray] = {}
    trace = record_sklearn(clf, X, y, on_snapshot=lambda step, c: seen.__setitem__(
        step, c.predict_proba(X)), **kw)
    return trace, seen


@pytest.fixture(scope="module")
def moons_run():
    """A tanh 2-8-1 network trained by scikit-learn on moons, as a user would bring it."""
    X, y, spec = make_dataset("moons", n=200, seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", solver="adam",
                        learning_rate_init=0.02, random_state=0)
    trace, seen = _record(clf, X, y, epochs=150, snapshots=40, dataset=spec)
    return clf, X, y, trace, seen


def test_binary_trace_matches_predict_proba_at_every_snapshot(moons_run):
    clf, X, y, trace, seen = moons_run
    assert trace.sizes == [2, 8, 1] and trace.output == "binary"
    assert trace.activations == ["tanh"]
    assert sorted(seen) == trace.steps.tolist()
    assert np.all(np.diff(trace.steps) > 0) and trace.steps[0] == 1 and trace.steps[-1] == 150
    for k, step in enumerate(trace.steps):
        ours = trace.model(k).predict_proba(X)
        np.testing.assert_allclose(ours, seen[int(step)][:, 1], rtol=0, atol=1e-10)
    # the snapshots differ from each other, so the comparison above is not trivially true
    assert not np.allclose(seen[int(trace.steps[0])], seen[int(trace.steps[-1])])


def test_loss_is_sklearns_loss_curve(moons_run):
    clf, X, y, trace, seen = moons_run
    np.testing.assert_array_equal(trace.loss, np.asarray(clf.loss_curve_)[trace.steps - 1])
    assert "loss_" in trace.meta["import"]["loss"]


def test_accuracy_from_the_core_agrees_with_sklearn(moons_run):
    clf, X, y, trace, seen = moons_run
    for k, step in enumerate(trace.steps):
        sk = np.mean(clf.classes_[np.argmax(seen[int(step)], axis=1)] == y)
        assert trace.accuracy[k] == pytest.approx(sk)
    assert trace.accuracy[-1] > 0.85 and trace.accuracy[-1] > trace.accuracy[0]


def test_gradients_are_sklearns_full_batch_gradient(moons_run):
    """The core's gradient at the last snapshot equals scikit-learn's own backprop of its
    objective (mean cross-entropy + L2) over the whole data at the same parameters."""
    clf, X, y, trace, seen = moons_run
    assert trace.has_gradients
    L = clf.n_layers_ - 1
    activations = [X] + [None] * L
    deltas = [None] * L
    coef_grads = [np.empty_like(W) for W in clf.coefs_]
    intercept_grads = [np.empty_like(b) for b in clf.intercepts_]
    Y = clf._label_binarizer.transform(y).astype(np.float64)
    _, gW, gb = clf._backprop(X, Y, None, activations, deltas, coef_grads, intercept_grads)
    for i in range(L):
        np.testing.assert_allclose(trace.grad_weights[i][-1], gW[i], rtol=0, atol=1e-12)
        np.testing.assert_allclose(trace.grad_biases[i][-1], gb[i], rtol=0, atol=1e-12)


def test_metadata_records_the_producer_and_the_mapping(moons_run):
    *_, trace, _ = moons_run
    m = trace.meta
    assert m["producer"]["name"] == "scikit-learn"
    assert m["producer"]["version"] == sklearn.__version__
    assert m["import"]["activations"]["original"] == ["tanh"]
    assert m["import"]["activations"]["output_original"] == "logistic"
    assert m["training"]["optimizer"] == "adam" and m["training"]["steps"] == 150
    assert m["training"]["optimizer_lr"] == 0.02 and m["training"]["params"]["random_state"] == 0
    assert "lr" not in m["training"]  # Adam's steps are not w <- w - lr * grad
    assert m["dataset"]["name"] == "moons"


def test_saved_trace_reads_back(moons_run, tmp_path):
    *_, trace, _ = moons_run
    path = save_checked(trace, tmp_path / "sk.npz")
    back = load_trace(path)
    for a, b in zip(back.weights, trace.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert back.meta["import"] == trace.meta["import"]
    assert back.has_gradients


def test_multiclass_softmax_with_string_labels_and_logistic_units():
    X, y, _ = make_dataset("spiral", n=150, classes=3, seed=1)
    names = np.array(["red", "green", "blue"])[y]
    clf = MLPClassifier(hidden_layer_sizes=(10, 6), activation="logistic", solver="sgd",
                        learning_rate_init=0.3, momentum=0.9, batch_size=32, random_state=3)
    trace, seen = _record(clf, X, names, epochs=30, every=5, loss="core")
    assert trace.sizes == [2, 10, 6, 3] and trace.output == "softmax"
    assert trace.activations == ["sigmoid", "sigmoid"]
    assert trace.meta["import"]["activations"]["original"] == ["logistic", "logistic"]
    assert trace.meta["import"]["classes"] == clf.classes_.tolist()
    np.testing.assert_array_equal(trace.y, np.searchsorted(clf.classes_, names))
    for k, step in enumerate(trace.steps):
        np.testing.assert_allclose(trace.model(k).predict_proba(X), seen[int(step)],
                                   rtol=0, atol=1e-10)
        # the recorded loss: scikit-learn's own cross-entropy of its own probabilities
        assert trace.loss[k] == pytest.approx(
            log_loss(names, seen[int(step)], labels=clf.classes_), rel=1e-9)


def test_import_a_fitted_lbfgs_classifier_as_one_snapshot():
    X, y, _ = make_dataset("circles", n=120, seed=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(5,), activation="relu", solver="lbfgs",
                            max_iter=60, random_state=0).fit(X, y)
    trace = import_sklearn(clf, X, y)
    assert trace.n_snapshots == 1 and trace.steps.tolist() == [clf.n_iter_]
    assert trace.activations == ["relu"]
    assert trace.loss[0] == clf.loss_
    np.testing.assert_allclose(trace.model(0).predict_proba(X), clf.predict_proba(X)[:, 1],
                               rtol=0, atol=1e-10)


def test_recording_continues_a_fitted_classifier_from_step_zero():
    X, y, _ = make_dataset("blobs", n=80, seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(3,), solver="sgd", random_state=0)
    clf.partial_fit(X, y, classes=[0, 1])
    before = [W.copy() for W in clf.coefs_]
    trace, _ = _record(clf, X, y, epochs=4, every=1)
    assert trace.steps.tolist() == [0, 1, 2, 3, 4]
    np.testing.assert_array_equal(trace.weights[0][0], before[0])


def test_without_gradients():
    X, y, _ = make_dataset("blobs", n=60, seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(2,), solver="sgd", random_state=0)
    trace = record_sklearn(clf, X, y, epochs=3, every=1, gradients="none")
    assert not trace.has_gradients
    assert "lr" not in trace.meta["training"]  # momentum 0.9


def test_plain_gradient_descent_records_its_learning_rate():
    """Full-batch sgd without momentum: each recorded step is exactly w - lr * gradient."""
    X, y, _ = make_dataset("blobs", n=60, seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(3,), solver="sgd", momentum=0.0, batch_size=60,
                        learning_rate_init=0.1, alpha=0.01, shuffle=False, random_state=0)
    trace = record_sklearn(clf, X, y, epochs=4, every=1)
    lr = trace.meta["training"]["lr"]
    assert lr == 0.1
    for k in range(trace.n_snapshots - 1):
        for i in range(2):
            np.testing.assert_allclose(
                trace.weights[i][k + 1], trace.weights[i][k] - lr * trace.grad_weights[i][k],
                rtol=0, atol=1e-12)


@pytest.mark.parametrize("make, message", [
    (lambda: MLPRegressor(hidden_layer_sizes=(2,), solver="lbfgs"), "solver 'lbfgs'"),
    (lambda: MLPClassifier(solver="lbfgs"), "solver 'lbfgs'"),
    (lambda: MLPClassifier(early_stopping=True), "early_stopping"),
])
def test_refuses_what_it_cannot_record(make, message):
    X, y, _ = make_dataset("blobs", n=40, seed=0)
    with pytest.raises(ValueError, match=message):
        record_sklearn(make(), X, y, epochs=2)


def test_refuses_a_multilabel_classifier():
    X, _, _ = make_dataset("blobs", n=40, seed=0)
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0]).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(2,), max_iter=5).fit(X, Y)
    with pytest.raises(ValueError, match="multilabel"):
        import_sklearn(clf, X, Y[:, 0])


def test_steps_must_increase():
    X, y, _ = make_dataset("blobs", n=40, seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(2,), solver="sgd", random_state=0)
    clf.partial_fit(X, y, classes=[0, 1])
    rec = SklearnRecorder(X, y)
    rec.snapshot(clf, 3)
    with pytest.raises(ValueError, match="strictly increasing: step 3 comes after step 3"):
        rec.snapshot(clf, 3)
