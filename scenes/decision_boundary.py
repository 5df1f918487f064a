"""The decision boundary: the network's output over the plane through training, and how its
shape changes with the number of hidden units.

Render from the repository root::

    manim -ql scenes/decision_boundary.py DecisionBoundary
    manim -ql scenes/decision_boundary.py WidthProgression

DecisionBoundary plays $MLP_TRACE (any network: any number of hidden layers of any width, a
binary output or a softmax over up to 10 classes), else assets/seed-notebook.npz. Inputs of
more than 2 features are seen through their one fixed view (scenes.toolkit.inputs): the
points placed by it, the network's pick shown at each point, and the shading labelled as
the output on the view's plane through the data's mean. Of a trace of more than 2,000
points it draws a stratified 2,000 (scenes.toolkit.sample), saying so under the plane; the
clock's loss and accuracy are the whole trace's.
WidthProgression plays several such traces: $MLP_TRACE as paths joined by ':' (ordered by
their number of hidden units on screen), else assets/seed-width-5.npz ... seed-width-50.npz.
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
    Group,
    LaggedStart,
    MathTex,
    Square,
    ValueTracker,
    VGroup,
    linear,
    smooth,
)

from mlp.bundled import MANY_CLASSES, WIDTH_TRACES  # noqa: E402
from scenes.toolkit.boundary_lines import LINES_SHOWN, lines_over_boundary  # noqa: E402
from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.fades import FadeIn, FadeOut  # noqa: E402
from scenes.toolkit.inputs import (  # noqa: E402
    OutputAtPoints,
    input_plane_of,
    predict_plane,
    predictions,
)
from scenes.toolkit.language import _, decimal, grouped, ngettext  # noqa: E402
from scenes.toolkit.output_kind import kind_words  # noqa: E402
from scenes.toolkit.plane import ContourLine, Heatmap, PlaneFrame, probability_rgb  # noqa: E402
from scenes.toolkit.playback import (  # noqa: E402
    TracePlayer,
    TraceScene,
    input_plane,
    load_trace_list,
    panel_column,
    square_limits,
)
from scenes.toolkit.readouts import (  # noqa: E402
    ClassLegend,
    Heading,
    LossCurve,
    TrainingClock,
    caption,
    fit_name,
    name_text,
)
from scenes.toolkit.sample import display_sample  # noqa: E402
from scenes.toolkit.style import (  # noqa: E402
    CLASS_COLORS,
    FOREGROUND,
    MUTED,
    PANEL_WIDTH,
)
from scenes.toolkit.surface import (  # noqa: E402
    lines_key,
    plane_cloud,
    plane_heatmap,
    plane_key,
    plane_lines,
    sample_note,
)
from scenes.toolkit.traces import ANY_NETWORK, fail, require  # noqa: E402
from scenes.toolkit.words import (  # noqa: E402
    circle_misfit,
    class_label,
    class_names,
    class_phrase,
    final_accuracy,
    is_rings,
    n_classes,
    percent,
    separated,
    tex_text,
)


def probability_tex(positive: str) -> str:
    r"""The binary output's meaning in TeX: ``P(y=1\mid x)``, or, when the classes have
    names of their own, the positive class's name as text (every TeX special escaped:
    words.tex_text).

    >>> probability_tex("class 1")
    'P(y=1\\mid x)'
    >>> probability_tex("50% & up")
    'P(\\text{50\\% \\& up}\\mid x)'
    """
    if positive in ("class 1", class_label(1)):  # the name a trace without names gives it
        return r"P(y=1\mid x)"
    return r"P(\text{" + tex_text(positive) + r"}\mid x)"


def colour_key(names: tuple[str, str] | None = None, *, font_size: float = 22) -> VGroup:
    """A small strip of the heatmap's colour map from P = 0 to P = 1, with its meaning:
    P(y=1 | x), or the probability of the second class by its own name ("P(yes | x)").
    The classes' names sit beside the strip's ends, or under them when they do not fit
    there, each cut to fit (readouts.name_text)."""
    names = (class_label(0), class_label(1)) if names is None else names
    P = np.linspace(0, 1, 9)
    cells = VGroup()
    for p in P:
        rgb = probability_rgb(p)
        hexc = "#" + "".join(f"{int(round(v * 255)):02X}" for v in rgb)
        cells.add(Square(0.32, stroke_width=0, fill_color=hexc, fill_opacity=1))
    cells.arrange(RIGHT, buff=0)
    beside = PANEL_WIDTH - cells.width - 2 * 0.15  # room for both names beside the strip
    lo, hi = (name_text(n, beside, font_size=font_size, color=c)
              for n, c in zip(names, CLASS_COLORS[:2], strict=True))
    if lo.width + hi.width <= beside:
        row = VGroup(lo, cells, hi).arrange(RIGHT, buff=0.15)
    else:  # the strip across the panel, each name under its end, in half the panel
        cells.stretch_to_fit_width(PANEL_WIDTH)
        half = (PANEL_WIDTH - 0.3) / 2
        lo, hi = (name_text(n, half, font_size=font_size, color=c)
                  for n, c in zip(names, CLASS_COLORS[:2], strict=True))
        lo.next_to(cells, DOWN, buff=0.1).align_to(cells, LEFT)
        hi.next_to(cells, DOWN, buff=0.1).align_to(cells, RIGHT)
        row = VGroup(lo, cells, hi)
    name = fit_name(names[1], PANEL_WIDTH, lambda s: MathTex(
        probability_tex(s), font_size=font_size * 1.2, color=MUTED))
    return VGroup(name, row).arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def prediction_key(trace, *, font_size: float = 22) -> VGroup:
    """What the heatmap's colours mean for this trace: the P(y=1) strip of a binary output,
    or a softmax's classes by name with how the shade reads."""
    names = class_names(trace)
    if trace.output == "binary":
        return colour_key((names[0], names[1]), font_size=font_size)
    shade = caption(_("region: the most likely class; the stronger,\nthe more probable"),
                    font_size=font_size * 0.85, color=MUTED)
    fit_width(shade)
    legend = ClassLegend(names, columns=2 if len(names) <= 4 else 3, font_size=font_size)
    return VGroup(legend, shade).arrange(DOWN, aligned_edge=LEFT, buff=0.15)


