"""One line: logistic regression on blobs it separates, and on circles it cannot.

Render from the repository root::

    manim -ql scenes/linear.py LinearClassifier
    manim -ql scenes/linear.py CirclesAreNotSeparable

Both play a trace of a 2-1 network (no hidden layer): $MLP_TRACE when set, else
assets/blobs-linear.npz and assets/circles-linear.npz.
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
    Create,
    MathTex,
    ValueTracker,
    config,
    linear,
)

from scenes.toolkit.fades import FadeIn, FadeOut  # noqa: E402
from scenes.toolkit.language import _  # noqa: E402
from scenes.toolkit.plane import ClassifierLine, Heatmap  # noqa: E402
from scenes.toolkit.playback import TracePlayer, TraceScene, input_plane, panel_column  # noqa: E402
from scenes.toolkit.readouts import (  # noqa: E402
    HEADING_WIDTH,
    Heading,
    LossCurve,
    NumberText,
    TrainingClock,
    caption,
)
from scenes.toolkit.style import FOREGROUND, MUTED  # noqa: E402
from scenes.toolkit.surface import plane_cloud, sample_note  # noqa: E402
from scenes.toolkit.words import (  # noqa: E402
    data_phrase,
    final_accuracy,
    is_rings,
    optimizer_words,
    outcome,
    percent,
    separated,
    tex_text,
    wrong_share,
)

# where the loss curve ends at the latest (English's titles end it at -2.86), so the run's
# outcome fits under it; and how close to the frame's edge text may come
LOSS_BOTTOM = -2.9
FRAME_MARGIN = 0.15


class LinearTraining:
    """The shared beats of a linear classifier playing its trace in the input plane.

    Builds the plane, the data, the line w . x + b = 0 with its normal, the half-planes
    shaded by the prediction (sigmoid(w . x + b) against ``threshold``), the clock and
    the loss curve, all following one TracePlayer.
    """

    def __init__(self, scene: TraceScene, trace, *, threshold: float = 0.5,
                 resolution: tuple[int, int] = (160, 160)) -> None:
        self.scene, self.trace, self.threshold = scene, trace, threshold
        self.frame = input_plane(trace)
        self.player = TracePlayer(trace)
        self.cloud = plane_cloud(trace, self.frame)  # at most DISPLAY_POINTS points
        self.sample_note = sample_note(self.cloud.sample, self.frame)
        self.heat = Heatmap(self.frame, resolution=resolution, strength=(0.1, 0.4))
        self.player.follow(self.heat, lambda pos: self.heat.set_probabilities(
            trace.predict_grid(pos, *self.heat.sample_limits(), resolution=resolution),
            threshold=threshold))
        W, b = trace.params_at(0)
        self.line = ClassifierLine(self.frame, W[0][:, 0], b[0][0], color=FOREGROUND)
        self.player.follow(self.line, lambda pos: self.line.set_params(
            *(lambda Wb: (Wb[0][0][:, 0], Wb[1][0][0]))(trace.params_at(pos))))
        self.clock = TrainingClock(trace, font_size=28)
        self.player.follow(self.clock, self.clock.set_position)
        self.loss_curve = LossCurve(trace, width=4.6, height=1.7)
        self.player.follow(self.loss_curve, self.loss_curve.set_position)

    def show_data(self, title: str, subtitle: str) -> None:
        s = self.scene
        head = Heading(title, subtitle)
        # the formula stays; its one word is the language's
        predict = tex_text(_("predict"))
        rule = MathTex(rf"\text{{{predict} }} 1 \iff \sigma(w\cdot x + b) \ge "
                       + f"{self.threshold:g}", font_size=28, color=FOREGROUND)
        # room under the loss curve for the run's outcome, whatever the title's length
        panel_column(head, rule, self.clock, self.loss_curve, buff=0.45, bottom=LOSS_BOTTOM)
        rule.align_to(head, LEFT)
        self.head, self.rule = head, rule
        with s.beat("data", title):
            s.add(self.frame)
            s.add(head)  # the title from the first frame
            s.play(FadeIn(self.cloud), FadeIn(self.sample_note), run_time=s.seconds(1.0))

    def show_line(self, text: str | None = None) -> None:
        s = self.scene
        if text is None:
            text = _("The line w.x + b = 0 splits the plane; its arrow points to class 1.")
        with s.beat("line", text):
            s.add(self.heat, self.frame, self.cloud)
            s.bring_to_front(self.line, self.cloud)
            s.play(Create(self.line), FadeIn(self.heat), FadeIn(self.rule), FadeIn(self.clock),
                   FadeIn(self.loss_curve), run_time=s.seconds(1.2))

    def train(self, seconds: float, caption_text: str) -> None:
        s = self.scene
        with s.beat("training", caption_text):
            s.play(self.player.animate_to(), run_time=s.seconds(seconds), rate_func=linear)

    def play(self, heading: tuple[str, str], train_caption: str, verdict: str, *,
             train_seconds: float, verdict_size: float = 28) -> None:
        """The whole story of one linear classifier: data, line, training, verdict."""
        self.show_data(*heading)
        self.show_line()
        self.train(train_seconds, train_caption)
        self.show_verdict(verdict, verdict_size)

    def show_verdict(self, text: str, font_size: float) -> None:
        """The run's outcome under the loss curve (after the beats, as the scene settles)."""
        s = self.scene
        verdict = caption(text, font_size=font_size, color=FOREGROUND)
        if verdict.width > HEADING_WIDTH:  # a longer verdict than the seed's shrinks to fit
            verdict.scale_to_fit_width(HEADING_WIDTH)
        # under the loss curve, closer when a longer language leaves less room
        room = self.loss_curve.get_bottom()[1] - (-config.frame_height / 2 + FRAME_MARGIN)
        buff = max(0.2, min(0.5, room - verdict.height))
        verdict.next_to(self.loss_curve, DOWN, buff=buff).align_to(self.head, LEFT)
        self.verdict = verdict
        s.play(FadeIn(verdict), run_time=s.seconds(0.6))
        s.pause(2.0)


