"""Bumps add up to any curve: a network with one hidden layer fitting a curve of one input.

Render from the repository root::

    manim -ql scenes/bumps.py BumpsAddUp

Plays $MLP_TRACE when set, else assets/sine-width-8.npz: any regression network with one
input, one hidden layer (of up to 64 units) and one output. Each hidden unit's weighted
output v_i h_i(x) is drawn in its colour over the data; added up with the output bias c,
they make the network's fit y-hat(x) = c + sum_i v_i h_i(x), which is Nielsen's visual
proof of universal approximation (*Neural Networks and Deep Learning*, chapter 4): a
sigmoid unit is a step at x = -b_i/w_i, two steps make a bump, and bumps add up to any
curve. A ReLU unit is a ramp with a kink at x = -b_i/w_i, and the words say so, in the
language of $MLP_LANGUAGE.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import RIGHT, Create, Line, Transform, linear  # noqa: E402

from scenes.toolkit.clouds import LineSet  # noqa: E402
from scenes.toolkit.curves import RESIDUAL, CurvePlane, UnitCurves, curve_limits  # noqa: E402
from scenes.toolkit.fades import FadeIn  # noqa: E402
from scenes.toolkit.language import _, decimal, grouped, ngettext  # noqa: E402
from scenes.toolkit.output_kind import fit_numbers, target_phrase, unit_shape  # noqa: E402
from scenes.toolkit.playback import (  # noqa: E402
    PLANE_CENTER,
    PLANE_HEIGHT,
    TracePlayer,
    TraceScene,
    panel_column,
)
from scenes.toolkit.readouts import (  # noqa: E402
    LineLegend,
    LossCurve,
    TrainingClock,
    caption,
    chapter_title,
)
from scenes.toolkit.style import FOREGROUND, MUTED, unit_color  # noqa: E402
from scenes.toolkit.surface import sample_note  # noqa: E402
from scenes.toolkit.words import activation_name, optimizer_words, training_record  # noqa: E402

CURVE_SAMPLES = 241  # x values each curve is drawn through


def units_swatch(swatch, units: int) -> None:
    """Make a legend row's swatch (a Line) a strip of the first ``units`` unit colours
    (up to 8), one short dash each."""
    n = min(units, 8)
    a, b = swatch.get_start(), swatch.get_end()
    dashes = [Line(a + (b - a) * i / n, a + (b - a) * (i + 1) / n, stroke_color=unit_color(i),
                   stroke_width=swatch.get_stroke_width()) for i in range(n)]
    swatch.set_stroke(opacity=0).add(*dashes)


class BumpsAddUp(TraceScene):
    """Each hidden unit's weighted curve over the data, the curves adding up (with the
    output bias) to the fit, the residuals, then training replayed: the steps slide to
    their places x = -b_i/w_i and grow to their heights v_i while R^2 rises."""

    default_trace = "sine-width-8"
    train_seconds: float = 12.0
    requires = {"input_dim": 1, "hidden_layers": 1, "output": "regression",
                "max_width": 64, "classification": False}
    script = ("build_plane", "show_data", "show_units", "add_up", "show_residuals",
              "train", "show_fit")

    def build_plane(self) -> None:
        t = self.trace
        x = t.X[:, 0] if not t.has_test else np.concatenate([t.X[:, 0], t.X_test[:, 0]])
        pad = 0.03 * max(float(np.ptp(x)), 1e-9)
        xs = np.linspace(float(x.min()) - pad, float(x.max()) + pad, CURVE_SAMPLES)
        self.plane = CurvePlane(*curve_limits(t, xs), width=PLANE_HEIGHT, height=PLANE_HEIGHT,
                                center=PLANE_CENTER, y_label=r"y")
        self.player = TracePlayer(t, start=t.n_snapshots - 1)
        self.curves = UnitCurves(self.plane, t, xs=xs)
        self.sample_note = sample_note(self.curves.sample, self.plane, above=True)
        self.player.follow(self.curves, self.curves.set_position)
        self.shape = unit_shape(t.activations[0])

    def show_data(self) -> None:
        t = self.trace
        h = t.sizes[1]
        self.titles = chapter_title(_("Bumps add up to any curve"),
                                    _("1-{h}-1 network, {activation} units").format(
                                        h=h, activation=activation_name(t.activations[0])))
        self.legend = LineLegend([(unit_color(0), r"v_i\, h_i(x)"),
                                  (FOREGROUND, r"\hat y(x) = c + \textstyle\sum_i v_i\, h_i(x)"),
                                  (RESIDUAL, r"\hat y - y")], font_size=24)
        # the formula's words in text, in the language's script: whose curve it is
        row = self.legend.rows[0]
        row.add(caption(_("unit i"), font_size=18, color=MUTED).next_to(row[1], RIGHT,
                                                                         buff=0.2))
        units_swatch(row[0], h)
        self.clock = TrainingClock(t, font_size=26)
        self.player.follow(self.clock, self.clock.set_position)
        self.loss_curve = LossCurve(t, width=4.6, height=1.5)
        self.player.follow(self.loss_curve, self.loss_curve.set_position)
        panel_column(self.titles, self.legend, self.clock, self.loss_curve, buff=0.4)
        with self.beat("data", _("The data: {data}. The network fits one number to each x.")
                       .format(data=target_phrase(t))):
            self.add(self.plane)
            self.add(self.titles)  # the title from the first frame
            self.play(FadeIn(self.curves.data), FadeIn(self.sample_note),
                      run_time=self.seconds(1.0))

    def show_units(self) -> None:
        t = self.trace
        h = t.sizes[1]
        with self.beat("units", self.shape.units_said(h)):
            self.play(*(Create(u) for u in self.curves.units), FadeIn(self.curves.centres),
                      FadeIn(self.legend[0]), run_time=self.seconds(2.0))
            self.pause(0.5)

    def add_up(self) -> None:
        s = self.curves.shown
        h = self.trace.sizes[1]
        text = ngettext("Added one by one to the output bias c = {bias}, the {h} curve makes "
                        "the network's fit.", "Added one by one to the output bias c = {bias}, "
                        "the {h} curves make the network's fit.", h).format(
                            bias=decimal(s.bias, ".2f"), h=grouped(h))
        with self.beat("add up", text):
            running = LineSet(self.plane.to_scene(s.xs, np.full_like(s.xs, s.bias))[None],
                              color=FOREGROUND, stroke_width=5)
            self.play(Create(running), FadeIn(self.legend[1]), run_time=self.seconds(0.6))
            total = np.full_like(s.xs, s.bias)
            for i, part in enumerate(s.parts):
                total = total + part
                step = LineSet(self.plane.to_scene(s.xs, total)[None], color=FOREGROUND,
                               stroke_width=5)
                self.play(Transform(running, step),
                          self.curves.units[i].animate.set_stroke(opacity=0.35),
                          run_time=self.seconds(0.5))
            self.remove(running)
            self.add(self.curves.fit)
            self.pause(0.5)

    def show_residuals(self) -> None:
        text = _("The gaps between the points and the fit are the residuals, y-hat minus y: "
                 "{fit}.").format(fit=fit_numbers(self.trace))
        with self.beat("residuals", text):
            self.play(Create(self.curves.residuals), FadeIn(self.legend[2]),
                      FadeIn(self.clock), FadeIn(self.loss_curve), run_time=self.seconds(1.0))
            self.pause(0.5)

    def train(self) -> None:
        t = self.trace
        epoch = training_record(t).get("step") == "epoch"
        # two beats, each under 10 s: how the units move, then what the fit gains
        half = (t.n_snapshots - 1) / 2
        k = int(np.floor(half))
        with self.beat("training", self.shape.training_said(int(t.steps[0]), epoch)):
            # from here the curves follow the player as one group
            self.remove(*self.curves.submobjects)
            self.add(self.curves)
            self.player.seek(0.0)
            for u in self.curves.units:
                u.set_stroke(opacity=1.0)
            self.pause(0.6)
            self.play(self.player.animate_to(k), run_time=self.seconds(self.train_seconds / 2),
                      rate_func=linear)
        said = (_("R² goes from {first} at epoch {start} to {middle} at {half}, and to {last}.")
                if epoch else
                _("R² goes from {first} at step {start} to {middle} at {half}, and to {last}."))
        text = said.format(first=decimal(float(t.r2[0]), ".2f"), start=int(t.steps[0]),
                           middle=decimal(float(t.r2[k]), ".2f"), half=int(t.steps[k]),
                           last=decimal(float(t.r2[-1]), ".2f"))
        with self.beat("training on", text):
            self.play(self.player.animate_to(), run_time=self.seconds(self.train_seconds / 2),
                      rate_func=linear)

    def show_fit(self) -> None:
        t = self.trace
        n = int(t.steps[-1])
        said = (ngettext("After {n} epoch of {optimiser}: {fit}.",
                         "After {n} epochs of {optimiser}: {fit}.", n)
                if training_record(t).get("step") == "epoch" else
                ngettext("After {n} step of {optimiser}: {fit}.",
                         "After {n} steps of {optimiser}: {fit}.", n))
        text = said.format(n=n, optimiser=optimizer_words(t), fit=fit_numbers(t))
        with self.beat("fit", text):
            self.pause(2.5)
