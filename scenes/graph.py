"""The computational graph (the seed's nn.png): a forward pass for one data point, the backward
pass bringing each weight its gradient, and the update to the next snapshot.

    manim -ql scenes/graph.py ComputationalGraph

Plays any network with any number of inputs, 1 to 4 hidden layers (an input or hidden layer
wider than 8 units shows its strongest units and a "+N more" node) and a binary or softmax
output or a regression; the inputs carry the trace's feature names, a digit's inputs are drawn
as its pixels. Every number is the trace's or the core's at the chosen snapshot.
"""

from __future__ import annotations

import textwrap

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Dot,
    Indicate,
    MathTex,
    MoveAlongPath,
    VGroup,
    config,
)

from mlp.trace import Trace
from scenes.toolkit.backprop import (
    GRAPH_PLAYS,
    batch_words,
    choose_point,
    choose_snapshot,
    is_adam,
    point_pass,
)
from scenes.toolkit.fades import FadeIn, FadeOut
from scenes.toolkit.formula_text import WordsAndMath
from scenes.toolkit.language import _, decimal, number, pgettext
from scenes.toolkit.network_graph import NetworkGraph, input_look, signed
from scenes.toolkit.output_kind import kind_words
from scenes.toolkit.playback import TraceScene
from scenes.toolkit.readouts import caption, chapter_title
from scenes.toolkit.style import FOREGROUND, GRADIENT, MUTED, NEGATIVE, POSITIVE
from scenes.toolkit.surface import point_colour
from scenes.toolkit.units import last_weights
from scenes.toolkit.words import shorten

LABELLED = 12  # a layer of at most this many edges shows each gradient as a number


