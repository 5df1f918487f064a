"""FadeIn and FadeOut that fade a mobject's own colours instead of copying it.

Manim's FadeIn and FadeOut are Transforms: each makes a faded copy of the mobject and a copy
of its target, deep copies of every submobject, then interpolates the points and colours of
each frame between the two. For a caption in TeX or a panel of text, the copies cost more
than the frames (most of the time a 3-D chapter spends outside drawing). Without a shift, a
target position or a scale, a fade changes nothing but opacities, so these keep the frames
Manim's fades draw and make no copy: each animated submobject's fill, stroke and background
stroke opacities are scaled by the rate function's value. A FadeIn ends on the colours the
mobject had; a FadeOut, as Manim's, removes the mobject and gives it back its colours.

With a shift, a target position, a scale or a lag ratio, or when a submobject is not a
vector mobject, they are Manim's fades, unchanged.

    >>> from manim import Square
    >>> square = Square(fill_opacity=0.8)
    >>> fade = FadeIn(square)
    >>> fade.begin(); fade.interpolate(0.5)
    >>> round(float(square.get_fill_opacity()), 3)  # smooth(0.5) of 0.8
    0.4
    >>> fade.finish(); round(float(square.get_fill_opacity()), 3)
    0.8
"""

from __future__ import annotations

import numpy as np
from manim import FadeIn as ManimFadeIn
from manim import FadeOut as ManimFadeOut
from manim import VMobject

# The colour arrays a VMobject draws with: column 3 of each is the opacity.
RGBAS = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")


class _InPlace:
    """The fade without copies; ``_shown(t)`` is the share of each opacity shown at t."""

    def _plain(self) -> bool:
        return (self.scale_factor == 1 and not np.any(self.shift_vector) and not self.point_target
                and self.lag_ratio == 0
                and all(isinstance(m, VMobject) for m in self.mobject.family_members_with_points()))

    def begin(self) -> None:
        self._saved = None
        if not self._plain():
            return super().begin()
        self._saved = [(m, [getattr(m, a).copy() for a in RGBAS])
                       for m in self.mobject.family_members_with_points()]
        # what Manim's fades keep for a scene to read: the mobject, and nothing copied
        self.starting_mobject = self.target_mobject = self.target_copy = self.mobject
        if self.suspend_mobject_updating:
            self.mobject.suspend_updating()
        self.interpolate(0)

    def interpolate_mobject(self, alpha: float) -> None:
        if getattr(self, "_saved", None) is None:
            return super().interpolate_mobject(alpha)
        share = self._shown(self.rate_func(alpha))
        for m, arrays in self._saved:
            for name, rgbas in zip(RGBAS, arrays, strict=True):
                shown = rgbas.copy()
                shown[:, 3] *= share
                setattr(m, name, shown)


class FadeIn(_InPlace, ManimFadeIn):
    """Manim's FadeIn, without copies when it only fades (see the module)."""

    @staticmethod
    def _shown(t: float) -> float:
        return t


class FadeOut(_InPlace, ManimFadeOut):
    """Manim's FadeOut, without copies when it only fades (see the module)."""

    @staticmethod
    def _shown(t: float) -> float:
        return 1 - t
