"""The hidden space: the warp's stages x -> Wx -> Wx + b -> sigma(Wx + b), their projection to
3-D, where everything the warp moves sits on screen, and the meta classifier's plane.

Hidden values are row vectors as in the core: for inputs X (n, 2) the stages are X (n, 2),
X @ W (n, k), X @ W + b (n, k) and sigma(X @ W + b) (n, k), k the hidden width. A
``Projection`` takes any (n, k) to view coordinates (n, 3); a
:class:`~scenes.toolkit.geometry.Frame` takes view coordinates to scene coordinates (a
centre and a scale), so that every stage fills the screen whatever its numeric range.
:func:`projection_words` says on screen, in the language of $MLP_LANGUAGE, what a
projection's axes are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import VGroup, VMobject

from mlp.activations import ACTIVATIONS
from mlp.network import MLP
from mlp.projection import (  # noqa: F401 (the core's)
    SQUASH_BOX,
    Projection,
    hidden_projection,
    layer_projection,
)
from scenes.toolkit.clouds import PointCloud
from scenes.toolkit.geometry import (
    Frame,
    box_frame,
    box_plane_section,
    clip_line,
    fit_frame,
    grid_polylines,
    line_in_box,
    pad3,
)
from scenes.toolkit.language import ngettext
from scenes.toolkit.style import META_CLASSIFIER, class_color


def projection_words(projection: Projection) -> str:
    """What a projection's axes are, for the screen, in the current language: the core's
    ``description`` ("8 hidden units seen through their 3 principal components", or along
    w_m and the 2 principal components across it), "" for an exact view (k <= 3)."""
    if projection.exact:
        return ""
    k = projection.width
    if "w_m" in projection.description:  # the last hidden layer of a binary network
        return ngettext("{k} hidden unit seen in 3D: along w_m,\nand the 2 principal "
                        "components of h across it",
                        "{k} hidden units seen in 3D: along w_m,\nand the 2 principal "
                        "components of h across it", k).format(k=k)
    return ngettext("{k} hidden unit seen through their 3 principal components",
                    "{k} hidden units seen through their 3 principal components",
                    k).format(k=k)


def warp_stages(model: MLP, X: np.ndarray, layer: int = 1) -> list[np.ndarray]:
    """The four stages of hidden layer ``layer`` (1-based) on inputs X (n, 2): the previous
    layer's representation R (X itself for layer 1), R W, R W + b and act(R W + b).

    >>> m = MLP([np.eye(2), np.ones((2, 1))], [np.zeros(2), np.zeros(1)])
    >>> [s.shape for s in warp_stages(m, np.zeros((5, 2)))]
    [(5, 2), (5, 2), (5, 2), (5, 2)]
    >>> m = MLP([np.eye(2, 4), np.ones((4, 3)), np.ones((3, 1))], [np.zeros(4), np.zeros(3),
    ...         np.zeros(1)], "relu")
    >>> [s.shape for s in warp_stages(m, np.zeros((5, 2)), layer=2)]
    [(5, 4), (5, 3), (5, 3), (5, 3)]
    """
    R = np.asarray(X, dtype=np.float64)
    for i in range(layer - 1):
        R = ACTIVATIONS[model.activations[i]](R @ model.weights[i] + model.biases[i])
    W, b = model.weights[layer - 1], model.biases[layer - 1]
    linear = R @ W
    shifted = linear + b
    return [R, linear, shifted, ACTIVATIONS[model.activations[layer - 1]](shifted)]


@dataclass
class WarpPicture:
    """Where everything the warp moves sits on screen at each of the four stages.

    ``points`` (4, n, 3), ``grid`` (4, L, m, 3) and ``lines`` (4, k, m, 3) (the hidden lines
    w_i . x + b_i = 0, empty for a unit whose line misses the data box; none beyond the
    first layer) are scene points; ``frames[i]`` maps stage i's view coordinates to the
    screen and ``view[i]`` (n, 3) are the data's view coordinates, so
    ``frames[i].to_scene(view[i]) == points[i]``. ``layer`` is the hidden layer warped
    (1-based): its stage 0 is where the previous layer's picture ended.
    """

    model: MLP
    projection: Projection
    frames: list[Frame]
    view: list[np.ndarray]
    points: np.ndarray
    grid: np.ndarray
    lines: list[np.ndarray]
    box: tuple[float, float] | None
    layer: int = 1

    @property
    def width(self) -> int:
        return self.projection.width

    def at(self, arrays, stage: float):
        """Linear interpolation between the two stages around ``stage`` in [0, 3]."""
        i = int(min(max(np.floor(stage), 0), 2))
        f = float(np.clip(stage - i, 0.0, 1.0))
        return (1 - f) * arrays[i] + f * arrays[i + 1]


def warp_picture(model: MLP, X: np.ndarray, projection: Projection,
                 xlim: tuple[float, float], ylim: tuple[float, float],
                 grid_lines: int = 21, samples: int = 41, *, layer: int = 1,
                 previous: WarpPicture | None = None, plane=None,
                 one_motion: bool = False) -> WarpPicture:
    """Compute the four stages of the warp of hidden layer ``layer`` for data X (n, d) and a
    grid over xlim x ylim of the input plane.

    ``plane`` (a scenes.toolkit.inputs.InputPlane) places inputs of more than 2 features:
    the data sit where their view puts them and are warped from their own inputs; the grid
    is one on the view's plane through the data's mean (``plane.lift``), warped from the
    inputs it stands for; no hidden line is drawn (a unit's w . x + b = 0 is not a line of
    the view). Without it, X is the plane itself (n, 2).

    Stage 0 is the input plane (for a deeper layer: the previous layer's representation,
    where ``previous``, that layer's picture, ended; without it, through its own principal
    components), 1 the linear map, 2 the shift by b,
    3 the squash; each through ``projection`` (stages 1-3) and a frame that fits it on
    screen (stages 1 and 2 share one, so the shift by b is seen as a shift).

    ``one_motion``: the four stages are played as one motion under one camera. Stages 1 and
    2 are then fitted, the whole grid with the data, inside the squash stage's radius, so the
    sheet on its way stays within what stages 0 and 3 take on screen and a camera fitted to
    the layer frames where it starts and where it lands, not the linear map's wider reach.
    """
    grid = grid_polylines(xlim, ylim, grid_lines, samples)
    k = model.sizes[layer]
    viewed = plane is not None and not plane.exact
    lines = ([line_in_box(model.weights[0][:, i], model.biases[0][i], xlim, ylim)
              for i in range(k)] if layer == 1 and not viewed else [])
    if previous is not None:
        start = previous.projection
    elif layer == 1:
        start = pad3
    else:  # the previous layer alone, through its principal components
        start = hidden_projection(warp_stages(model, X, layer)[0])

    def stages(P, on_plane: bool = True):  # (..., d) -> list of 4 view arrays (..., 3)
        flat = P.reshape(-1, P.shape[-1])
        if len(flat) == 0:
            return [np.zeros((*P.shape[:-1], 3))] * 4
        inputs = plane.lift(flat) if viewed and on_plane else flat
        st = warp_stages(model, inputs, layer)
        if viewed and start is pad3:  # the input plane: where the view puts each input
            first = pad3(flat if on_plane else plane.place(flat))
        else:
            first = start(st[0])
        out = [first] + [projection(s) for s in st[1:]]
        return [o.reshape(*P.shape[:-1], 3) for o in out]

    data, grid_v = stages(np.asarray(X, dtype=np.float64), on_plane=not viewed), stages(grid)
    lines_v = [stages(L) for L in lines]
    if previous is not None:
        f0 = previous.frames[3]
    elif layer == 1:
        f0 = fit_frame(pad3(np.array([[xlim[0], ylim[0]], [xlim[1], ylim[1]]])), radius=3.0)
    else:
        f0 = fit_frame(data[0], radius=2.4)
    box = SQUASH_BOX.get(model.activations[layer - 1])
    radius3 = (1.75 if k == 3 else 2.5) if box is not None and projection.exact else 2.4
    if box is not None and projection.exact:
        f3 = box_frame(*box, dims=k, radius=radius3)
    else:
        f3 = fit_frame(data[3], radius=radius3)
        box = None
    if one_motion:
        f12 = fit_frame(np.vstack([data[1], data[2], grid_v[1].reshape(-1, 3),
                                   grid_v[2].reshape(-1, 3)]), radius=radius3)
    else:
        f12 = fit_frame(np.vstack([data[1], data[2]]), radius=3.0)
    frames = [f0, f12, f12, f3]
    pts = np.stack([frames[i].to_scene(data[i]) for i in range(4)])
    grid_s = np.stack([frames[i].to_scene(grid_v[i]) for i in range(4)])
    lines_s = [np.stack([frames[i].to_scene(Lv[i]) for i in range(4)]) for Lv in lines_v]
    return WarpPicture(model, projection, frames, data, pts, grid_s, lines_s, box, layer)


def meta_plane_view(picture: WarpPicture, model: MLP | None = None) -> tuple[np.ndarray, float]:
    """The meta classifier's plane w_m . h + b_m = 0 in view coordinates: (normal (3,), d),
    w_m and b_m the output layer's."""
    model = model or picture.model
    return picture.projection.plane(model.weights[-1][:, 0], float(model.biases[-1][0]))


