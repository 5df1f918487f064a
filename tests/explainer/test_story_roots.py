"""Where a story file's scenes are: beside the story (its own folder), or among the
project's; and a scene of one's own that plays its own trace file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from explainer.commands.render import _story
from explainer.pipeline.plan import Settings, chapter_inputs
from explainer.story import PROJECT_ROOT
from mlp.trace import load_trace
from scenes.toolkit.traces import default_trace_path

ROOT = Path(__file__).resolve().parents[2]

LECTURE = """
from scenes.linear import LinearClassifier

class MyLine(LinearClassifier):
    default_trace = "own.npz"
"""


def _write_story(folder: Path, chapters: list[dict]) -> Path:
    path = folder / "story.json"
    path.write_text(json.dumps(chapters))
    return path


def test_a_story_takes_its_modules_beside_it_or_from_the_project(tmp_path):
    (tmp_path / "lecture.py").write_text(LECTURE)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "scenes.py").write_text(LECTURE)
    story = _story(str(_write_story(tmp_path, [
        {"module": "lecture.py", "scene": "MyLine"},
        {"module": "more/scenes.py", "scene": "Other"},
        {"module": "scenes/linear.py", "scene": "LinearClassifier"},
        {"module": "nowhere.py", "scene": "Nowhere"}])))
    assert PROJECT_ROOT == ROOT  # in a checkout, the project's root is the checkout
    assert [ch.root for ch in story] == [tmp_path, tmp_path, ROOT, tmp_path]
    # a module in neither place fails as that chapter's render, saying so
    inputs = chapter_inputs(story[3], root=story[3].root, settings=Settings(), trace=None,
                            file_hashes={})
    assert inputs.error == "nowhere.py: no such file"


def test_a_file_of_ones_own_beside_the_story_wins_over_the_projects(tmp_path):
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "linear.py").write_text(LECTURE)
    (story,) = _story(str(_write_story(tmp_path, [{"module": "scenes/linear.py",
                                                    "scene": "MyLine"}])))
    assert story.root == tmp_path


def test_a_scene_names_its_own_trace_file_and_its_key_follows_that_file(tmp_path):
    assert default_trace_path("own.npz") == Path("own.npz")
    assert default_trace_path("seed-notebook") == ROOT / "assets" / "seed-notebook.npz"
    (tmp_path / "lecture.py").write_text(LECTURE)
    shutil.copy(ROOT / "assets" / "blobs-linear.npz", tmp_path / "own.npz")
    (chapter,) = _story(str(_write_story(tmp_path, [{"module": "lecture.py",
                                                      "scene": "MyLine"}])))

    def inputs():
        return chapter_inputs(chapter, root=chapter.root, settings=Settings(), trace=None,
                              file_hashes={})

    first = inputs()
    assert tmp_path / "own.npz" in first.traces
    # the installed chapter it subclasses is among its sources
    assert ROOT / "scenes" / "linear.py" in first.sources
    shutil.copy(ROOT / "assets" / "circles-linear.npz", tmp_path / "own.npz")
    assert inputs().base_key != first.base_key


def test_a_subclass_plays_its_own_trace_file(tmp_path, monkeypatch):
    from scenes.linear import LinearClassifier

    shutil.copy(ROOT / "assets" / "circles-linear.npz", tmp_path / "own.npz")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLP_TRACE", raising=False)

    class MyLine(LinearClassifier):
        default_trace = "own.npz"

    trace = MyLine().load_trace()
    with np.load(tmp_path / "own.npz") as z:
        assert np.array_equal(trace.steps, z["steps"])
        assert np.array_equal(trace.X, z["X"])
    assert trace.n_snapshots == load_trace(ROOT / "assets" / "circles-linear.npz").n_snapshots