class LinearClassifier(TraceScene):
    """Two blobs; the line rotates and slides into place and the half-planes separate them."""

    default_trace = "blobs-linear"
    train_seconds: float = 8.0
    requires = {"sizes": [2, 1], "output": "binary"}

    def construct(self) -> None:
        trace = self.load_trace()
        self.beats = LinearTraining(self, trace)
        self.beats.play((_("A linear classifier: one line"),
                         _("logistic regression on {data}").format(data=data_phrase(trace))),
                        slides_words(trace), outcome(trace),
                        train_seconds=self.train_seconds)


class CirclesAreNotSeparable(TraceScene):
    """Concentric circles: the line wanders and the accuracy stays near chance; then the line
    turns through every angle, each time at its best offset, and never gets them all."""

    default_trace = "circles-linear"
    train_seconds: float = 8.0
    sweep_seconds: float = 7.0
    angles: int = 180
    requires = {"sizes": [2, 1], "output": "binary"}

    def construct(self) -> None:
        trace = self.load_trace()
        self.trace = trace
        self.beats = LinearTraining(self, trace)
        data = data_phrase(trace)
        title = (_("Circles: no line separates them") if is_rings(trace)
                 else _("{Data}: one line").format(Data=data[0].upper() + data[1:]))
        ending = (_("Whatever the line does, {share} stay on the wrong side.").format(
                      share=wrong_share(trace))
                  if not separated(trace) else _("The line ends up separating the classes."))
        self.beats.show_data(title, _("logistic regression on {data}").format(data=data))
        self.beats.show_line(_("Again one line w.x + b = 0 and its arrow, now on {data}.")
                             .format(data=data))
        self.beats.train(self.train_seconds, ending)
        self.beats.show_verdict(outcome(trace), 26)
        self.sweep()

    def sweep(self) -> None:
        """Every angle of the line, each at the offset that gets the most points right."""
        t, b = self.trace, self.beats
        self.sweep_angles, self.sweep_offsets, self.sweep_accuracy = best_lines(
            t.X, t.y, self.angles)
        best = float(self.sweep_accuracy.max())
        self.sweep_best = best
        line = ClassifierLine(b.frame, (1.0, 0.0), 0.0, color=FOREGROUND)
        label = caption(_("best at this angle:"), font_size=22, color=MUTED)
        number = NumberText(percent(self.sweep_accuracy[0]), font_size=30)
        top = caption(_("best at any angle: {share}").format(share=percent(best)), font_size=22,
                      color=FOREGROUND)
        if top.width > HEADING_WIDTH:  # a language's longer words stay in the panel
            top.scale_to_fit_width(HEADING_WIDTH)

        panel_column(b.head, b.rule, b.clock, b.loss_curve, buff=0.45, bottom=LOSS_BOTTOM)
        # the run's verdict moves up where the loss curve was; the sweep's readout below it
        moved = b.verdict.copy().next_to(b.clock, DOWN, buff=0.5).align_to(b.head, LEFT)
        label.next_to(moved, DOWN, buff=0.5).align_to(b.head, LEFT)
        number.place(label.get_corner(RIGHT + DOWN) + np.array([0.2, 0.0, 0.0]))
        top.next_to(label, DOWN, buff=0.3).align_to(b.head, LEFT)
        turn = ValueTracker(0.0)

        def place(m) -> None:
            k = min(int(turn.get_value()), self.angles - 1)
            a = self.sweep_angles[k]
            line.set_params((np.cos(a), np.sin(a)), self.sweep_offsets[k])
            number.set_text(percent(self.sweep_accuracy[k]))

        place(line)
        line.add_updater(place)
        trained = b.line
        trained.clear_updaters()
        b.heat.clear_updaters()
        b.loss_curve.clear_updaters()
        said = _("Now turn the line through {n} angles, each at its best offset.").format(
            n=self.angles)
        with self.beat("sweep", said):
            self.play(FadeOut(trained), FadeOut(b.heat), b.verdict.animate.move_to(moved),
                      FadeOut(b.loss_curve), FadeIn(line),
                      FadeIn(label), FadeIn(number), run_time=self.seconds(0.6))
            self.bring_to_front(line, b.cloud)
            self.play(turn.animate.set_value(self.angles - 1e-6),
                      run_time=self.seconds(self.sweep_seconds), rate_func=linear)
        # the best share is said once it is on screen, with its line
        with self.beat("best angle", _("At best, {share} right, whatever the angle.").format(
                share=percent(best))):
            turn.set_value(float(np.argmax(self.sweep_accuracy)))
            self.play(FadeIn(top), run_time=self.seconds(0.5))
            self.pause(2.5)
        line.clear_updaters()


