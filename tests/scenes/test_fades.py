"""The toolkit's FadeIn and FadeOut draw what Manim's own fades draw, frame by frame: the
same points and colours at every moment, the same mobjects in the scene afterwards."""

from __future__ import annotations

import manim
import numpy as np
import pytest
from manim import DOWN, RIGHT, Circle, Scene, Square, Text, VGroup, there_and_back

from scenes.manim_config import manim_config
from scenes.toolkit.fades import RGBAS, FadeIn, FadeOut


def panel() -> VGroup:
    """Text, a filled and stroked shape with a background stroke, a half-transparent one."""
    words = Text("loss 0.25", font_size=24)
    square = Square(fill_opacity=0.8, stroke_width=3).set_stroke(opacity=0.6)
    square.set_background_stroke(color="#101418", width=5, opacity=0.9)
    ring = Circle(radius=0.4, fill_opacity=0.3, color="#d04040").shift(RIGHT)
    return VGroup(words, square.next_to(words, DOWN), ring)


def drawn(mobject) -> list[np.ndarray]:
    """What the camera draws of ``mobject``: each submobject's points and colour arrays."""
    out = []
    for m in mobject.family_members_with_points():
        out += [m.points.copy(), *[getattr(m, a).copy() for a in RGBAS]]
    return out


@pytest.mark.parametrize("ours,theirs", [(FadeIn, manim.FadeIn), (FadeOut, manim.FadeOut)],
                         ids=["FadeIn", "FadeOut"])
@pytest.mark.parametrize("rate", [None, there_and_back], ids=["smooth", "there_and_back"])
def test_each_moment_draws_what_manims_fade_draws(ours, theirs, rate):
    kwargs = {} if rate is None else {"rate_func": rate}
    mine, reference = panel(), panel()
    a, b = ours(mine, **kwargs), theirs(reference, **kwargs)
    a.begin()
    b.begin()
    for alpha in (0.0, 0.13, 0.5, 0.77, 1.0):
        a.interpolate(alpha)
        b.interpolate(alpha)
        for x, y in zip(drawn(mine), drawn(reference), strict=True):
            np.testing.assert_allclose(x, y, atol=1e-12, err_msg=f"at {alpha}")
    a.finish()
    b.finish()
    for x, y in zip(drawn(mine), drawn(reference), strict=True):
        np.testing.assert_allclose(x, y, atol=1e-12)


def test_a_fade_with_a_shift_is_manims_own():
    mine, reference = panel(), panel()
    a, b = FadeIn(mine, shift=DOWN), manim.FadeIn(reference, shift=DOWN)
    a.begin()
    b.begin()
    a.interpolate(0.4)
    b.interpolate(0.4)
    assert a.starting_mobject is not mine  # a copy, shifted, as Manim's
    for x, y in zip(drawn(mine), drawn(reference), strict=True):
        np.testing.assert_allclose(x, y, atol=1e-12)


def test_in_a_scene_fade_in_adds_and_fade_out_removes_with_the_colours_kept(tmp_path):
    class Both(Scene):
        def construct(self):
            self.mine, self.reference = panel(), panel().shift(3 * RIGHT)
            self.before = drawn(self.mine)
            self.play(FadeIn(self.mine), manim.FadeIn(self.reference), run_time=0.4)
            self.shown = [m in self.mobjects for m in (self.mine, self.reference)]
            self.after_in = drawn(self.mine)
            self.play(FadeOut(self.mine), manim.FadeOut(self.reference), run_time=0.4)

    with manim_config({"media_dir": str(tmp_path), "pixel_width": 64, "pixel_height": 36,
                       "frame_rate": 5, "verbosity": "ERROR", "progress_bar": "none",
                       "disable_caching": True}):
        scene = Both()
        scene.render()
    assert scene.shown == [True, True]
    assert scene.mine not in scene.mobjects and scene.reference not in scene.mobjects
    for x, y in zip(scene.after_in, scene.before, strict=True):
        np.testing.assert_array_equal(x, y)
    # after the fade out, as after Manim's: the colours it had, not faded
    for x, y in zip(drawn(scene.mine), drawn(scene.reference.shift(-3 * RIGHT)), strict=True):
        np.testing.assert_allclose(x, y, atol=1e-12)
