"""The computational graph of a one-hidden-layer network (the seed's nn.png) as a mobject.

Nodes x_1, x_2 and the bias 1, then h_1 .. h_k and the bias 1, then y-hat, then the loss L.
Every weight and bias is an edge, coloured by its sign and thickened by its size
(scenes.toolkit.style.sign_color); ``set_parameters`` restyles them from another snapshot.
"""

from __future__ import annotations

import numpy as np
from manim import UP, Animation, Circle, Line, MathTex, Text, VGroup

from scenes.toolkit.readouts import caption
from scenes.toolkit.style import BACKGROUND, FONT, FOREGROUND, GRADIENT, MUTED, sign_color

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
    """A number as shown on screen (``signed(value, digits)``), keeping the exact ``value``.

    Examples
    --------
    ::

        class ShowValue(Scene):
            def construct(self):
                self.add(ValueLabel(-0.12345, digits=2, color=GRADIENT))
    """

    def __init__(self, value: float, *, digits: int = 3, font_size: float = 20,
                 color: str = FOREGROUND, **kwargs) -> None:
        super().__init__(signed(value, digits), font=FONT, font_size=font_size, color=color,
                         **kwargs)
        self.value = float(value)


class NetworkGraph(VGroup):
    """The graph of a [d, k, 1] network: ``nodes[layer]`` (layer 0 inputs + bias, 1 hidden +
    bias, 2 the output y-hat, 3 the loss L), ``edges[(layer, i, j)]`` the Line of weight
    W[layer][i, j] (i == number of inputs of that layer is the bias b[layer][j]), ``loss_edge``
    from y-hat to L. ``values[(layer, i, j)]`` is the parameter an edge currently shows and
    ``gradients[(layer, i, j)]`` the gradient labelled on it (:meth:`gradient_label`).

    Parameters
    ----------
    weights, biases:
        The core's layout: W[0] (d, k), b[0] (k,), W[1] (k, 1), b[1] (1,).
    weight_scale:
        The |w| drawn at ``max_width`` (default: the largest |w| given).

    Examples
    --------
    ::

        class ShowGraph(Scene):
            def construct(self):
                t = load_trace("assets/seed-notebook.npz")
                self.add(NetworkGraph(*t.params_at(t.n_snapshots - 1)))
    """

    def __init__(self, weights: list[np.ndarray], biases: list[np.ndarray], *,
                 width: float = 10.0, height: float = 5.2, node_radius: float = 0.36,
                 weight_scale: float | None = None, min_width: float = 1.0,
                 max_width: float = 9.0, **kwargs) -> None:
        super().__init__(**kwargs)
        d, k = np.shape(weights[0])
        self.sizes = [d, k, 1]
        self.min_width, self.max_width = min_width, max_width
        self.weight_scale = weight_scale or float(max(
            np.max(np.abs(np.concatenate([np.ravel(w) for w in weights]))),
            np.max(np.abs(np.concatenate([np.ravel(b) for b in biases]))), 1e-9))
        self.node_radius = node_radius
        names = [[f"x_{i + 1}" for i in range(d)] + ["1"],
                 [f"h_{j + 1}" for j in range(k)] + ["1"],
                 [r"\hat{y}"], ["L"]]
        # the first gap is the widest: it carries the most edges and their labels
        xs = -width / 2 + width * np.array([0.0, 0.46, 0.76, 1.0])
        self.nodes: list[VGroup] = []
        for layer, layer_names in enumerate(names):
            n = len(layer_names)
            ys = (np.linspace(height / 2, -height / 2, n) if n > 1 else np.zeros(1))
            group = VGroup()
            for name, y in zip(layer_names, ys, strict=True):
                bias = name == "1"
                circle = Circle(radius=node_radius, stroke_color=MUTED if bias else FOREGROUND,
                                stroke_width=2.5, fill_color=BACKGROUND, fill_opacity=1.0)
                circle.move_to([xs[layer], y, 0])
                label = MathTex(name, font_size=34, color=MUTED if bias else FOREGROUND)
                label.move_to(circle)
                group.add(VGroup(circle, label))
            self.nodes.append(group)
        self.edges: dict[tuple[int, int, int], Line] = {}
        self.values: dict[Key, float] = {}
        self.gradients: dict[Key, float] = {}
        edge_group = VGroup()
        for layer in (0, 1):
            n_in, n_out = self.sizes[layer], self.sizes[layer + 1]
            for j in range(n_out):
                for i in range(n_in + 1):
                    a = self.nodes[layer][i][0]
                    b = self.nodes[layer + 1][j][0]
                    line = Line(a.get_center(), b.get_center(), buff=node_radius)
                    self.edges[(layer, i, j)] = line
                    edge_group.add(line)
        self.loss_edge = Line(self.nodes[2][0][0].get_center(), self.nodes[3][0][0].get_center(),
                              buff=node_radius, stroke_color=MUTED, stroke_width=2.5)
        self.edge_group = edge_group
        self.add(edge_group, self.loss_edge, *self.nodes)
        self.set_parameters(weights, biases)

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
            anims.append(line.animate.set_stroke(color=style["color"], width=style["width"]))
        return anims

    def value_label(self, layer: int, i: int, text: str, font_size: float = 20,
                    color: str = FOREGROUND) -> Text:
        """A number just above node (layer, i)."""
        node = self.nodes[layer][i][0]
        label = caption(text, font_size=font_size, color=color)
        label.next_to(node, UP, buff=0.08)
        return label

    def gradient_label(self, key: Key, value: float, *, digits: int = 3,
                       font_size: float = 17, color: str = GRADIENT) -> ValueLabel:
        """The gradient ``value`` on edge ``key`` (kept in ``gradients[key]``), placed along
        the edge so labels of one layer do not meet: edges leaving source i carry theirs at a
        fraction that grows with i."""
        layer, i, _ = key
        self.gradients[key] = float(value)
        n_in = self.sizes[layer] + 1
        t = 0.42 + 0.36 * i / max(n_in - 1, 1) if layer == 0 else 0.3
        label = ValueLabel(value, digits=digits, font_size=font_size, color=color)
        label.add_background_rectangle(color=BACKGROUND, opacity=0.85, buff=0.03)
        label.move_to(self.edges[key].point_from_proportion(t))
        return label

    def path_edges(self, unit: int) -> list[tuple[int, int, int]]:
        """The edges on hidden unit ``unit``'s path to the output: w_unit, b_unit and w_m[unit]."""
        d = self.sizes[0]
        return [(0, i, unit) for i in range(d + 1)] + [(1, unit, 0)]

