"""The hidden units' lines learning together: the seed's 2-3-1 network trained on its rings.

Render from the repository root::

    manim -ql scenes/hidden_lines.py HiddenLinesTraining

Plays $MLP_TRACE when set (any 2-h-1 network with a binary output on plane inputs), else
assets/seed-notebook.npz.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import Create, FadeIn, VGroup, linear  # noqa: E402

from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.plane import ClassifierLine, Heatmap  # noqa: E402
from scenes.toolkit.playback import TracePlayer, TraceScene, input_plane, panel_column  # noqa: E402
from scenes.toolkit.readouts import Heading, LineLegend, LossCurve, TrainingClock  # noqa: E402
from scenes.toolkit.style import unit_color  # noqa: E402


def hidden_line_params(trace, pos: float) -> tuple[np.ndarray, np.ndarray]:
    """Hidden unit i's line w_i . x + b_i = 0 at ``pos``: W (2, h) columns and b (h,)."""
    W, b = trace.params_at(pos)
    return W[0], b[0]


LEGEND_ROWS = 3  # equations listed; wider layers add one "... N hidden lines" row


class HiddenLinesTraining(TraceScene):
    """Three hidden lines rotate and slide into place around the inner circle while the
    network's decision region fills in under them, the clock runs and the loss falls."""

    default_trace = "seed-notebook"
    train_seconds: float = 14.0
    heat_resolution: tuple[int, int] = (160, 160)

    requires = {"hidden_layers": 1, "output": "binary"}
    script = ("build_plane", "show_data", "show_hidden_lines", "train")

    def build_plane(self) -> None:
        t = self.trace
        self.frame = input_plane(t)
        self.player = TracePlayer(t)
        self.heat = Heatmap(self.frame, resolution=self.heat_resolution)
        self.player.follow(self.heat, lambda pos: self.heat.set_probabilities(
            t.predict_grid(pos, *self.heat.sample_limits(), resolution=self.heat_resolution)))
        self.cloud = PointCloud.from_data(self.frame, t.X, t.y)

    def show_data(self) -> None:
        self.titles = Heading("Hidden units are lines that learn together",
                              f"{'-'.join(map(str, self.trace.sizes))} network, "
                              f"{self.trace.activations[0]} units")
        with self.beat("data", "Two rings: the inner circle is one class, the outer ring the "
                       "other."):
            self.add(self.frame)
            self.play(FadeIn(self.cloud), FadeIn(self.titles), run_time=self.seconds(1.0))

    def show_hidden_lines(self) -> None:
        t = self.trace
        W, b = hidden_line_params(t, 0.0)
        self.lines = VGroup()
        for i in range(W.shape[1]):
            line = ClassifierLine(self.frame, W[:, i], b[i], color=unit_color(i), stroke_width=4)
            self.player.follow(line, lambda pos, i=i, line=line: line.set_params(
                *(lambda Wb: (Wb[0][:, i], Wb[1][i]))(hidden_line_params(t, pos))))
            self.lines.add(line)
        legend = LineLegend([(unit_color(i), rf"w_{i + 1}\cdot x + b_{i + 1} = 0")
                             for i in range(W.shape[1])], what="hidden lines",
                            max_rows=LEGEND_ROWS)
        self.clock = TrainingClock(t, font_size=28)
        self.player.follow(self.clock, self.clock.set_position)
        self.loss_curve = LossCurve(t, width=4.6, height=1.7)
        self.player.follow(self.loss_curve, self.loss_curve.set_position)
        panel_column(self.titles, legend, self.clock, self.loss_curve, buff=0.4)
        with self.beat("hidden lines", "Each hidden unit is a line, its arrow pointing to where "
                       "it says yes."):
            self.add(self.heat, self.frame, self.cloud)
            self.play(*(Create(line) for line in self.lines), FadeIn(legend), FadeIn(self.clock),
                      FadeIn(self.loss_curve), FadeIn(self.heat), run_time=self.seconds(1.5))

    def train(self) -> None:
        with self.beat("training", "Trained together, the lines rotate and slide until they "
                       "enclose the inner circle."):
            # the data stays above the moving region and lines
            self.bring_to_front(self.lines, self.cloud)
            self.play(self.player.animate_to(), run_time=self.seconds(self.train_seconds),
                      rate_func=linear)
            self.pause(2.5)