def boundary_key(trace, *, font_size: float = 26) -> VGroup:
    """The boundary line's meaning: P = 0.5 (binary) or where the most likely class changes."""
    if trace.output == "binary":
        return VGroup(MathTex(r"P = 0.5", font_size=font_size, color=FOREGROUND),
                      caption(_("white line"), font_size=20, color=MUTED)).arrange(RIGHT,
                                                                                   buff=0.2)
    return VGroup(fit_width(caption(_("white lines: borders between the classes"),
                                    font_size=20, color=FOREGROUND)))


def at_points_key(trace, *, font_size: float = 22) -> VGroup:
    """What the colours mean when the plane is a view of more inputs: the classes, the
    rings (the network's pick at each point) and the crosses (a wrong pick)."""
    legend = ClassLegend(class_names(trace), columns=2 if n_classes(trace) <= 4 else 3,
                         font_size=font_size)
    rings = fit_width(caption(_("dot: its class; ring: the network's pick;\ncross: picked "
                                "wrong"), font_size=font_size * 0.85, color=MUTED))
    return VGroup(legend, rings).arrange(DOWN, aligned_edge=LEFT, buff=0.15)


def slice_lines_key(trace, *, font_size: float = 20) -> VGroup:
    """What the shading and its white lines are when the plane is a view of more inputs:
    the output on the view's plane through the data's mean, not at the points."""
    a, b = trace.input_view().axes
    return VGroup(fit_width(caption(_("shading, white lines: the output on\nthe plane through "
                                      "the data's mean\nalong {a} and {b}").format(a=a, b=b),
                                    font_size=font_size, color=MUTED)))


def fit_width(text, width: float = PANEL_WIDTH):
    """``text`` scaled down to ``width`` when a language's words run wider."""
    if text.width > width:
        text.scale_to_fit_width(width)
    return text


def view_note(description: str, *, width: float = 6.4, font_size: float = 20) -> VGroup:
    """The view's description over the plane, in at most two lines of ``width``."""
    head, _sep, tail = description.partition(": ")
    note = caption(f"{head}:\n{tail}" if tail else head, font_size=font_size, color=MUTED)
    if note.width > width:
        note.scale_to_fit_width(width)
    return VGroup(note)


def widths_text(trace) -> str:
    """The hidden layers' widths: "5", "8-8"."""
    return "-".join(map(str, trace.sizes[1:-1]))


def hidden_widths(trace) -> str:
    """The hidden layers' widths as on screen: "5 units", "8-8 units" (the word as it
    follows the last number)."""
    return ngettext("{widths} unit", "{widths} units", int(trace.sizes[-2])).format(
        widths=widths_text(trace))


