"""The hidden units' lines learning together: the seed's 2-3-1 network trained on its rings.

Render from the repository root::

    manim -ql scenes/hidden_lines.py HiddenLinesTraining

Plays $MLP_TRACE when set, else assets/seed-notebook.npz: any network on plane inputs, of
any width and depth, with a binary, softmax or regression output and any input map. A layer
wider than the chapter draws shows its strongest units (scenes.toolkit.units) and how many
more there are.
The first layer's units are lines (curves when an input map such as phi(x) = [x1^2, x2^2]
comes first); a deeper layer's unit is the curve in the input plane where its
pre-activation is zero, drawn layer by layer.

A network on more than two inputs that are images (such as 8x8 digits) or have names (a
data set's features) plays too: there a first-layer unit is not a line in a plane, and
each is drawn as what it looks for, its weights as an image or as bars over the inputs'
names (scenes.toolkit.templates), changing through training.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import DOWN, LEFT, Create, VGroup, linear  # noqa: E402

from scenes.toolkit import units  # noqa: E402
from scenes.toolkit.events import training_segments  # noqa: E402
from scenes.toolkit.fades import FadeIn  # noqa: E402
from scenes.toolkit.language import _  # noqa: E402
from scenes.toolkit.output_kind import kind_words  # noqa: E402
from scenes.toolkit.plane import ClassifierLine, ContourLine  # noqa: E402
from scenes.toolkit.playback import (  # noqa: E402
    PLANE_CENTER,
    TracePlayer,
    TraceScene,
    input_plane,
    panel_column,
)
from scenes.toolkit.readouts import (  # noqa: E402
    Heading,
    LineLegend,
    LossCurve,
    TrainingClock,
    caption,
)
from scenes.toolkit.scores import ScoreCurves  # noqa: E402
from scenes.toolkit.style import MUTED, PANEL_WIDTH, unit_color  # noqa: E402
from scenes.toolkit.surface import plane_cloud, plane_heatmap, sample_note  # noqa: E402
from scenes.toolkit.templates import UnitTemplates, image_shape  # noqa: E402
from scenes.toolkit.traces import ANY_NETWORK, mismatch  # noqa: E402
from scenes.toolkit.units import more_words  # noqa: E402
from scenes.toolkit.words import (  # noqa: E402
    activation_name,
    data_phrase,
    encloses_class_1,
    is_rings,
    loss_trend,
)


def hidden_line_params(trace, pos: float) -> tuple[np.ndarray, np.ndarray]:
    """Hidden unit i's line w_i . x + b_i = 0 at ``pos``: W (2, h) columns and b (h,)."""
    W, b = trace.params_at(pos)
    return W[0], b[0]


LEGEND_ROWS = 3  # equations listed; wider layers add one "... N hidden lines" row
CURVES_PER_LAYER = 8  # a layer's units drawn as curves: its strongest (scenes.toolkit.units)
LINES_DRAWN = 16  # the first layer's units drawn as lines: its strongest, past that
# What an input map is on screen: the TeX of phi(x) in a unit's equation, and in words.
MAPPED_INPUT = {"square": (r"\varphi(x)", "phi(x) = [x1^2, x2^2]")}


def strongest_units(trace, layer: int, count: int = CURVES_PER_LAYER) -> list[int]:
    """Hidden layer ``layer``'s (1-based) ``count`` strongest units, in unit order, by the
    rule every chapter uses (scenes.toolkit.units.strongest_units)."""
    return units.strongest_units(trace, layer, count)