def view_box(picture: WarpPicture) -> tuple[np.ndarray, np.ndarray]:
    """The box of the squash stage in view coordinates: the activation's cube (square), or
    the data's bounding box widened by a tenth (also when the view is a projection, where
    the cube's own box would reach far past the points)."""
    if picture.box is not None and picture.projection.exact:
        lo, hi = np.full(3, picture.box[0]), np.full(3, picture.box[1])
    else:
        k3 = picture.view[3]
        pad = 0.1 * (k3.max(axis=0) - k3.min(axis=0))
        lo, hi = k3.min(axis=0) - pad, k3.max(axis=0) + pad
    if picture.width == 2:
        lo[2] = hi[2] = 0.0
    return lo, hi


def class_regions(picture: WarpPicture, model: MLP | None = None,
                  per_side: int = 9, near: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The output's class regions seen through the picture's projection, sampled on a
    lattice over its squash box (per_side points a side; a plane for a 2-unit layer): each
    view point z is taken back to the hidden point h = origin + basis z it shows and
    classified by the output layer (argmax of h W + b, or P(y=1) >= 1/2 for a binary output).
    Only the lattice within one step of a point is kept: the regions where the points are,
    not a wall of dots over the whole stage. ``near`` (n, 3) are those points' view
    coordinates (the data where the picture's squash puts them, ``view[3]``, by default):
    where the data are now, for a picture played through training.
    Returns (scene points (m, 3), classes (m,)).
    """
    model = model or picture.model
    lo, hi = view_box(picture)
    axes = [np.linspace(lo[a], hi[a], per_side) if hi[a] > lo[a] else np.zeros(1)
            for a in range(3)]
    Z = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
    # only the lattice near the points (within one step of one, the steps of each axis
    # taken as one)
    step = np.array([a[1] - a[0] if len(a) > 1 else np.inf for a in axes])
    from scipy.spatial import cKDTree

    scale = np.where(np.isfinite(step), step, 1.0)
    near = picture.view[3] if near is None else np.asarray(near, dtype=np.float64)
    if len(near):
        gap, _ = cKDTree(near.reshape(-1, 3) / scale).query(
            Z / scale, distance_upper_bound=1.0 + 1e-9)
        Z = Z[np.isfinite(gap)]
    else:
        Z = Z[:0]
    proj = picture.projection
    H = proj.origin + Z @ proj.basis.T
    logits = H @ model.weights[-1] + model.biases[-1]
    labels = (logits[:, 0] >= 0).astype(np.int64) if logits.shape[1] == 1 else \
        np.argmax(logits, axis=1)
    return picture.frames[3].to_scene(Z), labels


def section_vertices(picture: WarpPicture, normal: np.ndarray, offset: float) -> np.ndarray:
    """Scene points of the plane n . z + d = 0 inside the picture's box (cube, square, or the
    data's bounding box when there is none): (m, 3)."""
    k3 = picture.view[3]
    if picture.box is not None:
        lo = np.full(3, picture.box[0])
        hi = np.full(3, picture.box[1])
    else:
        pad = 0.1 * (k3.max(axis=0) - k3.min(axis=0))
        lo, hi = k3.min(axis=0) - pad, k3.max(axis=0) + pad
    if picture.width == 2:
        seg = clip_line(normal[:2], offset, (lo[0], hi[0]), (lo[1], hi[1]))
        return picture.frames[3].to_scene(seg) if seg is not None else np.zeros((0, 3))
    poly = box_plane_section(normal, offset, lo, hi)
    return picture.frames[3].to_scene(poly) if len(poly) else np.zeros((0, 3))


class MetaPlane(VMobject):
    """The meta classifier's plane w_m . h + b_m = 0 (a line for a 2-unit layer; w_m and b_m
    the output layer's, the picture the last hidden layer's) in a warp picture: the polygon
    where it cuts the picture's box, filled in 3-D.

    ``set_model(model)`` places it for another network's (w_m, b_m), in the picture's
    projection and frame. State: ``coefficients`` (w_m (k,), b_m), ``view_plane`` (normal
    (3,), offset) in view coordinates, ``vertices`` (m, 3) the scene points drawn.

    Examples
    --------
    ::

        class ShowMetaPlane(ThreeDScene):
            def construct(self):
                t = load_trace("assets/seed-notebook.npz")
                view = hidden_projection(t.model(-1).hidden(t.X))
                self.set_camera_orientation(phi=60 * DEGREES)
                self.add(MetaPlane(warp_picture(t.model(-1), t.X, view, (-2, 2), (-2, 2))))
    """

    def __init__(self, picture: WarpPicture, model: MLP | None = None, *,
                 color: str = META_CLASSIFIER, stroke_width: float = 3.0,
                 fill_opacity: float = 0.22, **kwargs) -> None:
        super().__init__(stroke_color=color, stroke_width=stroke_width, fill_color=color,
                         fill_opacity=fill_opacity if picture.width > 2 else 0, **kwargs)
        self.picture = picture
        self.coefficients: tuple[np.ndarray, float] = (np.zeros(picture.width), 0.0)
        self.view_plane: tuple[np.ndarray, float] = (np.zeros(3), 0.0)
        self.vertices = np.zeros((0, 3))
        self.set_model(model or picture.model)

    def set_model(self, model: MLP) -> MetaPlane:
        """Place the plane of ``model``'s meta classifier (its output layer's w_m, b_m)."""
        n, d = meta_plane_view(self.picture, model)
        verts = section_vertices(self.picture, n, d)
        self.coefficients = (model.weights[-1][:, 0].copy(), float(model.biases[-1][0]))
        self.view_plane = (n, d)
        self.vertices = verts
        if len(verts) >= 2:
            closed = verts if len(verts) == 2 else np.vstack([verts, verts[:1]])
            self.set_points_as_corners(closed)
        else:
            self.set_points_as_corners(np.zeros((2, 3)))
        return self


class ClassRegions(VGroup):
    """The output's class regions in a warp picture, seen through its projection: a lattice
    of faint dots in the squash box (a plane for a 2-unit layer) around the points, each in
    the colour of the class the output layer gives the hidden point it shows
    (:func:`class_regions`).

    ``set_model(model, right, up)`` recolours the lattice for another network's output layer.
    State: ``centers`` (m, 3) scene points, ``labels`` (m,) their classes; ``clouds[c]`` the
    PointCloud of class c.

    Examples
    --------
    ::

        class ShowRegions(ThreeDScene):
            def construct(self):
                t = load_trace("assets/seed-notebook.npz")
                m = t.model(-1)
                view = layer_projection(m, t.X, 1)
                self.add(ClassRegions(warp_picture(m, t.X, view, (-2, 2), (-2, 2)), 2))
    """

    def __init__(self, picture: WarpPicture, n_classes: int, model: MLP | None = None, *,
                 per_side: int | None = None, radius: float = 0.035,
                 fill_opacity: float = 0.4, **kwargs) -> None:
        super().__init__(**kwargs)
        self.picture = picture
        self.per_side = per_side or (31 if picture.width == 2 else 9)
        self.clouds = [PointCloud(radius=radius, colors=[class_color(c)],
                                  fill_opacity=fill_opacity, outline_width=0)
                       for c in range(n_classes)]
        self.add(*self.clouds)
        self.centers, self.labels = np.zeros((0, 3)), np.zeros(0, dtype=np.int64)
        self.set_model(model or picture.model)

    def set_model(self, model: MLP, right=None, up=None, near=None) -> ClassRegions:
        """Colour the lattice by ``model``'s output layer (dots facing ``right``, ``up``),
        around the points at ``near`` (view coordinates; the picture's data by default)."""
        self.centers, self.labels = class_regions(self.picture, model, self.per_side, near)
        for c, cloud in enumerate(self.clouds):
            cloud.set_centers(self.centers[self.labels == c], right, up)
        return self