def boundary_grid(heat: Heatmap) -> tuple[np.ndarray, np.ndarray]:
    """The pixel-centre coordinates xs (nx,), ys (ny,) of a heatmap, for contours."""
    (x0, x1), (y0, y1) = heat.sample_limits()
    return np.linspace(x0, x1, heat.resolution[0]), np.linspace(y0, y1, heat.resolution[1])


# the lowest the panel's last readout may reach: its words stay in the frame
PANEL_BOTTOM = -3.85


class BoundaryPanel(Group):
    """One trace's final decision boundary, small: its heatmap, the 0.5 contour, the data
    and a label naming the hidden width.

    Parts (in this order): ``heat``, ``frame``, ``boundary``, ``cloud``, ``label``; ``trace``
    is the trace shown.

    Examples
    --------
    ::

        class ShowPanel(Scene):
            def construct(self):
                self.add(BoundaryPanel(load_trace("assets/seed-width-5.npz"), size=3))
    """

    def __init__(self, trace, *, size: float = 2.45, resolution: tuple[int, int] = (90, 90),
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace = trace
        self.frame = PlaneFrame(*square_limits(trace), height=size, x_label=None,
                                show_axes=False)
        self.heat = Heatmap(self.frame, resolution=resolution)
        P = trace.predict_grid(trace.n_snapshots - 1, *self.heat.sample_limits(),
                               resolution=resolution)
        self.heat.set_probabilities(P)
        self.boundary = ContourLine(self.frame, color=FOREGROUND, stroke_width=2)
        self.boundary.set_decision_grid(P, *boundary_grid(self.heat))
        shown = display_sample(trace)
        self.cloud = PointCloud.from_data(self.frame, shown.X, shown.y, radius=0.025,
                                          outline_width=0.5)
        self.label = caption(hidden_widths(trace), font_size=22)
        self.label.next_to(self.frame, UP, buff=0.08)
        self.add(self.heat, self.frame, self.boundary, self.cloud, self.label)


class DecisionBoundary(TraceScene):
    """The output probability over the plane as a heatmap evolving through training, with
    the 0.5 contour and the data on top; with K classes, each region in its winning class's
    colour, shaded by its probability, and lines wherever the winner changes."""

    default_trace = "seed-notebook"
    train_seconds: float = 8.0
    resolution: tuple[int, int] = (160, 160)

    # It draws the network's output, not its units: any width and depth (a regression too),
    # any number of inputs (seen through their view).
    requires = {**ANY_NETWORK, "input_map": None, "classification": False}
    script = ("build", "show_data", "train", "show_lines")

    @classmethod
    def refusal(cls, trace) -> str | None:
        """As every chapter's, and a regression's fit only over a plane of 2 inputs: its
        points are coloured by their targets, so a view has no colour left for the fit."""
        problem = super().refusal(trace)
        if problem is None and trace.is_regression and trace.sizes[0] != 2:
            return (f"draws a regression's fit over 2 inputs only, but {trace.path or 'trace'} "
                    f"has sizes {trace.sizes} ({trace.output} output)")
        return problem

    def build(self) -> None:
        t = self.trace
        self.plane = input_plane_of(t)
        self.frame = input_plane(t)
        self.player = TracePlayer(t)
        # a regression's output is a surface of values with level lines (scenes.toolkit.surface)
        self.heat = plane_heatmap(t, self.frame, resolution=self.resolution)
        self.boundary = plane_lines(t, self.frame, color=FOREGROUND, stroke_width=3)
        xs, ys = boundary_grid(self.heat)
        lim = self.heat.sample_limits()

        def update(pos: float) -> None:
            P = predict_plane(t, pos, *lim, resolution=self.resolution)
            self.heat.set_probabilities(P)
            self.boundary.set_decision_grid(P, xs, ys)

        self.player.follow(self.heat, update)
        self.cloud = plane_cloud(t, self.frame)
        self.sample = self.cloud.sample  # the points drawn: every one, or a sample of them
        self.sample_note = sample_note(self.sample, self.frame)
        # beyond 2 inputs the output is true at the data points: each one's pick, ringed
        self.at_points = None
        if not self.plane.exact:
            self.at_points = OutputAtPoints(self.frame, t, self.sample.X, self.sample.y)
            self.player.follow(self.at_points, self.at_points.set_position)
        self.clock = TrainingClock(t, font_size=28)
        self.player.follow(self.clock, self.clock.set_position)
        # beyond 2 inputs the panel says more: a shorter loss curve
        self.loss_curve = LossCurve(t, width=4.6, height=1.5 if self.plane.exact else 1.0)
        self.player.follow(self.loss_curve, self.loss_curve.set_position)

    def show_data(self) -> None:
        words = kind_words(self.trace)
        exact = self.plane.exact
        sizes = "-".join(map(str, self.trace.sizes))
        head = Heading(words.said("surface title", self.trace) or _("The decision boundary"),
                       (_("{sizes} network: its output over the plane") if exact else
                        _("{sizes} network: its output at the data points")).format(
                            sizes=sizes))
        key = plane_key(self.trace, prediction_key if exact else at_points_key)
        contour = lines_key(self.trace, boundary_key if exact else slice_lines_key)
        panel_column(head, key, contour, self.clock, self.loss_curve,
                     buff=0.35 if exact else 0.25, bottom=PANEL_BOTTOM)
        self.key = key
        self.view_note = VGroup()
        if not exact:  # what the plane is, over it
            self.view_note = view_note(self.plane.description)
            self.view_note.next_to(self.frame.border, UP, buff=0.1).align_to(
                self.frame.border, LEFT)
        # before training the output may sit on one side of 0.5 everywhere: no line to name
        segments = getattr(self.boundary, "segments_data", None)  # a regression's: levels
        self.line_at_start = not exact or segments is None or len(segments) > 0
        if exact and self.trace.output == "binary":
            P0 = predict_plane(self.trace, 0, *self.heat.sample_limits(),
                               resolution=self.resolution)
            untrained = (_("The network's output over the plane: untrained, above {half} "
                           "everywhere.") if P0.min() >= 0.5 else
                         _("The network's output over the plane: untrained, below {half} "
                           "everywhere."))
        half, k = decimal(0.5, "g"), n_classes(self.trace)
        text = words.said("surface", self.trace) or (
            _("The network's output over the whole plane, its {half} line in white.").format(
                half=half)
            if exact and self.trace.output == "binary" and self.line_at_start else
            untrained.format(half=half)
            if exact and self.trace.output == "binary" else
            _("{k} classes: each colour where the network picks it, white where its pick "
              "changes.").format(k=k) if exact and self.line_at_start else
            _("{k} classes: each colour where the network picks it, the stronger, the "
              "surer.").format(k=k) if exact else
            _("{n} inputs in one view. Each ring: the class the network picks for that "
              "point.").format(n=self.trace.sizes[0]))
        shown = [m for m in (self.at_points, self.view_note, self.sample_note)
                 if m is not None]
        with self.beat("output", text):
            self.add(self.heat, self.frame, self.boundary, self.cloud, head, *shown)
            self.play(FadeIn(self.heat), FadeIn(self.cloud), Create(self.boundary),
                      FadeIn(key), FadeIn(contour), FadeIn(self.clock), FadeIn(self.loss_curve),
                      *(FadeIn(m) for m in shown), run_time=self.seconds(1.2))

    def train(self) -> None:
        t = self.trace
        if kind_words(t).said("surface training", t):
            text = kind_words(t).said("surface training", t)
        elif not self.plane.exact:
            s = self.sample
            wrong = int(np.sum(predictions(t, self.player.end, s.X) != s.y))
            n = s.shown
            if wrong and s.partial:
                said = ngettext("As it trains, the rings change with its picks: at the end, "
                                "{wrong} of {n} point shown crossed, picked wrong.",
                                "As it trains, the rings change with its picks: at the end, "
                                "{wrong} of {n} points shown crossed, picked wrong.", n)
            elif wrong:
                said = ngettext("As it trains, the rings change with its picks: at the end, "
                                "{wrong} of {n} point crossed, picked wrong.",
                                "As it trains, the rings change with its picks: at the end, "
                                "{wrong} of {n} points crossed, picked wrong.", n)
            elif s.partial:
                said = ngettext("As it trains, the rings change with its picks: at the end, "
                                "each of the {n} point shown ringed in its own colour.",
                                "As it trains, the rings change with its picks: at the end, "
                                "each of the {n} points shown ringed in its own colour.", n)
            else:
                said = ngettext("As it trains, the rings change with its picks: at the end, "
                                "each of the {n} point ringed in its own colour.",
                                "As it trains, the rings change with its picks: at the end, "
                                "each of the {n} points ringed in its own colour.", n)
            text = said.format(wrong=grouped(wrong), n=grouped(n))
        elif is_rings(t):
            text = _("Through training, the region of the inner class takes shape.")
        elif t.output == "binary":
            text = _("Through training, the region of {inner} takes shape.").format(
                inner=class_phrase(t, 1))
        else:
            text = _("As it trains, the {k} classes claim their parts of the plane.").format(
                k=n_classes(t))
        if not getattr(self, "line_at_start", True) and not kind_words(t).said(
                "surface training", t):
            text = (_("{said} White: its {half} line.").format(said=text,
                                                               half=decimal(0.5, "g"))
                    if t.output == "binary" else
                    _("{said} White: where its pick changes.").format(said=text))
        with self.beat("training", text):
            self.play(self.player.animate_to(), run_time=self.seconds(self.train_seconds),
                      rate_func=linear)

    def show_lines(self) -> None:
        """The first layer's lines over the final shading (inputs as they are, at most
        LINES_SHOWN of them: past that they hide the shading), and how much of the boundary
        runs along them."""
        t = self.trace
        if t.input_map != "identity" or not t.kind.classification or \
                t.sizes[1] > LINES_SHOWN or not self.plane.exact:
            self.pause(2.5)
            return
        self.hidden_lines, said, self.near_share = lines_over_boundary(
            self.frame, t, self.boundary.segments_data)
        with self.beat("hidden lines", said):
            self.add(self.hidden_lines)
            self.bring_to_front(self.cloud)
            self.play(*[Create(m) for m in self.hidden_lines], run_time=self.seconds(1.2))
            self.pause(2.5)


class WidthProgression(TraceScene):
    """Hidden widths 5, 10, ..., 50 (or any list of traces, ordered by their number of
    hidden units): the final boundary morphs from one to the next, then all of them side
    by side."""

    default_traces: tuple[str, ...] = WIDTH_TRACES
    morph_seconds: float = 0.75  # a width each: the ten widths' beat fits 10 s
    resolution: tuple[int, int] = (140, 140)
    small_resolution: tuple[int, int] = (90, 90)

    def __init__(self, *, traces=None, **kwargs) -> None:
        self._given_traces = traces
        super().__init__(**kwargs)

    def construct(self) -> None:
        traces = load_trace_list(self.scene_name, list(self.default_traces), self._given_traces)
        for t in traces:
            require(self.scene_name, t, **{**ANY_NETWORK, "input_dim": 2})
        kinds = {(t.output, n_classes(t)) for t in traces}
        if len(kinds) > 1:
            fail(self.scene_name, "needs traces with the same output and classes, but got "
                 + ", ".join(f"{'-'.join(map(str, t.sizes))} ({t.output})" for t in traces))
        self.traces = sorted(traces, key=lambda t: (sum(t.sizes[1:-1]), len(t.sizes)))
        self.widths = [sum(t.sizes[1:-1]) for t in self.traces]
        self.labels = [widths_text(t) for t in self.traces]
        self.morph_through_widths()
        self.small_multiples()

    def final_grid(self, trace, heat: Heatmap, resolution) -> np.ndarray:
        return trace.predict_grid(trace.n_snapshots - 1, *heat.sample_limits(),
                                  resolution=resolution)

    def morph_through_widths(self) -> None:
        first = self.traces[0]
        frame = input_plane(first)
        heat = Heatmap(frame, resolution=self.resolution)
        grids = np.stack([self.final_grid(t, heat, self.resolution) for t in self.traces])
        boundary = ContourLine(frame, color=FOREGROUND, stroke_width=3)
        xs, ys = boundary_grid(heat)
        u = ValueTracker(0.0)  # continuous index into the widths
        self.title_text = self.widths_title(grids, xs, ys, frame)
        head = Heading(self.title_text, _("the boundary after training, width by width"))
        width_name = caption(_("hidden units"), font_size=24, color=MUTED)
        width_value = caption(self.labels[0], font_size=44)
        width_row = VGroup(width_value, width_name).arrange(RIGHT, buff=0.25, aligned_edge=DOWN)
        accs = [float(t.accuracy[-1]) for t in self.traces]
        # one line whatever the number of widths: the share they all reach, or its range
        lo, hi = percent(min(accs)), percent(max(accs))
        acc_note = fit_width(caption(
            _("every one of them: {share} accuracy").format(share=lo) if lo == hi else
            _("accuracy from {low} to {high}").format(low=lo, high=hi), font_size=22,
            color=MUTED))
        key = prediction_key(first)
        panel_column(head, width_row, acc_note, key, buff=0.45)
        self.shown_width = self.labels[0]

        def update(_m) -> None:
            v = float(np.clip(u.get_value(), 0, len(grids) - 1))
            k = min(int(np.floor(v)), len(grids) - 2) if len(grids) > 1 else 0
            a = v - k
            P = grids[k] if len(grids) == 1 else (1 - a) * grids[k] + a * grids[k + 1]
            heat.set_probabilities(P)
            boundary.set_decision_grid(P, xs, ys)
            w = self.labels[int(round(v))]
            if w != self.shown_width:
                self.shown_width = w
                new = caption(w, font_size=44).move_to(width_value, aligned_edge=LEFT)
                width_value.become(new)
                width_name.next_to(width_value, RIGHT, buff=0.25).align_to(width_value, DOWN)

        update(None)
        heat.add_updater(update)
        shown = display_sample(first)
        cloud = PointCloud.from_data(frame, shown.X, shown.y)
        note = sample_note(shown, frame)
        with self.beat("widths", self.widths_caption()):
            self.add(heat, frame, boundary, cloud)
            self.add(head)  # the title from the first frame
            self.play(FadeIn(heat), FadeIn(cloud), FadeIn(width_row), FadeIn(acc_note),
                      FadeIn(key), FadeIn(note), run_time=self.seconds(1.0))
            self.width_value = width_value
            self.play(u.animate.set_value(len(grids) - 1), rate_func=smooth,
                      run_time=self.seconds(self.morph_seconds * max(len(grids) - 1, 1)))
            heat.clear_updaters()
            self.pause(0.8)
            self.play(*(FadeOut(m) for m in self.mobjects), run_time=self.seconds(0.8))

    def widths_title(self, grids, xs, ys, frame) -> str:
        """The heading, a claim only when the traces bear it out: "rounder boundary" when,
        on the rings, every run separates and the widest run's boundary is closer to a
        circle than the narrowest one's (words.circle_misfit of the drawn contour); "higher
        accuracy" when the widest run ends more accurate than the narrowest; else neutral."""
        if len(self.traces) > 1:
            first, last = self.traces[0], self.traces[-1]
            if all(is_rings(t) and separated(t) for t in self.traces):
                misfit = []
                for P in (grids[0], grids[-1]):
                    line = ContourLine(frame).set_decision_grid(P, xs, ys)
                    misfit.append(circle_misfit(line.segments_data.reshape(-1, 2)))
                if misfit[1] < misfit[0]:
                    return _("More hidden units, rounder boundary")
            if final_accuracy(last) > final_accuracy(first):
                return _("More hidden units, higher accuracy")
        return _("The boundary by hidden width")

    def widths_caption(self) -> str:
        """What the morph shows, in words true for the traces played."""
        lo, hi = self.labels[0], self.labels[-1]
        if lo == hi:
            return ngettext("The boundary after training, with {widths} hidden unit.",
                            "The boundary after training, with {widths} hidden units.",
                            int(lo.split("-")[-1])).format(widths=lo)
        return _("The boundary after training, from {low} to {high} hidden units.").format(
            low=lo, high=hi)

    def small_multiples(self) -> None:
        panels = Group()
        n = len(self.traces)
        cols = min(5, n)
        rows = int(np.ceil(n / cols))
        size = min(2.45, 6.0 / rows)
        for t in self.traces:
            panels.add(BoundaryPanel(t, size=size, resolution=self.small_resolution))
        panels.arrange_in_grid(rows=rows, cols=cols, buff=(0.25, 0.3))
        title = caption(_("Decision boundaries, hidden width {low} to {high}").format(
            low=5, high=50) if self.labels == [str(w) for w in range(5, 55, 5)] else
            _("Decision boundaries by hidden width"), font_size=28)
        Group(title, panels).arrange(DOWN, buff=0.25).move_to([0, 0, 0])
        self.panels = panels
        with self.beat("side by side", _("The boundaries after training, one per hidden "
                                         "width, side by side.")):
            self.play(FadeIn(title), LaggedStart(*(FadeIn(p) for p in panels), lag_ratio=0.15),
                      run_time=self.seconds(2.0))
            self.pause(2.5)



class ManyClassesRegions(DecisionBoundary):
    """DecisionBoundary on the 3-arm spiral: a softmax output's three class regions through
    training."""

    default_trace = MANY_CLASSES