class UnitCurves(VGroup):
    """The units of a trace's hidden layers that are not straight lines in the input plane,
    as curves: unit j of layer l where its pre-activation s_j = h_(l-1) . w_j + b_j is zero,
    traced with the contour code on a grid over the frame. Those are the layers 2, 3, ...,
    and layer 1 too when an input map (phi(x)) comes before it.

    ``curves[l]`` lists layer l's (unit, ContourLine) pairs (only the units in
    :func:`strongest_units`); ``set_position(pos)`` redraws all of them from one forward pass.
    """

    def __init__(self, frame, trace, *, resolution: tuple[int, int] = (120, 120),
                 stroke_width: float = 3.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.frame, self.trace, self.resolution = frame, trace, resolution
        nx, ny = resolution
        (x0, x1), (y0, y1) = frame.xlim, frame.ylim
        self.xs, self.ys = np.linspace(x0, x1, nx), np.linspace(y0, y1, ny)
        gx, gy = np.meshgrid(self.xs, self.ys)
        self.grid = np.column_stack([gx.ravel(), gy.ravel()])
        self.first_layer = 1 if trace.input_map != "identity" else 2
        self.curves: dict[int, list[tuple[int, ContourLine]]] = {}
        for layer in range(self.first_layer, len(trace.sizes) - 1):
            row = [(j, ContourLine(frame, color=unit_color(j), stroke_width=stroke_width))
                   for j in strongest_units(trace, layer, CURVES_PER_LAYER)]
            self.curves[layer] = row
            self.add(VGroup(*(c for _, c in row)))

    def layer_group(self, layer: int) -> VGroup:
        return self[layer - self.first_layer]

    def set_position(self, pos: float) -> UnitCurves:
        s = self.trace.model_at(pos).forward(self.grid).s
        ny, nx = self.resolution[1], self.resolution[0]
        for layer, row in self.curves.items():
            S = s[layer - 1].reshape(ny, nx, -1)
            for j, curve in row:
                curve.set_grid(S[..., j], self.xs, self.ys, 0.0)
        return self


class HiddenLinesTraining(TraceScene):
    """Three hidden lines rotate and slide into place around the inner circle while the
    network's decision region fills in under them, the clock runs and the loss falls. A
    deeper network's later layers follow, layer by layer, as curves."""

    default_trace = "seed-notebook"
    train_seconds: float = 14.0
    heat_resolution: tuple[int, int] = (160, 160)

    # a regression too; inputs on the plane
    requires = {**ANY_NETWORK, "input_dim": 2, "input_map": None, "classification": False}
    script = ("build_plane", "show_data", "show_hidden_lines", "show_deeper_layers", "train")
    # more than two inputs: the first layer's units as templates (scenes.toolkit.templates)
    template_script = ("build_templates", "show_templates", "train_templates")
    TEMPLATES_SHOWN = 16  # units drawn as templates: the strongest, by outgoing weight

    @staticmethod
    def draws_templates(trace) -> bool:
        """Whether the first layer is drawn as templates: more than 2 inputs (and no input
        map), where a unit is no line in a plane, that are images or have names."""
        return (trace.sizes[0] > 2 and trace.input_map == "identity"
                and (image_shape(trace) is not None or bool(trace.feature_names)))

    @classmethod
    def refusal(cls, trace) -> str | None:
        if cls.draws_templates(trace):
            return mismatch(trace, **{**cls.requirements(), "input_dim": None})
        return super().refusal(trace)

    def construct(self) -> None:
        self.trace = self.load_trace()
        for step in self.template_script if self.draws_templates(self.trace) else self.script:
            getattr(self, step)()

    def build_templates(self) -> None:
        t = self.trace
        self.player = TracePlayer(t)
        units = strongest_units(t, 1, self.TEMPLATES_SHOWN)
        image = image_shape(t) is not None
        self.templates = UnitTemplates(t, units, columns=4 if image else 5, cell=1.25,
                                       buff=0.25, bar_row=min(0.18, 2.6 / t.sizes[0]))
        self.templates.scale_to_fit_height(min(self.templates.height, 6.4))
        if self.templates.width > 6.8:
            self.templates.scale_to_fit_width(6.8)
        self.templates.move_to(PLANE_CENTER)
        self.player.follow(self.templates, self.templates.set_position)
        self.titles = Heading(_("Hidden units learn what to look for"),
                              _("{sizes} network, {activations} units").format(
                                  sizes="-".join(map(str, t.sizes)),
                                  activations=activation_name(t.activations[0])))
        self.clock = TrainingClock(t, font_size=28)
        self.player.follow(self.clock, self.clock.set_position)
        self.loss_curve = (ScoreCurves(t, width=3.8, height=1.5) if t.has_test
                           else LossCurve(t, width=4.6, height=1.7))
        self.player.follow(self.loss_curve, self.loss_curve.set_position)
        key = (_("the {k} strongest of {n} units;\nweight > 0 violet, < 0 brown").format(
                   k=len(units), n=t.sizes[1]) if len(units) < t.sizes[1] else
               _("all {n} units;\nweight > 0 violet, < 0 brown").format(n=t.sizes[1]))
        self.key = caption(key, font_size=20, color=MUTED)
        if self.key.width > PANEL_WIDTH:
            self.key.scale_to_fit_width(PANEL_WIDTH)
        panel_column(self.titles, self.key, self.clock, self.loss_curve, buff=0.4)

    def show_templates(self) -> None:
        t = self.trace
        if image_shape(t):
            text = _("Each hidden unit weighs all {n} inputs: its weights, drawn as an {shape} "
                     "image, are what it looks for.").format(
                         n=t.sizes[0], shape="x".join(map(str, image_shape(t))))
        else:
            text = _("Each hidden unit weighs all {n} inputs: its weights, drawn as bars over "
                     "its {n} inputs, are what it looks for.").format(n=t.sizes[0])
        with self.beat("templates", text):
            self.add(self.titles)
            self.play(FadeIn(self.templates), FadeIn(self.key), FadeIn(self.clock),
                      FadeIn(self.loss_curve), run_time=self.seconds(1.5))

    def play_training_events(self) -> None:
        """The run played to its end, one beat per event (scenes.toolkit.events), each given
        its share of ``train_seconds`` (1.5 to 7 s)."""
        segments = training_segments(self.trace)
        total = max(sum(s.end - s.start for s in segments), 1)
        for i, seg in enumerate(segments):
            seconds = min(max(self.train_seconds * (seg.end - seg.start) / total, 1.5), 7.0)
            with self.beat(f"training: {seg.kind} {i + 1}", seg.caption):
                self.play(self.player.animate_to(seg.end), run_time=self.seconds(seconds),
                          rate_func=linear)

    def train_templates(self) -> None:
        self.play_training_events()
        with self.beat("training", _("Trained together, each unit's weights settle into the "
                                     "pattern it answers to; the loss {trend}.").format(
                                         trend=loss_trend(self.trace))):
            self.pause(2.5)

    def build_plane(self) -> None:
        t = self.trace
        self.frame = input_plane(t)
        self.player = TracePlayer(t)
        self.heat = plane_heatmap(t, self.frame, resolution=self.heat_resolution)
        self.player.follow(self.heat, lambda pos: self.heat.set_probabilities(
            t.predict_grid(pos, *self.heat.sample_limits(), resolution=self.heat_resolution)))
        self.cloud = plane_cloud(t, self.frame)  # at most DISPLAY_POINTS of the points
        self.sample_note = sample_note(self.cloud.sample, self.frame)

    def show_data(self) -> None:
        t = self.trace
        acts = sorted(set(t.activations), key=t.activations.index)
        sizes, activations = "-".join(map(str, t.sizes)), ", ".join(map(activation_name, acts))
        self.titles = Heading(_("Hidden units are lines that learn together"), (
            _("{sizes} network, {activations} units, on {input}").format(
                sizes=sizes, activations=activations, input=MAPPED_INPUT[t.input_map][1])
            if t.input_map != "identity" else
            _("{sizes} network, {activations} units").format(sizes=sizes,
                                                              activations=activations)))
        panel_column(self.titles)  # the title in its place from the first frame
        text = kind_words(t).said("data", t) or (
            _("Two rings: the inner circle is one class, the outer ring the other.")
            if is_rings(t) else _("The data: {data}, one colour per class.").format(
                data=data_phrase(t)))
        with self.beat("data", text):
            self.add(self.frame)
            self.add(self.titles)  # the title from the first frame
            self.play(FadeIn(self.cloud), FadeIn(self.sample_note), run_time=self.seconds(1.0))

    def show_hidden_lines(self) -> None:
        t = self.trace
        self.unit_curves = UnitCurves(self.frame, t)
        if t.input_map == "identity":
            legend = self.first_layer_lines()
            first = (_("Each hidden unit is a line, its arrow pointing to where it says yes.")
                     if len(t.sizes) == 3 else _("Each unit of the first hidden layer is a "
                                                 "line, its arrow pointing to where it says "
                                                 "yes."))
        else:
            legend = self.first_layer_curves()
            first = _("Each hidden unit is a line in {space}: here, a curve.").format(
                space=MAPPED_INPUT[t.input_map][1])
        self.clock = TrainingClock(t, font_size=28)
        self.player.follow(self.clock, self.clock.set_position)
        self.loss_curve = LossCurve(t, width=4.6, height=1.7)
        self.player.follow(self.loss_curve, self.loss_curve.set_position)
        panel_column(self.titles, legend, self.clock, self.loss_curve, buff=0.4)
        self.legend = legend
        with self.beat("hidden lines", first):
            self.add(self.heat, self.frame, self.cloud)
            self.play(*(Create(line) for line in self.lines), FadeIn(legend), FadeIn(self.clock),
                      FadeIn(self.loss_curve), FadeIn(self.heat), run_time=self.seconds(1.5))

    def first_layer_lines(self) -> LineLegend:
        """The first layer's units as lines w_i . x + b_i = 0 following the trace (in
        ``lines``); returns their legend."""
        t = self.trace
        W, b = hidden_line_params(t, 0.0)
        self.lines = VGroup()
        self.line_units = strongest_units(t, 1, LINES_DRAWN)
        for i in self.line_units:
            line = ClassifierLine(self.frame, W[:, i], b[i], color=unit_color(i), stroke_width=4)
            self.player.follow(line, lambda pos, i=i, line=line: line.set_params(
                *(lambda Wb: (Wb[0][:, i], Wb[1][i]))(hidden_line_params(t, pos))))
            self.lines.add(line)
        legend = LineLegend([(unit_color(i), rf"w_{{{i + 1}}}\cdot x + b_{{{i + 1}}} = 0")
                             for i in self.line_units],
                            what=_("hidden lines") if len(self.line_units) == W.shape[1] else
                            _("hidden lines drawn"),
                            max_rows=LEGEND_ROWS)
        return self.more_lines(legend, len(self.line_units), W.shape[1])

    def more_lines(self, legend: LineLegend, shown: int, width: int) -> LineLegend:
        """Under ``legend``, how many of the layer's units are not drawn ("+N more")."""
        if shown < width:
            legend.add(caption(_("the {n} strongest units; {more}").format(
                n=shown, more=more_words(shown, width)), font_size=20, color=MUTED))
            legend.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        return legend

    def first_layer_curves(self) -> LineLegend:
        """After an input map, the first layer's units as the curves w_i . phi(x) + b_i = 0
        (``lines`` is their group in ``unit_curves``); returns their legend."""
        t = self.trace
        self.player.follow(self.unit_curves, self.unit_curves.set_position)
        self.lines = self.unit_curves.layer_group(1)
        phi = MAPPED_INPUT[t.input_map][0]
        units = [j for j, _ in self.unit_curves.curves[1]]
        legend = LineLegend([(unit_color(j), rf"w_{j + 1}\cdot {phi} + b_{j + 1} = 0")
                             for j in units], what=_("hidden curves"), max_rows=LEGEND_ROWS)
        return self.more_lines(legend, len(units), t.sizes[1])

    def show_deeper_layers(self) -> None:
        """Layers 2, 3, ...: each unit where its pre-activation is zero, one layer a beat."""
        t = self.trace
        deeper = {layer: row for layer, row in self.unit_curves.curves.items() if layer >= 2}
        if not deeper:
            return
        if t.input_map == "identity":  # else it follows already, for the first layer
            self.player.follow(self.unit_curves, self.unit_curves.set_position)
        shown = self.lines
        self.layer_notes = VGroup()
        for layer, row in deeper.items():
            width = t.sizes[layer]
            note = caption(_("layer {layer}: {k} curves s = 0, {more}").format(
                               layer=layer, k=len(row), more=more_words(len(row), width))
                           if len(row) < width else
                           _("layer {layer}: curves s = 0 ({n} units)").format(layer=layer,
                                                                               n=width),
                           font_size=20, color=MUTED)
            if note.width > PANEL_WIDTH:
                note.scale_to_fit_width(PANEL_WIDTH)
            self.layer_notes.add(note)
            group = self.unit_curves.layer_group(layer)
            text = _("Each unit of layer {layer} weighs the outputs of layer {previous}: it is "
                     "zero along a curve, not a line.").format(layer=layer, previous=layer - 1)
            with self.beat(f"layer {layer}", text):
                note.next_to(self.legend if len(self.layer_notes) == 1 else self.layer_notes[-2],
                             DOWN, buff=0.12).align_to(self.legend, LEFT)
                self.add(group)
                self.play(shown.animate.set_opacity(0.3), Create(group), FadeIn(note),
                          run_time=self.seconds(1.5))
                self.pause(0.6)
            shown = group
        self.clock_and_curve = VGroup(self.clock, self.loss_curve)
        if self.layer_notes.get_bottom()[1] - 0.3 < self.clock.get_top()[1]:
            self.play(self.clock_and_curve.animate.next_to(self.layer_notes, DOWN, buff=0.3)
                      .align_to(self.legend, LEFT), run_time=self.seconds(0.5))

    def train(self) -> None:
        t = self.trace
        if is_rings(t) and len(t.sizes) == 3 and encloses_class_1(t):
            text = _("Trained together, the lines rotate and slide until they enclose the "
                     "inner circle.")
        elif len(t.sizes) == 3 and t.input_map == "identity":
            text = _("Trained together, the lines rotate and slide; the loss {trend}.").format(
                trend=loss_trend(t))
        elif len(t.sizes) == 3:
            text = _("Trained together, the curves bend and move; the loss {trend}.").format(
                trend=loss_trend(t))
        else:
            text = _("Trained together, the lines and the curves built on them move as one.")
        # the data stays above the moving region and lines
        if t.input_map == "identity":
            self.bring_to_front(self.lines)
        self.bring_to_front(self.unit_curves, self.cloud)
        # one beat per event of the run (scenes.toolkit.events), then the run's whole story
        self.play_training_events()
        with self.beat("training", text):
            self.pause(2.5)