class ComputationalGraph(TraceScene):
    """The graph of the trace's network at one snapshot: forward pass, backward pass, update.

    ``snapshot`` and ``point`` (class attributes, None = chosen from the trace) pick the
    moment and the data point. After the backward pass, ``graph.gradients[key]`` holds the
    dL/dw shown on each edge (keys as NetworkGraph.edges).
    """

    default_trace = "seed-notebook"
    snapshot: int | None = None
    point: int | None = None

    requires = GRAPH_PLAYS
    script = ("setup_graph", "show_graph", "forward_pass", "backward_pass", "update_step")

    def setup_graph(self) -> None:
        t = self.trace
        self.k = self.snapshot if self.snapshot is not None else choose_snapshot(t)
        self.k = range(t.n_snapshots)[self.k]
        self.next_k = min(self.k + 1, t.n_snapshots - 1)
        model = t.model(self.k)
        self.index = self.point if self.point is not None else choose_point(model, t)
        self.passed = point_pass(t, self.k, self.index)
        W0, b0 = t.params_at(self.k)
        W1, b1 = t.params_at(self.next_k)
        scale = max(np.max(np.abs(np.concatenate([a.ravel() for a in W0 + b0 + W1 + b1]))), 1e-9)
        self.graph = NetworkGraph(W0, b0, output=t.output, weight_scale=float(scale),
                                  width=10.5, height=4.3, inputs=input_look(t, self.index),
                                  ranked_by=last_weights(t))
        self.graph.shift(0.5 * DOWN)
        # numbers on every edge while they can be read; beyond, the edges carry them
        self.labelled = all(sum(1 for key in self.graph.edges if key[0] == layer) <= LABELLED
                            for layer in range(self.graph.n_layers))

    def show_graph(self) -> None:
        step = int(self.trace.steps[self.k])
        g = self.graph
        hidden = [(layer, g.more[layer], g.sizes[layer]) for layer in range(g.n_layers)
                  if g.more[layer]]
        text = _("The network at step {step}. Colour: a weight's sign; thickness: its size."
                 ).format(step=step)
        if hidden:
            text += " " + more_words(hidden)
        with self.beat("the graph", text):
            t = self.trace
            self.title = chapter_title(_("The network as a computational graph"),
                                       _("step {step}").format(step=int(t.steps[self.k])))
            legend = VGroup(
                caption(_("positive weight"), font_size=18, color=POSITIVE),
                caption(_("negative weight"), font_size=18, color=NEGATIVE),
                caption(_("thickness: size"), font_size=18, color=MUTED),
            ).arrange(RIGHT, buff=0.3)  # one row: a tall output column fits under it
            legend.next_to(self.title, DOWN, buff=0.2).align_to(self.title, np.array([1, 0, 0]))
            self.legend = legend
            self.add(self.title)  # the title from the first frame
            parts = [FadeIn(self.graph), FadeIn(legend)]
            self.more_note = None
            if hidden:
                note = more_words(hidden)
                self.more_note = caption(note, font_size=18, color=MUTED)
                if self.more_note.width > 6.0:  # on lines of its own, clear of the title
                    chars = max(20, int(len(note) * 6.0 / self.more_note.width))
                    self.more_note = caption("\n".join(textwrap.wrap(note, chars)),
                                             font_size=18, color=MUTED)
                self.more_note.to_corner(np.array([-1, 1, 0]), buff=0.3).shift(0.55 * DOWN)
                parts.append(FadeIn(self.more_note))
            self.play(*parts, run_time=self.seconds(1.5))
            self.pause(2.0)  # time to read the graph and its caption

    def forward_pass(self) -> None:
        p = self.passed
        t = self.trace
        values = {"name": class_name(t, p.y), "y_hat": decimal(p.y_hat, ".3f"),
                  "loss": decimal(p.loss, ".3f")}
        if t.output == "binary":
            said = _("Forward pass for one data point of class {name}: values flow left to "
                     "right, to y-hat = {y_hat} and its loss {loss}.").format(**values)
        else:
            said = _("Forward pass for one data point of class {name}: values flow left to "
                     "right, to the softmax's p_{k} = {y_hat} for its class and its loss "
                     "{loss}.").format(k=p.y + 1, **values)
        text = kind_words(t).said("forward", t, y=p.y, y_hat=p.y_hat, loss=p.loss) or said
        with self.beat("forward pass", text):
            g, p = self.graph, self.passed
            room = config.frame_width - 0.9  # the swatch sits on its left
            if len(p.x) <= 4:
                x_text = ", ".join(f"{v:.2f}" for v in p.x)
                self.point_text = WordsAndMath(
                    _("Forward pass for one data point: {x}, {y}"), font_size=30,
                    max_width=room, x=rf"\boldsymbol{{x}} = ({x_text})", y=f"y = {p.y_text}")
            else:  # too many to list: the drawn inputs show theirs
                self.point_text = WordsAndMath(
                    _("Forward pass for one data point: {x} of {n} inputs, {shown} of them "
                      "drawn, {y}"), font_size=30, max_width=room,
                    words={"n": str(len(p.x)), "shown": str(len(g.shown[0]))},
                    x=r"\boldsymbol{x}", y=f"y = {p.y_text}")
            self.point_text.to_edge(DOWN, buff=0.2)
            swatch = Dot(radius=0.09, color=point_colour(t, p.y)).next_to(self.point_text, np.array(
                [-1, 0, 0]), buff=0.15)
            self.play(FadeIn(self.point_text), FadeIn(swatch), run_time=self.seconds(0.8))
            self.node_values = VGroup()
            inputs = [g.value_label(0, i, number(signed(p.x[i], 2))) for i in g.shown[0]]
            inputs.append(g.value_label(0, g.sizes[0], "1"))
            self.play(*[FadeIn(m) for m in inputs], run_time=self.seconds(0.8))
            self.node_values.add(*inputs)
            for layer in range(g.n_layers):  # the forward pulse crosses every layer
                values = p.layers[layer + 1]
                shown = [g.value_label(layer + 1, j, number(signed(values[j], 3)))
                         for j in g.shown[layer + 1]]
                if layer + 1 < g.n_layers:
                    shown.append(g.value_label(layer + 1, g.sizes[layer + 1], "1"))
                lit = [g.edges[key].copy().set_stroke(color=FOREGROUND, opacity=0.9)
                       for key in sorted(key for key in g.edges if key[0] == layer)]
                last = layer + 1 == g.n_layers
                self.play(*[FadeIn(m) for m in lit], run_time=self.seconds(0.5))
                self.play(*[FadeOut(m) for m in lit], *[FadeIn(m) for m in shown],
                          run_time=self.seconds(0.7 if last else 0.8))
                self.node_values.add(*shown)
            loss = g.value_label(g.n_layers + 1, 0, number(signed(p.loss, 3)))
            shown = [loss]
            formula = kind_words(t).said("loss at L", t)  # the kind's own loss, named at L
            if formula:
                shown.append(MathTex(formula, font_size=26, color=MUTED)
                             .next_to(g.nodes[-1][0], UP, buff=0.45))
            self.play(*(FadeIn(m) for m in shown), Indicate(g.nodes[-1][0], color=GRADIENT),
                      run_time=self.seconds(0.8))
            self.node_values.add(*shown)
            self.swatch = swatch
            self.pause(1.0)

    def pulse(self, key) -> Dot:
        line = self.graph.edges[key]
        dot = Dot(radius=0.08, color=GRADIENT)
        dot.move_to(line.get_end())
        return dot

    def backward_pass(self) -> None:
        said = _("Backward pass: from the loss back along every edge, each weight gets its "
                 "gradient dL/dw for this point.")
        if not self.labelled:  # the edges carry it (a caption holds at most 150 characters)
            said = _("Backward pass: from the loss back along every edge, each weight gets "
                     "dL/dw for this point, shown by its edge: colour its sign, thickness its "
                     "size.")
        with self.beat("backward pass", said):
            g, p = self.graph, self.passed
            text = WordsAndMath(_("Backward pass: each edge gets {gradient} for this point"),
                                font_size=30, color=GRADIENT,
                                max_width=config.frame_width - 0.4,
                                gradient=r"\partial L / \partial w").to_edge(DOWN, buff=0.2)
            self.play(FadeOut(self.point_text), FadeOut(self.swatch), FadeIn(text),
                      run_time=self.seconds(0.6))
            self.bottom = text
            loss_dots = [Dot(radius=0.08, color=GRADIENT).move_to(edge.get_end())
                         for edge in g.loss_edges]
            self.play(*[MoveAlongPath(dot, edge.copy().reverse_points())
                        for dot, edge in zip(loss_dots, g.loss_edges, strict=True)],
                      run_time=self.seconds(0.6))
            self.remove(*loss_dots)
            self.gradient_labels = VGroup()
            largest = max(float(np.max(np.abs(v))) for v in (*p.grad_W, *p.grad_b))
            for layer in range(g.n_layers - 1, -1, -1):  # the backward pulse crosses every layer
                keys = [key for key in g.edges if key[0] == layer]
                dots, paths = [], []
                for key in keys:
                    dot = self.pulse(key)
                    dots.append(dot)
                    paths.append(g.edges[key].copy().reverse_points())
                self.play(*[MoveAlongPath(dt, pa) for dt, pa in zip(dots, paths, strict=True)],
                          run_time=self.seconds(1.0))
                grads = {key: p.grad_b[layer][key[2]] if key[1] == g.sizes[layer]
                         else p.grad_W[layer][key[1], key[2]] for key in keys}
                if self.labelled:
                    labels = [g.gradient_label(key, grads[key]) for key in keys]
                    g.spread_labels(keys, labels)
                    self.play(*[FadeOut(dt) for dt in dots], *[FadeIn(lb) for lb in labels],
                              run_time=self.seconds(0.6))
                    self.gradient_labels.add(*labels)
                else:
                    self.play(*[FadeOut(dt) for dt in dots], *g.carry_gradients(grads, largest),
                              run_time=self.seconds(0.6))
            self.pause(2.0)

    def update_step(self) -> None:
        t = self.trace
        batch, size = batch_words(t)
        a, b = int(t.steps[self.k]), int(t.steps[self.next_k])
        # the clauses in the scene's language: the split follows the translated lengths
        said = caption_beats(update_words(t, batch) + [
            (pgettext("joined", ": step {a} becomes {b}").format(a=a, b=b),
             _("Step {a} becomes {b}").format(a=a, b=b))])
        names = ["update"] + [f"update, {i + 1}" for i in range(1, len(said))]
        g = self.graph
        # the rule appears with the first beat, the weights change with the last
        for i, (name, text) in enumerate(zip(names, said, strict=True)):
            with self.beat(name, text):
                if i == 0:
                    self.show_rule(a, b, size, batch)
                if i == len(said) - 1:
                    new_title = chapter_title(_("The network as a computational graph"),
                                              _("step {step}").format(step=b))
                    fade = [FadeOut(self.node_values)]
                    if len(self.gradient_labels):
                        fade.insert(0, FadeOut(self.gradient_labels))
                    self.play(*fade, run_time=self.seconds(0.6))
                    self.play(*g.restyle(*t.params_at(self.next_k)), FadeOut(self.title),
                              FadeIn(new_title), run_time=self.seconds(1.5))
                    self.title = new_title
                self.pause(2.0 if i == len(said) - 1 else 1.0)

    def show_rule(self, a: int, b: int, size: int | None, batch: str) -> None:
        """The update rule with its numbers, under the graph."""
        t, g = self.trace, self.graph
        change = max(float(np.max(np.abs(W[self.next_k] - W[self.k])))
                     for W in t.weights + t.biases)
        rule, formulas = update_rule(t, batch, size)
        line = rule + " " + _("(step {a} {to} {b}); the largest change is {change}")
        text = WordsAndMath(line, font_size=26, color=FOREGROUND,
                            max_width=config.frame_width - 0.4,
                            words={"a": str(a), "b": str(b),
                                   "change": decimal(change, ".3f"), "batch": batch},
                            to=r"\to", **formulas)
        if text.width > config.frame_width - 0.4:  # a long formula shrinks to stay in frame
            text.scale_to_fit_width(config.frame_width - 0.4)
        room = g.get_bottom()[1] - 0.1 - (0.2 - config.frame_height / 2)
        if text.height > room:  # and below the graph when it runs to several lines
            text.scale_to_fit_height(room)
        text.to_edge(DOWN, buff=0.2)
        self.play(FadeOut(self.bottom), FadeIn(text), run_time=self.seconds(0.6))
        self.bottom = text


