"""What a first-layer unit looks for: its weights on the inputs, drawn the one way every
chapter draws them.

Unit j of the first hidden layer computes s_j = w_j . x + b_j: it answers most to an input
that looks like w_j. For image inputs (a trace with ``image_shape``, such as 8x8 digits) w_j
is drawn as an image of that shape, on the diverging colour scale centred at 0
(style.weight_rgb): the pixels it wants inked one colour, those it wants blank the other.
For other inputs it is drawn as bars, one per input, beside the inputs' names (text,
shortened to fit). Either way :class:`UnitTemplates` follows a trace position, so the
templates change as training goes.

Every image input is drawn by :class:`PixelImage` too (the data's own pictures, in grey).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, UP, Group, ImageMobject, Line, Rectangle, VGroup, VMobject
from PIL import Image

from mlp.trace import Trace
from scenes.toolkit.readouts import caption, name_text
from scenes.toolkit.style import MUTED, pixel_rgb, sign_color, weight_rgb


def image_shape(trace: Trace) -> tuple[int, int] | None:
    """The (rows, columns) the inputs are images of, or None (then they are not images)."""
    shape = trace.image_shape
    if shape is None or int(np.prod(shape)) != trace.sizes[0]:
        return None
    return int(shape[0]), int(shape[1])


def first_layer_weights(trace: Trace, pos: float) -> np.ndarray:
    """The first layer's weights W1 (inputs, units) at ``pos`` (column j is unit j's w_j)."""
    return trace.params_at(pos)[0][0]


def weight_scale(trace: Trace) -> float:
    """The one scale every template of a trace is coloured by, at every position: the
    largest |weight| of the first layer over the whole run, so that a template that grows
    stronger is seen to (it is not rescaled frame by frame)."""
    return float(max(np.abs(W).max() for W in trace.weights[0])) or 1.0


def template_rgb(trace: Trace, unit: int, pos: float) -> np.ndarray:
    """Unit ``unit``'s weights at ``pos`` as the image's colours (rows, columns, 3)."""
    shape = image_shape(trace)
    w = first_layer_weights(trace, pos)[:, unit]
    return weight_rgb(w.reshape(shape), weight_scale(trace))


class PixelImage(Group):
    """An image of square pixels (nearest, no smoothing) ``height`` tall, with a thin border:
    ``set_rgb(rgb)`` (rows, columns, 3) in [0, 1], row 0 at the top. Parts: ``image``
    (ImageMobject), ``border`` (Rectangle).

    Examples
    --------
    ::

        class ShowImage(Scene):
            def construct(self):
                self.add(PixelImage(np.random.default_rng(0).random((8, 8, 3)), height=2))
    """

    def __init__(self, rgb, *, height: float = 0.6, border: str = MUTED, **kwargs) -> None:
        super().__init__(**kwargs)
        rgb = np.asarray(rgb, dtype=np.float64)
        self.shape = rgb.shape[:2]
        self.image = ImageMobject(self._pixels(rgb), resampling_algorithm=Image.Resampling.NEAREST)
        rows, cols = self.shape
        self.image.stretch_to_fit_height(height)
        self.image.stretch_to_fit_width(height * cols / rows)
        self.border = Rectangle(width=self.image.width, height=height, stroke_color=border,
                                stroke_width=1.5)
        self.border.move_to(self.image)
        self.add(self.image, self.border)

    @staticmethod
    def _pixels(rgb: np.ndarray) -> np.ndarray:
        arr = np.empty(rgb.shape[:2] + (4,), dtype=np.uint8)
        arr[..., :3] = np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8)
        arr[..., 3] = 255
        return arr

    def set_rgb(self, rgb) -> PixelImage:
        rgb = np.asarray(rgb, dtype=np.float64)
        if rgb.shape[:2] != self.shape:
            raise ValueError(f"rgb must have shape {self.shape} + (3,), got {rgb.shape}")
        self.image.pixel_array = self._pixels(rgb)
        return self


def input_image(trace: Trace, x, *, height: float = 0.6) -> PixelImage:
    """One image input ``x`` (d,) as its picture, grey from the data's lowest to its highest
    pixel value."""
    lo, hi = float(np.min(trace.X)), float(np.max(trace.X))
    return PixelImage(pixel_rgb(np.asarray(x).reshape(image_shape(trace)), lo, hi),
                      height=height)


class WeightBars(VGroup):
    """A unit's weights as horizontal bars, one row per input, from a centre line: right and
    in the positive colour for a positive weight, left in the negative one, |w| / scale of
    the half-width. ``set_weights(w)`` redraws them. Parts: ``box`` (the frame at |w| =
    scale), ``axis`` (Line), ``bars``.

    Examples
    --------
    ::

        class ShowBars(Scene):
            def construct(self):
                self.add(WeightBars(4, 1.0, width=2, row=0.4).set_weights([0.5, -1, 0.2, 0.9]))
    """

    def __init__(self, inputs: int, scale: float, *, width: float = 1.2, row: float = 0.16,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.scale_ = float(scale)
        height = inputs * row
        self.axis = Line(UP * height / 2, DOWN * height / 2, stroke_color=MUTED, stroke_width=1.5)
        # the cell's place, whatever the bars' lengths: a frame at |w| = scale
        self.box = Rectangle(width=width, height=height, stroke_color=MUTED, stroke_width=1,
                             stroke_opacity=0.4)
        self.bars = VGroup(*(VMobject(stroke_width=0, fill_opacity=1.0) for _ in range(inputs)))
        self.add(self.box, self.axis, self.bars)
        self.set_weights(np.zeros(inputs))

    def set_weights(self, w) -> WeightBars:
        w = np.asarray(w, dtype=np.float64)
        # the cell's geometry as it is now (after any scaling of the whole)
        x0, top = self.axis.get_center()[0], self.axis.get_start()[1]
        row = (top - self.axis.get_end()[1]) / len(self.bars)
        half = self.box.width / 2
        for i, (bar, v) in enumerate(zip(self.bars, w, strict=True)):
            length = np.clip(v / self.scale_, -1, 1) * half
            y1 = top - (i + 0.15) * row
            y0 = top - (i + 0.85) * row
            bar.set_points_as_corners([[x0, y0, 0], [x0 + length, y0, 0], [x0 + length, y1, 0],
                                       [x0, y1, 0], [x0, y0, 0]])
            bar.set_fill(sign_color(v), opacity=1.0)
        return self


class UnitTemplates(Group):
    """The first layer's units ``units`` (all of them by default), each as what it looks
    for (see the module's doc): an image per unit for image inputs, else bars per unit
    beside the inputs' names, in rows of ``columns``, each cell labelled with its unit's
    number. ``set_position(pos)`` redraws them from the trace's weights there.

    Parts: ``cells`` (PixelImage or WeightBars, in the order of ``units``), ``labels``
    (the unit numbers), ``names`` (the input names beside the bars; empty for images).

    Examples
    --------
    ::

        class ShowTemplates(Scene):
            def construct(self):
                trace = load_trace("assets/digits-width-16.npz")
                self.add(UnitTemplates(trace).set_position(trace.n_snapshots - 1))
    """

    def __init__(self, trace: Trace, units: Sequence[int] | None = None, *, columns: int = 8,
                 cell: float = 0.55, buff: float = 0.12, font_size: float = 16,
                 names_width: float = 1.3, bar_row: float = 0.15, bar_width: float = 1.0,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace = trace
        self.units = list(range(trace.sizes[1])) if units is None else [int(u) for u in units]
        self.shape = image_shape(trace)
        self.scale_ = weight_scale(trace)
        d = trace.sizes[0]
        if self.shape is not None:
            self.cells = [PixelImage(np.zeros(self.shape + (3,)), height=cell)
                          for _ in self.units]
        else:
            self.cells = [WeightBars(d, self.scale_, width=bar_width, row=bar_row)
                          for _ in self.units]
        self.labels = VGroup()
        boxes = []
        for u, c in zip(self.units, self.cells, strict=True):
            label = caption(str(u + 1), font_size=font_size * 0.8, color=MUTED)
            label.next_to(c, UP, buff=0.05)
            self.labels.add(label)
            boxes.append(Group(c, label))
        columns = min(columns, len(boxes))
        grid = Group(*boxes).arrange_in_grid(cols=columns, buff=buff, aligned_edge=UP)
        self.add(grid)
        self.names = VGroup()
        if self.shape is None:
            # the inputs' names on their bars' rows, left of each row of the grid
            names = trace.feature_names or [f"x{i + 1}" for i in range(d)]
            for first in self.cells[::columns]:
                top, right = first.axis.get_start()[1], first.get_left()[0] - 0.1
                texts = [name_text(name, names_width, font_size=font_size, color=MUTED)
                         for name in names]
                # one size for every name, the tallest fitting its row
                factor = min(1.0, bar_row * 0.9 / max(t.height for t in texts))
                for i, text in enumerate(texts):
                    text.scale(factor)
                    text.move_to([right - text.width / 2, top - (i + 0.5) * bar_row, 0])
                    self.names.add(text)
            self.add(self.names)
        self.snapshot = None
        self.pos = None
        self.set_position(0.0)

    def values(self, pos: float) -> np.ndarray:
        """The weights shown at ``pos``: (units, rows, columns) for images, (units, d)
        else, in the order of ``units``."""
        W = first_layer_weights(self.trace, pos)[:, self.units].T
        return W.reshape((len(self.units), *self.shape)) if self.shape is not None else W

    def set_position(self, pos: float) -> UnitTemplates:
        pos = float(pos)
        if pos == self.pos:
            return self
        self.pos = pos
        for cell, w in zip(self.cells, self.values(pos), strict=True):
            if self.shape is not None:
                cell.set_rgb(weight_rgb(w, self.scale_))
            else:
                cell.set_weights(w)
        return self

