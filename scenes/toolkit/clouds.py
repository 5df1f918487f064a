"""Many small things as one mobject each, rewritten with NumPy: points, polylines, arrows.

A cloud of N data points is one VMobject per class whose path holds N small circles, not N
Dot objects; a grid of polylines is one VMobject; a field of arrows is two. Moving any of
them is one array expression per frame, in 2-D (an input plane) or in 3-D (a hidden space).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import VGroup, VMobject

from scenes.toolkit.geometry import circle_curves, pad3, polyline_curves
from scenes.toolkit.style import BACKGROUND, CLASS_COLORS, GRADIENT


class PointCloud(VGroup):
    """Data points as round dots, one VMobject per class whose path holds all its circles.

    ``set_centers(C)`` moves every dot in one NumPy expression per class (a template circle
    offset by every centre). Centres are scene points (n, 3) (or (n, 2), z = 0); in 3-D,
    pass the camera's screen axes (``right``, ``up``) so the dots face the viewer. With
    ``labels`` (n,), class c is drawn in ``colors[c]`` and the number of points is fixed;
    without, every dot is ``colors[0]`` and each call may give any number of centres.

    Parts: ``classes[c]``, the VMobject of class c (class 0 alone without labels). State:
    ``centers`` (n, 3), ``labels`` (n,) or None.

    Examples
    --------
    ::

        class ShowCloud(Scene):
            def construct(self):
                X = np.random.default_rng(0).normal(size=(200, 3))
                self.add(PointCloud(X, (X[:, 0] > 0).astype(int)))
    """

    def __init__(
        self,
        centers=None,
        labels=None,
        *,
        radius: float = 0.06,
        colors: Sequence[str] = CLASS_COLORS,
        fill_opacity: float = 1.0,
        outline: str = BACKGROUND,
        outline_width: float = 1.0,
        outline_opacity: float = 1.0,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.labels = None if labels is None else np.asarray(labels, dtype=np.int64).ravel()
        self.radius = float(radius)
        self._template = circle_curves(self.radius)
        self.classes: dict[int, VMobject] = {}
        for c in ([0] if self.labels is None else np.unique(self.labels)):
            part = VMobject(fill_color=colors[int(c) % len(colors)], fill_opacity=fill_opacity,
                            stroke_color=outline, stroke_width=outline_width,
                            stroke_opacity=outline_opacity)
            self.classes[int(c)] = part
            self.add(part)
        self.centers = np.zeros((0, 3))
        if centers is not None:
            self.set_centers(centers)

    @classmethod
    def from_data(cls, frame, X, y, **kwargs) -> PointCloud:
        """A cloud of the data points X (n, 2) with labels y (n,), placed in ``frame``."""
        return cls(frame.to_scene(X), y, **kwargs)

    def set_centers(self, centers, right=None, up=None) -> PointCloud:
        """Move every dot: ``centers`` (n, 3) scene points, in the order of ``labels``."""
        C = np.asarray(centers, dtype=np.float64)
        C = pad3(C.reshape(-1, C.shape[-1] if C.ndim else 3))
        if self.labels is not None and len(C) != len(self.labels):
            raise ValueError(f"centers must have {len(self.labels)} rows, got {len(C)}")
        self.centers = C
        template = self._template
        if right is not None or up is not None:  # face the camera
            template = circle_curves(self.radius, (1.0, 0.0, 0.0) if right is None else right,
                                     (0.0, 1.0, 0.0) if up is None else up)
        for c, part in self.classes.items():
            mine = C if self.labels is None else C[self.labels == c]
            part.points = (mine[:, None, :] + template[None, :, :]).reshape(-1, 3)
        return self

    def move_to_data(self, frame, X) -> PointCloud:
        """Move every dot to the data points X (n, 2) of ``frame``."""
        return self.set_centers(frame.to_scene(X))


class LineSet(VMobject):
    """Many polylines of one colour as one VMobject (grid lines, warped hidden lines, edges).

    ``set_polylines(P)`` with P (L, m, 3) (or (L, m, 2)) rewrites all L lines at once: each
    of the m - 1 segments is one straight cubic Bezier curve, and lines are separate
    subpaths. ``polylines`` holds the last ones given, padded to 3-D.

    Examples
    --------
    ::

        class ShowGrid(Scene):
            def construct(self):
                self.add(LineSet(grid_polylines((-3, 3), (-3, 3), lines=7), stroke_width=1))
    """

    def __init__(self, polylines=None, *, color: str = "#FFFFFF", stroke_width: float = 1.0,
                 opacity: float = 1.0, **kwargs) -> None:
        super().__init__(stroke_color=color, stroke_width=stroke_width,
                         stroke_opacity=opacity, fill_opacity=0, **kwargs)
        self.polylines = np.zeros((0, 2, 3))
        if polylines is not None:
            self.set_polylines(polylines)

    def set_polylines(self, polylines) -> LineSet:
        self.polylines = pad3(polylines)
        self.points = polyline_curves(self.polylines)
        return self


class ArrowField(VGroup):
    """N arrows as two VMobjects, rewritten with NumPy: ``set_arrows(starts, vectors)`` with
    scene points (n, 3) and vectors (n, 3); arrows shorter than 1e-4 are left out.

    Parts: ``shafts`` (a LineSet), ``tips`` (one VMobject of filled triangles). A tip is
    ``tip`` long, or half the arrow when that is shorter.

    Examples
    --------
    ::

        class ShowArrows(Scene):
            def construct(self):
                starts, vectors = np.zeros((3, 3)), np.eye(3)
                self.add(ArrowField().set_arrows(starts, vectors))
    """

    def __init__(self, *, color: str = GRADIENT, stroke_width: float = 2.5, tip: float = 0.1,
                 **kwargs) -> None:
        self.shafts = LineSet(color=color, stroke_width=stroke_width)
        self.tips = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0)
        self.tip = tip
        super().__init__(self.shafts, self.tips, **kwargs)

    def set_arrows(self, starts, vectors) -> ArrowField:
        S, V = np.asarray(starts, float), np.asarray(vectors, float)
        length = np.linalg.norm(V, axis=1, keepdims=True)
        keep = length[:, 0] > 1e-4
        S, V, length = S[keep], V[keep], length[keep]
        if not len(S):
            self.shafts.set_polylines(np.zeros((0, 2, 3)))
            self.tips.points = np.zeros((0, 3))
            return self
        u = V / length
        side = np.stack([-u[:, 1], u[:, 0], np.zeros(len(u))], axis=1)
        tip = np.minimum(self.tip, 0.5 * length)
        end = S + V
        base = end - tip * u
        self.shafts.set_polylines(np.stack([S, base], axis=1))
        corners = np.stack([end, base + 0.5 * tip * side, base - 0.5 * tip * side, end], axis=1)
        self.tips.points = polyline_curves(corners)
        return self