CAPTION_LIMIT = 150  # characters: a caption read at 15 a second in at most 10 s


def caption_beats(clauses: list[tuple[str, str]], limit: int = CAPTION_LIMIT) -> list[str]:
    """Clauses packed into as few captions of at most ``limit`` characters as they fit in,
    in order. Each clause is (how it joins the one before, how it starts a caption); the
    first clause's second form starts the first caption, and each caption ends in a full
    stop.

    >>> caption_beats([("", "Update"), (", averaged", "It is averaged")], limit=30)
    ['Update, averaged.']
    >>> caption_beats([("", "Update"), (", averaged", "It is averaged")], limit=10)
    ['Update.', 'It is averaged.']
    """
    said = [clauses[0][1]]
    for joined, alone in clauses[1:]:
        if len(said[-1] + joined) + 1 <= limit:
            said[-1] += joined
        else:
            said.append(alone)
    return [s + "." for s in said]


def _number(training: dict, key: str) -> float | None:
    v = training.get(key)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def decay_term(trace: Trace) -> tuple[float, str] | None:
    """The weight decay the trace records, as (coefficient on w in the gradient, its name):
    the core's ``l2`` (l2 * w), scikit-learn's ``alpha`` (its objective's alpha/(2B) |W|^2
    over a batch of B gives alpha/B * w), PyTorch's ``weight_decay``; None without one."""
    training = trace.meta.get("training") or {}
    l2, alpha, wd = (_number(training, k) for k in ("l2", "alpha", "weight_decay"))
    if l2:
        return l2, "L2 penalty"
    if alpha:  # scikit-learn divides by the size of the batch the step averages over
        size = training.get("batch_size")
        n = len(trace.X)
        size = min(200, n) if size == "auto" else size
        size = size if isinstance(size, int) and 0 < size < n else n
        return alpha / size, "L2 penalty (scikit-learn's alpha)"
    if wd:
        return wd, "weight decay"
    return None


