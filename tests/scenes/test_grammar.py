"""One visual grammar across the story: every chapter puts its title, in the one font and
size, at the top of the right-hand panel, and its training readouts in that panel. Each
chapter is played (animations skipped, at a tiny size) to the end of the first animation
that shows its title, and its mobjects are read there."""

from __future__ import annotations

import numpy as np
import pytest
from manim import FadeIn, Text
from plane_render import render, scene_of

from explainer.story import STORY
from scenes.toolkit.readouts import Heading, LossCurve, TrainingClock
from scenes.toolkit.style import FONT, PANEL_LEFT, PANEL_TOP, TITLE_SIZE


class FirstBeat(Exception):
    pass


def titled(scene) -> bool:
    return any(isinstance(m, Heading) for top in scene.mobjects for m in top.get_family())


def first_beat(scene_cls):
    class Stop(scene_cls):
        def play(self, *args, **kwargs):
            if not hasattr(type(self), "opens_titled"):  # what the first frame holds
                type(self).opens_titled = titled(self) and not any(
                    isinstance(a, FadeIn) and isinstance(a.mobject, Heading) for a in args)
            super().play(*args, **kwargs)
            if titled(self):
                type(self).seen = self
                raise FirstBeat

    Stop.__name__ = scene_cls.__name__
    return Stop


@pytest.mark.parametrize("chapter", STORY, ids=[c.scene for c in STORY])
def test_title_and_readouts_sit_where_every_chapter_has_them(chapter, tmp_path):
    cls = first_beat(scene_of(chapter))
    with pytest.raises(FirstBeat):
        render(cls, tmp_path, size=(64, 36), skip_animations=True)
    scene = cls.seen
    # a clip opens on its title, never on an empty frame
    assert cls.opens_titled, f"{chapter.scene}: the title is not in the first frame"
    family = [m for top in scene.mobjects for m in top.get_family()]
    heads = [m for m in family if isinstance(m, Heading)]
    assert len(heads) == 1, f"{chapter.scene}: {len(heads)} titles"
    head = heads[0]
    assert abs(head.get_left()[0] - PANEL_LEFT) < 0.02
    assert abs(head.get_top()[1] - PANEL_TOP) < 0.02
    assert head.title.font == FONT
    assert head.title.font_size <= TITLE_SIZE + 1e-6  # scaled down only to fit the panel
    for m in family:
        if isinstance(m, (TrainingClock, LossCurve)) and len(m.get_all_points()):
            assert m.get_left()[0] >= PANEL_LEFT - 0.05, f"{chapter.scene}: readout off panel"
            assert m.get_right()[0] <= scene.renderer.camera.frame_width / 2
    assert np.isfinite(head.get_center()).all()


def test_a_long_title_never_shrinks_its_subtitle():
    """Each line of a heading is shrunk only when it alone is wider than the panel: the
    subtitle keeps its size under a title too long for the panel (widths by Manim's Text)."""
    title, subtitle = "Two hidden layers, one warp after another", "a 2-3-3-1 network"
    wide = Text(title, font=FONT, font_size=TITLE_SIZE).width
    narrow = Text(subtitle, font=FONT, font_size=22).width
    panel = (wide + narrow) / 2
    assert narrow < panel < wide
    head = Heading(title, subtitle, font_size=TITLE_SIZE, max_width=panel)
    assert abs(head.title.width - panel) < 1e-6
    assert abs(head.subtitle.width - narrow) < 1e-6
    assert abs(head.title.get_left()[0] - head.subtitle.get_left()[0]) < 1e-6
