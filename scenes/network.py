"""The classifiers become a network: their lines stacked into W, a meta classifier reading
h, the graph and its formula, the loss, and the usual names for what was seen.

Render from the repository root::

    manim -ql scenes/network.py BecomeANetwork

Plays the last snapshot of $MLP_TRACE, else assets/seed-notebook.npz: any network with one
hidden layer of up to 8 units on plane inputs and a binary output (the seed's 2-3-1). The
hidden units' lines are its classifiers; W, b, w_m and b_m on screen are the snapshot's; the
loss is the cross-entropy of the snapshot's predictions over the training points.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    MathTex,
    Matrix,
    SurroundingRectangle,
    VGroup,
)

from mlp.trace import Trace  # noqa: E402
from scenes.toolkit.fades import FadeIn, FadeOut  # noqa: E402
from scenes.toolkit.language import _, decimal, grouped, ngettext, pgettext  # noqa: E402
from scenes.toolkit.network_graph import NetworkGraph, signed  # noqa: E402
from scenes.toolkit.plane import ClassifierLine  # noqa: E402
from scenes.toolkit.playback import TraceScene, input_plane, panel_column  # noqa: E402
from scenes.toolkit.readouts import HEADING_WIDTH, caption, chapter_title  # noqa: E402
from scenes.toolkit.style import FOREGROUND, MUTED, unit_color  # noqa: E402
from scenes.toolkit.surface import plane_cloud, sample_note  # noqa: E402
from scenes.toolkit.traces import PLAYS  # noqa: E402
from scenes.toolkit.words import training_record  # noqa: E402


def ordinal(n: int) -> str:
    """The n-th (from 0) classifier's ordinal, as a sentence says it ("fourth"); past the
    ninth, digits ("10th")."""
    words = [pgettext("classifier", "first"), pgettext("classifier", "second"),
             pgettext("classifier", "third"), pgettext("classifier", "fourth"),
             pgettext("classifier", "fifth"), pgettext("classifier", "sixth"),
             pgettext("classifier", "seventh"), pgettext("classifier", "eighth"),
             pgettext("classifier", "ninth")]
    return words[n] if 0 <= n < len(words) else pgettext("classifier", "{n}th").format(n=n + 1)


def number_word(n: int) -> str:
    """Small counts of classifiers in words, as a sentence says them ("three"); past nine,
    digits."""
    words = [pgettext("classifiers", "no"), pgettext("classifiers", "one"),
             pgettext("classifiers", "two"), pgettext("classifiers", "three"),
             pgettext("classifiers", "four"), pgettext("classifiers", "five"),
             pgettext("classifiers", "six"), pgettext("classifiers", "seven"),
             pgettext("classifiers", "eight"), pgettext("classifiers", "nine")]
    return words[n] if 0 <= n < len(words) else str(n)


def cross_entropy(p: np.ndarray, y: np.ndarray) -> float:
    """The seed's loss: the mean of -y log p - (1 - y) log(1 - p) over the points."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-12, 1 - 1e-12)
    y = np.asarray(y, dtype=np.float64)
    return float(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)))


def network_numbers(trace: Trace, pos: float | None = None) -> dict:
    """What the chapter shows of the snapshot ``pos`` (default: the last): the classifiers'
    rows W (h, 2) and biases b (h,), the meta classifier's w_m (h,) and b_m, the probability
    of class 1 at every training point, the loss and the step."""
    pos = trace.n_snapshots - 1 if pos is None else pos
    Ws, bs = trace.params_at(pos)
    p = trace.predict_proba(pos)
    p1 = p[:, -1] if p.ndim == 2 else p
    return {"W": np.asarray(Ws[0]).T, "b": np.asarray(bs[0]),
            "w_m": np.asarray(Ws[1])[:, 0], "b_m": float(np.asarray(bs[1])[0]),
            "p": p1, "loss": cross_entropy(p1, trace.y), "step": int(trace.steps[int(pos)]),
            "n_points": len(trace.y)}