def nesterov_momentum(trace: Trace) -> bool:
    """Whether the momentum is Nesterov's (scikit-learn's default, PyTorch's nesterov)."""
    training = trace.meta.get("training") or {}
    params = training.get("params") if isinstance(training.get("params"), dict) else {}
    return bool(training.get("nesterov") or params.get("nesterovs_momentum"))


# (the context "joined" marks a clause that continues the caption before it: ", averaged over")


def penalty_words(name: str) -> tuple[str, str]:
    """A penalty's clause (its name as :func:`decay_term` gives it): how it joins the
    caption before, how it starts a caption."""
    if name == "L2 penalty":
        return (pgettext("joined", "; the L2 penalty also pulls each weight towards 0"),
                _("The L2 penalty also pulls each weight towards 0"))
    if name == "weight decay":
        return (pgettext("joined", "; the weight decay also pulls each weight towards 0"),
                _("The weight decay also pulls each weight towards 0"))
    return (pgettext("joined", "; the L2 penalty (scikit-learn's alpha) also pulls each "
                               "weight towards 0"),
            _("The L2 penalty (scikit-learn's alpha) also pulls each weight towards 0"))


def update_words(trace: Trace, batch: str) -> list[tuple[str, str]]:
    """The update in words, as the trace records it: Adam, momentum, weight decay, as
    clauses for :func:`caption_beats` (how each joins the one before, how it starts a
    caption), in the scene's language."""
    training = trace.meta.get("training") or {}
    decay = decay_term(trace)
    shrink = [penalty_words(decay[1])] if decay else []
    if trace.meta.get("reduction") == "sum":
        over = (pgettext("joined", ", summed over {batch}").format(batch=batch),
                _("The gradient is summed over {batch}").format(batch=batch))
    else:
        over = (pgettext("joined", ", averaged over {batch}").format(batch=batch),
                _("The gradient is averaged over {batch}").format(batch=batch))
    if is_adam(trace):
        return [("", _("Update: Adam steps each weight against running averages of its "
                       "gradient, each weight at its own rate")), *shrink]
    momentum = _number(training, "momentum")
    if momentum:
        if nesterov_momentum(trace):
            first = _("Update by Nesterov momentum: each weight's velocity keeps {momentum} of "
                      "its last step and adds a step against its gradient")
        else:
            first = _("Update by momentum: each weight's velocity keeps {momentum} of its last "
                      "step and adds a step against its gradient")
        return [("", first.format(momentum=decimal(momentum, "g"))), over, *shrink]
    return [("", _("Update: each weight steps against its gradient")), over, *shrink]


