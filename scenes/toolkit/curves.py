"""A regression of one input drawn as curves: the plane of x against y, each hidden unit's
weighted output v_i h_i(x), the network's fit y-hat(x) and the residuals of the data.

For a network with one hidden layer, y-hat(x) = c + sum_i v_i h_i(x): the units' weighted
curves add up, with the output bias c, to the fit (Nielsen, *Neural Networks and Deep
Learning*, chapter 4). The fit drawn is the core's own forward pass (``trace.predict_proba``),
and the units' curves the core's hidden activations (``trace.hidden``), each times its
output weight, so the picture shows that they agree rather than assuming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Dot, Line, MathTex, Rectangle, VGroup

from mlp.activations import RECORDS as ACTIVATIONS
from mlp.trace import Trace
from scenes.toolkit.clouds import LineSet, PointCloud
from scenes.toolkit.language import decimal
from scenes.toolkit.readouts import caption
from scenes.toolkit.sample import display_sample
from scenes.toolkit.style import FOREGROUND, MUTED, unit_color

# The residuals' colour: the data points' own, apart from every unit colour and the fit's.
RESIDUAL = MUTED


class CurvePlane(VGroup):
    """A rectangle on screen showing x in ``xlim`` against y in ``ylim`` (each axis its own
    scale). ``to_scene(x, y)`` and ``to_data(points)`` read the border's current corners.

    Parts: ``border``, ``axes`` (the line y = 0 when inside), ``ticks`` (a few round values
    of each axis, marked and numbered along the border), ``labels`` (x and y names).

    Examples
    --------
    ::

        class ShowCurvePlane(Scene):
            def construct(self):
                self.add(CurvePlane((-3, 3), (-1, 1), width=8, height=5))
    """

    def __init__(self, xlim: Sequence[float], ylim: Sequence[float], *, width: float = 8.0,
                 height: float = 6.0, center=ORIGIN, x_label: str = "x", y_label: str = "y",
                 stroke_color: str = MUTED, **kwargs) -> None:
        super().__init__(**kwargs)
        self.xlim = (float(xlim[0]), float(xlim[1]))
        self.ylim = (float(ylim[0]), float(ylim[1]))
        if not (self.xlim[1] > self.xlim[0] and self.ylim[1] > self.ylim[0]):
            raise ValueError(f"limits must be increasing, got xlim={xlim}, ylim={ylim}")
        self.border = Rectangle(width=width, height=height, stroke_color=stroke_color,
                                stroke_width=2).move_to(center)
        self.axes = VGroup()
        if self.ylim[0] < 0 < self.ylim[1]:
            a, b = self.to_scene(np.array(self.xlim), np.zeros(2))
            self.axes.add(Line(a, b, stroke_color=stroke_color, stroke_width=1,
                               stroke_opacity=0.6))
        self.ticks = self._build_ticks(stroke_color)
        xl = MathTex(x_label, font_size=30, color=MUTED)
        xl.next_to(self.border.get_corner(np.array([1, -1, 0])), RIGHT, buff=0.12)
        yl = MathTex(y_label, font_size=30, color=MUTED)
        yl.next_to(self.border.get_corner(np.array([-1, 1, 0])), UP, buff=0.1)
        self.labels = VGroup(xl, yl)
        self.add(self.border, self.axes, self.ticks, self.labels)

    def _build_ticks(self, color: str) -> VGroup:
        ticks = VGroup()
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        for v in nice_ticks(x0, x1):
            p = self.to_scene([v], [y0])[0]
            mark = Line(p, p + 0.1 * DOWN, stroke_color=color, stroke_width=2)
            label = caption(decimal(v, "g"), font_size=16, color=MUTED)
            label.next_to(mark, DOWN, buff=0.05)
            ticks.add(VGroup(mark, label))
        for v in nice_ticks(y0, y1):
            p = self.to_scene([x0], [v])[0]
            mark = Line(p, p + 0.1 * LEFT, stroke_color=color, stroke_width=2)
            label = caption(decimal(v, "g"), font_size=16, color=MUTED)
            label.next_to(mark, LEFT, buff=0.05)
            ticks.add(VGroup(mark, label))
        return ticks

    def to_scene(self, x, y) -> np.ndarray:
        """Scene points (m, 3) of data points (x[j], y[j])."""
        lo, hi = self.border.get_corner(np.array([-1, -1, 0])), \
            self.border.get_corner(np.array([1, 1, 0]))
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        out = np.zeros((x.size, 3))
        out[:, 0] = lo[0] + (x.ravel() - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) \
            * (hi[0] - lo[0])
        out[:, 1] = lo[1] + (y.ravel() - self.ylim[0]) / (self.ylim[1] - self.ylim[0]) \
            * (hi[1] - lo[1])
        return out

    def to_data(self, points) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of scene points (m, 3): the inverse of :meth:`to_scene`."""
        lo, hi = self.border.get_corner(np.array([-1, -1, 0])), \
            self.border.get_corner(np.array([1, 1, 0]))
        P = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        x = self.xlim[0] + (P[:, 0] - lo[0]) / (hi[0] - lo[0]) * (self.xlim[1] - self.xlim[0])
        y = self.ylim[0] + (P[:, 1] - lo[1]) / (hi[1] - lo[1]) * (self.ylim[1] - self.ylim[0])
        return x, y


