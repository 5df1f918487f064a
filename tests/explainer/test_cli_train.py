from __future__ import annotations

import json
import subprocess
import sys

import pytest

from explainer.cli import main


def test_seed_notebook_then_inspect(tmp_path, capsys):
    out = tmp_path / "t.npz"
    assert main(["train", "--preset", "seed-notebook", "--out", str(out)]) == 0
    assert main(["inspect", str(out)]) == 0
    text = capsys.readouterr().out
    assert "0.00863208" in text and "100.0%" in text and "2-3-1" in text
    assert main(["inspect", "--json", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["final_loss"] == pytest.approx(0.00863208, rel=1e-6)
    assert summary["final_accuracy"] == 1.0 and summary["last_step"] == 1000


def test_train_options_reach_the_trace(tmp_path, capsys):
    out = tmp_path / "m.npz"
    args = ["train", "--dataset", "spiral", "--classes", "3", "--n", "90", "--hidden", "8,4",
            "--activation", "tanh", "--lr", "0.2", "--steps", "40", "--every", "10",
            "--batch-size", "30", "--momentum", "0.5", "--seed", "7", "--out", str(out)]
    assert main(args) == 0
    assert "wrote" in capsys.readouterr().out
    main(["inspect", "--json", str(out)])
    s = json.loads(capsys.readouterr().out)
    assert s["sizes"] == [2, 8, 4, 3] and s["output"] == "softmax"
    assert s["activations"] == ["tanh", "tanh"] and s["snapshots"] == 5
    assert s["training"]["batch_size"] == 30 and s["training"]["momentum"] == 0.5
    assert s["dataset"]["name"] == "spiral" and s["dataset"]["seed"] == 7


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["train", "--hidden", "0,3", "--out", "x.npz"], "hidden sizes must be > 0, got [0, 3]"),
        (["train", "--dataset", "donut", "--out", "x.npz"], "invalid choice: 'donut'"),
        (["train", "--lr", "-1", "--out", "x.npz"], "learning rate must be > 0"),
        (["train", "--dataset", "csv", "--out", "x.npz"], "needs a path"),
        (["inspect", "missing.npz"], "missing.npz: file: expected an existing trace file"),
        (["train"], "the following arguments are required: --out"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["train", "--snapshots", "1", "--out", "x.npz"], "--snapshots: expected at least 2"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, argv, expected):
    proc = subprocess.run([sys.executable, "-m", "explainer.cli", *argv], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and expected in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.npz").exists()


def test_an_unwritable_output_is_one_line(tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    proc = subprocess.run([sys.executable, "-m", "explainer.cli", "train", "--steps", "5",
                           "--out", "afile/t.npz"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "afile" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "afile").read_text() == "not a folder"