def best_lines(X, y, n_angles: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For ``n_angles`` directions a of the normal (0 to 2 pi), the line n . x + c = 0 with
    n = (cos a, sin a) that puts the most points on their class's side (class 1 where
    n . x + c > 0): the angles, the offsets c and the share right."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).astype(int)
    angles = np.linspace(0.0, 2 * np.pi, n_angles, endpoint=False)
    offsets, shares = np.empty(n_angles), np.empty(n_angles)
    n1 = int(y.sum())
    for i, a in enumerate(angles):
        s = X @ np.array([np.cos(a), np.sin(a)])
        order = np.argsort(s, kind="stable")
        ys = y[order]
        # threshold below the k-th smallest: the k points below say class 0
        zeros_below = np.concatenate([[0], np.cumsum(1 - ys)])
        ones_above = n1 - np.concatenate([[0], np.cumsum(ys)])
        right = zeros_below + ones_above
        k = int(np.argmax(right))
        ss = s[order]
        cut = (ss[0] - 1.0 if k == 0 else ss[-1] + 1.0 if k == len(ss)
               else 0.5 * (ss[k - 1] + ss[k]))
        offsets[i], shares[i] = -cut, right[k] / len(y)
    return angles, offsets, shares


__all__ = ["LinearClassifier", "CirclesAreNotSeparable", "LinearTraining", "best_lines"]


def slides_words(trace) -> str:
    """What training does to the line, true for the run: it lowers the loss the curve shows,
    by its optimiser named, and "into place" only when the line ends with every point on its
    side. (The loss is named before the optimiser, whose name may say "gradient".)"""
    who = optimizer_words(trace)
    if separated(trace):
        return _("Training lowers the loss (the curve): {optimiser} turns and slides the line "
                 "into place.").format(optimiser=who)
    return _("Training lowers the loss (the curve): {optimiser} turns and slides the line: it "
             "ends {share} right.").format(optimiser=who, share=percent(final_accuracy(trace)))
