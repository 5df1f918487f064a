"""The camera the chapters draw with: Manim's Cairo camera, with a fast path for upright
images and the paths of unchanged vector mobjects kept from one frame to the next.

Manim draws an ImageMobject by solving a perspective transform and letting Pillow resample
the image through it, then pastes the result into an empty image as large as the frame and
alpha-composites the whole frame: at 1080p, about a quarter of the render time of a chapter
with a heatmap. An opaque image that is neither rotated nor sheared nor flipped, and is shown at
least as large as its pixel array, needs none of that: :class:`FastImageCamera` scales it to its
on-screen pixels with Pillow's separable ``resize`` (the same bilinear or nearest samples,
taken at the same pixel centres) and writes it into that part of the frame only. The frame
it draws equals Manim's to within one level per channel (tests/scenes/test_camera.py);
every other image goes through Manim's own path.

``$MLP_DRAWING=manim`` makes the chapters draw with Manim's own camera, as they did before
this one (the bench compares the two).

Examples
--------
::

    class ShowHeat(Scene):
        def __init__(self, **kwargs):
            super().__init__(camera_class=FastImageCamera, **kwargs)
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass

import cairo
import numpy as np
from manim import Camera, ThreeDCamera, ValueTracker
from PIL import Image

ENV_VAR = "MLP_DRAWING"
DRAWINGS = ("fast", "manim")

# The filters whose samples Pillow's resize takes exactly where its transform does, when
# the image is enlarged: same pixel centres, same weights (clamped at the edges).
FAST_FILTERS = (Image.Resampling.BILINEAR, Image.Resampling.NEAREST)


def drawing() -> str:
    """How the chapters draw: $MLP_DRAWING, "fast" (the default) or "manim"."""
    value = os.environ.get(ENV_VAR, "").strip().lower() or "fast"
    if value not in DRAWINGS:
        raise SystemExit(f"${ENV_VAR}: expected one of {', '.join(DRAWINGS)}, got {value!r}")
    return value


def _pillow_lines(coefficients: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple:
    """Where Pillow's perspective transform samples the source for the output pixels
    (xs, ys) (integer indices, sampled at their centres): (xin, yin), by Pillow's formula,
    so that which pixels fall inside the source is decided as Pillow decides it."""
    a0, a1, a2, a3, a4, a5, a6, a7 = coefficients
    x, y = xs + 0.5, ys + 0.5
    d = a6 * x + a7 * y + 1
    return (a0 * x + a1 * y + a2) / d, (a3 * x + a4 * y + a5) / d


# A vector mobject of at least this many points (a cloud of some 500 dots or more) is drawn
# into a layer of its own, and while its points, its style and the camera's frame stay as
# they were, that layer is painted again instead: Cairo's time to fill and stroke one path
# of many overlapping circles grows faster than their number (25 times the dots, about 130
# times the time), and a cloud over a moving heatmap is redrawn every frame.
LAYER_POINTS = 4096


class KeptPaths:
    """The Cairo paths one camera keeps: per mobject (forgotten with it), the hash of its
    points and the path they made; and how many times a kept path was drawn again. For a
    large mobject, the layer it was drawn into, and how many times a layer was painted
    again."""

    def __init__(self) -> None:
        self.paths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.layers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.reused = 0
        self.repainted = 0
        self.alpha_scale = 1.0  # what a layer being drawn multiplies its opacities by


def _drawn_rgbas(vmobject) -> list[np.ndarray]:
    """The colours display_vectorized draws ``vmobject`` with: its background stroke, fill
    and stroke, each (n, 4) RGBA (a stroke of width 0 is not drawn)."""
    parts = [vmobject.get_fill_rgbas()]
    for background in (True, False):
        if vmobject.get_stroke_width(background) > 0:
            parts.append(vmobject.get_stroke_rgbas(background=background))
    return [np.asarray(p, dtype=np.float64).reshape(-1, 4) for p in parts]


def _style_key(vmobject, rgbas: list[np.ndarray], opacity: float) -> int:
    """A hash of everything besides its points that Manim's display_vectorized draws a
    vector mobject with: the colours of its fill and of the strokes it draws (``rgbas``, as
    :func:`_drawn_rgbas` gives them), their widths, its sheen; its opacities divided by
    ``opacity`` (so a fade, which scales them all alike, keeps the key)."""
    scale = np.array([1.0, 1.0, 1.0, 1.0 / opacity])
    parts = [*(part * scale for part in rgbas),
             np.array([vmobject.get_stroke_width(), vmobject.get_stroke_width(background=True),
                       vmobject.get_sheen_factor()], dtype=np.float64),
             np.asarray(vmobject.get_sheen_direction(), dtype=np.float64)]
    # to a millionth, as the points: an animation that keeps a colour recomputes it
    return hash(b"".join(np.round(np.asarray(p, dtype=np.float64), 6).tobytes() for p in parts))


# Each camera's kept paths, held outside the camera: with its scene cache on (the manim
# command's default), Manim serialises the camera's attributes on every play call, and a
# dictionary that grows as the camera draws and shrinks as mobjects die would change that
# hash from call to call, or change size while it is being read.
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class FastImageCamera(Camera):
    """Manim's camera, drawing upright enlarged images straight into the frame, and
    reusing the Cairo path of a vector mobject whose points did not change.

    Manim builds each VMobject's path anew every frame, subpath by subpath in Python; a
    mobject redrawn unchanged (a legend, the data points over a moving heatmap) gets the
    path it had, copied back in one call: the very same path, so the very same pixels.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _KEPT[self] = KeptPaths()

    @property
    def paths_reused(self) -> int:
        """How many times this camera drew a mobject from its kept path."""
        return _KEPT[self].reused

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject) -> FastImageCamera:
        points = vmobject.points
        if len(points) == 0:
            return super().set_cairo_context_path(ctx, vmobject)
        kept = _KEPT[self]
        key = hash(np.ascontiguousarray(points).tobytes())
        known = kept.paths.get(vmobject)
        if known is not None and known[0] == key:
            ctx.new_path()
            ctx.append_path(known[1])
            kept.reused += 1
            return self
        super().set_cairo_context_path(ctx, vmobject)
        kept.paths[vmobject] = (key, ctx.copy_path())
        return self

    @property
    def layers_repainted(self) -> int:
        """How many times this camera painted a large mobject from its kept layer."""
        return _KEPT[self].repainted

    def display_vectorized(self, vmobject, ctx: cairo.Context) -> FastImageCamera:
        """Manim's drawing of a vector mobject; one of LAYER_POINTS points or more is drawn
        into a transparent layer the size of the frame, kept, and painted over the frame
        (the same pixels as drawing it there, to within a level of rounding).

        The layer is drawn at full opacity and painted with the mobject's own, so a fade,
        which changes only its opacity, paints the one layer more or less transparent
        instead of drawing every dot anew each frame (where a dot's outline overlaps its
        fill the fade is then that of the dot as a whole)."""
        if len(vmobject.points) < LAYER_POINTS:
            return super().display_vectorized(vmobject, ctx)
        kept = _KEPT[self]
        rgbas = _drawn_rgbas(vmobject)
        # the largest opacity it is drawn with, over its fill and strokes
        opacity = max(float(part[:, 3].max(initial=0.0)) for part in rgbas)
        if opacity <= 0:
            return self  # nothing of it is seen
        # points to a millionth of a unit (a pixel at 4K is some 2,000 times that): an
        # animation that keeps them, as a fade does, still recomputes them as
        # (1 - a) p + a p, a rounding away from p
        key = (hash(np.round(vmobject.points, 6).tobytes()), _style_key(vmobject, rgbas, opacity),
               tuple(ctx.get_matrix()), self.pixel_width, self.pixel_height)
        known = kept.layers.get(vmobject)
        if known is not None and known[0] == key:
            kept.repainted += 1
        else:
            layer = cairo.ImageSurface(cairo.FORMAT_ARGB32, self.pixel_width, self.pixel_height)
            lctx = cairo.Context(layer)
            lctx.set_matrix(ctx.get_matrix())
            kept.alpha_scale = 1.0 / opacity
            try:
                super().display_vectorized(vmobject, lctx)
            finally:
                kept.alpha_scale = 1.0
            layer.flush()
            known = (key, layer)
            kept.layers[vmobject] = known
        ctx.save()
        ctx.identity_matrix()
        ctx.set_source_surface(known[1], 0, 0)
        if opacity >= 1.0:
            ctx.paint()
        else:
            ctx.paint_with_alpha(opacity)
        ctx.restore()
        return self

    def _scaled(self, rgbas: np.ndarray) -> np.ndarray:
        scale = _KEPT[self].alpha_scale
        if scale == 1.0:
            return rgbas
        out = np.array(rgbas, dtype=np.float64)
        out[:, 3] = np.minimum(out[:, 3] * scale, 1.0)
        return out

    def get_fill_rgbas(self, vmobject):
        return self._scaled(super().get_fill_rgbas(vmobject))

    def get_stroke_rgbas(self, vmobject, background: bool = False):
        return self._scaled(super().get_stroke_rgbas(vmobject, background))

    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        if not self._display_upright(image_mobject, pixel_array):
            super().display_image_mobject(image_mobject, pixel_array)

    def _display_upright(self, image_mobject, pixel_array: np.ndarray) -> bool:
        """Draw the image if it is upright and enlarged; False (drawing nothing) otherwise."""
        algorithm = image_mobject.resampling_algorithm
        if algorithm not in FAST_FILTERS:
            return False
        source = image_mobject.get_pixel_array()
        if source.ndim != 3 or source.shape[2] != 4 or source.dtype != np.uint8:
            return False
        if not (source[..., 3] == 255).all():
            return False  # blending in two rounded passes could miss Manim's by two levels
        h, w = source.shape[:2]
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
        (ulx, uly), (urx, ury), (dlx, dly), (drx, dry) = corners
        # upright: top and bottom edges level, left and right edges plumb, not flipped
        if not (uly == ury and dly == dry and ulx == dlx and urx == drx):
            return False
        if not (urx - ulx >= w and dly - uly >= h):
            return False  # shrunk: Pillow's resize would average where transform samples

        # Manim's own geometry: the box it resamples into and the transform it solves.
        ints = corners.astype(np.int64)
        shift = ints.min(axis=0)
        target = corners - shift
        tw, th = (ints - shift).max(axis=0)
        original = np.array([[0, 0], [w, 0], [0, h], [w, h]])
        rows = []
        for (x, y), (X, Y) in zip(target, original, strict=True):
            rows.append([x, y, 1, 0, 0, 0, -X * x, -X * y])
            rows.append([0, 0, 0, x, y, 1, -Y * x, -Y * y])
        try:
            coefficients = np.linalg.solve(np.array(rows, dtype=np.float64),
                                           original.reshape(8).astype(np.float64))
        except np.linalg.LinAlgError:
            return True  # Manim draws nothing either

        # The output pixels whose centres fall inside the source, tested as Pillow tests
        # them, along both edges of the box; they must agree for the copy to be exact.
        cols, lines = np.arange(tw, dtype=np.float64), np.arange(th, dtype=np.float64)
        x_top, _ = _pillow_lines(coefficients, cols, np.zeros(tw))
        x_bottom, _ = _pillow_lines(coefficients, cols, np.full(tw, th - 1.0))
        _, y_left = _pillow_lines(coefficients, np.zeros(th), lines)
        _, y_right = _pillow_lines(coefficients, np.full(th, tw - 1.0), lines)
        inside_x = (x_top >= 0) & (x_top < w)
        inside_y = (y_left >= 0) & (y_left < h)
        if not (np.array_equal(inside_x, (x_bottom >= 0) & (x_bottom < w))
                and np.array_equal(inside_y, (y_right >= 0) & (y_right < h))):
            return False
        if not inside_x.any() or not inside_y.any():
            return True
        i0, i1 = np.flatnonzero(inside_x)[[0, -1]]
        j0, j1 = np.flatnonzero(inside_y)[[0, -1]]
        # ... and the part of them on screen.
        i0, i1 = max(i0, -shift[0]), min(i1, self.pixel_width - 1 - shift[0])
        j0, j1 = max(j0, -shift[1]), min(j1, self.pixel_height - 1 - shift[1])
        if i0 > i1 or j0 > j1:
            return True

        # The source box whose resize puts output pixel i's centre at x_top[i]: padded by
        # one edge pixel all round, as Pillow's transform clamps at the edges.
        sx, sy = w / (target[1, 0] - target[0, 0]), h / (target[2, 1] - target[0, 1])
        box = ((i0 - target[0, 0]) * sx + 1, (j0 - target[0, 1]) * sy + 1,
               (i1 + 1 - target[0, 0]) * sx + 1, (j1 + 1 - target[0, 1]) * sy + 1)
        size = (int(i1 - i0 + 1), int(j1 - j0 + 1))
        # Opaque, it replaces what is under it. RGBX resizes the colours alone (RGBA would
        # premultiply them by an alpha of 1, at a cost); X stays 255.
        padded = np.pad(source, ((1, 1), (1, 1), (0, 0)), mode="edge")
        image = Image.frombuffer("RGBX", padded.shape[1::-1], padded.tobytes(), "raw",
                                 "RGBA", 0, 1)
        scaled = image.resize(size, algorithm, box=box)
        region = pixel_array[shift[1] + j0:shift[1] + j1 + 1, shift[0] + i0:shift[0] + i1 + 1]
        region[...] = np.frombuffer(scaled.tobytes(), np.uint8).reshape(region.shape)
        if self.background_opacity < 1:
            # Manim's composite over the whole frame clears every fully transparent pixel
            clear = pixel_array[..., 3] == 0
            pixel_array[clear] = 0
        return True


