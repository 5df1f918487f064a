"""The input plane's mobjects: the frame, a classifier's line, the heatmap and a contour.

All of them take their numbers from a trace (or from arrays the caller got from one) and are
updated with NumPy, one mobject per visual layer, so a scene stays fast at any number of
points or pixels. "Data" coordinates are the trace's input plane (x1, x2); "scene"
coordinates are Manim points (n, 3). A :class:`PlaneFrame` converts between them through
its :class:`~scenes.toolkit.geometry.Frame`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    ImageMobject,
    Line,
    MathTex,
    Rectangle,
    VGroup,
    VMobject,
)
from PIL import Image

from scenes.toolkit.geometry import (
    Frame,
    clip_line,
    contour_segments,
    polyline_curves,
    region_boundary_segments,
)
from scenes.toolkit.style import BACKGROUND, CLASS_COLORS, FOREGROUND, MUTED, hex_to_rgb


# --------------------------------------------------------------------------- frame
class PlaneFrame(VGroup):
    """A rectangle on screen showing the region ``xlim`` x ``ylim`` of a data plane.

    Equal aspect: one data unit is the same length on both axes. ``to_scene`` and
    ``to_data`` read the border's current corners, so the mapping follows the frame after
    ``move_to``/``to_edge``/``scale``.

    Parts: ``border`` (Rectangle), ``axes`` (the lines x1 = 0 and x2 = 0 when inside),
    ``labels`` (MathTex axis names; empty when ``x_label`` is None).

    Examples
    --------
    ::

        class ShowFrame(Scene):
            def construct(self):
                self.add(PlaneFrame((-4, 4), (-2, 2), height=4, x_label="x", y_label="y"))
    """

    def __init__(
        self,
        xlim: Sequence[float],
        ylim: Sequence[float],
        *,
        height: float = 6.6,
        center: np.ndarray = ORIGIN,
        x_label: str | None = "x_1",
        y_label: str | None = "x_2",
        show_axes: bool = True,
        stroke_color: str = MUTED,
        label_font_size: float = 30,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.xlim = (float(xlim[0]), float(xlim[1]))
        self.ylim = (float(ylim[0]), float(ylim[1]))
        if not (self.xlim[1] > self.xlim[0] and self.ylim[1] > self.ylim[0]):
            raise ValueError(f"limits must be increasing, got xlim={xlim}, ylim={ylim}")
        width = height * (self.xlim[1] - self.xlim[0]) / (self.ylim[1] - self.ylim[0])
        self.border = Rectangle(width=width, height=height, stroke_color=stroke_color,
                                stroke_width=2).move_to(center)
        self.axes = VGroup()
        if show_axes:
            self._build_axes(stroke_color)
        self.labels = VGroup()
        if x_label is not None:
            self._build_labels(x_label, y_label, label_font_size)
        self.add(self.border, self.axes, self.labels)

    def _build_axes(self, color: str) -> None:
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        if y0 < 0 < y1:
            a, b = self.to_scene([[x0, 0.0], [x1, 0.0]])
            self.axes.add(Line(a, b, stroke_color=color, stroke_width=1, stroke_opacity=0.6))
        if x0 < 0 < x1:
            a, b = self.to_scene([[0.0, y0], [0.0, y1]])
            self.axes.add(Line(a, b, stroke_color=color, stroke_width=1, stroke_opacity=0.6))

    def _build_labels(self, x_label: str, y_label: str | None, font_size: float) -> None:
        xl = MathTex(x_label, font_size=font_size, color=MUTED)
        xl.next_to(self.border, DOWN, buff=0.12).align_to(self.border, RIGHT)
        self.labels.add(xl)
        if y_label is not None:
            yl = MathTex(y_label, font_size=font_size, color=MUTED)
            if yl.width > 0.55:  # a long name (a view's axis) reads upwards beside the border
                yl.rotate(np.pi / 2)
            yl.next_to(self.border, LEFT, buff=0.12).align_to(self.border, UP)
            self.labels.add(yl)

    @property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Scene points of the lower-left and upper-right corners of the border."""
        return self.border.get_corner(DL), self.border.get_corner(UR)

    @property
    def scale_factor(self) -> float:
        """Scene units per data unit."""
        lo, hi = self.bounds
        return float((hi[1] - lo[1]) / (self.ylim[1] - self.ylim[0]))

    @property
    def view(self) -> Frame:
        """The data-to-scene mapping where the border is now (equal aspect)."""
        lo, hi = self.bounds
        centre = np.array([(self.xlim[0] + self.xlim[1]) / 2, (self.ylim[0] + self.ylim[1]) / 2,
                           0.0])
        return Frame(centre, self.scale_factor, origin=(lo + hi) / 2)

    def to_scene(self, XY) -> np.ndarray:
        """Data points (n, 2) to scene points (n, 3) (z = 0)."""
        return self.view.to_scene(np.asarray(XY, dtype=np.float64).reshape(-1, 2))

    def to_data(self, points) -> np.ndarray:
        """Scene points (n, 3) or (n, 2) to data points (n, 2)."""
        P = np.asarray(points, dtype=np.float64)
        P = P.reshape(-1, P.shape[-1])[:, :2]
        return self.view.to_data(np.column_stack([P, np.zeros(len(P))]))[:, :2]


