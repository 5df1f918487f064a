"""The network's output over the input plane for either output kind: one set of factories
every plane chapter calls, so that a classification draws its class regions and its 0.5
boundary, and a regression its fitted surface as a heatmap of values, level lines and a
colour bar, with the data coloured by their targets on the same scale.

The value scale is a sequential one (viridis' anchors: dark purple for the lowest target,
yellow for the highest), apart from the class colours, so that a colour means one thing:
a class colour is a class, a viridis colour a value. It spans the training targets' range,
fixed for the whole run; values beyond it take the end colours. Its words and numbers are
said in the language of $MLP_LANGUAGE.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, MathTex, Rectangle, VGroup

from mlp.trace import Trace
from scenes.toolkit.clouds import PointCloud
from scenes.toolkit.curves import nice_ticks
from scenes.toolkit.inputs import placed
from scenes.toolkit.language import _, decimal
from scenes.toolkit.plane import ContourLine, Heatmap, PlaneFrame
from scenes.toolkit.readouts import caption
from scenes.toolkit.sample import DisplaySample, display_sample
from scenes.toolkit.style import FOREGROUND, MUTED, class_color

VALUE_ANCHORS = ("#440154", "#3B528B", "#21908C", "#5DC963", "#FDE725")
VALUE_BINS = 8  # a cloud's points take one of this many colours of the scale
MAX_LEVELS = 5


def _anchors() -> np.ndarray:
    return np.array([[int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)] for c in VALUE_ANCHORS])


def value_rgb(V, lo: float, hi: float) -> np.ndarray:
    """Colours (..., 3) in [0, 1] of values V on the scale from lo (dark purple) to hi
    (yellow), linear between the anchors; clipped at the ends.

    >>> value_rgb([0.0, 1.0], 0.0, 1.0).round(3).tolist()
    [[0.267, 0.004, 0.329], [0.992, 0.906, 0.145]]
    """
    A = _anchors()
    u = np.clip((np.asarray(V, dtype=np.float64) - lo) / max(hi - lo, 1e-12), 0.0, 1.0)
    t = u * (len(A) - 1)
    k = np.minimum(np.floor(t).astype(int), len(A) - 2)
    f = (t - k)[..., None]
    return A[k] * (1 - f) + A[k + 1] * f


def hex_of(rgb) -> str:
    return "#" + "".join(f"{int(round(float(v) * 255)):02X}" for v in rgb)


def target_range(trace: Trace) -> tuple[float, float]:
    """The training targets' range (widened a little when they are all equal)."""
    lo, hi = float(np.min(trace.y)), float(np.max(trace.y))
    return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)


class ValueHeatmap(Heatmap):
    """A :class:`Heatmap` of fitted values: ``set_probabilities(V)`` (the name every plane
    chapter calls) colours a grid of y-hat (ny, nx) on the value scale from lo to hi.

    Examples
    --------
    ::

        class ShowValues(Scene):
            def construct(self):
                heat = ValueHeatmap(PlaneFrame((0, 1), (0, 1)), 0.0, 1.0, resolution=(2, 2))
                self.add(heat.set_probabilities([[0.0, 0.3], [0.6, 1.0]]))
    """

    def __init__(self, frame: PlaneFrame, lo: float, hi: float, **kwargs) -> None:
        self.lo, self.hi = float(lo), float(hi)
        super().__init__(frame, **kwargs)

    def set_probabilities(self, P, threshold: float | None = None) -> ValueHeatmap:
        nx, ny = self.resolution
        V = np.asarray(P, dtype=np.float64)
        if V.shape != (ny, nx):
            raise ValueError(f"values must have shape {(ny, nx)}, got {V.shape}")
        self.values = V
        rgb = value_rgb(V[::-1], self.lo, self.hi) * 0.85  # a little darker than the points
        arr = np.empty((ny, nx, 4), dtype=np.uint8)
        arr[..., :3] = np.round(rgb * 255).astype(np.uint8)
        arr[..., 3] = 255
        self.pixel_array = arr
        return self


