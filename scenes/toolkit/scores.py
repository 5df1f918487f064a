"""Training and test scores side by side, through training: the one way every chapter shows
whether a network learned its data or learned more than its data (overfitting).

The training score (accuracy, or R^2 for a regression) is the one the network was fitted
to; the test score is measured on points it never trained on. Both are the trace's own
recorded values (``trace.score``, ``trace.test_score``), drawn as two curves against the
step, each ending in its value. Only a trace with a test set has them.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Dot, Line, VGroup, VMobject, config

from mlp.trace import Trace
from scenes.toolkit.language import _, decimal, pgettext, translate
from scenes.toolkit.output_kind import kind_words
from scenes.toolkit.readouts import NumberText, caption
from scenes.toolkit.style import FOREGROUND, MUTED, PANEL_LEFT
from scenes.toolkit.words import percent, training_record

TRAINING_COLOR = MUTED  # the score the network was fitted to
TEST_COLOR = FOREGROUND  # the one that says how it does on new points


class ScoreCurves(VGroup):
    """The training and the test score against the step (log(1 + step), as LossCurve),
    drawn up to a position, the score axis from ``low`` to 1: by default 0 (or the lowest
    score, if below); a higher ``low`` zooms in on the end of training, where the gap
    between the two is (lower scores lie on the axis, and its name says where it starts).

    Parts: ``curves`` and ``dots`` (training, test), ``values`` (NumberText of each, at the
    curve's end), ``names`` ("training", "test"), ``axes``. ``shown`` is the (training,
    test) pair of strings on screen. Raises ValueError for a trace without a test set.

    Examples
    --------
    ::

        class ShowScores(Scene):
            def construct(self):
                trace = load_trace("assets/digits-width-16.npz")
                self.add(ScoreCurves(trace).set_position(trace.n_snapshots - 1))
    """

    def __init__(self, trace: Trace, *, width: float = 3.6, height: float = 1.6,
                 font_size: float = 18, low: float | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if not trace.has_test:
            raise ValueError("training and test scores need a trace with a test set")
        self.trace = trace
        self.width_, self.height_ = width, height
        self.words = kind_words(trace)
        self.series = (np.asarray(trace.score, dtype=np.float64),
                       np.asarray(trace.test_score, dtype=np.float64))
        lowest = min(0.0, float(min(s.min() for s in self.series)))
        self.y_min = lowest if low is None else float(low)
        if not self.y_min < 1:
            raise ValueError(f"the score axis must start below 1, got {low}")
        self.x_max = float(np.log1p(max(float(trace.steps[-1]), 1.0)))
        self.axes = VGroup(Line(ORIGIN, width * RIGHT, stroke_color=MUTED, stroke_width=2),
                           Line(ORIGIN, height * UP, stroke_color=MUTED, stroke_width=2))
        colours = (TRAINING_COLOR, TEST_COLOR)
        self.curves = VGroup(*(VMobject(stroke_color=c, stroke_width=3) for c in colours))
        self.dots = VGroup(*(Dot(radius=0.045, color=c) for c in colours))
        said = (pgettext("score", "training"), pgettext("score", "test"))
        self.names = VGroup(*(caption(n, font_size=font_size, color=c)
                              for n, c in zip(said, colours, strict=True)))
        self.values = VGroup(*(NumberText("0", font_size=font_size * 1.2, color=c)
                               for c in colours))
        # a name and its value right of the plot, in the panel: a language's longer name
        # ("entrenamiento") is narrowed to the room its widest value leaves
        widest = max(NumberText(self.words.score_text(s), font_size=font_size * 1.2).width
                     for s in (0.9999, -0.999))  # as wide as "100.0%", never "100%" itself
        room = (config.frame_width / 2 - 0.1) - (PANEL_LEFT + width + 0.2) - 0.12 - widest
        for n in self.names:
            if n.width > max(room, 0.6):
                n.scale_to_fit_width(max(room, 0.6))
        name = translate(self.words.score_name)
        if self.y_min > lowest:
            start = (percent(self.y_min) if self.words.classification
                     else decimal(self.y_min, "g"))
            name = _("{score}, axis from {start}").format(score=name, start=start)
        y_name = caption(name, font_size=font_size, color=MUTED)
        y_name.next_to(self.axes[1], UP, buff=0.08).align_to(self.axes[1], LEFT)
        x_name = caption(_("epoch (log scale)")
                         if training_record(trace).get("step") == "epoch"
                         else _("step (log scale)"), font_size=font_size, color=MUTED)
        x_name.next_to(self.axes[0], DOWN, buff=0.08).align_to(self.axes[0], RIGHT)
        self.labels = VGroup(y_name, x_name)
        self.add(self.axes, self.labels, self.curves, self.dots, self.names, self.values)
        self.snapshot_pos = None
        self.set_position(0.0)

    def _to_scene(self, steps, values) -> np.ndarray:
        o = self.axes[0].get_start()
        pts = np.zeros((len(steps), 3))
        pts[:, 0] = o[0] + np.log1p(np.asarray(steps, dtype=np.float64)) / self.x_max * self.width_
        u = np.clip((np.asarray(values) - self.y_min) / (1 - self.y_min), 0.0, None)
        pts[:, 1] = o[1] + u * self.height_
        return pts

    def set_position(self, pos: float) -> ScoreCurves:
        t = self.trace
        pos = float(np.clip(pos, 0, t.n_snapshots - 1))
        if pos == self.snapshot_pos:
            return self
        self.snapshot_pos = pos
        k = int(np.floor(pos))
        frac = pos - k
        texts = []
        ends = []
        for series, curve, dot in zip(self.series, self.curves, self.dots, strict=True):
            steps = list(t.steps[:k + 1].astype(float))
            values = list(series[:k + 1])
            if frac > 0 and k + 1 < t.n_snapshots:
                steps.append(t.step_at(pos))
                values.append((1 - frac) * series[k] + frac * series[k + 1])
            pts = self._to_scene(steps, values)
            if len(pts) == 1:
                pts = np.vstack([pts, pts])
            curve.set_points_as_corners(pts)
            dot.move_to(pts[-1])
            ends.append(pts[-1])
            # the number is the snapshot's own recorded score, never an interpolation
            texts.append(self.words.score_text(float(series[t.snapshot_at(pos)])))
        self.shown = tuple(texts)
        # the names and values right of the axes, the higher curve's above
        x = self.axes[0].get_end()[0] + 0.2
        order = np.argsort([-e[1] for e in ends], kind="stable")
        top = self.axes[1].get_end()[1]
        for rank, i in enumerate(order):
            y = top - rank * 0.4 - 0.1
            self.names[i].move_to([x, y, 0], aligned_edge=LEFT)
            self.values[i].set_text(texts[i])
            self.values[i].next_to(self.names[i], RIGHT, buff=0.12)
        return self