# --------------------------------------------------------------------- classifier line
class ClassifierLine(VGroup):
    """The line w . x + b = 0 inside a PlaneFrame, with an arrow along its normal w.

    The arrow starts at the middle of the visible segment and points to the side where
    w . x + b > 0 (the side the classifier calls positive). When the line leaves the frame
    the mobject fades out and comes back when it returns. Parts: ``line``, ``normal``
    (shaft and tip). ``endpoints_data`` is the visible segment in data coordinates (2, 2)
    or None.

    Examples
    --------
    ::

        class ShowLine(Scene):
            def construct(self):
                frame = PlaneFrame((-4, 4), (-4, 4), height=6)
                self.add(frame, ClassifierLine(frame, w=(1.0, 2.0), b=-1.0, color=YELLOW))
    """

    def __init__(
        self,
        frame: PlaneFrame,
        w=(1.0, 0.0),
        b: float = 0.0,
        *,
        color: str = FOREGROUND,
        stroke_width: float = 4.0,
        normal_length: float = 0.7,
        show_normal: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.frame = frame
        self.color_ = color
        self.stroke_width_ = stroke_width
        self.normal_length = normal_length
        self.line = Line(LEFT, RIGHT, stroke_color=color, stroke_width=stroke_width)
        self.shaft = Line(ORIGIN, RIGHT, stroke_color=color, stroke_width=stroke_width * 0.75)
        self.tip = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0)
        self.normal = VGroup(self.shaft, self.tip)
        self.add(self.line)
        if show_normal:
            self.add(self.normal)
        self.visible = True
        self.endpoints_data: np.ndarray | None = None
        self.set_params(w, b)

    def set_params(self, w, b: float) -> ClassifierLine:
        """Place the line w . x + b = 0 (w shape (2,), b a number) and its normal arrow."""
        self.w = np.asarray(w, dtype=np.float64).ravel()[:2]
        self.b = float(np.asarray(b).ravel()[0])
        seg = clip_line(self.w, self.b, self.frame.xlim, self.frame.ylim)
        self.endpoints_data = seg
        if seg is None:
            self._show(False)
            return self
        self._show(True)
        a, c = self.frame.to_scene(seg)
        self.line.set_points_as_corners([a, c])
        mid = (a + c) / 2
        n = np.array([self.w[0], self.w[1], 0.0]) / np.linalg.norm(self.w)
        side = np.array([-n[1], n[0], 0.0])
        tip_len = min(0.22, 0.45 * self.normal_length)
        end = mid + self.normal_length * n
        base = end - tip_len * n
        self.shaft.set_points_as_corners([mid, base])
        self.tip.set_points_as_corners([end, base + 0.5 * tip_len * side,
                                        base - 0.5 * tip_len * side, end])
        return self

    def _show(self, visible: bool) -> None:
        if visible == self.visible:
            return
        self.visible = visible
        self.line.set_stroke(opacity=float(visible))
        self.shaft.set_stroke(opacity=float(visible))
        self.tip.set_fill(opacity=float(visible))

