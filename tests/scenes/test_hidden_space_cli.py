"""The hidden-space and backpropagation scenes from the manim CLI: a trace that does not fit
gives one line on stderr and exit code 2."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from plane_render import MANIM

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("scene_file", "scene", "trace", "expected"),
    [
        ("scenes/warp.py", "HiddenSpaceWarp", "assets/blobs-linear.npz",
         "HiddenSpaceWarp: needs at least 1 hidden layer(s), but assets/blobs-linear.npz has sizes "
         "[2, 1] (binary output)"),
        ("scenes/graph.py", "ComputationalGraph", "assets/blobs-linear.npz",
         "ComputationalGraph: needs 1 to 4 hidden layers, but assets/blobs-linear.npz has "
         "sizes [2, 1] (binary output)"),
    ],
)
def test_a_trace_that_does_not_fit_gives_one_line(tmp_path, scene_file, scene, trace, expected):
    env = dict(os.environ, MLP_TRACE=trace)
    cmd = [MANIM, "-ql", "--dry_run", "--media_dir", str(tmp_path),
           scene_file, scene]
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == expected
    assert "Traceback" not in done.stdout + done.stderr
