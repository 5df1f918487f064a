"""Each chapter of the story lists the bundled traces its scene plays by default."""

from __future__ import annotations

import importlib

import pytest

from explainer.story import STORY, Chapter
from mlp.bundled import BUNDLED


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.scene)
def test_the_scenes_default_traces_are_the_chapters_assets(chapter):
    module = importlib.import_module(chapter.module.removesuffix(".py").replace("/", "."))
    scene = getattr(module, chapter.scene)
    defaults = getattr(scene, "default_traces", None) or (scene.default_trace,)
    assert set(defaults) <= set(BUNDLED)
    assert set(defaults) == set(chapter.assets)


def test_a_chapter_naming_an_unknown_trace_is_refused():
    with pytest.raises(ValueError, match="X: assets must be bundled traces .* got 'nope'"):
        Chapter("scenes/linear.py", "X", "t", assets=("nope",))