# --------------------------------------------------------------------------- heatmap
def class_rgb(
    P,
    colors: Sequence[str] = CLASS_COLORS,
    *,
    background: str = BACKGROUND,
    strength: tuple[float, float] = (0.12, 0.55),
) -> np.ndarray:
    """Colour of each class-probability vector in P (..., K): floats (..., 3) in [0, 1].

    The hue is the winning class's colour, mixed with the runner-up's in proportion to
    their probabilities (so it changes smoothly across a border and is at least half the
    winner's); how far it stands out from the background grows with the winning
    probability, from ``strength[0]`` at chance (1/K) to ``strength[1]`` at certainty.
    Two classes [1 - P, P] give :func:`probability_rgb` of P.

    >>> class_rgb([[0.0, 1.0, 0.0]], ["#FF0000", "#00FF00", "#0000FF"], background="#000000",
    ...           strength=(0.0, 1.0)).tolist()
    [[0.0, 1.0, 0.0]]
    """
    P = np.clip(np.asarray(P, dtype=np.float64), 0.0, 1.0)
    K = P.shape[-1]
    palette = np.array([hex_to_rgb(colors[k % len(colors)]) for k in range(K)])
    order = np.argsort(-P, axis=-1, kind="stable")
    a, b = order[..., 0], order[..., 1]
    pa = np.take_along_axis(P, a[..., None], axis=-1)
    pb = np.take_along_axis(P, b[..., None], axis=-1)
    total = np.where(pa + pb > 0, pa + pb, 1.0)
    hue = (pa * palette[a] + pb * palette[b]) / total
    bg = hex_to_rgb(background)
    confidence = np.clip((pa - 1.0 / K) / (1.0 - 1.0 / K), 0.0, 1.0)
    s = strength[0] + (strength[1] - strength[0]) * confidence
    return bg + s * (hue - bg)


