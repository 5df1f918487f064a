"""Every scene of the story keeps its words on screen: after each animation and wait, every
piece of text lies inside the frame (for 3D scenes, the text fixed in the frame)."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from manim import MathTex, SingleStringMathTex, Text, ThreeDScene, config

from explainer.story import STORY

TEXT_TYPES = (Text, MathTex, SingleStringMathTex)


def load_scene(chapter):
    module = importlib.import_module(chapter.module.removesuffix(".py").replace("/", "."))
    return getattr(module, chapter.scene)


def checking(scene_cls):
    """``scene_cls`` that records every text mobject found outside the frame."""

    class Checked(scene_cls):
        outside: list

        def _check(self) -> None:
            w, h = config.frame_width / 2, config.frame_height / 2
            if isinstance(self, ThreeDScene):
                roots = list(self.renderer.camera.fixed_in_frame_mobjects)
            else:
                roots = list(self.mobjects)
            for root in roots:
                for m in root.get_family():
                    if not isinstance(m, TEXT_TYPES) or m.get_fill_opacity() == 0:
                        continue
                    pts = m.get_all_points()
                    if len(pts) == 0:
                        continue
                    lo, hi = pts.min(axis=0), pts.max(axis=0)
                    if lo[0] < -w - 1e-3 or hi[0] > w + 1e-3 or lo[1] < -h - 1e-3 \
                            or hi[1] > h + 1e-3:
                        text = getattr(m, "text", None) or getattr(m, "tex_string", "?")
                        self.outside.append((round(self.time, 2), text,
                                             np.round([lo[0], hi[0], lo[1], hi[1]], 2)))

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            self._check()

        def wait(self, *args, **kwargs):
            super().wait(*args, **kwargs)
            self._check()

    Checked.__name__ = scene_cls.__name__
    Checked.outside = []
    return Checked


@pytest.mark.parametrize("chapter", STORY, ids=[c.scene for c in STORY])
def test_no_text_leaves_the_frame(chapter, render, tmp_path):
    scene_cls = checking(load_scene(chapter))
    scene, _ = render(scene_cls, tmp_path)
    assert scene.outside == [], f"{chapter.scene}: text outside the frame {scene.outside[:3]}"
