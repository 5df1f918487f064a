"""The hidden space: the warp's stages x -> Wx -> Wx + b -> sigma(Wx + b), its projection to 3D,
and the fast 3D mobjects (dot clouds, line sets) the warp scenes move with NumPy.

Hidden values are row vectors as in the core: for inputs X (n, 2) the stages are X (n, 2),
X @ W (n, k), X @ W + b (n, k) and sigma(X @ W + b) (n, k), k the hidden width. A
``Projection`` takes any (n, k) to view coordinates (n, 3); a ``Frame`` takes view
coordinates to scene coordinates (a centre and a scale), so that every stage fills the
screen whatever its numeric range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import VGroup, VMobject

from mlp.activations import ACTIVATIONS
from mlp.network import MLP
from mlp.projection import SQUASH_BOX, Projection, hidden_projection  # noqa: F401 (the core's)

STAGES = ("input", "linear", "shift", "squash")

# Bezier control points of a unit circle as 4 cubic arcs, in (right, up) coordinates.
_K = 0.5519150244935105
_CIRCLE = np.array([
    [1, 0], [1, _K], [_K, 1], [0, 1],
    [0, 1], [-_K, 1], [-1, _K], [-1, 0],
    [-1, 0], [-1, -_K], [-_K, -1], [0, -1],
    [0, -1], [_K, -1], [1, -_K], [1, 0],
], dtype=float)


def warp_stages(model: MLP, X: np.ndarray) -> list[np.ndarray]:
    """The four stages of the first layer on X (n, 2): [X, X W, X W + b, act(X W + b)].

    >>> m = MLP([np.eye(2), np.ones((2, 1))], [np.zeros(2), np.zeros(1)])
    >>> [s.shape for s in warp_stages(m, np.zeros((5, 2)))]
    [(5, 2), (5, 2), (5, 2), (5, 2)]
    """
    X = np.asarray(X, dtype=np.float64)
    W, b = model.weights[0], model.biases[0]
    linear = X @ W
    shifted = linear + b
    return [X, linear, shifted, ACTIVATIONS[model.activations[0]](shifted)]


@dataclass
class Frame:
    """View coordinates to scene coordinates: scene = scale * (z - centre)."""

    centre: np.ndarray
    scale: float

    def __call__(self, Z: np.ndarray) -> np.ndarray:
        return self.scale * (np.asarray(Z, dtype=np.float64) - self.centre)

    def inverse(self, P: np.ndarray) -> np.ndarray:
        return np.asarray(P, dtype=np.float64) / self.scale + self.centre


def fit_frame(Z: np.ndarray, radius: float = 3.0) -> Frame:
    """The frame that centres the bounding box of Z (n, 3) and fits its largest half-side to
    ``radius`` scene units."""
    Z = np.asarray(Z, dtype=np.float64).reshape(-1, 3)
    lo, hi = Z.min(axis=0), Z.max(axis=0)
    half = float(np.max(hi - lo)) / 2
    return Frame((lo + hi) / 2, radius / half if half > 1e-9 else 1.0)


def box_frame(lo: float, hi: float, dims: int, radius: float = 2.0) -> Frame:
    """The frame that puts the box [lo, hi]^dims (padded to 3D) centred, half-side ``radius``."""
    centre = np.zeros(3)
    centre[:dims] = (lo + hi) / 2
    return Frame(centre, 2 * radius / (hi - lo))


def pad3(A: np.ndarray) -> np.ndarray:
    """(n, d) with d <= 3 to (n, 3), zeros in the missing coordinates."""
    A = np.asarray(A, dtype=np.float64)
    out = np.zeros((*A.shape[:-1], 3))
    out[..., :A.shape[-1]] = A
    return out


def box_plane_section(normal: np.ndarray, offset: float, lo: np.ndarray,
                      hi: np.ndarray) -> np.ndarray:
    """The polygon where the plane normal . z + offset = 0 cuts the box [lo, hi] (3D).

    Returns its vertices (m, 3) in order around the polygon, m in 3..6, or (0, 3) when the
    plane misses the box.

    >>> box_plane_section(np.array([0, 0, 1.0]), -0.5, np.zeros(3), np.ones(3)).shape
    (4, 3)
    """
    normal = np.asarray(normal, dtype=np.float64)
    lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    corners = np.array([[(lo, hi)[(i >> a) & 1][a] for a in range(3)] for i in range(8)])
    values = corners @ normal + offset
    pts = []
    for i in range(8):
        for a in range(3):
            j = i | (1 << a)
            if j == i:
                continue
            vi, vj = values[i], values[j]
            if (vi < 0) != (vj < 0) or vi == 0:
                t = vi / (vi - vj) if vi != vj else 0.0
                pts.append(corners[i] + t * (corners[j] - corners[i]))
    if len(pts) < 3:
        return np.zeros((0, 3))
    P = np.unique(np.round(np.array(pts), 12), axis=0)
    if len(P) < 3:
        return np.zeros((0, 3))
    c = P.mean(axis=0)
    u = P[0] - c
    u /= np.linalg.norm(u)
    v = np.cross(normal / np.linalg.norm(normal), u)
    angles = np.arctan2((P - c) @ v, (P - c) @ u)
    return P[np.argsort(angles)]


def square_line_section(normal: np.ndarray, offset: float, lo: np.ndarray,
                        hi: np.ndarray) -> np.ndarray:
    """The segment where the line normal . z + offset = 0 crosses the rectangle [lo, hi] (2D).

    Returns its two ends (2, 2), or (0, 2) when the line misses the rectangle.

    >>> square_line_section(np.array([1.0, 0]), -0.5, np.zeros(2), np.ones(2)).tolist()
    [[0.5, 0.0], [0.5, 1.0]]
    """
    n = np.asarray(normal, dtype=np.float64)[:2]
    corners = np.array([[lo[0], lo[1]], [hi[0], lo[1]], [hi[0], hi[1]], [lo[0], hi[1]]], float)
    values = corners @ n + offset
    pts = []
    for i in range(4):
        j = (i + 1) % 4
        vi, vj = values[i], values[j]
        if (vi < 0) != (vj < 0) or vi == 0:
            t = vi / (vi - vj) if vi != vj else 0.0
            pts.append(corners[i] + t * (corners[j] - corners[i]))
    if len(pts) < 2:
        return np.zeros((0, 2))
    P = np.unique(np.round(np.array(pts), 12), axis=0)
    return P[:2] if len(P) >= 2 else np.zeros((0, 2))


def grid_polylines(xlim: tuple[float, float], ylim: tuple[float, float], lines: int = 21,
                   samples: int = 41) -> np.ndarray:
    """A grid over the rectangle as polylines: (2 * lines, samples, 2), first the lines of
    constant x1, then those of constant x2. Each is sampled finely so it can bend."""
    xs, ys = np.linspace(*xlim, lines), np.linspace(*ylim, lines)
    t_x, t_y = np.linspace(*xlim, samples), np.linspace(*ylim, samples)
    vertical = np.stack([np.column_stack([np.full(samples, x), t_y]) for x in xs])
    horizontal = np.stack([np.column_stack([t_x, np.full(samples, y)]) for y in ys])
    return np.concatenate([vertical, horizontal])


def line_in_box(w: np.ndarray, b: float, xlim: tuple[float, float], ylim: tuple[float, float],
                samples: int = 81) -> np.ndarray:
    """Points (samples, 2) along the line w . x + b = 0 inside the rectangle (empty if none)."""
    seg = square_line_section(np.asarray(w, dtype=np.float64), float(b),
                              np.array([xlim[0], ylim[0]]), np.array([xlim[1], ylim[1]]))
    if len(seg) < 2:
        return np.zeros((0, 2))
    t = np.linspace(0, 1, samples)[:, None]
    return (1 - t) * seg[0] + t * seg[1]


# ------------------------------------------------------------------- mobjects
class DotCloud(VMobject):
    """N round dots of one colour as one VMobject: one path holding N small circles.

    ``set_centres(C)`` rewrites every point in one NumPy expression, so moving 2,000 dots
    costs one array operation per frame, not 2,000 Python calls. In 3D, pass the camera's
    screen axes (``right``, ``up``) so the dots face the viewer.

    Examples
    --------
    .. code-block:: python

        class Cloud(Scene):
            def construct(self):
                cloud = DotCloud(np.random.default_rng(0).normal(size=(500, 3)), color=BLUE)
                self.add(cloud)
                self.play(cloud.animate.shift(RIGHT))
    """

    def __init__(self, centres: np.ndarray | None = None, radius: float = 0.05,
                 color: str = "#FFFFFF", opacity: float = 1.0, **kwargs) -> None:
        super().__init__(fill_color=color, fill_opacity=opacity, stroke_width=0, **kwargs)
        self.radius = radius
        self.centres = np.zeros((0, 3))
        if centres is not None:
            self.set_centres(centres)

    def set_centres(self, centres: np.ndarray, right: np.ndarray | None = None,
                    up: np.ndarray | None = None) -> DotCloud:
        C = pad3(np.asarray(centres, dtype=np.float64).reshape(-1, np.shape(centres)[-1]))
        self.centres = C
        r = np.array([1.0, 0, 0]) if right is None else np.asarray(right, dtype=np.float64)
        u = np.array([0, 1.0, 0]) if up is None else np.asarray(up, dtype=np.float64)
        template = self.radius * (_CIRCLE[:, :1] * r + _CIRCLE[:, 1:] * u)  # (16, 3)
        if len(C):
            self.points = (C[:, None, :] + template[None]).reshape(-1, 3)
        else:
            self.points = np.zeros((0, 3))
        return self


class LineSet(VMobject):
    """Many polylines of one colour as one VMobject (grid lines, warped hidden lines, edges).

    ``set_polylines(P)`` with P (L, m, 3) rewrites all L lines at once: each of the m - 1
    segments is one straight cubic Bezier curve, and lines are separate subpaths.
    """

    def __init__(self, polylines: np.ndarray | None = None, color: str = "#FFFFFF",
                 stroke_width: float = 1.0, opacity: float = 1.0, **kwargs) -> None:
        super().__init__(stroke_color=color, stroke_width=stroke_width,
                         stroke_opacity=opacity, fill_opacity=0, **kwargs)
        self.polylines = np.zeros((0, 2, 3))
        if polylines is not None:
            self.set_polylines(polylines)

    def set_polylines(self, polylines: np.ndarray) -> LineSet:
        P = pad3(np.asarray(polylines, dtype=np.float64))
        self.polylines = P
        if P.size == 0 or P.shape[1] < 2:
            self.points = np.zeros((0, 3))
            return self
        a, b = P[:, :-1], P[:, 1:]
        d = b - a
        quads = np.stack([a, a + d / 3, a + 2 * d / 3, b], axis=2)  # (L, m-1, 4, 3)
        self.points = quads.reshape(-1, 3)
        return self


class ClassCloud(VGroup):
    """The data as one DotCloud per class (class colours from scenes.style).

    ``set_positions(P)`` takes every point's position (n, 3) in data order.
    """

    def __init__(self, positions: np.ndarray, labels: np.ndarray, colors: list[str],
                 radius: float = 0.05, **kwargs) -> None:
        self.labels = np.asarray(labels)
        self.classes = np.unique(self.labels)
        self.members = [np.flatnonzero(self.labels == c) for c in self.classes]
        super().__init__(*[DotCloud(radius=radius, color=colors[int(c) % len(colors)])
                           for c in self.classes], **kwargs)
        self.positions = np.zeros((len(self.labels), 3))
        self.set_positions(positions)

    def set_positions(self, positions: np.ndarray, right=None, up=None) -> ClassCloud:
        self.positions = pad3(positions)
        for cloud, idx in zip(self.submobjects, self.members, strict=True):
            cloud.set_centres(self.positions[idx], right, up)
        return self
