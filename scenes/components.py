"""Shared 2-D mobjects every input-plane scene composes: plane frame, data cloud, classifier
line, heatmap, training clock and loss curve.

All of them take their numbers from a trace (or from arrays the caller got from one) and are
updated with NumPy, one mobject per visual layer, so a scene stays fast at any number of
points or pixels. Coordinates: "data" coordinates are the trace's input plane (x1, x2);
"scene" coordinates are Manim points (n, 3). A :class:`PlaneFrame` converts between them.

Stable API (other scene modules import these):

- ``PlaneFrame(xlim, ylim, height=..., x_label=..., y_label=...)``: ``to_scene(XY)``,
  ``to_data(points)``, ``bounds``; equal aspect, follows the frame wherever it is moved.
- ``DataCloud(points, labels)`` / ``DataCloud.from_data(frame, X, y)``: ``set_centers``,
  ``move_to_data(frame, X)``.
- ``ClassifierLine(frame, w, b, color=...)``: ``set_params(w, b)``; ``endpoints_data``.
  ``half_plane_polygon``/``clip_polygon``: a classifier's side of the frame as a polygon.
- ``Heatmap(frame, resolution=...)``: ``sample_limits()``, ``set_probabilities(P, threshold)``;
  ``probability_rgb(P)`` is the colour map (pure NumPy).
- ``ContourLine(frame)``: ``set_grid(P, level)``: the level set of a grid as one VMobject.
- ``TrainingClock(trace)``: ``set_position(pos)``; ``shown`` holds (step, loss, accuracy).
- ``NumberText(text)``: digits typeset once by TeX, rewritten per frame cheaply.
- ``LossCurve(trace)``: ``set_position(pos)``.
- ``TracePlayer(trace, tracker)`` ties them to one ValueTracker (the trace position).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    UR,
    Circle,
    Dot,
    ImageMobject,
    Line,
    MathTex,
    Mobject,
    Rectangle,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
)
from PIL import Image

from mlp.trace import Trace
from scenes import timeline
from scenes.style import BACKGROUND, CLASS_COLORS, FOREGROUND, MUTED, hex_to_rgb

FONT = "DejaVu Sans"


def caption(text: str, *, font_size: float = 30, color: str = FOREGROUND) -> Text:
    """A line of plain text in the project's font (Pango, no LaTeX)."""
    return Text(text, font=FONT, font_size=font_size, color=color)


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
    .. code-block:: python

        class Show(Scene):
            def construct(self):
                frame = PlaneFrame((-4, 4), (-4, 4), height=6)
                self.add(frame, Dot(frame.to_scene([[1.0, 2.0]])[0]))
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

    def to_scene(self, XY) -> np.ndarray:
        """Data points (n, 2) to scene points (n, 3) (z = 0)."""
        XY = np.asarray(XY, dtype=np.float64).reshape(-1, 2)
        lo, hi = self.bounds
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        out = np.zeros((len(XY), 3))
        out[:, 0] = lo[0] + (XY[:, 0] - x0) / (x1 - x0) * (hi[0] - lo[0])
        out[:, 1] = lo[1] + (XY[:, 1] - y0) / (y1 - y0) * (hi[1] - lo[1])
        return out

    def to_data(self, points) -> np.ndarray:
        """Scene points (n, 3) or (n, 2) to data points (n, 2)."""
        P = np.asarray(points, dtype=np.float64)
        P = P.reshape(-1, P.shape[-1])[:, :2]
        lo, hi = self.bounds
        x = self.xlim[0] + (P[:, 0] - lo[0]) / (hi[0] - lo[0]) * (self.xlim[1] - self.xlim[0])
        y = self.ylim[0] + (P[:, 1] - lo[1]) / (hi[1] - lo[1]) * (self.ylim[1] - self.ylim[0])
        return np.column_stack([x, y])


Limits = tuple[tuple[float, float], tuple[float, float]]


def square_limits(trace: Trace, margin: float = 0.12) -> Limits:
    """Equal, centred x and y ranges that hold the trace's data with ``margin`` to spare."""
    (x0, x1), (y0, y1) = trace.data_bounds(margin)
    half = max(x1 - x0, y1 - y0) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - half, cx + half), (cy - half, cy + half)