def nice_ticks(lo: float, hi: float, most: int = 7) -> list[float]:
    """Round values inside [lo, hi], 1, 2 or 5 times a power of ten apart, at most ``most``.

    >>> nice_ticks(-3.3, 3.3)
    [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    >>> nice_ticks(-1.4, 1.6)
    [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
    """
    span = hi - lo
    if not span > 0:
        return []
    base = 10.0 ** np.floor(np.log10(span / most))
    for mult in (1.0, 2.0, 5.0, 10.0):
        step = mult * base
        if span / step <= most:
            break
    first = np.ceil(lo / step) * step
    values = np.arange(first, hi + 1e-9 * span, step)
    return [float(np.round(v / step) * step) + 0.0 for v in values]


@dataclass(frozen=True)
class UnitSum:
    """A one-hidden-layer regression along x at one trace position.

    xs (m,); parts (h, m): unit i's weighted output v_i h_i(x); bias: the output bias c;
    fit (m,): the network's output y-hat(x) (the core's forward pass); centres (h,): each
    unit's x = -b_i/w_i (inf where w_i = 0); heights (h,): its output weight v_i.
    """

    xs: np.ndarray
    parts: np.ndarray
    bias: float
    fit: np.ndarray
    centres: np.ndarray
    heights: np.ndarray


def unit_sum(trace: Trace, pos: float, xs) -> UnitSum:
    """The units' weighted curves, the bias and the fit of ``trace`` at ``pos`` along xs."""
    xs = np.asarray(xs, dtype=np.float64).ravel()
    X = xs[:, None]
    W, b = trace.params_at(pos)
    v = W[1][:, 0]
    parts = (trace.hidden(pos, 1, X) * v).T
    fit = np.asarray(trace.predict_proba(pos, X), dtype=np.float64).reshape(-1)
    w = W[0][0]
    with np.errstate(divide="ignore", invalid="ignore"):
        centres = np.where(w != 0, -b[0] / np.where(w != 0, w, 1.0), np.inf)
    return UnitSum(xs, parts, float(b[1][0]), fit, centres, v.copy())


def curve_limits(trace: Trace, xs, margin: float = 0.08) -> tuple[tuple[float, float],
                                                                   tuple[float, float]]:
    """x and y ranges that hold the data, and every unit's curve and the fit at every
    snapshot along xs (so nothing leaves the plane as training plays)."""
    lo, hi = float(np.min(trace.y)), float(np.max(trace.y))
    for k in range(trace.n_snapshots):
        s = unit_sum(trace, k, xs)
        lo = min(lo, float(s.parts.min()), float(s.fit.min()))
        hi = max(hi, float(s.parts.max()), float(s.fit.max()))
    pad = margin * max(hi - lo, 1e-9)
    return (float(xs[0]), float(xs[-1])), (lo - pad, hi + pad)