# ------------------------------------------------------------------------- 3-D staging
# Choosing a 3-D scene's camera from what it shows: the views a viewer can read (nothing the
# caption names seen edge-on, everything inside the stage), computed from the points alone.

FOCAL_DISTANCE = 20.0  # Manim's ThreeDCamera default


def _rot_z(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def view_rotation(phi: float, theta: float, gamma: float = 0.0) -> np.ndarray:
    """The rotation a 3-D camera at polar angle ``phi`` and azimuth ``theta`` applies to scene
    points: its rows are the screen's right, up and out directions in scene space.

    >>> np.round(view_rotation(0.0, -np.pi / 2), 6).tolist()  # the top view
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    c, s = np.cos(-phi), np.sin(-phi)
    tilt = np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    return _rot_z(gamma) @ tilt @ _rot_z(-theta - np.pi / 2)


@dataclass(frozen=True)
class View:
    """A 3-D camera: angles (radians), zoom, and where on screen the scene's origin lands
    (``offset``, frame units), as :class:`StageCamera` draws it."""

    phi: float
    theta: float
    zoom: float = 1.0
    offset: tuple[float, float] = (0.0, 0.0)

    def angles(self) -> dict:
        """The keywords of ThreeDScene.set_camera_orientation / move_camera."""
        return {"phi": self.phi, "theta": self.theta, "zoom": self.zoom}

    def project(self, points: np.ndarray, focal: float = FOCAL_DISTANCE) -> np.ndarray:
        """Scene points (n, 3) to frame coordinates (n, 2), with the camera's perspective."""
        P = np.asarray(points, dtype=np.float64).reshape(-1, 3) @ view_rotation(
            self.phi, self.theta).T
        factor = focal / np.maximum(focal - P[:, 2], 1e-6)
        return P[:, :2] * (factor * self.zoom)[:, None] + np.array(self.offset)


class StageCamera(ThreeDCamera):
    """Manim's 3-D camera, its picture shifted on screen by ``offset_x``/``offset_y``
    (ValueTrackers, frame units), so a 3-D scene can sit beside a panel that stays put.
    (Manim's own frame_center moves the fixed-in-frame mobjects too.)"""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offset_x, self.offset_y = ValueTracker(0.0), ValueTracker(0.0)

    def project_points(self, points):
        P = super().project_points(points)
        P[:, 0] += self.offset_x.get_value()
        P[:, 1] += self.offset_y.get_value()
        return P

    def view(self) -> View:
        """The camera's current View."""
        return View(float(self.get_phi()), float(self.get_theta()), float(self.get_zoom()),
                    (float(self.offset_x.get_value()), float(self.offset_y.get_value())))


def spread_area(points: np.ndarray) -> float:
    """The area of a point set's spread: the product of its two largest standard deviations
    (for 2-D points, sqrt(det(cov)))."""
    P = np.asarray(points, dtype=np.float64)
    if len(P) < 3:
        return 0.0
    s = np.linalg.svd(P - P.mean(axis=0), compute_uv=False) / np.sqrt(len(P))
    return float(s[0] * s[1]) if len(s) > 1 else 0.0


def visible_fraction(points: np.ndarray, view: View) -> float:
    """How much of a sheet's or cloud's spread the view shows: the area of its projection over
    the area of its widest 2-D spread (1 face-on, 0 edge-on; zoom and perspective aside)."""
    P = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    full = spread_area(P)
    if full <= 1e-12:
        return 1.0
    flat = P @ view_rotation(view.phi, view.theta)[:2].T
    return min(spread_area(flat) / full, 1.0)


def least_visible(sheets: list[np.ndarray]):
    """``score(view)``: the smallest visible fraction (:func:`visible_fraction`) of many
    sheets, each reduced once to its covariance, so a whole motion's sheets can be scored
    at every candidate view.

    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=(50, 3)), rng.normal(size=(40, 3)) * [1, 2, 0.1]
    >>> v = View(np.radians(50), np.radians(30))
    >>> bool(np.isclose(least_visible([a, b])(v), min(visible_fraction(a, v),
    ...                                                 visible_fraction(b, v))))
    True
    """
    covs, fulls = [], []
    for S in sheets:
        P = np.asarray(S, dtype=np.float64).reshape(-1, 3)
        if len(P) < 3:
            continue
        P = P - P.mean(axis=0)
        C = P.T @ P / len(P)
        lam = np.sort(np.linalg.eigvalsh(C))[::-1].clip(0)
        full = float(np.sqrt(lam[0] * lam[1]))
        if full > 1e-12:
            covs.append(C)
            fulls.append(full)
    covs, fulls = np.array(covs).reshape(-1, 3, 3), np.array(fulls)

    def score(view: View) -> float:
        if not len(fulls):
            return 1.0
        R = view_rotation(view.phi, view.theta)[:2]
        flat = np.einsum("ij,njk,lk->nil", R, covs, R)
        area = np.sqrt(np.clip(np.linalg.det(flat), 0, None))
        return float(np.minimum(area / fulls, 1.0).min())
    return score


def neighbour_agreement(points2d: np.ndarray, labels: np.ndarray) -> float:
    """The share of points whose nearest other point (in the plane of the screen) has their
    class: near 1 when the classes are seen apart, near the chance level when tangled."""
    P = np.asarray(points2d, dtype=np.float64)
    labels = np.asarray(labels)
    if len(P) < 2:
        return 1.0
    d = ((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    return float(np.mean(labels[np.argmin(d, axis=1)] == labels))


def fit_view(view: View, points: np.ndarray, region: tuple[float, float, float, float],
             focal: float = FOCAL_DISTANCE) -> View:
    """``view`` with the zoom and offset that fit ``points``' projection to ``region``
    (x0, x1, y0, y1 in frame units), as large as it fits, centred in it."""
    P = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    x0, x1, y0, y1 = region
    target = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    v = View(view.phi, view.theta, 1.0)
    for _ in range(4):  # perspective makes the size depend on the zoom a little
        Q = v.project(P, focal) - np.array(v.offset)
        lo, hi = Q.min(axis=0), Q.max(axis=0)
        size = np.maximum(hi - lo, 1e-9)
        zoom = v.zoom * min((x1 - x0) / size[0], (y1 - y0) / size[1])
        v = View(view.phi, view.theta, float(zoom), tuple(target - (lo + hi) / 2 * zoom / v.zoom))
    return v


def best_view(score, phis, thetas, prefer: View | None = None) -> View:
    """The (phi, theta) of the grid ``phis`` x ``thetas`` with the highest ``score(View)``;
    among views within 2% of the best, the nearest to ``prefer`` (the camera moves least)."""
    views = [View(float(p), float(t)) for p in phis for t in thetas]
    scores = np.array([score(v) for v in views])
    good = [v for v, s in zip(views, scores, strict=True) if s >= scores.max() - 0.02 * abs(
        scores.max())]
    if prefer is None:
        return good[0]

    def turn(v):
        return abs(v.phi - prefer.phi) + abs(np.angle(np.exp(1j * (v.theta - prefer.theta))))
    return min(good, key=turn)
