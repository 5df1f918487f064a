"""The scenes from the manim CLI: a trace that does not fit gives one line and exit code 2."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from plane_render import MANIM

from explainer.cli import main
from explainer.commands.demo import video_path

REPO = Path(__file__).resolve().parents[2]


def manim(tmp_path, scene_file: str, scene: str, trace) -> subprocess.CompletedProcess:
    env = dict(os.environ, MLP_TRACE=str(trace))
    cmd = [MANIM, "-ql", "--dry_run", "--media_dir", str(tmp_path),
           scene_file, scene]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("scene_file", "scene", "trace", "expected"),
    [
        ("scenes/hidden_lines.py", "HiddenLinesTraining", "assets/blobs-linear.npz",
         "HiddenLinesTraining: needs at least 1 hidden layer(s), but assets/blobs-linear.npz has "
         "sizes "
         "[2, 1] (binary output)"),
        ("scenes/linear.py", "LinearClassifier", "no/such/trace.npz",
         "LinearClassifier: no/such/trace.npz: file: expected an existing trace file (.npz), "
         "found no such file"),
    ],
)
def test_a_trace_that_does_not_fit_gives_one_line_and_exit_code_2(
        tmp_path, scene_file, scene, trace, expected):
    done = manim(tmp_path, scene_file, scene, trace)
    assert done.returncode == 2
    assert done.stderr.strip() == expected
    assert "Traceback" not in done.stdout + done.stderr


def test_width_progression_reads_a_list_of_traces_from_mlp_trace(tmp_path):
    traces = os.pathsep.join(["assets/seed-width-5.npz", "assets/missing-width.npz"])
    done = manim(tmp_path, "scenes/decision_boundary.py", "WidthProgression", traces)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("WidthProgression: assets/missing-width.npz: file:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_demo_refuses_a_missing_trace_in_one_line(tmp_path, capsys):
    assert main(["demo", "--trace", str(tmp_path / "nope.npz")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("mlp-explainer: error: --trace: expected an existing trace file")
    assert len(err.splitlines()) == 1


def test_demo_names_the_video_where_manim_writes_it(tmp_path):
    assert video_path(tmp_path, "l") == (
        tmp_path / "videos" / "hidden_lines" / "480p15" / "HiddenLinesTraining.mp4")
    assert video_path(tmp_path, "h").parent.name == "1080p60"


def test_a_chapter_renders_twice_from_the_manim_command_with_its_scene_cache_on(tmp_path):
    """The manim command caches each play call under a hash of the scene and its camera:
    the chapter renders with it on, and a second render reuses what the first wrote."""
    env = dict(os.environ, COLUMNS="250")
    env.pop("MLP_TRACE", None)
    cmd = [MANIM, "-r", "160,90", "--fps", "5", "--progress_bar", "none", "-v", "INFO",
           "--media_dir", str(tmp_path), "scenes/graph.py", "ComputationalGraph"]
    runs = [subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
            for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Traceback" not in done.stdout + done.stderr
    assert (tmp_path / "videos" / "graph" / "90p5" / "ComputationalGraph.mp4").stat().st_size
    plays = [line for line in runs[1].stdout.splitlines() if " : " in line
             and "Animation" in line]
    assert len(plays) > 10
    assert any("Using cached data" in line for line in plays)
