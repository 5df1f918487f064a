"""The computational graph of a network (the seed's nn.png) as a mobject.

Nodes x_1 .. x_d and the bias 1, then each hidden layer's units and its bias 1, then y-hat
(or the softmax's p_1 .. p_K), then the loss L. Every weight and bias between drawn units is
an edge, coloured by its sign and thickened by its size (scenes.toolkit.style.sign_color);
``set_parameters`` restyles them from another snapshot. An input or hidden layer wider than
8 units shows its strongest units and a "+N more" node (:func:`shown_units`, one rule for
both). Inputs the trace names carry their names (as text, shortened to fit); an image's
inputs (the digits' 8x8) are drawn as its pixels, each drawn input pointing at its pixel
(:class:`InputLook`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    LEFT,
    UP,
    Animation,
    Circle,
    Line,
    MathTex,
    Rectangle,
    Square,
    SurroundingRectangle,
    Text,
    VGroup,
)

from mlp.trace import Trace
from scenes.toolkit.language import _, number
from scenes.toolkit.readouts import caption, name_text
from scenes.toolkit.style import BACKGROUND, FONT, FOREGROUND, GRADIENT, MUTED, sign_color
from scenes.toolkit.units import strongest, unit_strength

Key = tuple[int, int, int]


def signed(value: float, digits: int = 3) -> str:
    """A number as shown on screen, with a true minus sign.

    >>> signed(-0.12345), signed(2.0, 2)
    ('\u22120.123', '2.00')
    """
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")


class ValueLabel(Text):
    """A number as shown on screen (``signed(value, digits)``, with the language's decimal
    point), keeping the exact ``value``.

    Examples
    --------
    ::

        class ShowValue(Scene):
            def construct(self):
                self.add(ValueLabel(-0.12345, digits=2, color=GRADIENT))
    """

    def __init__(self, value: float, *, digits: int = 3, font_size: float = 20,
                 color: str = FOREGROUND, **kwargs) -> None:
        super().__init__(number(signed(value, digits)), font=FONT, font_size=font_size, color=color,
                         **kwargs)
        self.value = float(value)


MAX_SHOWN = 8  # units of a layer drawn in full; a wider layer shows its strongest


def shown_units(weights: list[np.ndarray], max_shown: int = MAX_SHOWN,
                include: dict[int, int] | None = None,
                spread: np.ndarray | None = None) -> list[list[int]]:
    """Which units of each column the graph draws, in order. The inputs and every hidden
    layer: a layer of at most ``max_shown`` units is drawn in full; a wider one shows its
    ``max_shown - 1`` strongest by the one rule of every chapter
    (scenes.toolkit.units.unit_strength, on these ``weights`` and the inputs' ``spread``),
    leaving a slot for the "+N more" node. The outputs are always drawn. ``include``
    (layer -> unit) keeps a unit drawn (a path's) in place of the weakest.

    >>> W = [np.ones((2, 10)) * np.arange(10), np.ones((10, 1))]
    >>> shown_units(W)
    [[0, 1], [3, 4, 5, 6, 7, 8, 9], [0]]
    >>> wide = [np.ones((10, 1)) * np.arange(10)[:, None], np.ones((1, 1))]
    >>> shown_units(wide, spread=np.array([1.0] * 9 + [0.0]))
    [[2, 3, 4, 5, 6, 7, 8], [0], [0]]
    """
    sizes = [np.shape(weights[0])[0]] + [np.shape(w)[1] for w in weights]
    shown = []
    for layer, n in enumerate(sizes):
        if n <= max_shown or layer == len(sizes) - 1:
            shown.append(list(range(n)))
            continue
        shown.append(strongest(unit_strength(weights, layer, spread if layer == 0 else None),
                               max_shown - 1, (include or {}).get(layer)))
    return shown


@dataclass
class InputLook:
    """What the graph shows of the inputs beyond x_1 .. x_d, from the trace.

    ``names`` the inputs' names (shown beside the drawn inputs), ``spread`` (d,) each
    input's standard deviation over the data (for :func:`shown_units`), ``image_shape``
    (rows, columns) when an input is an image's pixel, ``x`` (d,) the point whose pixels
    are drawn and ``lo``, ``hi`` the data's smallest and largest input (black and white).
    """

    names: list[str] | None = None
    spread: np.ndarray | None = None
    image_shape: tuple[int, int] | None = None
    x: np.ndarray | None = None
    lo: float = 0.0
    hi: float = 1.0

    def levels(self) -> np.ndarray:
        """The grey level (0 black to 1 white) of each pixel of ``x``, (rows, columns): its
        value between the data's smallest and largest input."""
        span = max(self.hi - self.lo, 1e-12)
        return np.clip((np.asarray(self.x) - self.lo) / span, 0, 1).reshape(self.image_shape)


def input_look(trace: Trace, index: int | None = None) -> InputLook:
    """The trace's inputs as the graph shows them, with point ``index``'s image (when the
    inputs are one)."""
    X = np.asarray(trace.X, dtype=float)
    shape = trace.image_shape
    names = trace.feature_names
    return InputLook(
        names=[str(n) for n in names] if names and len(names) == X.shape[1] else None,
        spread=X.std(axis=0) if len(X) else None,
        image_shape=shape if shape and index is not None else None,
        x=X[index].copy() if index is not None else None,
        lo=float(X.min()) if X.size else 0.0, hi=float(X.max()) if X.size else 1.0)


def grey(level: float) -> str:
    """A grey of ``level`` 0 (black) to 1 (white) as #rrggbb.

    >>> grey(0.0), grey(1.0), grey(0.5)
    ('#000000', '#ffffff', '#808080')
    """
    v = int(round(float(np.clip(level, 0, 1)) * 255))
    return f"#{v:02x}{v:02x}{v:02x}"


NAME_ROOM = 2.6  # the width left of the inputs for their names


def column_xs(n_layers: int, width: float) -> np.ndarray:
    """The x of each column: inputs, the hidden layers, the output, the loss. The first gap
    is the widest (it carries the most edges and their labels); the loss sits close.

    >>> column_xs(2, 10.0).round(6).tolist()
    [-5.0, -0.4, 2.6, 5.0]
    """
    if n_layers == 2:  # the seed's proportions
        gaps = np.array([0.46, 0.30, 0.24])
    else:
        gaps = np.array([0.46 / 0.30] + [1.0] * (n_layers - 1))
        gaps = np.append(0.76 * gaps / gaps.sum(), 0.24)
    return -width / 2 + width * np.concatenate([[0.0], np.cumsum(gaps)])


class NetworkGraph(VGroup):
    """The computational graph of a network, from its weights.

    Columns: ``nodes[0]`` the inputs and ``nodes[l]`` hidden layer l's units (each, for a
    layer wider than ``max_shown``, its strongest and a "+N more" node) and the bias 1;
    ``nodes[L]`` the output (y-hat, or p_1 .. p_K under a softmax); ``nodes[L + 1]`` the loss L.
    ``shown[l]`` lists the unit indices drawn in column l, ``more[l]`` how many are not.
    ``edges[(layer, i, j)]`` is the Line of weight W[layer][i, j] between drawn units (i ==
    sizes[layer] is the bias b[layer][j]); ``loss_edges`` join each output to L
    (``loss_edge`` is the first). ``values[key]`` is the parameter an edge currently shows
    and ``gradients[key]`` the gradient it carries (:meth:`gradient_label`,
    :meth:`carry_gradients`).

    Parameters
    ----------
    weights, biases:
        The core's layout: W[l] (sizes[l], sizes[l+1]), b[l] (sizes[l+1],).
    output:
        "binary" or "regression" (one node y-hat) or "softmax" (K nodes p_k, boxed as the
        softmax).
    weight_scale:
        The |w| drawn at ``max_width`` (default: the largest |w| given).
    inputs:
        :class:`InputLook` (:func:`input_look` of a trace): the inputs' spread (which are
        strongest), their names, drawn left of the inputs in ``input_names[i]``, or an
        image's pixels, ``pixels`` (row by row, grey ``pixel_levels``) with ``pointers[i]``
        from each drawn input to its pixel. The columns make room for them in ``width``.
    ranked_by:
        The weights a wide layer's strongest units are picked by (a chapter passes the
        trace's last snapshot, scenes.toolkit.units.last_weights, as every chapter does);
        the drawn ``weights`` when not given.

    Examples
    --------
    ::

        class ShowGraph(Scene):
            def construct(self):
                t = load_trace("assets/seed-notebook.npz")
                self.add(NetworkGraph(*t.params_at(t.n_snapshots - 1)))
    """

    def __init__(self, weights: list[np.ndarray], biases: list[np.ndarray], *,
                 output: str = "binary", width: float = 10.0, height: float = 5.2,
                 node_radius: float = 0.36, weight_scale: float | None = None,
                 min_width: float = 1.0, max_width: float = 9.0, max_shown: int = MAX_SHOWN,
                 include: dict[int, int] | None = None, inputs: InputLook | None = None,
                 ranked_by: list[np.ndarray] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sizes = [int(np.shape(weights[0])[0])] + [int(np.shape(w)[1]) for w in weights]
        n_layers = len(weights)
        self.output = output
        self.min_width, self.max_width = min_width, max_width
        self.weight_scale = weight_scale or float(max(
            np.max(np.abs(np.concatenate([np.ravel(w) for w in weights]))),
            np.max(np.abs(np.concatenate([np.ravel(b) for b in biases]))), 1e-9))
        inputs = inputs or InputLook()
        self.inputs = inputs
        self.shown = shown_units(weights if ranked_by is None else ranked_by, max_shown,
                                 include, inputs.spread)
        self.more = [n - len(s) for n, s in zip(self.sizes, self.shown, strict=True)]
        deep = n_layers > 2
        names: list[list[str]] = [[f"x_{{{i + 1}}}" for i in self.shown[0]]
                                  + ([f"+{self.more[0]}"] if self.more[0] else []) + ["1"]]
        for layer in range(1, n_layers):
            unit = (lambda j, layer=layer: rf"h^{{({layer})}}_{{{j + 1}}}") if deep else \
                (lambda j: f"h_{{{j + 1}}}")
            names.append([unit(j) for j in self.shown[layer]]
                         + ([f"+{self.more[layer]}"] if self.more[layer] else []) + ["1"])
        names.append([r"\hat{y}"] if output != "softmax" else
                     [f"p_{{{k + 1}}}" for k in range(self.sizes[-1])])
        names.append(["L"])
        tallest = max(len(n) for n in names)
        spacing = height / max(tallest - 1, 1)
        shrink = min(1.0, 0.42 * spacing / node_radius)  # tall columns: smaller nodes
        node_radius *= shrink
        self.node_radius = node_radius
        font = 34 * shrink
        # room on the left for the image's pixels or the inputs' names
        image = inputs.image_shape is not None and inputs.x is not None
        self.grid_side = min(1.9, 0.55 * height) if image else 0.0
        room = (self.grid_side + 0.6 if image else NAME_ROOM if inputs.names else 0.0)
        xs = column_xs(n_layers, width - room) + room / 2
        self.nodes: list[VGroup] = []
        self.more_nodes: dict[int, VGroup] = {}
        for layer, layer_names in enumerate(names):
            n = len(layer_names)
            ys = (np.linspace(height / 2, -height / 2, n) if n > 1 else np.zeros(1))
            if n > 1 and n < tallest and 0 < layer <= n_layers:  # short columns keep spacing
                ys = spacing * (np.arange(n)[::-1] - (n - 1) / 2)
            group = VGroup()
            for name, y in zip(layer_names, ys, strict=True):
                bias, more = name == "1", name.startswith("+")
                circle = Circle(radius=node_radius,
                                stroke_color=MUTED if bias or more else FOREGROUND,
                                stroke_width=2.5, fill_color=BACKGROUND, fill_opacity=1.0)
                circle.move_to([xs[layer], y, 0])
                if more:
                    label = Text(f"+{self.more[layer]}", font=FONT, font_size=0.75 * font,
                                 color=MUTED)
                    self.more_nodes[layer] = VGroup(circle, label)
                else:
                    label = MathTex(name, font_size=font, color=MUTED if bias else FOREGROUND)
                if label.width > 1.6 * node_radius:
                    label.scale_to_fit_width(1.6 * node_radius)
                label.move_to(circle)
                group.add(VGroup(circle, label))
            self.nodes.append(group)
        # the inputs' names (text, never markup), or the image's pixels and pointers to them
        self.input_names: dict[int, Text] = {}
        self.pixels: VGroup | None = None
        self.pointers: dict[int, Line] = {}
        extras = VGroup()
        if image:
            extras.add(*self._draw_pixels(xs[0], height))
        elif inputs.names:
            size = min(20.0, 0.62 * font)
            for i in self.shown[0]:
                node = self.node(0, i)[0]
                label = name_text(inputs.names[i], NAME_ROOM - node_radius - 0.15,
                                  font_size=size, color=FOREGROUND)
                label.next_to(node, LEFT, buff=0.1)
                self.input_names[i] = label
                extras.add(label)
        self.edges: dict[Key, Line] = {}
        self.values: dict[Key, float] = {}
        self.gradients: dict[Key, float] = {}
        edge_group = VGroup()
        for layer in range(n_layers):
            sources = self.shown[layer] + [self.sizes[layer]]
            for j in self.shown[layer + 1]:
                for i in sources:
                    a = self.node(layer, i)[0]
                    b = self.node(layer + 1, j)[0]
                    line = Line(a.get_center(), b.get_center(), buff=node_radius)
                    self.edges[(layer, i, j)] = line
                    edge_group.add(line)
        loss = self.nodes[-1][0][0]
        self.loss_edges = [Line(node[0].get_center(), loss.get_center(), buff=node_radius,
                                stroke_color=MUTED, stroke_width=2.5)
                           for node in self.nodes[n_layers]]
        self.loss_edge = self.loss_edges[0]
        self.edge_group = edge_group
        parts = [edge_group, *self.loss_edges, extras, *self.nodes]
        self.softmax_box = None
        if output == "softmax":
            column = self.nodes[n_layers]
            box = SurroundingRectangle(column, buff=0.08, corner_radius=0.15, color=MUTED,
                                       stroke_width=2)
            name = Text(_("softmax"), font=FONT, font_size=18, color=MUTED).next_to(box, UP, 0.08)
            self.softmax_box = VGroup(box, name)
            parts.insert(1, self.softmax_box)
        self.add(*parts)
        self.set_parameters(weights, biases)

    def _draw_pixels(self, x0: float, height: float) -> list:
        """The image's pixels as a grid of grey squares left of the inputs' column at x0
        (``pixels``, row by row; ``pixel_levels`` their grey levels), a frame around them,
        and a line from each drawn input to its pixel (``pointers``), that pixel outlined."""
        rows, cols = self.inputs.image_shape
        levels = self.inputs.levels()
        self.pixel_levels = levels
        side = self.grid_side / max(rows, cols)
        left = x0 - self.node_radius - 0.6 - self.grid_side + (self.grid_side - cols * side) / 2
        top = rows * side / 2
        squares = VGroup()
        for r in range(rows):
            for c in range(cols):
                sq = Square(side, stroke_width=0, fill_color=grey(levels[r, c]),
                            fill_opacity=1.0)
                sq.move_to([left + (c + 0.5) * side, top - (r + 0.5) * side, 0])
                squares.add(sq)
        self.pixels = squares
        frame = Rectangle(width=cols * side, height=rows * side, stroke_color=MUTED,
                          stroke_width=1.5).move_to(squares)
        pointers, marks = VGroup(), VGroup()
        for i in self.shown[0]:
            sq = squares[i]
            node = self.node(0, i)[0]
            line = Line(sq.get_center(), node.get_center() + self.node_radius * LEFT,
                        stroke_color=FOREGROUND, stroke_width=1.2, stroke_opacity=0.7)
            self.pointers[i] = line
            pointers.add(line)
            marks.add(Square(side, stroke_color=FOREGROUND, stroke_width=1.5,
                             fill_opacity=0).move_to(sq))
        return [squares, frame, pointers, marks]

    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    def position(self, layer: int, unit: int) -> int:
        """Where unit ``unit`` of column ``layer`` sits in ``nodes[layer]`` (the bias is
        unit sizes[layer], after the drawn units and the "+N more" node)."""
        if layer < self.n_layers + 1 and unit == self.sizes[layer]:
            return len(self.nodes[layer]) - 1
        return self.shown[layer].index(unit) if layer <= self.n_layers else unit

    def node(self, layer: int, unit: int) -> VGroup:
        """The node (circle, label) of unit ``unit`` in column ``layer``."""
        return self.nodes[layer][self.position(layer, unit)]

    def count(self) -> tuple[int, int]:
        """(nodes, edges) as the rule says: every drawn unit, a "+N more" node per wider
        input or hidden layer, a bias per layer but the output, the outputs and L; an edge between
        every two drawn units of neighbouring columns and from each bias to the next
        column's drawn units, and one from each output to L: (9, 14) for the seed's 2-3-1.
        """
        nodes = sum(len(s) for s in self.shown) + sum(m > 0 for m in self.more)
        nodes += self.n_layers + 1
        edges = sum((len(self.shown[i]) + 1) * len(self.shown[i + 1])
                    for i in range(self.n_layers)) + self.sizes[-1]
        return nodes, edges

    def edge_style(self, value: float) -> dict:
        """Stroke colour by sign, width by |value| relative to ``weight_scale``."""
        frac = min(abs(value) / self.weight_scale, 1.0)
        return {"color": sign_color(value),
                "width": self.min_width + (self.max_width - self.min_width) * frac}

    def set_parameters(self, weights: list[np.ndarray], biases: list[np.ndarray]) -> NetworkGraph:
        """Restyle every edge from W[0] (d, k), b[0] (k,), W[1] (k, 1), b[1] (1,)."""
        for (layer, i, j), line in self.edges.items():
            n_in = self.sizes[layer]
            value = float(biases[layer][j] if i == n_in else weights[layer][i, j])
            self.values[(layer, i, j)] = value
            style = self.edge_style(value)
            line.set_stroke(color=style["color"], width=style["width"])
        return self

    def restyle(self, weights: list[np.ndarray], biases: list[np.ndarray]) -> list[Animation]:
        """The animations restyling every edge to another snapshot's W and b (as
        ``set_parameters``); ``values`` holds the new parameters at once."""
        anims = []
        for (layer, i, j), line in self.edges.items():
            value = float(biases[layer][j] if i == self.sizes[layer] else weights[layer][i, j])
            self.values[(layer, i, j)] = value
            style = self.edge_style(value)
            anims.append(line.animate.set_stroke(color=style["color"], width=style["width"],
                                                 opacity=1.0))
        return anims

    @property
    def compact(self) -> bool:
        """Whether the nodes are too close for a number above each: numbers then go inside."""
        return self.node_radius < 0.3

    def value_label(self, layer: int, i: int, text: str, font_size: float = 20,
                    color: str = FOREGROUND) -> Text:
        """A number just above node (layer, unit i), or over it when the graph is compact."""
        node = self.node(layer, i)[0]
        label = caption(text, font_size=font_size, color=color)
        if self.compact:
            if label.width > 1.9 * self.node_radius:
                label.scale_to_fit_width(1.9 * self.node_radius)
            label.add_background_rectangle(color=BACKGROUND, opacity=1.0, buff=0.02)
            label.move_to(node)
        else:
            label.next_to(node, UP, buff=0.08)
        return label

    def gradient_label(self, key: Key, value: float, *, digits: int = 3,
                       font_size: float = 17, color: str = GRADIENT) -> ValueLabel:
        """The gradient ``value`` on edge ``key`` (kept in ``gradients[key]``), placed along
        the edge so labels of one layer do not meet: edges leaving source i carry theirs at a
        fraction that grows with i."""
        layer, i, _ = key
        self.gradients[key] = float(value)
        n_in = len(self.shown[layer]) + 1
        i = self.position(layer, i) if i < self.sizes[layer] else n_in - 1
        t = 0.42 + 0.36 * i / max(n_in - 1, 1) if layer == 0 else 0.3
        label = ValueLabel(value, digits=digits, font_size=font_size, color=color)
        label.add_background_rectangle(color=BACKGROUND, opacity=0.85, buff=0.03)
        label.move_to(self.edges[key].point_from_proportion(t))
        return label

    def spread_labels(self, keys: list[Key], labels: list, gap: float = 0.06) -> None:
        """Slides each of ``labels`` (one per edge of ``keys``, in order) along its edge,
        to the nearest place where it meets none of the labels placed before it."""
        def meets(a, b) -> bool:
            return (abs(a.get_x() - b.get_x()) < (a.width + b.width) / 2 + gap and
                    abs(a.get_y() - b.get_y()) < (a.height + b.height) / 2 + gap)

        placed: list = []
        for key, label in zip(keys, labels, strict=True):
            start = label.get_center()
            edge = self.edges[key]
            fractions = np.linspace(0.2, 0.8, 25)
            base = min(fractions, key=lambda f: np.linalg.norm(
                edge.point_from_proportion(f) - start))
            for f in sorted(fractions, key=lambda f: abs(f - base)):
                label.move_to(edge.point_from_proportion(f))
                if not any(meets(label, other) for other in placed):
                    break
            else:
                label.move_to(start)
            placed.append(label)

    def carry_gradients(self, gradients: dict[Key, float],
                        scale: float | None = None) -> list[Animation]:
        """The animations restyling the edges of ``gradients`` (key -> dL/dw) to carry them:
        colour by sign, thickness and opacity by |dL/dw| relative to ``scale`` (default: the
        largest given); ``gradients[key]`` keeps each one."""
        scale = scale or max(max(abs(v) for v in gradients.values()), 1e-300)
        anims = []
        for key, value in gradients.items():
            value = float(value)
            self.gradients[key] = value
            frac = min(abs(value) / scale, 1.0)
            anims.append(self.edges[key].animate.set_stroke(
                color=sign_color(value), width=self.min_width + (self.max_width - self.min_width)
                * frac, opacity=0.25 + 0.75 * frac))
        return anims

    def path_edges(self, unit, source: int | None = None) -> list[tuple[int, int, int]]:
        """The edges on a path from the inputs to the output: for one hidden layer, hidden
        unit ``unit``'s w_unit, b_unit and w_m[unit]; for any depth, ``unit`` lists one unit
        per hidden layer and one output, and the path takes every input and the bias into
        the first (only input ``source``'s weight, when given), then one edge per layer."""
        d = self.sizes[0]
        if np.ndim(unit) == 0:
            return [(0, i, unit) for i in range(d + 1)] + [(1, unit, 0)]
        units = list(unit)
        edges = ([(0, source, units[0])] if source is not None else
                 [(0, i, units[0]) for i in range(d + 1)])
        return edges + [(layer, units[layer - 1], units[layer])
                        for layer in range(1, len(units))]

