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

from manim import DOWN, LEFT, Create, FadeIn, MathTex, linear  # noqa: E402

from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.plane import ClassifierLine, Heatmap  # noqa: E402
from scenes.toolkit.playback import TracePlayer, TraceScene, input_plane, panel_column  # noqa: E402
from scenes.toolkit.readouts import (  # noqa: E402
    HEADING_WIDTH,
    Heading,
    LossCurve,
    TrainingClock,
    caption,
)
from scenes.toolkit.style import FOREGROUND  # noqa: E402
from scenes.toolkit.words import (  # noqa: E402
    data_phrase,
    final_accuracy,
    is_rings,
    optimizer_words,
    outcome,
    percent,
    separated,
    wrong_share,
)


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
        self.cloud = PointCloud.from_data(self.frame, trace.X, trace.y)
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
        rule = MathTex(r"\text{predict } 1 \iff \sigma(w\cdot x + b) \ge "
                       + f"{self.threshold:g}", font_size=28, color=FOREGROUND)
        panel_column(head, rule, self.clock, self.loss_curve, buff=0.45)
        rule.align_to(head, LEFT)
        self.head, self.rule = head, rule
        with s.beat("data", title):
            s.add(self.frame)
            s.add(head)  # the title from the first frame
            s.play(FadeIn(self.cloud), run_time=s.seconds(1.0))

    def show_line(self) -> None:
        s = self.scene
        with s.beat("line", "The line w.x + b = 0 splits the plane; its arrow points to class 1."):
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
        verdict.next_to(self.loss_curve, DOWN, buff=0.5).align_to(self.head, LEFT)
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
        self.beats.play(("A linear classifier: one line",
                         f"logistic regression on {data_phrase(trace)}"),
                        slides_words(trace), outcome(trace),
                        train_seconds=self.train_seconds)


class CirclesAreNotSeparable(TraceScene):
    """Concentric circles: the line wanders and the accuracy stays near chance."""

    default_trace = "circles-linear"
    train_seconds: float = 8.0
    requires = {"sizes": [2, 1], "output": "binary"}

    def construct(self) -> None:
        trace = self.load_trace()
        self.beats = LinearTraining(self, trace)
        title = ("Circles: no line separates them" if is_rings(trace)
                 else f"{data_phrase(trace).capitalize()}: one line")
        ending = (f"Whatever the line does, {wrong_share(trace)} stay on the wrong side."
                  if not separated(trace) else "The line ends up separating the classes.")
        self.beats.play((title, f"logistic regression on {data_phrase(trace)}"), ending,
                        outcome(trace), train_seconds=self.train_seconds, verdict_size=26)


__all__ = ["LinearClassifier", "CirclesAreNotSeparable", "LinearTraining"]


def slides_words(trace) -> str:
    """What training does to the line, true for the run: its optimiser by name, and "into
    place" only when the line ends with every point on its side."""
    who = optimizer_words(trace)
    who = who[0].upper() + who[1:]
    if separated(trace):
        return f"{who} turns and slides the line into place."
    return f"{who} turns and slides the line: it ends {percent(final_accuracy(trace))} right."