class LevelLines(VGroup):
    """Level lines y-hat = c of a grid of fitted values, at round values ``levels`` inside
    the targets' range; ``set_decision_grid(V, xs, ys)`` (the name every plane chapter
    calls for its boundary) redraws them. Parts: ``lines`` (one ContourLine per level).

    Examples
    --------
    ::

        class ShowLevels(Scene):
            def construct(self):
                xs = np.linspace(-1, 1, 50)
                V = xs[None, :] ** 2 - xs[:, None] ** 2
                lines = LevelLines(PlaneFrame((-1, 1), (-1, 1)), -1.0, 1.0)
                self.add(lines.set_decision_grid(V, xs, xs))
    """

    def __init__(self, frame: PlaneFrame, lo: float, hi: float, *,
                 color: str = FOREGROUND, stroke_width: float = 2.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.levels = level_values(lo, hi)
        self.lines = [ContourLine(frame, color=color, stroke_width=stroke_width,
                                  stroke_opacity=0.8) for _ in self.levels]
        self.add(*self.lines)

    def set_decision_grid(self, V, xs, ys) -> LevelLines:
        for line, c in zip(self.lines, self.levels, strict=True):
            line.set_grid(V, xs, ys, c)
        return self


def level_values(lo: float, hi: float) -> list[float]:
    """Round values strictly inside (lo, hi), at most MAX_LEVELS of them.

    >>> level_values(-2.1, 2.2)
    [-2.0, -1.0, 0.0, 1.0, 2.0]
    """
    return [v for v in nice_ticks(lo, hi, MAX_LEVELS) if lo < v < hi]


class ColourBar(VGroup):
    """The value scale's key: a vertical strip from the lowest to the highest target, its
    level values marked, and its name y-hat(x). Parts: ``strip``, ``ticks``, ``name``.

    Examples
    --------
    ::

        class ShowBar(Scene):
            def construct(self):
                self.add(ColourBar(-2.1, 2.0))
    """

    def __init__(self, lo: float, hi: float, *, height: float = 1.0, width: float = 0.3,
                 font_size: float = 16, **kwargs) -> None:
        super().__init__(**kwargs)
        n = 24
        cells = VGroup(*(Rectangle(width=width, height=height / n, stroke_width=0,
                                   fill_color=hex_of(value_rgb(lo + (hi - lo) * (i + 0.5) / n,
                                                               lo, hi)), fill_opacity=1)
                         for i in range(n)))
        cells.arrange(UP, buff=0)
        self.strip = cells
        self.ticks = VGroup()
        levels = level_values(lo, hi)
        ends = [v for v in (lo, hi)
                if min((abs(v - c) for c in levels), default=hi - lo) > 0.15 * (hi - lo)]
        for v in sorted([*levels, *ends]):
            y = cells.get_bottom()[1] + (v - lo) / (hi - lo) * height
            label = caption(decimal(v, ".3g"), font_size=font_size, color=MUTED)
            label.move_to([cells.get_right()[0] + 0.1 + label.width / 2, y, 0])
            self.ticks.add(label)
        self.name = MathTex(r"\hat y(x)", font_size=font_size * 1.3, color=MUTED)
        self.name.next_to(self.ticks, np.array([1, 0, 0]), buff=0.3)
        self.add(self.strip, self.ticks, self.name)


def plane_heatmap(trace: Trace, frame: PlaneFrame, **kwargs) -> Heatmap:
    """The heatmap of the network's output: class probabilities, or fitted values."""
    if trace.kind.classification:
        return Heatmap(frame, **kwargs)
    return ValueHeatmap(frame, *target_range(trace), **kwargs)


def plane_lines(trace: Trace, frame: PlaneFrame, *, color: str = FOREGROUND,
                stroke_width: float = 3.0):
    """The lines over the heatmap: the decision boundary, or the fit's level lines."""
    if trace.kind.classification:
        return ContourLine(frame, color=color, stroke_width=stroke_width)
    return LevelLines(frame, *target_range(trace), color=color,
                      stroke_width=stroke_width * 0.7)


def plane_cloud(trace: Trace, frame: PlaneFrame, X=None, y=None, **kwargs) -> PointCloud:
    """The data points X in the plane, placed by scenes.toolkit.inputs: in their classes'
    colours, or coloured by their targets on the value scale (one of VALUE_BINS colours
    each). By default the training points the scenes draw (sample.display_sample: at most
    DISPLAY_POINTS of them, a stratified sample past that); ``cloud.sample`` is that
    DisplaySample (None when X is given)."""
    sample = None
    if X is None:
        sample = display_sample(trace)
        X, y = sample.X, sample.y
    X = placed(trace, X)
    y = trace.y if y is None else y
    if trace.kind.classification:
        cloud = PointCloud.from_data(frame, X, y, **kwargs)
    else:
        lo, hi = target_range(trace)
        u = np.clip((np.asarray(y, dtype=np.float64) - lo) / (hi - lo), 0, 1)
        bins = np.minimum((u * VALUE_BINS).astype(int), VALUE_BINS - 1)
        colours = [hex_of(value_rgb(lo + (hi - lo) * (b + 0.5) / VALUE_BINS, lo, hi))
                   for b in range(VALUE_BINS)]
        kwargs.setdefault("outline", FOREGROUND)
        cloud = PointCloud(frame.to_scene(X), bins, colors=colours, **kwargs)
    cloud.sample = sample
    return cloud


def sample_note(sample: DisplaySample | None, frame=None, *, font_size: float = 20,
                noun: str = "points", above: bool = False) -> VGroup:
    """"2,000 of 50,000 points shown" in small muted text, just under ``frame``'s border at
    its left (when a frame is given; with ``above``, over it at its right, clear of numbered
    ticks); an empty VGroup when every point is drawn."""
    said = None if sample is None else sample.note(noun)
    if said is None:
        return VGroup()
    note = VGroup(caption(said, font_size=font_size, color=MUTED))
    if frame is not None:
        border = getattr(frame, "border", frame)
        if above:
            note.next_to(border, UP, buff=0.08).align_to(border, RIGHT)
        else:
            note.next_to(border, DOWN, buff=0.08).align_to(border, LEFT)
    return note


def point_colour(trace: Trace, y) -> str:
    """One point's colour, as the plane draws it: its class's, or its target's value."""
    if trace.kind.classification:
        return class_color(int(y))
    return hex_of(value_rgb(float(y), *target_range(trace)))


def plane_key(trace: Trace, classes_key: Callable[[Trace], VGroup]) -> VGroup:
    """What the heatmap's colours mean: ``classes_key(trace)`` for a classification, the
    colour bar with its level lines for a regression."""
    if trace.kind.classification:
        return classes_key(trace)
    return ColourBar(*target_range(trace))


def lines_key(trace: Trace, boundary_key: Callable[[Trace], VGroup]) -> VGroup:
    """What the white lines mean: ``boundary_key(trace)`` for a classification, the
    level values of the fit for a regression."""
    if trace.kind.classification:
        return boundary_key(trace)
    # the values' separator is the list's, apart from the decimal comma of some languages
    levels = "; ".join(decimal(v, "g") for v in level_values(*target_range(trace)))
    if decimal(0.5, "g") == "0.5":
        levels = levels.replace("; ", ", ")
    return VGroup(caption(_("white lines: y-hat = {levels}").format(levels=levels), font_size=20,
                          color=FOREGROUND))