# --------------------------------------------------------------------------- data cloud
def _circle_template(radius: float) -> np.ndarray:
    """Bezier control points (16, 3) of a circle of ``radius`` around the origin.

    Four cubic arcs (radial error under 0.03%): Cairo's cost per frame is a Python call per
    curve, so fewer curves per dot is what keeps thousands of dots fast.
    """
    return Circle(radius=radius, num_components=5).points.copy()


class DataCloud(VGroup):
    """Data points as round dots, one VMobject per class whose path holds all its circles.

    Moving the cloud is one NumPy expression per class (a template circle's Bezier points
    offset by every centre), not one mobject per point. ``centers`` (n, 3) and ``labels``
    (n,) are the current state; ``classes[c]`` is the VMobject of class c.

    Examples
    --------
    .. code-block:: python

        class Show(Scene):
            def construct(self):
                frame = PlaneFrame((-4, 4), (-4, 4), height=6)
                X = np.random.default_rng(0).normal(size=(200, 2))
                cloud = DataCloud.from_data(frame, X, (X[:, 0] > 0).astype(int))
                self.add(frame, cloud)
    """

    def __init__(
        self,
        centers,
        labels,
        *,
        radius: float = 0.06,
        colors: Sequence[str] = CLASS_COLORS,
        outline: str = BACKGROUND,
        outline_width: float = 1.0,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.labels = np.asarray(labels, dtype=np.int64).ravel()
        self.radius = float(radius)
        self._template = _circle_template(self.radius)
        self.classes: dict[int, VMobject] = {}
        for c in np.unique(self.labels):
            part = VMobject(fill_color=colors[int(c) % len(colors)], fill_opacity=1.0,
                            stroke_color=outline, stroke_width=outline_width)
            self.classes[int(c)] = part
            self.add(part)
        self.set_centers(centers)

    @classmethod
    def from_data(cls, frame: PlaneFrame, X, y, **kwargs) -> DataCloud:
        """A cloud of the data points X (n, 2) with labels y (n,), placed in ``frame``."""
        return cls(frame.to_scene(X), y, **kwargs)

    def set_centers(self, centers) -> DataCloud:
        """Move every dot: ``centers`` (n, 3) scene points, in the order of ``labels``."""
        C = np.asarray(centers, dtype=np.float64).reshape(-1, 3)
        if len(C) != len(self.labels):
            raise ValueError(f"centers must have {len(self.labels)} rows, got {len(C)}")
        self.centers = C
        for c, part in self.classes.items():
            pts = C[self.labels == c][:, None, :] + self._template[None, :, :]
            part.points = pts.reshape(-1, 3)
        return self

    def move_to_data(self, frame: PlaneFrame, X) -> DataCloud:
        """Move every dot to the data points X (n, 2) of ``frame``."""
        return self.set_centers(frame.to_scene(X))


# --------------------------------------------------------------------- classifier line
def clip_line(w, b: float, xlim, ylim) -> np.ndarray | None:
    """The segment of the line w . x + b = 0 inside the box xlim x ylim, as (2, 2), or None.

    >>> clip_line([1.0, 0.0], -1.0, (-2, 2), (-2, 2)).tolist()
    [[1.0, -2.0], [1.0, 2.0]]
    >>> clip_line([1.0, 0.0], -5.0, (-2, 2), (-2, 2)) is None
    True
    """
    w = np.asarray(w, dtype=np.float64).ravel()
    nn = float(w @ w)
    if nn < 1e-300:
        return None
    p0 = -b * w / nn
    d = np.array([-w[1], w[0]]) / np.sqrt(nn)
    t_lo, t_hi = -np.inf, np.inf
    for k, (lo, hi) in enumerate((xlim, ylim)):
        if abs(d[k]) < 1e-12:
            if not lo <= p0[k] <= hi:
                return None
            continue
        a, c = (lo - p0[k]) / d[k], (hi - p0[k]) / d[k]
        t_lo, t_hi = max(t_lo, min(a, c)), min(t_hi, max(a, c))
    if t_hi <= t_lo:
        return None
    return np.array([p0 + t_lo * d, p0 + t_hi * d])


class ClassifierLine(VGroup):
    """The line w . x + b = 0 inside a PlaneFrame, with an arrow along its normal w.

    The arrow starts at the middle of the visible segment and points to the side where
    w . x + b > 0 (the side the classifier calls positive). When the line leaves the frame
    the mobject fades out and comes back when it returns. Parts: ``line``, ``normal``
    (shaft and tip). ``endpoints_data`` is the visible segment in data coordinates (2, 2)
    or None.

    Examples
    --------
    .. code-block:: python

        class Show(Scene):
            def construct(self):
                frame = PlaneFrame((-4, 4), (-4, 4), height=6)
                line = ClassifierLine(frame, w=(1.0, 2.0), b=-1.0, color=YELLOW)
                self.add(frame, line)
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


def clip_polygon(vertices, w, b: float, side: float = 1.0) -> np.ndarray:
    """The part of a convex polygon (k, 2) where side * (w . x + b) >= 0 (Sutherland-Hodgman).

    >>> clip_polygon([[0, 0], [2, 0], [2, 2], [0, 2]], [1.0, 0.0], -1.0).tolist()
    [[1.0, 0.0], [2.0, 0.0], [2.0, 2.0], [1.0, 2.0]]
    """
    V = np.asarray(vertices, dtype=np.float64).reshape(-1, 2)
    w = np.asarray(w, dtype=np.float64).ravel()[:2]
    f = side * (V @ w + b)
    out = []
    for i in range(len(V)):
        j = (i + 1) % len(V)
        if f[i] >= 0:
            out.append(V[i])
        if (f[i] >= 0) != (f[j] >= 0):
            out.append(V[i] + f[i] / (f[i] - f[j]) * (V[j] - V[i]))
    return np.array(out).reshape(-1, 2)


def half_plane_polygon(w, b: float, xlim, ylim, side: float = 1.0) -> np.ndarray:
    """The half-plane side * (w . x + b) >= 0 inside the box xlim x ylim, vertices (k, 2)."""
    box = [[xlim[0], ylim[0]], [xlim[1], ylim[0]], [xlim[1], ylim[1]], [xlim[0], ylim[1]]]
    return clip_polygon(box, w, b, side)


# --------------------------------------------------------------------------- heatmap
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
    the boundary to ``strength[1]`` at certainty.

    >>> probability_rgb([0.0, 1.0], ["#FF0000", "#0000FF"], background="#000000",
    ...                 strength=(0.0, 1.0)).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    P = np.clip(np.asarray(P, dtype=np.float64), 0.0, 1.0)[..., None]
    c0, c1 = hex_to_rgb(colors[0]), hex_to_rgb(colors[1])
    bg = hex_to_rgb(background)
    hue = (1 - P) * c0 + P * c1
    s = strength[0] + (strength[1] - strength[0]) * np.abs(2 * P - 1)
    return bg + s * (hue - bg)


class Heatmap(ImageMobject):
    """One image over a PlaneFrame, its pixels coloured from a grid of P(y=1) in one step.

    ``sample_limits()`` gives the x and y ranges of the pixel centres, to pass to
    ``trace.predict_grid(pos, *heatmap.sample_limits(), resolution=heatmap.resolution)``;
    ``set_probabilities(P)`` takes that (ny, nx) grid (row 0 at the bottom, as
    predict_grid returns it). With ``threshold`` the plane is split into the two predicted
    classes (the half-planes of a linear classifier) instead of shaded by confidence.

    Examples
    --------
    .. code-block:: python

        class Show(Scene):
            def construct(self):
                trace = load_trace("assets/seed-notebook.npz")
                frame = PlaneFrame(*square_limits(trace), height=6)
                heat = Heatmap(frame, resolution=(160, 160))
                heat.set_probabilities(trace.predict_grid(200, *heat.sample_limits(), (160, 160)))
                self.add(heat, frame)
    """

    def __init__(
        self,
        frame: PlaneFrame,
        *,
        resolution: tuple[int, int] = (160, 160),
        colors: Sequence[str] = CLASS_COLORS[:2],
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
        """Recolour from P(y=1) on the grid, shape (ny, nx), row 0 at the bottom."""
        nx, ny = self.resolution
        P = np.asarray(P, dtype=np.float64)
        if P.shape != (ny, nx):
            raise ValueError(f"P must have shape {(ny, nx)}, got {P.shape}")
        self.values = P
        if threshold is not None:
            P = (P >= threshold).astype(np.float64) * 0.85 + 0.075
        rgb = probability_rgb(P[::-1], self.colors, strength=self.strength)
        arr = np.empty((ny, nx, 4), dtype=np.uint8)
        arr[..., :3] = np.round(rgb * 255).astype(np.uint8)
        arr[..., 3] = 255
        self.pixel_array = arr
        return self


# --------------------------------------------------------------------------- contour
def contour_segments(P, level: float, xs, ys) -> np.ndarray:
    """Marching squares: the level set P = level of a grid, as segments (m, 2, 2).

    ``P`` (ny, nx) holds values at the points (xs[j], ys[i]). Each cell crossed by the level
    contributes one segment (two on a saddle), its ends linearly interpolated on the edges.

    >>> P = np.array([[0.0, 1.0], [0.0, 1.0]])
    >>> contour_segments(P, 0.5, [0.0, 1.0], [0.0, 1.0]).round(3).tolist()
    [[[0.5, 0.0], [0.5, 1.0]]]
    """
    P = np.asarray(P, dtype=np.float64) - level
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    a, b = P[:-1, :-1], P[:-1, 1:]  # bottom-left, bottom-right
    d, c = P[1:, :-1], P[1:, 1:]  # top-left, top-right
    X0, X1 = np.meshgrid(xs[:-1], ys[:-1])[0], np.meshgrid(xs[1:], ys[:-1])[0]
    Y0, Y1 = np.meshgrid(xs[:-1], ys[:-1])[1], np.meshgrid(xs[:-1], ys[1:])[1]

    def cut(u, v):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = u / (u - v)
        return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)

    # edge crossing points: bottom (a-b), right (b-c), top (d-c), left (a-d)
    edges = [
        ((a > 0) != (b > 0), X0 + cut(a, b) * (X1 - X0), Y0),
        ((b > 0) != (c > 0), X1, Y0 + cut(b, c) * (Y1 - Y0)),
        ((d > 0) != (c > 0), X0 + cut(d, c) * (X1 - X0), Y1),
        ((a > 0) != (d > 0), X0, Y0 + cut(a, d) * (Y1 - Y0)),
    ]
    mask = np.stack([e[0] for e in edges])  # (4, ny-1, nx-1)
    px = np.stack([np.broadcast_to(e[1], a.shape) for e in edges])
    py = np.stack([np.broadcast_to(e[2], a.shape) for e in edges])
    count = mask.sum(axis=0)
    segs = []
    two = count == 2
    if two.any():
        idx = np.argsort(~mask[:, two], axis=0, kind="stable")[:2]  # the two crossed edges
        cols = np.nonzero(two.ravel())[0]
        pxs, pys = px.reshape(4, -1)[:, cols], py.reshape(4, -1)[:, cols]
        k = np.arange(len(cols))
        p = np.stack([np.column_stack([pxs[idx[0], k], pys[idx[0], k]]),
                      np.column_stack([pxs[idx[1], k], pys[idx[1], k]])], axis=1)
        segs.append(p)
    four = count == 4
    if four.any():  # saddle: pair bottom with left and top with right (or the other way)
        cols = np.nonzero(four.ravel())[0]
        pxs, pys = px.reshape(4, -1)[:, cols], py.reshape(4, -1)[:, cols]
        pt = [np.column_stack([pxs[e], pys[e]]) for e in range(4)]
        segs.append(np.stack([pt[0], pt[3]], axis=1))
        segs.append(np.stack([pt[2], pt[1]], axis=1))
    if not segs:
        return np.zeros((0, 2, 2))
    return np.concatenate(segs)


class ContourLine(VMobject):
    """A level set of a grid over a PlaneFrame (the decision boundary P = 0.5), one VMobject.

    ``set_grid(P, xs, ys, level)`` recomputes it with :func:`contour_segments`;
    ``segments_data`` keeps the last segments in data coordinates.
    """

    def __init__(self, frame: PlaneFrame, *, color: str = FOREGROUND, stroke_width: float = 3.0,
                 **kwargs) -> None:
        super().__init__(stroke_color=color, stroke_width=stroke_width, fill_opacity=0, **kwargs)
        self.frame = frame
        self.segments_data = np.zeros((0, 2, 2))

    def set_grid(self, P, xs, ys, level: float = 0.5) -> ContourLine:
        segs = contour_segments(P, level, xs, ys)
        self.segments_data = segs
        return self.set_scene_segments(self.frame.to_scene(segs.reshape(-1, 2)).reshape(-1, 2, 3))

    def set_scene_segments(self, ends) -> ContourLine:
        """Draw straight segments given by their scene end points, shape (m, 2, 3)."""
        ends = np.asarray(ends, dtype=np.float64).reshape(-1, 2, 3)
        if len(ends) == 0:
            self.points = np.zeros((0, 3))
            return self
        t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
        curves = ends[:, :1] + t * (ends[:, 1:] - ends[:, :1])  # straight cubic Beziers
        self.points = curves.reshape(-1, 3)
        return self


# ------------------------------------------------------------------------ number glyphs
_GLYPHS = "0123456789.%-"
_glyph_cache: dict[float, dict[str, tuple[list[np.ndarray], float]]] = {}


def _glyphs(font_size: float) -> dict[str, tuple[list[np.ndarray], float]]:
    """TeX's glyphs for digits, '.', '%' and '-' at ``font_size``: each char's paths (points
    relative to its pen position on the baseline) and its advance, typeset once."""
    if font_size not in _glyph_cache:
        parts = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", r"\%", "-"]
        tex = MathTex(*parts, font_size=font_size)
        baseline = tex[1].get_bottom()[1]  # the foot of "1" sits on the baseline
        lefts = [m.get_left()[0] for m in tex]
        digit_advance = (lefts[9] - lefts[0]) / 9
        table = {}
        for i, ch in enumerate(_GLYPHS):
            glyph = tex[i]
            pen = lefts[i]
            if ch.isdigit():  # digits are tabular: centre each in one advance
                pen = glyph.get_center()[0] - digit_advance / 2
                advance = digit_advance
            else:
                advance = glyph.width + 0.25 * digit_advance
            paths = [m.points - np.array([pen, baseline, 0.0])
                     for m in glyph.family_members_with_points()]
            table[ch] = (paths, advance)
        _glyph_cache[font_size] = table
    return _glyph_cache[font_size]


class NumberText(VMobject):
    """A number written with TeX glyphs typeset once, rewritten by copying their points.

    Much cheaper per change than DecimalNumber (no TeX run, no deep copy), so a readout can
    change every frame. ``text`` is the string shown; characters other than digits, '.',
    '%' and '-' are refused. The left end of the baseline stays where it was.
    """

    def __init__(self, text: str = "0", *, font_size: float = 30, color: str = FOREGROUND,
                 **kwargs) -> None:
        super().__init__(fill_color=color, fill_opacity=1.0, stroke_width=0, **kwargs)
        self.font_size_ = float(font_size)
        self.anchor = np.zeros(3)  # left end of the baseline
        self._local0: np.ndarray | None = None
        self.text = ""
        self.set_text(text)

    def set_text(self, text: str) -> NumberText:
        bad = sorted(set(text) - set(_GLYPHS))
        if bad:
            raise ValueError(f"NumberText can show digits, '.', '%' and '-', got {bad}")
        if len(self.points) and self._local0 is not None:  # follow any shift since then
            self.anchor = self.points[0] - self._local0
        table = _glyphs(self.font_size_)
        pen, chunks = 0.0, []
        for ch in text:
            paths, advance = table[ch]
            chunks.extend(p + np.array([pen, 0.0, 0.0]) for p in paths)
            pen += advance
        self.text = text
        local = np.concatenate(chunks) if chunks else np.zeros((0, 3))
        self._local0 = local[0].copy() if len(local) else None
        self.points = local + self.anchor
        return self

    def place(self, point) -> NumberText:
        """Put the left end of the baseline at ``point``."""
        if len(self.points) and self._local0 is not None:
            self.anchor = self.points[0] - self._local0
        shift = np.asarray(point, dtype=np.float64) - self.anchor
        self.anchor = self.anchor + shift
        self.points = self.points + shift
        return self


# ---------------------------------------------------------------------- training clock
def text_baseline(text: Text) -> float:
    """The y of a Text's baseline: its bottom, raised by the descender when it has one."""
    bottom = text.get_bottom()[1]
    if any(c in "gjpqy" for c in text.original_text):
        size = text.font_size
        depth = caption("op", font_size=size).height - caption("o", font_size=size).height
        return bottom + depth
    return bottom


class TrainingClock(VGroup):
    """The training clock: step, loss and accuracy of the trace's snapshot at a position.

    The numbers are the trace's own (``trace.steps``, ``trace.loss``, ``trace.accuracy`` of
    ``trace.snapshot_at(pos)``), never recomputed. ``shown`` is the (step, loss, accuracy)
    tuple on screen, ``snapshot`` its index, ``texts()`` the three strings. Parts: ``step``,
    ``loss``, ``accuracy`` (NumberText) and their ``names``.

    Examples
    --------
    .. code-block:: python

        class Show(Scene):
            def construct(self):
                trace = load_trace("assets/seed-notebook.npz")
                player = TracePlayer(trace)
                clock = player.follow(TrainingClock(trace))
                self.add(clock)
                self.play(player.animate_to(), run_time=4)
    """

    def __init__(self, trace: Trace, *, font_size: float = 30, loss_decimals: int = 4,
                 show_total: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace = trace
        self.loss_decimals = loss_decimals
        self.names = VGroup(*(caption(s, font_size=font_size * 0.7, color=MUTED)
                              for s in ("step", "loss", "accuracy")))
        self.names.arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        # baselines relative to each name's centre, measured once (Text creation is slow)
        self._baselines = [text_baseline(n) - n.get_y() for n in self.names]
        self.step = NumberText("0", font_size=font_size)
        self.loss = NumberText("0", font_size=font_size)
        self.accuracy = NumberText("0", font_size=font_size)
        self.total = (MathTex(rf"/\,{int(trace.steps[-1])}", font_size=font_size * 0.8,
                              color=MUTED) if show_total else VGroup())
        self.add(self.names, self.step, self.loss, self.accuracy, self.total)
        self.snapshot = -1
        self.set_position(0.0)

    def texts(self) -> tuple[str, str, str]:
        """The strings on screen for step, loss and accuracy."""
        return self.step.text, self.loss.text, self.accuracy.text

    def format(self, step: int, loss: float, accuracy: float) -> tuple[str, str, str]:
        return str(int(step)), f"{loss:.{self.loss_decimals}f}", f"{100 * accuracy:.1f}%"

    def set_position(self, pos: float) -> TrainingClock:
        """Show the numbers of snapshot ``trace.snapshot_at(pos)``."""
        k = self.trace.snapshot_at(pos)
        if k == self.snapshot:
            return self
        self.snapshot = k
        t = self.trace
        self.shown = (int(t.steps[k]), float(t.loss[k]), float(t.accuracy[k]))
        x = self.names.get_right()[0] + 0.3
        for name, base, value, text in zip(self.names, self._baselines,
                                           (self.step, self.loss, self.accuracy),
                                           self.format(*self.shown), strict=True):
            value.set_text(text)
            value.place([x, name.get_y() + base, 0.0])
        if isinstance(self.total, MathTex):
            self.total.next_to(self.step, RIGHT, buff=0.1).align_to(self.step, DOWN)
        return self


# --------------------------------------------------------------------------- loss curve
class LossCurve(VGroup):
    """The trace's recorded loss against training step, drawn up to a trace position.

    x is the step on a log scale (log(1 + step)) by default, so the first steps, where most
    of the movement happens, get room; ``log_steps=False`` gives a linear axis. y runs from
    0 to the largest recorded loss. ``curve`` holds the drawn part (interpolated to the
    exact position), ``dot`` the current value.
    """

    def __init__(self, trace: Trace, *, width: float = 4.2, height: float = 2.2,
                 color: str = FOREGROUND, font_size: float = 20, log_steps: bool = True,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace = trace
        self.width_, self.height_ = width, height
        self.log_steps = log_steps
        self.x_max = self._x(float(max(trace.steps[-1], 1)))
        self.y_max = float(max(trace.loss.max(), 1e-12)) * 1.05
        self.axes = VGroup(Line(ORIGIN, width * RIGHT, stroke_color=MUTED, stroke_width=2),
                           Line(ORIGIN, height * UP, stroke_color=MUTED, stroke_width=2))
        self.curve = VMobject(stroke_color=color, stroke_width=3)
        self.dot = Dot(radius=0.05, color=color)
        y_name = caption("loss", font_size=font_size, color=MUTED)
        y_name.next_to(self.axes[1], UP, buff=0.1).align_to(self.axes[1], LEFT)
        x_name = caption("step" + (" (log scale)" if log_steps else ""), font_size=font_size,
                         color=MUTED)
        self.ticks = VGroup()
        for step in self._tick_steps():
            x = self._x(step) / self.x_max * width
            tick = Line(ORIGIN, 0.08 * DOWN, stroke_color=MUTED, stroke_width=2).shift(x * RIGHT)
            label = caption(f"{step:g}", font_size=font_size * 0.9, color=MUTED)
            label.next_to(tick, DOWN, buff=0.06)
            self.ticks.add(VGroup(tick, label))
        x_name.next_to(self.ticks, DOWN, buff=0.1).align_to(self.axes[0], RIGHT)
        self.labels = VGroup(y_name, x_name)
        self.add(self.axes, self.ticks, self.curve, self.dot, self.labels)
        self.set_position(0.0)

    def _x(self, steps):
        steps = np.asarray(steps, dtype=np.float64)
        return np.log1p(steps) if self.log_steps else steps

    def _tick_steps(self) -> list[float]:
        last = float(self.trace.steps[-1])
        if not self.log_steps:
            return [0.0, last]
        ticks = [0.0] + [10.0 ** k for k in range(0, 12) if 10.0 ** k < last * 0.6]
        return ticks + [last]

    def _to_scene(self, steps, losses) -> np.ndarray:
        o = self.axes[0].get_start()
        pts = np.zeros((len(steps), 3))
        pts[:, 0] = o[0] + self._x(steps) / self.x_max * self.width_
        pts[:, 1] = o[1] + np.asarray(losses) / self.y_max * self.height_
        return pts

    def set_position(self, pos: float) -> LossCurve:
        t = self.trace
        pos = float(np.clip(pos, 0, t.n_snapshots - 1))
        k = int(np.floor(pos))
        frac = pos - k
        steps = list(t.steps[:k + 1].astype(float))
        losses = list(t.loss[:k + 1])
        if frac > 0 and k + 1 < t.n_snapshots:
            steps.append(t.step_at(pos))
            losses.append((1 - frac) * t.loss[k] + frac * t.loss[k + 1])
        pts = self._to_scene(steps, losses)
        if len(pts) == 1:
            pts = np.vstack([pts, pts])
        self.curve.set_points_as_corners(pts)
        self.dot.move_to(pts[-1])
        return self


# ------------------------------------------------------------------------- trace player
class TracePlayer:
    """Ties mobjects to one trace position: a ValueTracker in [0, S-1] that video time moves.

    ``follow(mobject, update)`` adds an updater calling ``update(pos)``; ``seek(pos)``
    applies a position at once; ``play(scene, to, run_time)`` animates the tracker linearly,
    so equal video time covers equal numbers of snapshots (dense early, sparse late).
    """

    def __init__(self, trace: Trace, start: float = 0.0) -> None:
        self.trace = trace
        self.tracker = ValueTracker(float(start))
        self._followers: list[tuple[Mobject, Callable[[float], object]]] = []
        timeline.register(self)  # recorded as the clip's time -> position, when asked

    @property
    def pos(self) -> float:
        return float(self.tracker.get_value())

    @property
    def end(self) -> float:
        return float(self.trace.n_snapshots - 1)

    def follow(self, mobject: Mobject,
               update: Callable[[float], object] | None = None) -> Mobject:
        """Keep ``mobject`` at the tracker's position: ``update(pos)`` every frame
        (default: the mobject's own ``set_position``)."""
        update = update or mobject.set_position
        update(self.pos)
        mobject.add_updater(lambda m: update(self.pos))
        self._followers.append((mobject, update))
        return mobject

    def seek(self, pos: float) -> None:
        self.tracker.set_value(float(pos))
        for _, update in self._followers:
            update(self.pos)

    def animate_to(self, pos: float | None = None):
        """The animation moving the clock to ``pos`` (default: the last snapshot)."""
        return self.tracker.animate.set_value(self.end if pos is None else float(pos))