class UnitCurves(VGroup):
    """What a 1-h-1 regression draws in a :class:`CurvePlane` at a trace position.

    Parts: ``units`` (one LineSet per hidden unit, in its colour: v_i h_i(x)), ``fit``
    (LineSet: y-hat(x)), ``residuals`` (LineSet: a segment from each training point to the
    fit), ``centres`` (a Dot per unit on its curve at x = -b_i/w_i, hidden when that lies
    outside the plane), ``data`` (PointCloud of the training points drawn: ``sample``, at
    most DISPLAY_POINTS of them, scenes.toolkit.sample). ``shown`` is the
    :class:`UnitSum` on screen; ``set_position(pos)`` redraws everything from it.

    Examples
    --------
    ::

        class ShowUnitCurves(Scene):
            def construct(self):
                trace = load_trace("assets/sine-width-8.npz")
                xs = np.linspace(-3.3, 3.3, 121)
                plane = CurvePlane(*curve_limits(trace, xs), width=8, height=6)
                self.add(plane, UnitCurves(plane, trace, xs=xs).set_position(160))
    """

    def __init__(self, plane: CurvePlane, trace: Trace, *, xs=None, samples: int = 241,
                 unit_width: float = 3.0, fit_width: float = 5.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plane, self.trace = plane, trace
        self.xs = np.linspace(*plane.xlim, samples) if xs is None else np.asarray(xs, float)
        act = ACTIVATIONS[trace.activations[0]]
        self._g0 = float(act.function(np.zeros(1))[0])
        h = trace.sizes[1]
        self.units = VGroup(*(LineSet(color=unit_color(i), stroke_width=unit_width)
                              for i in range(h)))
        self.fit = LineSet(color=FOREGROUND, stroke_width=fit_width)
        # in the points' own grey: a stem from each point to the fit, never a unit's colour
        self.residuals = LineSet(color=RESIDUAL, stroke_width=1.5, opacity=0.9)
        self.centres = VGroup(*(Dot(radius=0.07, color=unit_color(i)) for i in range(h)))
        self.sample = display_sample(trace)
        self.data = PointCloud(plane.to_scene(self.sample.X[:, 0], self.sample.y),
                               radius=0.045, colors=[MUTED])
        self.add(self.units, self.residuals, self.data, self.fit, self.centres)
        self.set_position(0.0)

    def set_position(self, pos: float) -> UnitCurves:
        s = unit_sum(self.trace, pos, self.xs)
        self.shown = s
        P = self.plane
        for line, y in zip(self.units, s.parts, strict=True):
            line.set_polylines(P.to_scene(s.xs, y)[None])
        self.fit.set_polylines(P.to_scene(s.xs, s.fit)[None])
        x = self.sample.X[:, 0]
        yhat = np.asarray(self.trace.predict_proba(pos, self.sample.X),
                          dtype=np.float64).reshape(-1)
        self.residuals.set_polylines(np.stack([P.to_scene(x, self.sample.y),
                                               P.to_scene(x, yhat)], axis=1))
        (x0, x1), (y0, y1) = P.xlim, P.ylim
        for dot, c, v in zip(self.centres, s.centres, s.heights, strict=True):
            y = v * self._g0
            inside = bool(np.isfinite(c) and x0 <= c <= x1 and y0 <= y <= y1)
            dot.move_to(P.to_scene([c if inside else x0], [y if inside else y0])[0])
            dot.set_opacity(1.0 if inside else 0.0)
        return self

    def unit_points(self, i: int) -> np.ndarray:
        """The scene points at the corners of unit i's drawn curve (m, 3)."""
        return self.units[i].polylines[0]
