"""`mlp-explainer import` of a fitted scikit-learn MLPRegressor (joblib), on a built-in
regression set or on a CSV with a numeric target."""

from __future__ import annotations

import warnings

import joblib
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from sklearn.neural_network._base import squared_loss

from explainer.cli import main
from mlp.datasets import make_dataset
from mlp.trace import load_trace


def _fit(X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPRegressor(hidden_layer_sizes=(8,), activation="tanh", max_iter=80,
                            random_state=0).fit(X, y)


def test_a_fitted_mlp_regressor_imports_on_a_built_in_set(tmp_path, capsys):
    X, y, _ = make_dataset("sine", n=120, seed=2)
    clf = _fit(X, y)
    src = tmp_path / "model.joblib"
    joblib.dump(clf, src)
    out = tmp_path / "r.npz"
    assert main(["import", str(src), "--out", str(out), "--trust-pickle", "--dataset", "sine",
                 "--n", "120", "--seed", "2"]) == 0
    assert "1-8-1 regression" in capsys.readouterr().out
    t = load_trace(out)
    assert t.output == "regression" and t.steps.tolist() == [80]
    np.testing.assert_allclose(t.model(0).predict(X), clf.predict(X), rtol=0, atol=1e-12)
    assert t.loss[0] == clf.loss_
    assert abs(t.model(0).loss(X, y) - squared_loss(y, clf.predict(X))) < 1e-6
    # a classification set for a regressor is one line saying so
    assert main(["import", str(src), "--out", str(tmp_path / "x.npz"), "--trust-pickle",
                 "--dataset", "moons"]) == 2
    err = capsys.readouterr().err
    assert "--dataset moons has class labels, but the model is an MLPRegressor" in err
    assert not (tmp_path / "x.npz").exists()


def test_a_fitted_mlp_regressor_imports_on_its_csv(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (80, 2))
    y = X[:, 0] * X[:, 1] + 0.5
    clf = _fit(X, y)
    src = tmp_path / "model.joblib"
    joblib.dump(clf, src)
    rows = "\n".join(f"{a:.17g},{b:.17g},{t:.17g}" for (a, b), t in zip(X, y, strict=True))
    (tmp_path / "d.csv").write_text("u,v,target\n" + rows + "\n")
    out = tmp_path / "r.npz"
    assert main(["import", str(src), "--out", str(out), "--trust-pickle", "--data",
                 str(tmp_path / "d.csv")]) == 0
    t = load_trace(out)
    np.testing.assert_array_equal(t.X, X)
    np.testing.assert_array_equal(t.y, y)
    assert t.feature_names == ["u", "v"]
    np.testing.assert_allclose(t.model(0).predict(X), clf.predict(X), rtol=0, atol=1e-12)
