"""`mlp-explainer train` on the regression and real data sets, and on bad data: through the
CLI, as users meet it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cli_run import run_cli
from sklearn.metrics import mean_squared_error, r2_score

from explainer.cli import main
from mlp.datasets import REGRESSION, REGRESSION_1D
from mlp.trace import load_trace


def _forward(trace, X):
    """An independent forward pass at the final parameters: tanh hidden layers, the last
    layer's output as it is (its logits, or y-hat for a regression)."""
    h = X
    for i, (W, b) in enumerate(zip(trace.weights, trace.biases, strict=True)):
        h = h @ W[-1] + b[-1]
        if i < len(trace.weights) - 1:
            h = np.tanh(h)
    return h


@pytest.mark.parametrize("dataset", REGRESSION)
def test_the_defaults_fit_every_regression_set(tmp_path, capsys, dataset):
    out = tmp_path / "t.npz"
    assert main(["train", "--dataset", dataset, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    trace = load_trace(out)
    assert trace.output == "regression" and trace.loss_name == "squared_error"
    assert trace.sizes == [1 if dataset in REGRESSION_1D else 2, 3, 1]
    fit = _forward(trace, trace.X)[:, 0]
    r2 = r2_score(trace.y, fit)
    assert trace.r2[-1] == pytest.approx(r2, rel=1e-9)
    assert trace.rmse[-1] == pytest.approx(np.sqrt(mean_squared_error(trace.y, fit)), rel=1e-9)
    assert trace.loss[-1] == pytest.approx(mean_squared_error(trace.y, fit) / 2, rel=1e-9)
    test_fit = _forward(trace, trace.X_test)[:, 0]
    assert trace.test_r2[-1] == pytest.approx(r2_score(trace.y_test, test_fit), rel=1e-9)
    assert r2 >= 0.95, dataset
    assert f"R^2 {r2:.4f}" in captured.out and captured.err == ""


@pytest.mark.parametrize("dataset,sizes", [("iris", [4, 8, 3]), ("breast_cancer", [30, 8, 1]),
                                           ("digits", [64, 8, 10])])
def test_real_data_trains_with_a_test_set_and_inspect_names_it(tmp_path, capsys, dataset,
                                                                sizes):
    out = tmp_path / "t.npz"
    assert main(["train", "--dataset", dataset, "--hidden", "8", "--steps", "200",
                 "--out", str(out)]) == 0
    trace = load_trace(out)
    assert trace.sizes == sizes and trace.has_test
    assert len(trace.X_test) == pytest.approx(0.2 * (len(trace.X) + len(trace.X_test)), abs=1)
    logits = _forward(trace, trace.X_test)
    pred = (logits[:, 0] > 0) if sizes[-1] == 1 else np.argmax(logits, axis=1)
    assert trace.test_accuracy[-1] == pytest.approx(np.mean(pred == trace.y_test))
    capsys.readouterr()
    assert main(["inspect", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"test {100 * trace.test_accuracy[-1]:.1f}%" in text
    assert main(["inspect", "--json", str(out)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["final_test_accuracy"] == trace.test_accuracy[-1]
    assert s["dataset"]["class_names"] == trace.class_names
    assert (trace.image_shape == (8, 8)) == (dataset == "digits")


def _cli(tmp_path, *argv):
    return run_cli(*argv, cwd=tmp_path)


@pytest.mark.parametrize("label", ["inf", "nan"])
def test_a_csv_label_that_is_not_a_number_is_one_line(tmp_path, label):
    (tmp_path / "d.csv").write_text(f"x1,x2,label\n0,1,0\n1,0,1\n1,1,{label}\n")
    for extra in ([], ["--output", "regression"]):
        proc = _cli(tmp_path, "train", "--dataset", "csv", "--data", "d.csv", *extra,
                    "--out", "x.npz")
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert "d.csv:4: expected" in proc.stderr and label in proc.stderr
        assert "Traceback" not in proc.stderr and not (tmp_path / "x.npz").exists()


def test_a_csv_with_a_numeric_target_trains_a_regression(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (60, 3))
    y = x @ [1.0, -2.0, 0.5] + 0.25
    rows = "\n".join(",".join(f"{v:.17g}" for v in (*r, t)) for r, t in zip(x, y, strict=True))
    (tmp_path / "d.csv").write_text("a,b,c,target\n" + rows + "\n")
    assert main(["train", "--dataset", "csv", "--data", "d.csv", "--output", "regression",
                 "--test-fraction", "0.25", "--out", "x.npz"]) == 0
    trace = load_trace(tmp_path / "x.npz")
    assert trace.sizes == [3, 3, 1] and trace.feature_names == ["a", "b", "c"]
    np.testing.assert_allclose(np.sort(np.concatenate([trace.y, trace.y_test])), np.sort(y))
    # a class label column asked to be a regression's target, and the other way round
    capsys.readouterr()
    assert main(["train", "--dataset", "sine", "--output", "softmax", "--out", "y.npz"]) == 2
    assert "has a numeric target; use regression" in capsys.readouterr().err


def test_a_diverging_run_says_so_and_writes_a_trace_that_loads(tmp_path, capsys):
    assert main(["train", "--dataset", "sine", "--optimizer", "sgd", "--lr", "50", "--hidden",
                 "16", "--steps", "300", "--out", str(tmp_path / "x.npz")]) == 0
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1 and "the run diverged" in lines[0], err
    trace = load_trace(tmp_path / "x.npz")  # loads: every recorded value is finite
    diverged = trace.meta["training"]["diverged_at"]
    assert trace.steps[-1] < diverged <= 300
    assert f"not finite at step {diverged}" in lines[0]
    assert f"ends at step {trace.steps[-1]}" in lines[0]
