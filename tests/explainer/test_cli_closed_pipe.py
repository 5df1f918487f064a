"""A command whose output goes to a reader that went away (`mlp-explainer inspect t.npz |
head -3`) ends quietly, as Unix tools do; any other broken pipe is still one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pipeline_helpers import ROOT

from explainer.cli import EXIT_CLOSED_PIPE, main
from mlp.trace import load_trace

SEED = ROOT / "assets" / "seed-notebook.npz"


def _commands(tmp):
    return {
        "inspect": ["inspect", str(SEED)],
        "inspect --json": ["inspect", "--json", str(SEED)],
        "train": ["train", "--dataset", "blobs", "--n", "40", "--hidden", "3", "--steps", "20",
                  "--snapshots", "5", "--out", str(tmp / "t.npz")],
        "explore": ["explore", str(SEED), "--out", str(tmp / "page.html")],
    }


def _run(args: list[str], *, reader: bool) -> tuple[int, str, bytes]:
    """Run the command with stdout a pipe; with reader=False its read end is closed first."""
    r, w = os.pipe()
    if not reader:
        os.close(r)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "explainer.cli", *args], cwd=ROOT,
                                stdout=w, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    finally:
        os.close(w)
    out = b""
    if reader:
        with os.fdopen(r, "rb") as f:
            out = f.read()
    _, err = proc.communicate()
    return proc.returncode, err.decode(), out


@pytest.mark.parametrize("name", ["inspect", "inspect --json", "train", "explore"])
def test_a_closed_pipe_ends_the_command_quietly(tmp_path, name):
    args = _commands(tmp_path)[name]
    code, err, _ = _run(args, reader=False)
    assert err == ""
    assert code == EXIT_CLOSED_PIPE == 141  # what a shell shows for `cat big | head -1`
    if name == "train":  # the trace was written whole before its summary line
        assert load_trace(tmp_path / "t.npz").n_snapshots == 5


def test_with_its_reader_there_the_same_command_prints_and_succeeds(tmp_path):
    code, err, out = _run(_commands(tmp_path)["inspect"], reader=True)
    assert code == 0 and err == ""
    assert out.decode().startswith(f"trace      {SEED}")


def test_another_broken_pipe_is_one_line_and_exit_2(monkeypatch, capsys):
    """A broken pipe that is not stdout's (stdout is still there) is an error, said once."""
    import explainer.commands.inspect as inspect

    def broken(args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(inspect, "run", broken)
    assert main(["inspect", str(SEED)]) == 2
    err = capsys.readouterr().err
    assert err == "mlp-explainer: error: Broken pipe\n"
