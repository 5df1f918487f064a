"""The story's chapters: names from a --story file are checked before they become paths,
file names or generated source."""

from __future__ import annotations

import json

import pytest

from explainer.cli import main
from explainer.story import STORY, Chapter

GOOD = {"module": "tests/explainer/fixtures/tiny_scenes.py", "scene": "TinyLine",
        "title": "A line", "assets": ["seed-notebook"]}


def test_the_bundled_story_passes_its_own_checks():
    assert [Chapter(c.module, c.scene, c.title, c.plays_trace, c.assets) for c in STORY] == STORY


@pytest.mark.parametrize("change, says", [
    ({"scene": "Tiny Line"}, "chapter 2: scene 'Tiny Line': expected a Scene class name"),
    ({"scene": "x); import os; os.system('true'"}, "chapter 2: scene \"x); import os;"),
    ({"scene": "class"}, "chapter 2: scene 'class': expected a Scene class name"),
    ({"scene": "../TinyLine"}, "chapter 2: scene '../TinyLine': expected"),
    ({"scene": 3}, "chapter 2: scene 3: expected a Scene class name"),
    ({"module": "../outside/scenes.py"}, "chapter 2: module '../outside/scenes.py': expected "
                                         "the scene's .py file relative to the story's folder"),
    ({"module": "/etc/scenes.py"}, "chapter 2: module '/etc/scenes.py': expected"),
    ({"module": "scenes/../../x.py"}, "chapter 2: module 'scenes/../../x.py': expected"),
    ({"module": "scenes\\linear.py"}, "chapter 2: module 'scenes\\\\linear.py': expected"),
    ({"module": "scenes/linear"}, "chapter 2: module 'scenes/linear': expected"),
    ({"module": "scenes//linear.py"}, "chapter 2: module 'scenes//linear.py': expected"),
    ({"assets": ["../../etc/passwd"]}, "chapter 2: asset '../../etc/passwd': expected the name"),
    ({"assets": "seed-notebook"}, "chapter 2: assets: expected a list of trace names"),
    ({"title": "two\nlines"}, "chapter 2: title 'two\\nlines': expected one line of text"),
    ({"scene": "TinyLine", "title": "again"}, "chapter 2: scene 'TinyLine' is already in the "
                                              "story"),
])
def test_a_bad_name_in_a_story_file_is_one_line_and_nothing_runs(tmp_path, capsys, change,
                                                                  says):
    second = {**GOOD, "scene": "TinyBroken", "title": "Broken", **change}
    story = tmp_path / "story.json"
    story.write_text(json.dumps([GOOD, second]))
    out = tmp_path / "out"
    code = main(["render", "--story", str(story), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1, err
    assert f"--story {story}: {says}" in err, err
    assert not out.exists()


@pytest.mark.parametrize("text, says", [
    ("{}", "expected a JSON list of {module, scene, title}, found a JSON dict"),
    ("[]", "expected a JSON list of {module, scene, title}, found an empty list"),
    ("[1]", "chapter 1: expected an object with module and scene, found 1"),
    ('[{"scene": "X"}]', 'chapter 1: expected an object with module and scene, found {"scene"'),
    ("not json", "could not read it (JSONDecodeError"),
])
def test_a_story_file_that_is_not_a_list_of_chapters(tmp_path, capsys, text, says):
    story = tmp_path / "story.json"
    story.write_text(text)
    assert main(["render", "--story", str(story), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err, err


def test_a_chapter_made_in_python_is_checked_too():
    with pytest.raises(ValueError, match=r"module '\.\./x\.py': expected"):
        Chapter("../x.py", "X", "x")