def update_rule(trace: Trace, batch: str, size: int | None) -> tuple[str, dict[str, str]]:
    """The update rule as the trace's optimiser applies it (with its numbers): a sentence
    in the scene's language whose placeholders are its formulas, and the formulas in TeX
    ({batch} stands for the batch's words)."""
    training = trace.meta.get("training") or {}
    sum_or_mean = (r"\sum_i" if trace.meta.get("reduction") == "sum" or size is None
                   else rf"\tfrac{{1}}{{{size}}}\sum_i")
    grad = rf"{sum_or_mean} \partial L_i/\partial w"
    decay = decay_term(trace)
    if decay:
        grad = rf"({grad} + {decay[0]:.3g}\,w)"
    if is_adam(trace):
        rate = _number(training, "optimizer_lr")
        alpha = rf"{rate:g}" if rate is not None else r"\alpha"
        step = rf"w \leftarrow w - {alpha}\,\hat m/(\sqrt{{\hat v}}+\epsilon)"
        if decay:
            return (_("Adam's step: {step}, {averages} running averages of {g} and {g2}"),
                    {"step": step, "averages": r"\hat m, \hat v", "g": f"g = {grad}",
                     "g2": "g^2"})
        return (_("Adam's step: {step}, {averages} running averages of {gradient} and its "
                  "square"), {"step": step, "averages": r"\hat m, \hat v",
                              "gradient": r"\partial L/\partial w"})
    lr = _number(training, "lr")
    alpha = rf"{lr:g}" if lr is not None else r"\alpha"
    momentum = _number(training, "momentum")
    if momentum:
        formulas = {"velocity": rf"v \leftarrow {momentum:g}\,v - {alpha}\cdot{grad}",
                    "step": r"w \leftarrow w + v"}
        if nesterov_momentum(trace):
            return _("Update (Nesterov's form): {velocity}, {step} over {batch}"), formulas
        return _("Update: {velocity}, {step} over {batch}"), formulas
    return _("Update: {step} over {batch}"), {"step": rf"w \leftarrow w - {alpha}\cdot{grad}"}