class BecomeANetwork(TraceScene):
    """The classifiers stacked into W, the meta classifier on h, the graph, the loss, the
    names."""

    default_trace = "seed-notebook"
    requires = {**PLAYS, "hidden_layers": 1, "output": "binary", "max_first_width": 8}
    script = ("prepare", "show_lines", "stack", "meta", "graph", "loss", "names")

    def prepare(self) -> None:
        t = self.trace
        self.numbers = network_numbers(t)
        self.n = t.sizes[1]
        self.frame = input_plane(t)
        self.cloud = plane_cloud(t, self.frame)  # at most DISPLAY_POINTS points
        self.sample_note = sample_note(self.cloud.sample, self.frame)
        W, b = self.numbers["W"], self.numbers["b"]
        self.lines = [ClassifierLine(self.frame, W[i], b[i], color=unit_color(i))
                      for i in range(self.n)]
        step = self.numbers["step"]
        self.head = chapter_title(_("From classifiers to a network"), (
            _("epoch {step} of the run") if training_record(t).get("step") == "epoch"
            else _("step {step} of the run")).format(step=step))

    def show_lines(self) -> None:
        n = self.n
        words = number_word(n)
        with self.beat("lines", ngettext(
                "The {words} classifier from before: line i is w_i.x + b_i = 0.",
                "The {words} classifiers from before: line i is w_i.x + b_i = 0.", n).format(
                    words=words)):
            panel_column(self.head)
            self.add(self.frame)
            self.add(self.head)  # the title from the first frame
            self.play(FadeIn(self.cloud), FadeIn(self.sample_note), run_time=self.seconds(0.8))
            self.bring_to_front(self.cloud)
            self.play(*[Create(line) for line in self.lines], run_time=self.seconds(1.2))
            self.pause(0.5)

    def stack(self) -> None:
        W, b = self.numbers["W"], self.numbers["b"]
        size = 28 if self.n <= 4 else 22
        self.W_tex = VGroup(MathTex("W =", font_size=size + 2, color=FOREGROUND),
                            number_matrix(W, size), MathTex("b =", font_size=size + 2,
                                                             color=FOREGROUND),
                            number_matrix(b[:, None], size)).arrange(RIGHT, buff=0.15)
        self.W_tex[2:].shift(0.25 * RIGHT)
        fit_panel(self.W_tex)
        self.h_tex = MathTex(r"h = \sigma(Wx + b)", font_size=32, color=FOREGROUND)
        self.h_note = caption(ngettext("row i of W is w_i; h holds the {n} output",
                                       "row i of W is w_i; h holds the {n} outputs",
                                       self.n).format(n=self.n), font_size=18, color=MUTED)
        fit_panel(self.h_note)
        panel_column(self.head, self.W_tex, self.h_tex, self.h_note, buff=0.3)
        words = number_word(self.n)
        with self.beat("stack", _("Stack their weights as the rows of W, their biases in b: "
                                  "sigma(Wx + b) runs all {words} at once.").format(words=words)):
            self.play(FadeIn(self.W_tex), run_time=self.seconds(1.2))
            self.play(FadeIn(self.h_tex), FadeIn(self.h_note), run_time=self.seconds(0.8))
            self.pause(0.6)

    def meta(self) -> None:
        w_m, b_m = self.numbers["w_m"], self.numbers["b_m"]
        size = 26 if self.n <= 4 else 20
        self.meta_tex = MathTex(r"\hat{y} = \sigma(w_m \cdot h + b_m)", font_size=32,
                                color=FOREGROUND)
        self.meta_numbers = VGroup(
            MathTex("w_m =", font_size=size + 2, color=FOREGROUND),
            number_matrix(w_m[None, :], size, colour_columns=True),
            MathTex(rf"b_m = {tex_number(b_m)}", font_size=size + 2, color=FOREGROUND),
        ).arrange(RIGHT, buff=0.2)
        fit_panel(self.meta_numbers)
        panel_column(self.head, self.W_tex, self.h_tex, self.h_note, self.meta_tex,
                     self.meta_numbers, buff=0.3)
        with self.beat("meta", _("A {ordinal} classifier, the meta classifier, reads h instead "
                                 "of x and makes the decision.").format(
                                     ordinal=ordinal(self.n))):
            self.play(FadeIn(self.meta_tex), FadeIn(self.meta_numbers),
                      run_time=self.seconds(1.2))
            self.pause(0.6)

    def graph(self) -> None:
        t = self.trace
        Ws, bs = t.params_at(t.n_snapshots - 1)
        self.net = NetworkGraph(Ws, bs, output=t.output, width=6.6, height=4.4)
        self.net.move_to([-3.2, -0.75, 0])
        self.formula = MathTex(r"\hat{y} = \sigma(w_m \cdot \sigma(Wx + b) + b_m)",
                               font_size=38, color=FOREGROUND)
        self.formula.move_to([-3.2, 3.35, 0])
        note = _("edges: the weights; nodes: the classifiers' sums and sigmas")
        self.graph_note = caption(note, font_size=18, color=MUTED)
        if self.graph_note.width > GRAPH_WIDTH and "; " in note:  # a longer language's: two lines
            self.graph_note = caption(note.replace("; ", ";\n", 1), font_size=18, color=MUTED)
        if self.graph_note.width > GRAPH_WIDTH:
            self.graph_note.scale_to_fit_width(GRAPH_WIDTH)
        self.graph_note.next_to(self.formula, DOWN, buff=0.15)
        with self.beat("graph", ngettext(
                "As a graph: 2 inputs, the {words} classifier, the meta classifier. In one "
                "formula: sigma(w_m.sigma(Wx + b) + b_m).",
                "As a graph: 2 inputs, the {words} classifiers, the meta classifier. In one "
                "formula: sigma(w_m.sigma(Wx + b) + b_m).", self.n).format(
                    words=number_word(self.n))):
            gone = [self.frame, self.cloud, self.sample_note, *self.lines]
            self.play(*[FadeOut(m) for m in gone], run_time=self.seconds(0.6))
            self.play(FadeIn(self.net), FadeIn(self.formula), FadeIn(self.graph_note),
                      run_time=self.seconds(1.2))
            self.pause(1.0)

    def loss(self) -> None:
        nums = self.numbers
        self.loss_tex = MathTex(r"L = \frac{1}{n}\sum_{i=1}^{n} -y_i \log \hat{y}_i "
                                r"- (1 - y_i)\log(1 - \hat{y}_i)", font_size=28,
                                color=FOREGROUND)
        self.loss_value = MathTex(rf"n = {nums['n_points']}:\ L = {nums['loss']:.4f}",
                                  font_size=28, color=FOREGROUND)
        old = VGroup(self.W_tex, self.h_tex, self.h_note, self.meta_tex, self.meta_numbers)
        panel_column(self.head, self.loss_tex, self.loss_value, buff=0.35)
        with self.beat("loss", ngettext(
                "How wrong it is: the loss L, the cross-entropy averaged over the {n} point. "
                "Here L = {loss}; training lowers it.",
                "How wrong it is: the loss L, the cross-entropy averaged over the {n} points. "
                "Here L = {loss}; training lowers it.", nums["n_points"]).format(
                    n=grouped(nums["n_points"]), loss=decimal(nums["loss"], ".4f"))):
            self.play(FadeOut(old), run_time=self.seconds(0.5))
            self.play(FadeIn(self.loss_tex), FadeIn(self.loss_value),
                      run_time=self.seconds(1.2))
            self.pause(0.8)

    def names(self) -> None:
        g = self.net
        hidden = VGroup(*[g.node(1, j) for j in g.shown[1]])
        layer_box = SurroundingRectangle(hidden, buff=0.12, corner_radius=0.12, color=MUTED,
                                         stroke_width=2)
        layer_label = caption(_("a layer of units"), font_size=18, color=MUTED)
        layer_label.next_to(layer_box, UP, buff=0.08)
        rows = [(_("a classifier"), _("a unit (neuron)")),
                (_("sigma"), _("an activation function")),
                (_("a stack of units"), _("a layer (here, hidden)")),
                (_("the graph"), _("a network"))]
        is_ = pgettext("the usual names: a classifier is a unit", "is")
        table = VGroup(*[
            VGroup(caption(a, font_size=22, color=MUTED), caption(is_, font_size=22,
                                                                   color=MUTED),
                   caption(b, font_size=22, color=FOREGROUND)).arrange(RIGHT, buff=0.18)
            for a, b in rows]).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        fit_panel(table)
        self.names_title = caption(_("The usual names"), font_size=26, color=FOREGROUND)
        panel_column(self.head, self.loss_tex, self.loss_value, self.names_title, table,
                     buff=0.35)
        self.table, self.layer_box = table, VGroup(layer_box, layer_label)
        with self.beat("names", _("The usual names: a classifier is a unit, sigma an "
                                  "activation function, a stack of units a layer, the graph a "
                                  "network.")):
            self.play(FadeIn(self.names_title), run_time=self.seconds(0.5))
            for i, row in enumerate(table):
                anims = [FadeIn(row)]
                if i == 2:
                    anims.append(FadeIn(self.layer_box))
                self.play(*anims, run_time=self.seconds(0.6))
            self.pause(1.5)


