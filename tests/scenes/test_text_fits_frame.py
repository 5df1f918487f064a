"""Every scene of the story keeps its words on screen: after each animation and wait, every
piece of text lies inside the frame (for 3D scenes, the text fixed in the frame)."""

from __future__ import annotations

import importlib

import pytest
from plane_render import checking

from explainer.story import STORY


def load_scene(chapter):
    module = importlib.import_module(chapter.module.removesuffix(".py").replace("/", "."))
    return getattr(module, chapter.scene)


@pytest.mark.parametrize("chapter", STORY, ids=[c.scene for c in STORY])
def test_no_text_leaves_the_frame(chapter, render, tmp_path):
    scene_cls = checking(load_scene(chapter))
    scene, _ = render(scene_cls, tmp_path)
    assert scene.outside == [], f"{chapter.scene}: text outside the frame {scene.outside[:3]}"
    # the check looked at text: the scene's captions, numbers and headings were on screen
    assert scene.examined >= 10, f"{chapter.scene}: only {scene.examined} texts examined"