def update_tex(trace: Trace, batch: str, size: int | None) -> str:
    """The update rule of :func:`update_rule` as one string, its formulas in $...$."""
    rule, formulas = update_rule(trace, batch, size)
    return rule.format(batch=batch, **{k: f"${v}$" for k, v in formulas.items()})


def more_words(hidden: list[tuple[int, int, int]]) -> str:
    """The on-screen note for layers too wide to draw in full, (layer, not drawn, width)
    each, layer 0 the inputs.

    >>> more_words([(1, 9, 16), (2, 9, 16)])
    'Layers 1 and 2 show their 7 strongest units of 16; +9 more each are not drawn.'
    >>> more_words([(2, 3, 10)])
    'Layer 2 shows its 7 strongest units of 10; +3 more are not drawn.'
    >>> more_words([(0, 57, 64)])
    'The 7 strongest of 64 inputs are drawn; +57 more are not.'
    >>> more_words([(0, 57, 64), (1, 9, 16)])
    'Strongest drawn: 7 of 64 inputs (+57 more), 7 of 16 in layer 1 (+9 more).'
    """
    if any(layer == 0 for layer, _m, _w in hidden):
        if len(hidden) == 1:
            _l, more, width = hidden[0]
            return _("The {shown} strongest of {width} inputs are drawn; +{more} more are not."
                     ).format(shown=width - more, width=width, more=more)
        parts = [(_("{shown} of {width} inputs (+{more} more)") if layer == 0 else
                  _("{shown} of {width} in layer {layer} (+{more} more)")).format(
                      shown=w - m, width=w, more=m, layer=layer) for layer, m, w in hidden]
        return _("Strongest drawn: {parts}.").format(parts=", ".join(parts))
    names = [str(layer) for layer, _m, _w in hidden]
    if len(hidden) == 1:
        layer, more, width = hidden[0]
        return _("Layer {layer} shows its {shown} strongest units of {width}; +{more} more are "
                 "not drawn.").format(layer=layer, shown=width - more, width=width, more=more)
    if len({(m, w) for _l, m, w in hidden}) == 1:
        _l, more, width = hidden[0]
        return _("Layers {layers} and {last} show their {shown} strongest units of {width}; "
                 "+{more} more each are not drawn.").format(
                     layers=", ".join(names[:-1]), last=names[-1], shown=width - more,
                     width=width, more=more)
    parts = [_("layer {layer}: {shown} of {width}").format(layer=layer, shown=w - m, width=w)
             for layer, m, w in hidden]
    return _("Strongest units shown ({parts}); the rest are not drawn.").format(
        parts="; ".join(parts))


def class_name(trace: Trace, label: int) -> str:
    """A class as the trace names it (scikit-learn's class names, a data set's), else its
    index."""
    names = (trace.class_names or trace.meta.get("classes")
             or trace.meta.get("import", {}).get("classes"))
    if isinstance(names, list) and 0 <= label < len(names):
        return shorten(str(names[label]), 24)
    return str(label)