# what a row of numbers keeps clear of the frame's right edge, beyond the panel's width
ROW_MARGIN = 0.35
# the widest the graph's note may be, under the formula on the left
GRAPH_WIDTH = 6.6


def fit_panel(mobject) -> None:
    """Shrink a panel's row to the panel's width, less a margin: a bracket never runs to
    the frame's edge."""
    if mobject.width > HEADING_WIDTH - ROW_MARGIN:
        mobject.scale_to_fit_width(HEADING_WIDTH - ROW_MARGIN)


def tex_number(value: float, digits: int = 2) -> str:
    return signed(value, digits).replace("\u2212", "-")


def number_matrix(values: np.ndarray, font_size: float, *, colour_columns: bool = False):
    """A bracketed matrix of numbers (2 decimals), row i in unit i's colour (or column i,
    for the meta classifier's weights, one per unit)."""
    values = np.atleast_2d(values)
    # the numbers in the project's font (Pango: no TeX run per entry), a true minus sign;
    # columns as far apart as the widest number and a gap
    widest = max(caption(signed(v, 2), font_size=0.8 * font_size).width
                 for v in values.ravel())
    m = Matrix([[signed(v, 2) for v in row] for row in values],
               element_to_mobject=lambda s: caption(s, font_size=0.8 * font_size,
                                                    color=FOREGROUND),
               v_buff=0.55 * font_size / 28, h_buff=widest + 0.3 * font_size / 28,
               bracket_config={"color": MUTED})
    parts = m.get_columns() if colour_columns else m.get_rows()
    for i, part in enumerate(parts):
        part.set_color(unit_color(i))
    return m


__all__ = ["BecomeANetwork", "network_numbers", "cross_entropy"]
