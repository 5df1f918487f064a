"""The chain rule along one path of the graph (the seed's nn_single.png): from w_1 and b_1
through h_1 and y-hat to L, term by term, with each term's value for one data point.

    manim -ql scenes/chain_rule.py ChainRulePath

A [2, k, 1] network with sigmoid hidden units and a binary output gets the seed's closed
forms; any other (any number of inputs, 1 to 4 hidden layers) the path from one first-layer
weight through every layer and the chain rule's sum over every path. The graph is the
toolkit's (a wide input or hidden layer shows its strongest units, named inputs carry their
names, a digit is drawn as its pixels); the numbers are the core's forward and backward pass
at the chosen snapshot.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Indicate,
    MathTex,
    SurroundingRectangle,
    VGroup,
    Write,
    config,
)

from mlp.activations import activation
from mlp.trace import Trace
from scenes.toolkit.backprop import GRAPH_PLAYS, choose_point, choose_snapshot, point_pass
from scenes.toolkit.fades import FadeIn, FadeOut
from scenes.toolkit.formula_text import WordsAndMath
from scenes.toolkit.language import _, decimal, ngettext
from scenes.toolkit.network_graph import NetworkGraph, input_look
from scenes.toolkit.output_kind import kind_words
from scenes.toolkit.playback import TraceScene
from scenes.toolkit.readouts import caption, chapter_title
from scenes.toolkit.style import FOREGROUND, GRADIENT, MUTED, unit_color
from scenes.toolkit.units import last_weights
from scenes.toolkit.words import shorten


def num(v: float, digits: int = 3) -> str:
    """A number for MathTex, rounded for the screen (the value kept is exact).

    >>> num(-0.00012), num(1.5)
    ('-0.000', '1.500')
    """
    return f"{v:.{digits}f}"


def vec(values, digits: int = 3) -> str:
    return r"\begin{bmatrix}" + r" & ".join(num(v, digits) for v in values) + r"\end{bmatrix}"


def column(values, digits: int = 3) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(num(v, digits) for v in values) + r"\end{bmatrix}"


class TermValue(MathTex):
    """A chain-rule factor's value for one data point: shown rounded (a number, or a column
    for a vector), kept exact in ``value``.

    Examples
    --------
    ::

        class ShowTerm(Scene):
            def construct(self):
                self.add(TermValue(0.25), TermValue(np.array([1.0, -2.0])).shift(DOWN))
    """

    def __init__(self, value, *, digits: int = 3, font_size: float = 30, color: str = GRADIENT,
                 **kwargs) -> None:
        text = column(value, digits) if np.ndim(value) else num(value, digits)
        super().__init__(text, font_size=font_size, color=color, **kwargs)
        self.value = value


class ChainRulePath(TraceScene):
    """dL/dw_1 for one data point as the chain-rule product along the path x -> h_1 -> y-hat
    -> L, collapsing to the seed's closed forms.

    After the scene, ``terms`` lists (name, value) of the five factors (the last one is x, a
    vector) and ``product`` (2,) their product, which the core's per-example gradient
    ``core_gradient`` (dL/dW[0][:, unit]) equals.
    """

    default_trace = "seed-notebook"
    snapshot: int | None = None
    point: int | None = None
    # the first-layer unit the path starts in; None: the seed's first, or for any other
    # network the one whose weight gets the largest gradient for this point
    unit: int | None = None

    requires = GRAPH_PLAYS
    script = ("setup_path", "highlight_path", "build_product", "collapse", "closed_forms")
    # which input feeds the path's first-layer weight w_{input, unit}; None: with ``unit``,
    # the first-layer weight whose gradient for this point is the largest
    input_index: int | None = None

    def construct(self) -> None:
        """The seed's network gets the seed's derivation and closed forms; any other, its
        path through every layer and the sum over all paths."""
        self.trace = self.load_trace()
        script = self.script if self.seed_form else (
            "setup_path", "highlight_path", "build_product", "sum_paths")
        for step in script:
            getattr(self, step)()

    def load_trace(self) -> Trace:
        trace = super().load_trace()
        self.act = activation(trace.activations[0])
        # the seed's network: one sigmoid layer, a binary output, and its closed forms
        self.seed_form = (len(trace.sizes) == 3 and trace.sizes[0] == 2
                          and trace.output == "binary" and self.act.name == "sigmoid")
        return trace

    def setup_path(self) -> None:
        t = self.trace
        k = self.snapshot if self.snapshot is not None else choose_snapshot(t)
        self.k = range(t.n_snapshots)[k]
        model = t.model(self.k)
        self.index = self.point if self.point is not None else choose_point(model, t)
        self.passed = p = point_pass(t, self.k, self.index)
        if not self.seed_form:
            self.setup_deep_path(model)
            return
        if self.unit is None:
            self.unit = 0
        u = self.unit
        self.lhs = rf"\frac{{\partial L}}{{\partial \boldsymbol{{w}}_{u + 1}}}"
        self.path_units = [u, 0]
        w_m = model.weights[1][u, 0]
        y, y_hat, h = p.y, p.y_hat, p.h[u]
        self.terms = [
            (r"\frac{\partial L}{\partial \hat{y}}", -y / y_hat + (1 - y) / (1 - y_hat)),
            (r"\frac{\partial \hat{y}}{\partial s_2}", y_hat * (1 - y_hat)),
            (rf"\frac{{\partial s_2}}{{\partial h_{u + 1}}}", float(w_m)),
            (rf"\frac{{\partial h_{u + 1}}}{{\partial s_{{1,{u + 1}}}}}",
             float(self.act.derivative(p.x @ model.weights[0][:, u] + model.biases[0][u], h))),
            (rf"\frac{{\partial s_{{1,{u + 1}}}}}{{\partial \boldsymbol{{w}}_{u + 1}}}",
             p.x.copy()),
        ]
        scalar = float(np.prod([v for _name, v in self.terms[:4]]))
        self.delta = scalar
        self.product = scalar * self.terms[4][1]
        self.core_gradient = p.grad_W[0][:, u].copy()
        W, b = t.params_at(self.k)
        self.graph = NetworkGraph(W, b, width=7.0, height=3.0, node_radius=0.27,
                                  ranked_by=last_weights(t))
        self.graph.scale(0.8).to_edge(UP, buff=0.75)

    def highlight_path(self) -> None:
        if self.seed_form:
            said = _("Hidden unit {unit}'s path to the loss, for one data point.").format(
                unit=self.unit + 1)
        else:
            said = self.path_words()
        with self.beat("one path", said):
            g, u = self.graph, self.unit
            on_path = set(g.path_edges(u) if self.seed_form else
                          g.path_edges(self.path_units, self.input_index))
            for key, line in g.edges.items():
                if key in on_path:
                    line.set_stroke(color=unit_color(u), width=5, opacity=1.0)
                else:
                    line.set_stroke(opacity=0.15)
            g.loss_edges[self.path_units[-1]].set_stroke(color=unit_color(u), width=5)
            if not self.seed_form and self.input_index in g.pointers:  # the path's pixel
                g.pointers[self.input_index].set_stroke(color=unit_color(u), width=3,
                                                        opacity=1.0)
            t = self.trace
            title = chapter_title(_("One unit's path to the loss"),
                                  _("step {step}, one data point (y = {y})").format(
                                      step=int(t.steps[self.k]), y=self.passed.y_text))
            self.add(title)  # the title from the first frame
            self.play(FadeIn(g), run_time=self.seconds(1.2))
            self.pause(1.6)  # time to read the path and its caption

    def build_product(self) -> None:
        u = self.unit + 1
        said = _("The chain rule: dL/dw_{u} is the product of the local derivatives along the "
                 "path. Under each, its value for this point.").format(u=u)
        if not self.seed_form:
            first = (kind_words(self.trace).said("first factor", self.trace) or "").rstrip(", ")
            first = first or ("p_k - y_k" if self.trace.output == "softmax" else "y-hat - y")
            said = _("The chain rule along the path: one local derivative per step, the first "
                     "{first}, each with its value for this point.").format(first=first)
        with self.beat("chain rule", said):
            parts = [self.lhs, "="]
            parts += [name for name, _value in self.terms]
            eq = VGroup(*[MathTex(part, font_size=40, color=FOREGROUND) for part in parts])
            eq.arrange(RIGHT, buff=0.3)
            eq[2:].arrange(RIGHT, buff=0.55).next_to(eq[1], RIGHT, buff=0.3)
            eq.move_to([0, -0.25, 0])
            if eq.width > config.frame_width - 0.5:  # a deep path: shrink to stay in frame
                eq.scale_to_fit_width(config.frame_width - 0.5)
            self.equation = eq
            self.play(Write(eq[0]), Write(eq[1]), run_time=self.seconds(0.8))
            self.values = VGroup()
            for i, (_name, value) in enumerate(self.terms):
                term = eq[i + 2]
                shown = TermValue(value).next_to(term, DOWN, buff=0.25)
                if shown.width > term.width + 0.5:
                    shown.scale_to_fit_width(term.width + 0.5)
                self.values.add(shown)
                self.play(Write(term), run_time=self.seconds(0.6))
                self.play(FadeIn(shown), Indicate(term, color=GRADIENT, scale_factor=1.1),
                          run_time=self.seconds(0.6))
            self.pause(1.0)

    def collapse(self) -> None:
        p = self.passed
        text = _("The first two factors collapse to y-hat - y = {value}. The product is exactly "
                 "the gradient the backward pass computes.").format(
                     value=decimal(p.y_hat - p.y, ".3f"))
        with self.beat("collapse", text):
            u, p = self.unit, self.passed
            i = u + 1
            lines = [
                (rf"= (\hat{{y}} - y)\, w_{{m,{i}}}\, (1 - h_{i})\, h_{i}\, \boldsymbol{{x}}",
                 rf"= ({num(p.y_hat)} - {p.y}) \cdot {num(self.terms[2][1])} \cdot "
                 rf"{num(1 - p.h[u])} \cdot {num(p.h[u])} \cdot {vec(p.x)}"),
                (rf"= \delta_{i}\, \boldsymbol{{x}} = {vec(self.product)}",
                 vec(self.core_gradient)),
            ]
            block = VGroup()
            for n, (formula, values) in enumerate(lines):
                row = VGroup(MathTex(formula, font_size=34, color=FOREGROUND),
                             MathTex(values, font_size=28, color=GRADIENT) if n == 0 else
                             WordsAndMath(_("the backward pass: {value}"), font_size=28,
                                          color=GRADIENT, value=values))
                if n == 0:
                    row.arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.12)
                else:
                    row.arrange(RIGHT, buff=0.5)
                block.add(row)
            block.arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.25)
            block.next_to(self.values, DOWN, buff=0.25)
            block.set_x(0)
            # right of the graph: a language's longer words wrap, then shrink, to stay there
            room = config.frame_width / 2 - 0.25 - (self.graph.get_right()[0] + 0.6)
            note = VGroup(
                MathTex(r"\frac{\partial L}{\partial \hat{y}}\frac{\partial \hat{y}}{\partial s_2}"
                        r" = \hat{y} - y", font_size=30, color=MUTED),
                WordsAndMath(_("(recall {derivative})"), font_size=26, color=MUTED,
                             max_width=room, derivative=self.act.derivative_tex),
            ).arrange(DOWN, buff=0.12)
            if note.width > room:
                note.scale_to_fit_width(room)
            note.next_to(self.graph, RIGHT, buff=0.6)
            self.play(FadeIn(note), run_time=self.seconds(0.6))
            for row in block:
                self.play(Write(row[0]), run_time=self.seconds(1.0))
                self.play(FadeIn(row[1]), run_time=self.seconds(0.6))
            box = SurroundingRectangle(block[-1], color=GRADIENT, buff=0.08)
            self.play(FadeIn(box), run_time=self.seconds(0.5))
            self.block, self.note, self.box = block, note, box
            self.pause(1.5)

    def closed_forms(self) -> None:
        with self.beat("closed forms", _("For every hidden unit at once, the same product in "
                                         "matrix form: dL/dW and dL/db.")):
            forms = MathTex(
                r"\frac{\partial L}{\partial \boldsymbol{W}} = ((\hat{y} - y)\,\boldsymbol{w}_m"
                r" \odot (\boldsymbol{1} - \boldsymbol{h}) \odot \boldsymbol{h})"
                r" \otimes \boldsymbol{x}",
                font_size=34, color=FOREGROUND)
            bias = MathTex(
                r"\frac{\partial L}{\partial \boldsymbol{b}} = (\hat{y} - y)\,\boldsymbol{w}_m"
                r" \odot (\boldsymbol{1} - \boldsymbol{h}) \odot \boldsymbol{h}",
                font_size=34, color=FOREGROUND)
            label = caption(_("every unit at once, in matrix form"), font_size=20, color=MUTED)
            label.next_to(self.values, DOWN, buff=0.15).set_x(0)
            group = VGroup(forms, bias).arrange(DOWN, buff=0.1).next_to(label, DOWN, buff=0.1)
            self.play(FadeOut(self.block), FadeOut(self.box), FadeOut(self.note),
                      run_time=self.seconds(0.6))
            self.play(Write(forms), FadeIn(label), run_time=self.seconds(1.5))
            self.play(Write(bias), run_time=self.seconds(1.2))
            self.closed = group
            self.pause(2.5)

    # ------------------------------------------------------- any other network
    def setup_deep_path(self, model) -> None:
        """The path w_{a,u_1} -> s^(1)_{u_1} -> h^(1)_{u_1} -> s^(2)_{u_2} -> ... -> s_o -> L,
        each next unit the one carrying most of this point's gradient back (the largest
        |W[u, j] delta_j|), and its terms, loss side first.

        ``path_units`` = [u_1, ..., u_H, o]; ``terms`` (name, value) in order; ``product`` their
        product; ``core_gradient`` the core's dL/dW[0][a, u_1]; ``path_sum`` the sum of the
        products over every path from w to L (through any units), which equals it.
        """
        t, p = self.trace, self.passed
        H = len(t.sizes) - 2
        grads = np.abs(p.grad_W[0])  # (inputs, units): the first layer's gradients
        if self.unit is None and self.input_index is None:
            self.input_index, self.unit = (int(v) for v in np.unravel_index(
                np.argmax(grads), grads.shape))
        elif self.input_index is None:
            self.input_index = int(np.argmax(grads[:, self.unit]))
        elif self.unit is None:
            self.unit = int(np.argmax(grads[self.input_index]))
        a, u1 = self.input_index, self.unit
        W = model.weights
        # the core's deltas dL/ds per layer for this one point (its own gradient)
        fwd = model.forward(t.X[self.index:self.index + 1])
        deltas = model.backward(fwd, t.y[self.index:self.index + 1], reduction="sum").deltas
        deltas = [d[0] for d in deltas]
        units = [u1]
        for layer in range(1, H + 1):
            units.append(int(np.argmax(np.abs(W[layer][units[-1]] * deltas[layer]))))
        self.path_units = units
        o = units[-1]
        acts = [activation(name) for name in t.activations]
        deep = H > 1

        def s_name(layer, j):  # pre-activation of unit j of hidden layer layer (1-based)
            return rf"s^{{({layer})}}_{{{j + 1}}}" if deep else rf"s_{{{j + 1}}}"

        def h_name(layer, j):
            return rf"h^{{({layer})}}_{{{j + 1}}}" if deep else rf"h_{{{j + 1}}}"

        # a regression's output is z itself: dL/dy-hat, the loss record's (the residual)
        out_s = {"softmax": rf"z_{{{o + 1}}}", "regression": r"\hat{y}"}.get(t.output, "z")
        if t.output == "softmax":
            first = (rf"\frac{{\partial L}}{{\partial {out_s}}} = p_{{{o + 1}}} - y_{{{o + 1}}}",
                     float(p.layers[-1][o] - (1.0 if p.y == o else 0.0)))
        else:
            first = (rf"\frac{{\partial L}}{{\partial {out_s}}} = "
                     rf"{t.kind.loss_named(t.loss_name).delta_tex}", float(p.dL_dz[0]))
        terms = [first, (rf"\frac{{\partial {out_s}}}{{\partial {h_name(H, units[H - 1])}}}",
                         float(W[H][units[H - 1], o]))]
        for layer in range(H, 0, -1):
            j = units[layer - 1]
            s_val, h_val = p.s[layer - 1][j], p.layers[layer][j]
            terms.append((rf"\frac{{\partial {h_name(layer, j)}}}{{\partial {s_name(layer, j)}}}",
                          float(acts[layer - 1].derivative(np.array([s_val]),
                                                            np.array([h_val]))[0])))
            if layer > 1:
                i = units[layer - 2]
                terms.append((rf"\frac{{\partial {s_name(layer, j)}}}{{\partial "
                              rf"{h_name(layer - 1, i)}}}", float(W[layer - 1][i, j])))
        terms.append((rf"\frac{{\partial {s_name(1, u1)}}}{{\partial w_{{{a + 1},{u1 + 1}}}}}",
                      float(p.x[a])))
        self.terms = terms
        self.product = float(np.prod([v for _name, v in terms]))
        self.core_gradient = float(p.grad_W[0][a, u1])
        # every path from w_{a,u1} to L, listed one by one: the chain rule sums their
        # products (which the core's backward pass gets as delta at u_1 times x_a)
        self.path_products = path_products(model, p, a, u1, acts)
        self.path_sum = float(self.path_products.sum())
        self.n_paths = len(self.path_products)
        self.lhs = rf"\frac{{\partial L}}{{\partial w_{{{a + 1},{u1 + 1}}}}}"
        Wk, bk = t.params_at(self.k)
        include = {0: a, **{layer: units[layer - 1] for layer in range(1, H + 1)}}
        self.graph = NetworkGraph(Wk, bk, output=t.output, width=7.0, height=3.0,
                                  node_radius=0.27, include=include,
                                  inputs=input_look(t, self.index), ranked_by=last_weights(t))
        # on the left: a tall output column stays clear of the title on the right
        self.graph.scale(0.8).to_edge(UP, buff=0.75).to_edge(LEFT, buff=0.8)

    def path_words(self) -> str:
        """The path in a sentence, from its first weight: which input's (by its name, when
        the trace names it; a pixel by its row and column) into which first-layer unit."""
        t, a, u = self.trace, self.input_index, self.unit + 1
        shape, names = t.image_shape, t.feature_names
        if shape:
            return _("A path from pixel ({row}, {column})'s weight into unit {unit} through "
                     "every layer to the loss, for one data point.").format(
                         row=a // shape[1] + 1, column=a % shape[1] + 1, unit=u)
        if names and len(names) == t.sizes[0]:
            return _("A path from input {name}'s weight into unit {unit} through every layer "
                     "to the loss, for one data point.").format(
                         name=shorten(str(names[a]), 24), unit=u)
        return _("A path from input x_{i}'s weight into unit {unit} through every layer to "
                 "the loss, for one data point.").format(i=a + 1, unit=u)

    def sum_paths(self) -> None:
        n = self.n_paths
        product, total = decimal(self.product, ".4f"), decimal(self.path_sum, ".4f")
        said = (ngettext("This path's product is {product}. The weight reaches the loss along "
                         "{n} path; the sum of their products, {sum}, is the backward pass's "
                         "gradient.",
                         "This path's product is {product}. The weight reaches the loss along "
                         "{n} paths; the sum of their products, {sum}, is the backward pass's "
                         "gradient.", n).format(product=product, n=n, sum=total)
                if n > 1 else
                _("This is the only path: its product, {product}, is the backward pass's "
                  "gradient.").format(product=product))
        with self.beat("every path", said):
            room = config.frame_width - 0.5
            rows = [WordsAndMath(_("this path: {value}"), font_size=32, max_width=room,
                                 value=num(self.product, 4))]
            if n > 1:
                rows.append(WordsAndMath(
                    ngettext("the sum over the {n} path: {sum}",
                             "the sum over all {n} paths: {sum}", n), font_size=32,
                    max_width=room, words={"n": str(n)},
                    sum=rf"{self.lhs} = \sum \prod = {num(self.path_sum, 4)}"))
            rows.append(WordsAndMath(_("the backward pass: {value}"), font_size=30,
                                     color=GRADIENT, max_width=room,
                                     value=num(self.core_gradient, 4)))
            block = VGroup(*rows).arrange(DOWN, buff=0.2).next_to(self.values, DOWN, buff=0.35)
            block.set_x(0)
            box = SurroundingRectangle(block[-1], color=GRADIENT, buff=0.08)
            for row in block:
                self.play(FadeIn(row), run_time=self.seconds(0.8))
            self.play(FadeIn(box), run_time=self.seconds(0.5))
            self.block, self.box = block, box
            self.pause(2.0)


def path_products(model, p, a: int, u1: int, acts) -> np.ndarray:
    """The chain rule's product along every path from first-layer weight w_{a,u1} to the
    loss, for the point of ``p`` (a PointPass): one entry per path u1 -> u_2 -> ... -> u_H ->
    output o, each the product of the same local derivatives the screen writes for one path
    (dL/dz_o, the weights and the activations' slopes on the way, x_a).

    The paths are listed as an index grid over the later layers' units, (n_paths,) in all.
    """
    W = model.weights
    H = len(W) - 1
    widths = [W[layer].shape[1] for layer in range(1, H + 1)]  # units of layers 2.., outputs
    grid = np.indices(widths).reshape(H, -1)  # grid[l]: the unit in layer l + 2 of each path
    out = p.layers[-1]
    if model.output == "softmax":
        dL_dz = out - np.eye(len(out))[p.y]
    else:  # the loss record's dL/dz: y-hat - y, or a regression loss's own
        dL_dz = np.asarray(p.dL_dz)
    slopes = [acts[layer].derivative(p.s[layer], p.layers[layer + 1]) for layer in range(H)]
    prod = np.full(grid.shape[1], float(p.x[a]) * float(slopes[0][u1]))
    previous = np.full(grid.shape[1], u1)
    for layer in range(1, H + 1):
        units = grid[layer - 1]
        prod = prod * W[layer][previous, units]
        if layer < H:
            prod = prod * slopes[layer][units]
        previous = units
    return prod * dL_dz[previous]
