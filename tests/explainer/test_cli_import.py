"""mlp-explainer import: JSON lines to a trace, and pickles refused unless trusted."""

from __future__ import annotations

import json
import pickle
import warnings

import joblib
import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from explainer.cli import main
from mlp.datasets import make_dataset
from mlp.importers.jsonl import write_jsonl
from mlp.presets import seed_notebook
from mlp.trace import load_trace


def test_import_jsonl_then_inspect(tmp_path, capsys):
    src = write_jsonl(seed_notebook(steps=50, count=6), tmp_path / "run.jsonl")
    out = tmp_path / "trace.npz"
    assert main(["import", str(src), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2-3-1 binary, 6 snapshot(s) (steps 0 to 50), from mlp-explainer" in said
    trace = load_trace(out)
    assert trace.meta["import"]["from"] == "JSON lines" and trace.has_gradients
    assert main(["import", str(src), "--out", str(out), "--no-gradients", "--float32"]) == 0
    trace = load_trace(out)
    assert not trace.has_gradients and trace.meta["dtype"] == "float32"


def test_malformed_jsonl_is_one_line_and_exit_2(tmp_path, capsys):
    src = write_jsonl(seed_notebook(steps=10, count=3), tmp_path / "run.jsonl")
    lines = src.read_text().splitlines()
    snap = json.loads(lines[2])
    snap["biases"][1] = [1.0, 2.0]
    lines[2] = json.dumps(snap)
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "t.npz"
    assert main(["import", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{src}:3: biases[1]: expected shape (1,), found shape (2,)" in err
    assert not out.exists()


class _Payload:
    """A pickle that, when loaded, creates a file: proof that loading ran its code."""

    def __init__(self, marker) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("name", ["model.pkl", "model.joblib", "disguised.jsonl", "noext"])
def test_a_pickle_is_refused_without_trust_and_never_loaded(tmp_path, capsys, name):
    marker = tmp_path / "code-ran"
    src = tmp_path / name
    src.write_bytes(pickle.dumps(_Payload(marker), protocol=4))
    code = main(["import", str(src), "--out", str(tmp_path / "t.npz"), "--dataset", "moons"])
    assert code == 2
    err = capsys.readouterr().err
    assert "refusing to load a pickle" in err and "--trust-pickle" in err
    assert err.count("\n") == 1
    assert not marker.exists()


def test_forcing_jsonl_on_a_pickle_parses_it_and_fails(tmp_path, capsys):
    marker = tmp_path / "code-ran"
    src = tmp_path / "model.pkl"
    src.write_bytes(pickle.dumps(_Payload(marker), protocol=4))
    assert main(["import", str(src), "--format", "jsonl", "--out", str(tmp_path / "t")]) == 2
    assert "line: expected UTF-8 text" in capsys.readouterr().err
    assert not marker.exists()


def test_a_trusted_sklearn_model_is_imported_on_its_data(tmp_path, capsys):
    X, y, _ = make_dataset("moons", n=150, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", max_iter=50,
                            random_state=0).fit(X, y)
    src = tmp_path / "model.joblib"
    joblib.dump(clf, src)
    out = tmp_path / "sk.npz"
    argv = ["import", str(src), "--out", str(out), "--dataset", "moons", "--n", "150"]
    assert main(argv + ["--seed", "4"]) == 2
    assert "refusing" in capsys.readouterr().err
    assert main(argv + ["--seed", "4", "--trust-pickle"]) == 0
    assert "from scikit-learn" in capsys.readouterr().out
    trace = load_trace(out)
    assert trace.steps.tolist() == [50] and trace.meta["dataset"]["seed"] == 4
    np.testing.assert_allclose(trace.model(0).predict_proba(X), clf.predict_proba(X)[:, 1],
                               rtol=0, atol=1e-10)


@pytest.mark.parametrize("argv, says", [
    (["import", "{tmp}/model.pkl", "--out", "{tmp}/t.npz", "--trust-pickle"],
     "does not keep its training data"),
    (["import", "{tmp}/run.jsonl", "--out", "{tmp}/t.npz", "--dataset", "moons"],
     "a JSON-lines file carries its own data"),
    (["import", "{tmp}/missing.jsonl", "--out", "{tmp}/t.npz"], "no such file"),
    (["import", "{tmp}/trace.npz", "--out", "{tmp}/t.npz"], "an .npz trace needs no import"),
    (["import", "{tmp}/notes.txt", "--out", "{tmp}/t.npz"], "cannot tell the format"),
    (["import", "{tmp}/run.jsonl"], "--out"),
])
def test_usage_errors(tmp_path, capsys, argv, says):
    (tmp_path / "model.pkl").write_bytes(pickle.dumps({"not": "a model"}))
    write_jsonl(seed_notebook(steps=5, count=2), tmp_path / "run.jsonl")
    (tmp_path / "trace.npz").write_bytes(b"PK\x03\x04rest")
    (tmp_path / "notes.txt").write_text("hello")
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_a_trusted_pickle_that_is_not_a_classifier(tmp_path, capsys):
    (tmp_path / "model.pkl").write_bytes(pickle.dumps({"not": "a model"}))
    argv = ["import", str(tmp_path / "model.pkl"), "--out", str(tmp_path / "t.npz"),
            "--trust-pickle", "--dataset", "moons"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "expected a scikit-learn MLPClassifier or MLPRegressor, got dict" in err


@pytest.fixture(scope="module")
def yes_no_model(tmp_path_factory):
    """A classifier fitted on the labels 'no' and 'yes', saved with joblib, and its data as a
    CSV whose label column holds those names (with a header, as a spreadsheet writes it)."""
    tmp = tmp_path_factory.mktemp("yes-no")
    X, y, _ = make_dataset("circles", n=120, seed=3)
    names = np.array(["no", "yes"])[y]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(6,), activation="relu", max_iter=40,
                            random_state=0).fit(X, names)
    assert clf.classes_.tolist() == ["no", "yes"]
    joblib.dump(clf, tmp / "model.joblib")
    rows = "".join(f"{float(a)!r},{float(b)!r},{c}\n" for (a, b), c in zip(X, names, strict=True))
    (tmp / "train.csv").write_text("x1,x2,answer\n" + rows)
    return clf, X, names, tmp


def test_a_model_trained_on_class_names_imports_from_a_csv_of_those_names(yes_no_model,
                                                                           tmp_path, capsys):
    clf, X, names, src = yes_no_model
    out = tmp_path / "yes-no.npz"
    argv = ["import", str(src / "model.joblib"), "--data", str(src / "train.csv"),
            "--trust-pickle", "--out", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    trace = load_trace(out)
    assert trace.meta["import"]["classes"] == ["no", "yes"]
    # class index j is scikit-learn's classes_[j]: 'yes' is 1, 'no' is 0, point by point
    np.testing.assert_array_equal(trace.y, (names == "yes").astype(int))
    np.testing.assert_allclose(trace.X, X)
    np.testing.assert_allclose(trace.model(0).predict_proba(X), clf.predict_proba(X)[:, 1],
                               rtol=0, atol=1e-10)


def test_a_csv_label_the_model_does_not_know_is_one_line(yes_no_model, tmp_path, capsys):
    _, _, _, src = yes_no_model
    bad = tmp_path / "numbers.csv"
    bad.write_text("x1,x2,label\n0.5,0.5,0\n1.0,1.5,1\n")
    argv = ["import", str(src / "model.joblib"), "--data", str(bad), "--trust-pickle",
            "--out", str(tmp_path / "t.npz")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert ("numbers.csv:2: expected a label among the classifier's classes ['no', 'yes'], "
            "found '0'") in err
    assert not (tmp_path / "t.npz").exists()
    # a built-in dataset labels its points 0 and 1: not this model's classes
    argv = ["import", str(src / "model.joblib"), "--dataset", "circles", "--trust-pickle",
            "--out", str(tmp_path / "t.npz")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert ("--dataset circles labels its points 0, 1, ..., but the model's classes are "
            "['no', 'yes']: give its training data with --data FILE.csv") in err


def test_numeric_class_names_match_by_value(tmp_path, capsys):
    X, y, _ = make_dataset("moons", n=100, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(4,), max_iter=20, random_state=0).fit(X, y + 1)
    joblib.dump(clf, tmp_path / "m.joblib")
    # the classes are 1 and 2; the CSV writes them as 1.0 and 2.0
    (tmp_path / "d.csv").write_text("".join(f"{a},{b},{float(c)}\n"
                                            for (a, b), c in zip(X, y + 1, strict=True)))
    out = tmp_path / "t.npz"
    assert main(["import", str(tmp_path / "m.joblib"), "--data", str(tmp_path / "d.csv"),
                 "--trust-pickle", "--out", str(out)]) == 0, capsys.readouterr().err
    np.testing.assert_array_equal(load_trace(out).y, y)
