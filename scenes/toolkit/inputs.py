"""Where each input sits on a chapter's plane, and what the plane's axes are called.

Every chapter that draws the inputs in a plane asks here, so that a network of more than two
inputs is drawn the same way everywhere: through the trace's one fixed linear view of its
inputs (mlp.projection.input_view: principal components, or a discriminant view for three
classes or more). Two inputs are the plane itself, as they always were.

A view loses the directions it does not show, so the network's output is true only at the
data points (:func:`predictions`, drawn by :class:`OutputAtPoints`). Anything drawn over the
whole plane is the output on the plane through the data's mean spanned by the view's two
axes (:meth:`InputPlane.lift`), and the screen says so (:meth:`InputPlane.slice_words`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import VGroup, VMobject

from mlp.projection import InputView
from mlp.trace import Trace
from scenes.toolkit.geometry import circle_curves, pad3, polyline_curves
from scenes.toolkit.language import _
from scenes.toolkit.style import FOREGROUND, class_color


@dataclass(frozen=True)
class InputPlane:
    """A trace's inputs in the plane: ``place(X)`` their coordinates (n, 2) on it, ``lift(Z)``
    the inputs (n, d) a plane point stands for, ``axes`` the axes' TeX names.

    ``exact``: the plane is the inputs themselves (2 of them), so every point of the plane
    is an input and the output may be drawn over all of it.
    """

    view: InputView
    dim: int

    @property
    def exact(self) -> bool:
        return self.dim == 2

    def place(self, X) -> np.ndarray:
        """The plane coordinates (n, 2) of inputs X (n, d)."""
        X = np.asarray(X, dtype=np.float64)
        return X[:, :2] if self.exact else self.view(X)

    def lift(self, Z) -> np.ndarray:
        """The inputs (n, d) at plane points Z (n, 2): Z itself for 2 inputs, else the points
        of the plane through the data's mean spanned by the view's axes."""
        Z = np.asarray(Z, dtype=np.float64)
        return Z if self.exact else self.view.lift(Z)

    @property
    def axes(self) -> tuple[str, str]:
        """The axes' names in TeX: x_1 and x_2, or the view's ("PC1", "LD2", ...) as text."""
        if self.exact:
            return "x_1", "x_2"
        return tuple(r"\text{" + a + "}" for a in self.view.axes)

    @property
    def description(self) -> str:
        """What the plane shows, one line (the view's own description)."""
        return self.view.description

    def slice_words(self) -> str:
        """What the output drawn over the whole plane is, for a view of more than 2 inputs."""
        a, b = self.view.axes
        return _("shading: the output on the plane through\nthe data's mean along {a} and {b}"
                 ).format(a=a, b=b)


def input_plane_of(trace: Trace) -> InputPlane:
    """The trace's input plane (its one fixed view, computed once per trace)."""
    return InputPlane(trace.input_view(), trace.X.shape[1])


def placed(trace: Trace, X=None) -> np.ndarray:
    """Where inputs X (default: the training data) sit on the trace's plane, (n, 2)."""
    return input_plane_of(trace).place(trace.X if X is None else X)


def plane_bounds(trace: Trace, margin: float = 0.1):
    """x and y ranges of the placed training data, widened by ``margin`` of their span."""
    if trace.X.shape[1] == 2:
        return trace.data_bounds(margin)
    Z = placed(trace)
    lo, hi = Z.min(axis=0), Z.max(axis=0)
    pad = (hi - lo) * margin
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (float(lo[1] - pad[1]),
                                                            float(hi[1] + pad[1]))


def predict_plane(trace: Trace, pos: float, xlim, ylim, resolution=100) -> np.ndarray:
    """The output over a grid of the plane (Trace.predict_grid's shapes): for more than 2
    inputs, on the plane through the data's mean spanned by the view's axes."""
    if trace.X.shape[1] == 2:
        return trace.predict_grid(pos, xlim, ylim, resolution=resolution)
    nx, ny = (resolution, resolution) if np.isscalar(resolution) else resolution
    gx, gy = np.meshgrid(np.linspace(*xlim, nx), np.linspace(*ylim, ny))
    Xg = input_plane_of(trace).lift(np.column_stack([gx.ravel(), gy.ravel()]))
    p = trace.predict_proba(pos, Xg)
    return p.reshape(ny, nx, *p.shape[1:])


def predictions(trace: Trace, pos: float, X=None) -> np.ndarray:
    """The class the network picks for each input (default: the training data) at ``pos``:
    P(y=1) >= 1/2 for a binary output, the most probable class for a softmax."""
    P = trace.predict_proba(pos, trace.X if X is None else X)
    return (P >= 0.5).astype(np.int64) if P.ndim == 1 else np.argmax(P, axis=1)


class OutputAtPoints(VGroup):
    """The network's pick at each data point: a ring around the point in the colour of the
    class the network gives it, and a cross over the points it gets wrong.

    ``set_position(pos)`` redraws both for the network at ``pos``. State: ``predicted`` (n,),
    ``wrong`` (n,) bool; parts ``rings[c]`` (the rings of the points predicted c, stroke in
    class c's colour), ``crosses``.
    """

    def __init__(self, frame, trace: Trace, X=None, y=None, *, radius: float = 0.1,
                 stroke_width: float = 2.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace = trace
        self.X = trace.X if X is None else np.asarray(X)
        self.y = trace.y if y is None else np.asarray(y)
        self.centers = pad3(frame.to_scene(placed(trace, self.X)))
        K = 2 if trace.output == "binary" else trace.sizes[-1]
        self._ring = circle_curves(radius)
        self.cross_size = radius * 0.75
        self.rings = [VMobject(stroke_color=class_color(c), stroke_width=stroke_width,
                               fill_opacity=0) for c in range(K)]
        self.crosses = VMobject(stroke_color=FOREGROUND, stroke_width=stroke_width * 1.2,
                                fill_opacity=0)
        self.add(*self.rings, self.crosses)
        self.set_position(0.0)

    def set_position(self, pos: float) -> OutputAtPoints:
        self.predicted = predictions(self.trace, pos, self.X)
        self.wrong = self.predicted != self.y
        for c, ring in enumerate(self.rings):
            mine = self.centers[self.predicted == c]
            ring.points = (mine[:, None, :] + self._ring[None]).reshape(-1, 3)
        s = self.cross_size
        C = self.centers[self.wrong]
        ends = np.concatenate([
            np.stack([C + [-s, -s, 0], C + [s, s, 0]], axis=1),
            np.stack([C + [-s, s, 0], C + [s, -s, 0]], axis=1)]) if len(C) else \
            np.zeros((0, 2, 3))
        self.crosses.points = polyline_curves(ends)
        return self