def probability_rgb(
    P,
    colors: Sequence[str] = CLASS_COLORS[:2],
    *,
    background: str = BACKGROUND,
    strength: tuple[float, float] = (0.12, 0.55),
) -> np.ndarray:
    """Colour of each probability P(y=1) in P (...,): floats (..., 3) in [0, 1].

    The hue goes from class 0's colour (P = 0) to class 1's (P = 1); how far it stands
    out from the background grows with the confidence |2P - 1|, from ``strength[0]`` at
    the boundary to ``strength[1]`` at certainty (:func:`class_rgb` with two classes).

    >>> probability_rgb([0.0, 1.0], ["#FF0000", "#0000FF"], background="#000000",
    ...                 strength=(0.0, 1.0)).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    P = np.clip(np.asarray(P, dtype=np.float64), 0.0, 1.0)
    return class_rgb(np.stack([1.0 - P, P], axis=-1), colors[:2], background=background,
                     strength=strength)


class Heatmap(ImageMobject):
    """One image over a PlaneFrame, its pixels coloured from a grid of predictions in one step.

    ``sample_limits()`` gives the x and y ranges of the pixel centres, to pass to
    ``trace.predict_grid(pos, *heatmap.sample_limits(), resolution=heatmap.resolution)``;
    ``set_probabilities(P)`` takes that grid (row 0 at the bottom, as predict_grid returns
    it): P(y=1) (ny, nx) for a binary output (:func:`probability_rgb`), or the K class
    probabilities (ny, nx, K) for softmax (:func:`class_rgb`: the winner's colour, shaded by
    its probability). With ``threshold`` the plane is split into the two predicted
    classes (the half-planes of a linear classifier) instead of shaded by confidence.

    Examples
    --------
    ::

        class ShowHeat(Scene):
            def construct(self):
                heat = Heatmap(PlaneFrame((0, 1), (0, 1)), resolution=(2, 2))
                self.add(heat.set_probabilities([[0.0, 0.5], [0.5, 1.0]]))
    """

    def __init__(
        self,
        frame: PlaneFrame,
        *,
        resolution: tuple[int, int] = (160, 160),
        colors: Sequence[str] = CLASS_COLORS,
        strength: tuple[float, float] = (0.12, 0.55),
        **kwargs,
    ) -> None:
        nx, ny = int(resolution[0]), int(resolution[1])
        self.frame = frame
        self.resolution = (nx, ny)
        self.colors = tuple(colors)
        self.strength = strength
        blank = np.zeros((ny, nx, 4), dtype=np.uint8)
        blank[..., 3] = 255
        super().__init__(blank, resampling_algorithm=Image.Resampling.BILINEAR, **kwargs)
        lo, hi = frame.bounds
        self.stretch_to_fit_width(hi[0] - lo[0])
        self.stretch_to_fit_height(hi[1] - lo[1])
        self.move_to((lo + hi) / 2)
        self.set_probabilities(np.full((ny, nx), 0.5))

    def sample_limits(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """x and y ranges of the pixel centres (half a pixel inside the frame's limits)."""
        nx, ny = self.resolution
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        dx, dy = (x1 - x0) / nx, (y1 - y0) / ny
        return (x0 + dx / 2, x1 - dx / 2), (y0 + dy / 2, y1 - dy / 2)

    def sample_points(self) -> np.ndarray:
        """Data coordinates (ny * nx, 2) of the pixel centres, bottom row first."""
        (x0, x1), (y0, y1) = self.sample_limits()
        nx, ny = self.resolution
        gx, gy = np.meshgrid(np.linspace(x0, x1, nx), np.linspace(y0, y1, ny))
        return np.column_stack([gx.ravel(), gy.ravel()])

    def set_probabilities(self, P, threshold: float | None = None) -> Heatmap:
        """Recolour from P(y=1) on the grid, shape (ny, nx), or the class probabilities,
        shape (ny, nx, K); row 0 at the bottom."""
        nx, ny = self.resolution
        P = np.asarray(P, dtype=np.float64)
        if P.shape[:2] != (ny, nx) or P.ndim not in (2, 3):
            raise ValueError(f"P must have shape {(ny, nx)} or {(ny, nx)} + (K,), got {P.shape}")
        self.values = P
        if P.ndim == 3:
            rgb = class_rgb(P[::-1], self.colors, strength=self.strength)
        else:
            if threshold is not None:
                P = (P >= threshold).astype(np.float64) * 0.85 + 0.075
            rgb = probability_rgb(P[::-1], self.colors, strength=self.strength)
        arr = np.empty((ny, nx, 4), dtype=np.uint8)
        arr[..., :3] = np.round(rgb * 255).astype(np.uint8)
        arr[..., 3] = 255
        self.pixel_array = arr
        return self

# --------------------------------------------------------------------------- contour
class ContourLine(VMobject):
    """A level set of a grid over a PlaneFrame (the decision boundary P = 0.5), one VMobject.

    ``set_grid(P, xs, ys, level)`` recomputes it with :func:`contour_segments`;
    ``segments_data`` keeps the last segments in data coordinates.

    Examples
    --------
    ::

        class ShowContour(Scene):
            def construct(self):
                xs = np.linspace(-1, 1, 50)
                P = xs[None, :] ** 2 + xs[:, None] ** 2
                self.add(ContourLine(PlaneFrame((-1, 1), (-1, 1))).set_grid(P, xs, xs, 0.5))
    """

    def __init__(self, frame: PlaneFrame, *, color: str = FOREGROUND, stroke_width: float = 3.0,
                 **kwargs) -> None:
        super().__init__(stroke_color=color, stroke_width=stroke_width, fill_opacity=0, **kwargs)
        self.frame = frame
        self.segments_data = np.zeros((0, 2, 2))

    def set_grid(self, P, xs, ys, level: float = 0.5) -> ContourLine:
        return self.set_data_segments(contour_segments(P, level, xs, ys))

    def set_decision_grid(self, P, xs, ys) -> ContourLine:
        """The decision boundary of a grid of predictions: P(y=1) (ny, nx) at 0.5, or class
        probabilities (ny, nx, K) wherever the winning class changes."""
        P = np.asarray(P, dtype=np.float64)
        if P.ndim == 3:
            return self.set_data_segments(region_boundary_segments(P, xs, ys))
        return self.set_grid(P, xs, ys, 0.5)

    def set_data_segments(self, segs) -> ContourLine:
        """Draw straight segments given in data coordinates, shape (m, 2, 2)."""
        segs = np.asarray(segs, dtype=np.float64).reshape(-1, 2, 2)
        self.segments_data = segs
        return self.set_scene_segments(self.frame.to_scene(segs.reshape(-1, 2)).reshape(-1, 2, 3))

    def set_scene_segments(self, ends) -> ContourLine:
        """Draw straight segments given by their scene end points, shape (m, 2, 3)."""
        ends = np.asarray(ends, dtype=np.float64).reshape(-1, 2, 3)
        self.points = polyline_curves(ends)
        return self

