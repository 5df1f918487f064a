"""Trace format version 2: regression traces, test sets, dataset names and samples; and
version 1, which every trace written before (and every trace needing nothing new) is."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from cli_run import run_cli
from sklearn.metrics import mean_squared_error, r2_score

from mlp.bundled import ASSET_DIR, BUNDLED, CURVE, DIGITS
from mlp.datasets import load_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.trace import Trace, TraceError, load_trace, save_trace
from mlp.train import TrainConfig, train


def _run(name: str, steps: int = 60, **kw) -> Trace:
    data = load_dataset(name, n=kw.pop("n", 100), seed=1)
    out = "regression" if data.regression else ("binary" if data.y.max() == 1 else "softmax")
    k = 1 if out != "softmax" else int(data.y.max()) + 1
    sizes = [data.X.shape[1], 4, k]
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(0), "tanh")
    model = MLP(W, b, "tanh", out)
    return train(model, data.X, data.y, TrainConfig(lr=0.05, steps=steps, optimizer="adam"),
                 snapshot_steps(steps, count=7), {"dataset": data.spec},
                 X_test=data.X_test, y_test=data.y_test)


@pytest.fixture(scope="module")
def regression() -> Trace:
    return _run("sine")


@pytest.fixture(scope="module")
def iris() -> Trace:
    return _run("iris")


def _entries(path: Path) -> dict[str, np.ndarray]:
    with zipfile.ZipFile(path) as z:
        return {i.filename.removesuffix(".npy"): np.lib.format.read_array(z.open(i))
                for i in z.infolist()}


def _write(path: Path, arrays: dict) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, a in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(a))
            z.writestr(f"{name}.npy", buf.getvalue())
    return path


def _meta(arrays: dict) -> dict:
    return json.loads(arrays["meta"].tobytes())


def _with_meta(arrays: dict, meta: dict) -> dict:
    return {**arrays, "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)}


def test_a_regression_trace_with_a_test_set_round_trips(regression, tmp_path):
    path = save_trace(regression, tmp_path / "r.npz")
    t = load_trace(path)
    assert t.meta["version"] == 2 and t.output == "regression"
    assert t.loss_name == "squared_error" and t.accuracy is None and t.is_regression
    assert t.y.dtype == np.float64
    for name in ("X", "y", "loss", "r2", "rmse", "X_test", "y_test", "test_loss", "test_r2",
                 "test_rmse"):
        np.testing.assert_array_equal(getattr(t, name), getattr(regression, name))
    # every score is that of its snapshot's network, computed here by scikit-learn
    for k in range(t.n_snapshots):
        for X, y, pre in ((t.X, t.y, ""), (t.X_test, t.y_test, "test_")):
            fit = t.model(k).predict(X)
            assert getattr(t, pre + "r2")[k] == pytest.approx(r2_score(y, fit), rel=1e-9)
            assert getattr(t, pre + "rmse")[k] == pytest.approx(
                np.sqrt(mean_squared_error(y, fit)), rel=1e-9)
            assert getattr(t, pre + "loss")[k] == pytest.approx(
                mean_squared_error(y, fit) / 2, rel=1e-9)
    np.testing.assert_array_equal(t.score, t.r2)
    assert t.summary()["final_test_r2"] == t.test_r2[-1]


def test_a_classification_trace_with_a_test_set_and_names(iris, tmp_path):
    t = load_trace(save_trace(iris, tmp_path / "i.npz"))
    assert t.meta["version"] == 2 and t.has_test
    assert t.feature_names[0] == "sepal length (cm)" and t.class_names == [
        "setosa", "versicolor", "virginica"]
    for k in (0, t.n_snapshots - 1):
        pred = t.model(k).predict(t.X_test)
        assert t.test_accuracy[k] == np.mean(pred == t.y_test)
    np.testing.assert_array_equal(t.test_score, t.test_accuracy)


def test_a_trace_that_needs_nothing_new_is_written_as_version_1(tmp_path):
    t = _run("moons", steps=20)
    assert not t.has_test
    arrays = _entries(save_trace(t, tmp_path / "m.npz"))
    assert _meta(arrays)["version"] == 1 and "r2" not in arrays


@pytest.mark.parametrize("name", sorted(set(BUNDLED) - {CURVE, DIGITS}))
def test_every_bundled_trace_of_the_first_format_still_loads(name):
    t = load_trace(ASSET_DIR / f"{name}.npz")
    assert t.meta["version"] == 1 and t.kind.classification and not t.has_test
    assert t.n_total == len(t.X) and t.loss_name == "cross_entropy"


def test_the_bundled_curve_is_a_regression_of_the_second_format_with_its_test_set():
    t = load_trace(ASSET_DIR / f"{CURVE}.npz")
    assert t.meta["version"] == 2 and not t.kind.classification and t.has_test
    assert t.loss_name == "squared_error" and t.sizes == [1, 8, 1]


def test_the_bundled_digits_are_a_classifier_of_the_second_format_with_its_test_set():
    t = load_trace(ASSET_DIR / f"{DIGITS}.npz")
    assert t.meta["version"] == 2 and t.kind.classification and t.has_test
    assert t.sizes[0] == 64 and t.sizes[-1] == 10 and t.loss_name == "cross_entropy"
    # its test set: scikit-learn's digits, none of them also among the training images
    assert len(t.X_test) + t.n_total == 1797
    assert not (t.X[:, None, :] == t.X_test[None, :, :]).all(axis=2).any()


def _bad(tmp_path, good: Path, change) -> TraceError:
    arrays = _entries(good)
    change(arrays)
    bad = _write(tmp_path / "bad.npz", arrays)
    with pytest.raises(TraceError) as e:
        load_trace(bad)
    assert str(e.value).startswith(f"{bad}: ") and "\n" not in str(e.value)
    return e.value


def _set_meta(key, value):
    def change(arrays):
        meta = _meta(arrays)
        *parents, last = key.split(".")
        node = meta
        for p in parents:
            node = node[p]
        node[last] = value
        arrays.update(_with_meta(arrays, meta))
    return change


def _set(name, value):
    return lambda arrays: arrays.__setitem__(name, value)


@pytest.mark.parametrize("change,field,expected", [
    (lambda a: a.__setitem__("X_test", a["X_test"][:, :0]), "X_test",
     "shape (n, 4), as the training set X"),
    (lambda a: a.__setitem__("y_test", np.full_like(a["y_test"], 3)), "y_test",
     "labels from 0 to 2, as for the training set"),
    (lambda a: a.__setitem__("y_test", a["y_test"][:-1]), "y_test", "shape (30,)"),
    (lambda a: a.pop("test_loss"), "test_loss", "an array in the trace"),
    (lambda a: a.pop("X_test"), "X_test", "an array in the trace"),
    (lambda a: a.__setitem__("test_accuracy", a["test_accuracy"] + 2), "test_accuracy",
     "values in [0, 1]"),
    (_set_meta("dataset", ["iris"]), "meta.dataset", "a JSON object"),
    (_set_meta("training", "adam"), "meta.training", "a JSON object"),
    (_set_meta("dataset.class_names", ["a", "b"]), "meta.dataset.class_names",
     "a list of 3 names"),
    (_set_meta("dataset.feature_names", [1, 2, 3, 4]), "meta.dataset.feature_names",
     "a list of 4 names"),
    (_set_meta("dataset.image_shape", [2, 3]), "meta.dataset.image_shape",
     "rows x columns = 4 inputs"),
    (_set_meta("sample", {"of": 3, "seed": 0}), "meta.sample.of", "at least the 120 points"),
    (_set_meta("loss", "mse"), "meta.loss", "one of ['cross_entropy'] for a softmax output"),
    (_set_meta("output", "regression"), "meta.sizes", "1 output unit(s) for a regression"),
])
def test_a_test_set_or_metadata_that_disagrees_is_one_line(iris, tmp_path, change, field,
                                                           expected):
    good = save_trace(iris, tmp_path / "good.npz")
    e = _bad(tmp_path, good, change)
    assert e.field == field and expected in e.expected, str(e)


def test_regression_targets_must_be_finite_numbers(regression, tmp_path):
    good = save_trace(regression, tmp_path / "good.npz")
    e = _bad(tmp_path, good, _set("y", np.arange(len(regression.y))))
    assert e.field == "y" and e.expected == "a float array"
    y = regression.y.copy()
    y[3] = np.nan
    assert _bad(tmp_path, good, _set("y", y)).field == "y"
    assert _bad(tmp_path, good, _set("accuracy", regression.r2)).field == "file"
    assert _bad(tmp_path, good, _set("r2", regression.r2 + 1)).expected == "values <= 1"


def test_a_version_1_file_cannot_hold_a_regression(regression, tmp_path):
    good = save_trace(regression, tmp_path / "good.npz")
    e = _bad(tmp_path, good, _set_meta("version", 1))
    assert e.field == "meta.output" and "['binary', 'softmax']" in e.expected


@pytest.mark.parametrize("key,value", [("dataset", ["moons"]), ("training", 3)])
def test_inspect_on_metadata_that_is_not_an_object_is_one_line(tmp_path, key, value):
    good = save_trace(_run("moons", steps=5), tmp_path / "good.npz")
    arrays = _entries(good)
    meta = _meta(arrays)
    meta[key] = value
    bad = _write(tmp_path / "bad.npz", _with_meta(arrays, meta))
    proc = run_cli("inspect", str(bad), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert f"meta.{key}: expected a JSON object, found a JSON " in proc.stderr
    assert "Traceback" not in proc.stderr
