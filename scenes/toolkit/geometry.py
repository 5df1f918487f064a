"""Pure geometry in NumPy for the scenes: frames, clipping, sections, contours, Bezier paths.

Nothing here imports manim, so every function can be checked (and is, by its doctests)
without rendering. "Data" or "view" coordinates are the numbers being shown (an input plane
(n, 2), a hidden space seen in 3-D (n, 3)); "scene" coordinates are Manim points (n, 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Limits = tuple[tuple[float, float], tuple[float, float]]


# --------------------------------------------------------------------------- frames
def pad3(A) -> np.ndarray:
    """(..., d) with d <= 3 to (..., 3), zeros in the missing coordinates.

    >>> pad3([[1.0, 2.0]]).tolist()
    [[1.0, 2.0, 0.0]]
    """
    A = np.asarray(A, dtype=np.float64)
    out = np.zeros((*A.shape[:-1], 3))
    out[..., :A.shape[-1]] = A
    return out


@dataclass(frozen=True)
class Frame:
    """Data (or view) coordinates to scene coordinates: scene = origin + scale * (z - centre).

    One data unit is ``scale`` scene units along every axis (equal aspect). ``centre`` (3,)
    is the data point shown at the scene point ``origin`` (3,); 2-D data are padded with
    z = 0.

    >>> f = Frame(centre=np.array([1.0, 1.0, 0.0]), scale=2.0)
    >>> f.to_scene([[2.0, 1.0]]).tolist()
    [[2.0, 0.0, 0.0]]
    >>> f.to_data([[2.0, 0.0, 0.0]]).tolist()
    [[2.0, 1.0, 0.0]]
    """

    centre: np.ndarray
    scale: float
    origin: np.ndarray = field(default_factory=lambda: np.zeros(3))

    def to_scene(self, Z) -> np.ndarray:
        """Data points (..., d), d <= 3, to scene points (..., 3)."""
        return self.origin + self.scale * (pad3(Z) - pad3(self.centre))

    def to_data(self, P) -> np.ndarray:
        """Scene points (..., 3) to data points (..., 3)."""
        return (np.asarray(P, dtype=np.float64) - self.origin) / self.scale + pad3(self.centre)


def fit_frame(Z, radius: float = 3.0) -> Frame:
    """The frame that centres the bounding box of Z (n, 3) and fits its largest half-side to
    ``radius`` scene units.

    >>> fit_frame(np.array([[0.0, 0, 0], [4.0, 2, 0]]), radius=1.0).scale
    0.5
    """
    Z = np.asarray(Z, dtype=np.float64).reshape(-1, 3)
    lo, hi = Z.min(axis=0), Z.max(axis=0)
    half = float(np.max(hi - lo)) / 2
    return Frame((lo + hi) / 2, radius / half if half > 1e-9 else 1.0)


def box_frame(lo: float, hi: float, dims: int, radius: float = 2.0) -> Frame:
    """The frame that puts the box [lo, hi]^dims (padded to 3D) centred, half-side ``radius``.

    >>> box_frame(0.0, 1.0, dims=2, radius=2.0).to_scene([[1.0, 1.0]]).tolist()
    [[2.0, 2.0, 0.0]]
    """
    centre = np.zeros(3)
    centre[:dims] = (lo + hi) / 2
    return Frame(centre, 2 * radius / (hi - lo))


def square_box(xlim, ylim) -> Limits:
    """The smallest square with the same centre that holds the box xlim x ylim.

    >>> square_box((0.0, 4.0), (0.0, 2.0))
    ((0.0, 4.0), (-1.0, 3.0))
    """
    (x0, x1), (y0, y1) = xlim, ylim
    half = max(x1 - x0, y1 - y0) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - half, cx + half), (cy - half, cy + half)


# --------------------------------------------------------------------------- lines in a box
def clip_line(w, b: float, xlim, ylim) -> np.ndarray | None:
    """The segment of the line w . x + b = 0 inside the box xlim x ylim, as (2, 2), or None.

    >>> clip_line([1.0, 0.0], -1.0, (-2, 2), (-2, 2)).tolist()
    [[1.0, -2.0], [1.0, 2.0]]
    >>> clip_line([1.0, 0.0], -5.0, (-2, 2), (-2, 2)) is None
    True
    """
    w = np.asarray(w, dtype=np.float64).ravel()[:2]
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


def line_in_box(w, b: float, xlim, ylim, samples: int = 81) -> np.ndarray:
    """Points (samples, 2) evenly along the line w . x + b = 0 inside the box (empty if none).

    >>> line_in_box([0.0, 1.0], 0.0, (0, 1), (-1, 1), samples=3)[:, 0].tolist()
    [1.0, 0.5, 0.0]
    """
    seg = clip_line(w, float(b), xlim, ylim)
    if seg is None:
        return np.zeros((0, 2))
    t = np.linspace(0, 1, samples)[:, None]
    return (1 - t) * seg[0] + t * seg[1]


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
    """The half-plane side * (w . x + b) >= 0 inside the box xlim x ylim, vertices (k, 2).

    >>> half_plane_polygon([0.0, 1.0], 0.0, (0, 1), (-1, 1)).tolist()
    [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    """
    box = [[xlim[0], ylim[0]], [xlim[1], ylim[0]], [xlim[1], ylim[1]], [xlim[0], ylim[1]]]
    return clip_polygon(box, w, b, side)


def agreement_polygon(xlim, ylim, W, b, side) -> np.ndarray:
    """The part of the box on the kept side of every line: vertices (k, 2) (k < 3: none).

    Line i is W[:, i] . x + b[i] = 0 (W (2, h), b (h,)); ``side[i]`` (+1 or -1) keeps
    side[i] * (W[:, i] . x + b[i]) >= 0.

    >>> agreement_polygon((0, 2), (0, 2), np.array([[1.0], [0.0]]), [-1.0], [1.0]).tolist()
    [[1.0, 0.0], [2.0, 0.0], [2.0, 2.0], [1.0, 2.0]]
    """
    (x0, x1), (y0, y1) = xlim, ylim
    poly = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)
    W = np.asarray(W, dtype=np.float64)
    for i in range(W.shape[1]):
        poly = clip_polygon(poly, W[:, i], b[i], side[i])
    return poly


def points_in_convex_polygon(P, poly) -> np.ndarray:
    """Whether each point of P (n, 2) lies in the convex polygon poly (k, 2), shape (n,).

    >>> points_in_convex_polygon([[0.2, 0.7], [2.0, 0.5]], [[0, 0], [1, 0], [1, 1]]).tolist()
    [False, False]
    >>> points_in_convex_polygon([[0.7, 0.2]], [[0, 0], [1, 0], [1, 1]]).tolist()
    [True]
    """
    P = np.asarray(P, dtype=np.float64).reshape(-1, 2)
    poly = np.asarray(poly, dtype=np.float64).reshape(-1, 2)
    if len(poly) < 3:
        return np.zeros(len(P), dtype=bool)
    edges = np.roll(poly, -1, axis=0) - poly
    rel = P[:, None, :] - poly[None]
    cross = edges[None, :, 0] * rel[..., 1] - edges[None, :, 1] * rel[..., 0]
    return (cross >= 0).all(axis=1) | (cross <= 0).all(axis=1)


def arrangement_regions(W, b, xlim, ylim) -> int:
    """How many regions the lines W[:, i] . x + b[i] = 0 (W (2, h), b (h,)) cut the box into.

    Each line that crosses the box adds one region, plus one for every earlier line it
    crosses inside the box (lines in general position: no three through one point).

    >>> arrangement_regions(np.array([[1.0, 0.0], [0.0, 1.0]]), [0.0, 0.0], (-1, 1), (-1, 1))
    4
    >>> arrangement_regions(np.array([[1.0, 1.0], [0.0, 0.0]]), [0.0, -0.5], (-1, 1), (-1, 1))
    3
    """
    W = np.asarray(W, dtype=np.float64).reshape(2, -1)
    b = np.asarray(b, dtype=np.float64).ravel()
    (x0, x1), (y0, y1) = xlim, ylim
    regions = 1
    crossing = []
    for i in range(W.shape[1]):
        seg = clip_line(W[:, i], b[i], xlim, ylim)
        if seg is None or np.linalg.norm(seg[1] - seg[0]) < 1e-12:
            continue
        regions += 1
        for j in crossing:
            A = np.array([W[:, i], W[:, j]])
            if abs(np.linalg.det(A)) < 1e-12:
                continue  # parallel
            p = np.linalg.solve(A, -np.array([b[i], b[j]]))
            if x0 < p[0] < x1 and y0 < p[1] < y1:
                regions += 1
        crossing.append(i)
    return regions


def box_plane_section(normal, offset: float, lo, hi) -> np.ndarray:
    """The polygon where the plane normal . z + offset = 0 cuts the box [lo, hi] (3D).

    Returns its vertices (m, 3) in order around the polygon, m in 3..6, or (0, 3) when the
    plane misses the box.

    >>> box_plane_section(np.array([0, 0, 1.0]), -0.5, np.zeros(3), np.ones(3)).shape
    (4, 3)
    >>> box_plane_section(np.array([0, 0, 1.0]), -5.0, np.zeros(3), np.ones(3)).shape
    (0, 3)
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


def grid_polylines(xlim, ylim, lines: int = 21, samples: int = 41) -> np.ndarray:
    """A grid over the rectangle as polylines: (2 * lines, samples, 2), first the lines of
    constant x1, then those of constant x2. Each is sampled finely so it can bend.

    >>> grid_polylines((0, 1), (0, 1), lines=2, samples=3).shape
    (4, 3, 2)
    """
    xs, ys = np.linspace(*xlim, lines), np.linspace(*ylim, lines)
    t_x, t_y = np.linspace(*xlim, samples), np.linspace(*ylim, samples)
    vertical = np.stack([np.column_stack([np.full(samples, x), t_y]) for x in xs])
    horizontal = np.stack([np.column_stack([t_x, np.full(samples, y)]) for y in ys])
    return np.concatenate([vertical, horizontal])


# --------------------------------------------------------------------------- contours
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


def winner_margins(P) -> np.ndarray:
    """Each class's lead over its strongest rival, P (..., K) to (..., K): p_k - max_{j!=k} p_j.

    Positive for the winning class only; zero where class k ties for first place, so the
    level 0 of column k is the border of class k's region.

    >>> winner_margins([[0.6, 0.3, 0.1]]).round(2).tolist()
    [[0.3, -0.3, -0.5]]
    """
    P = np.asarray(P, dtype=np.float64)
    top2 = np.sort(P, axis=-1)[..., -2:]
    rival = np.where(P >= top2[..., -1:], top2[..., -2:-1], top2[..., -1:])
    return P - rival


def region_boundary_segments(P, xs, ys) -> np.ndarray:
    """Where the winning class changes on a grid of class probabilities P (ny, nx, K):
    segments (m, 2, 2), each region's border traced by :func:`contour_segments` on its
    :func:`winner_margins` column (a border between two regions is traced from both sides,
    on the same cell edges).

    >>> P = np.zeros((2, 2, 3)); P[:, 0, 0] = 1; P[:, 1, 2] = 1
    >>> region_boundary_segments(P, [0.0, 1.0], [0.0, 1.0]).round(3).tolist()
    [[[0.5, 0.0], [0.5, 1.0]], [[0.5, 0.0], [0.5, 1.0]]]
    """
    M = winner_margins(P)
    segs = [contour_segments(M[..., k], 0.0, xs, ys) for k in range(M.shape[-1])]
    return np.concatenate(segs) if segs else np.zeros((0, 2, 2))


# --------------------------------------------------------------------------- Bezier paths
def polyline_curves(polylines) -> np.ndarray:
    """Manim path points (L * (m - 1) * 4, 3) of L polylines (L, m, d), d <= 3: each of the
    m - 1 segments one straight cubic Bezier curve, each polyline its own run of curves.

    >>> polyline_curves([[[0.0, 0.0], [3.0, 0.0]]])[:, 0].tolist()
    [0.0, 1.0, 2.0, 3.0]
    """
    P = pad3(polylines)
    if P.size == 0 or P.ndim != 3 or P.shape[1] < 2:
        return np.zeros((0, 3))
    a, b = P[:, :-1], P[:, 1:]
    d = b - a
    return np.stack([a, a + d / 3, a + 2 * d / 3, b], axis=2).reshape(-1, 3)


# Bezier control points of a unit circle as 4 cubic arcs, in (right, up) coordinates. Four
# arcs (radial error under 0.03%): Cairo's cost per frame is a Python call per curve, so
# fewer curves per dot is what keeps thousands of dots fast.
_K = 0.5519150244935105
UNIT_CIRCLE = np.array([
    [1, 0], [1, _K], [_K, 1], [0, 1],
    [0, 1], [-_K, 1], [-1, _K], [-1, 0],
    [-1, 0], [-1, -_K], [-_K, -1], [0, -1],
    [0, -1], [_K, -1], [1, -_K], [1, 0],
], dtype=float)


def circle_curves(radius: float, right=(1.0, 0.0, 0.0), up=(0.0, 1.0, 0.0)) -> np.ndarray:
    """Control points (16, 3) of a circle of ``radius`` around the origin, in the plane of
    the scene directions ``right`` and ``up`` (the camera's, so a dot faces the viewer).

    >>> np.linalg.norm(circle_curves(2.0)[::4], axis=1).tolist()
    [2.0, 2.0, 2.0, 2.0]
    """
    r, u = np.asarray(right, dtype=np.float64), np.asarray(up, dtype=np.float64)
    return radius * (UNIT_CIRCLE[:, :1] * r + UNIT_CIRCLE[:, 1:] * u)
