"""The feature map phi(x) = [x1^2, x2^2]: the circles become separable, and the line found
there pulls back into the input plane as a closed curve around the inner circle.

Render from the repository root::

    manim -ql scenes/feature_map.py FeatureMap

Plays $MLP_TRACE when set (a 2-1 network with input map "square"), else
assets/circles-feature-map.npz.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    LEFT,
    Create,
    MathTex,
    ValueTracker,
    linear,
    smooth,
)

from mlp.datasets import feature_map  # noqa: E402
from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.fades import FadeIn, FadeOut  # noqa: E402
from scenes.toolkit.language import _  # noqa: E402
from scenes.toolkit.plane import ClassifierLine, ContourLine, Heatmap, PlaneFrame  # noqa: E402
from scenes.toolkit.playback import (  # noqa: E402
    PLANE_CENTER,
    PLANE_HEIGHT,
    TracePlayer,
    TraceScene,
    input_plane,
    panel_column,
)
from scenes.toolkit.readouts import (  # noqa: E402
    HEADING_WIDTH,
    Heading,
    LossCurve,
    TrainingClock,
    caption,
)
from scenes.toolkit.sample import display_sample  # noqa: E402
from scenes.toolkit.style import FOREGROUND, MUTED  # noqa: E402
from scenes.toolkit.surface import sample_note  # noqa: E402
from scenes.toolkit.words import (  # noqa: E402
    data_phrase,
    final_accuracy,
    is_rings,
    outcome,
    percent,
    separated,
)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


class FeatureMap(TraceScene):
    """Points travel from x to phi(x) as the axes change meaning; a line separates them
    there; pulled back, that line becomes the closed curve around the inner circle."""

    default_trace = "circles-feature-map"
    train_seconds: float = 7.0
    morph_seconds: float = 3.0
    resolution: tuple[int, int] = (160, 160)

    requires = {"sizes": [2, 1], "output": "binary", "input_map": "square"}
    script = ("build", "show_data", "apply_feature_map", "train_in_feature_space",
              "pull_back_boundary")

    # ------------------------------------------------------------------ set-up
    def build(self) -> None:
        t = self.trace
        self.frame_x = input_plane(t)
        top = float(feature_map(t.X).max()) * 1.08
        pad = 0.06 * top
        self.frame_phi = PlaneFrame((-pad, top), (-pad, top), height=PLANE_HEIGHT,
                                    center=PLANE_CENTER, x_label="x_1^2", y_label="x_2^2")
        # morph = 0: the input plane; morph = 1: the feature space phi(x)
        self.morph = ValueTracker(0.0)
        shown = display_sample(t)  # at most DISPLAY_POINTS of the points
        self.cloud = PointCloud(self.place(shown.X), shown.y)
        self.cloud.add_updater(lambda c: c.set_centers(self.place(shown.X)))
        self.sample_note = sample_note(shown, self.frame_x)
        self.player = TracePlayer(t)
        self.clock = TrainingClock(t, font_size=28)
        self.player.follow(self.clock, self.clock.set_position)
        self.loss_curve = LossCurve(t, width=4.6, height=1.5)
        self.player.follow(self.loss_curve, self.loss_curve.set_position)

    def place(self, X) -> np.ndarray:
        """Scene points of data X (n, 2) at the current morph between x and phi(x)."""
        m = self.morph.get_value()
        return (1 - m) * self.frame_x.to_scene(X) + m * self.frame_phi.to_scene(feature_map(X))

    def params(self, pos: float) -> tuple[np.ndarray, float]:
        W, b = self.trace.params_at(pos)
        return W[0][:, 0], float(b[0][0])

    # ------------------------------------------------------------------- beats
    def show_data(self) -> None:
        self.title_text = feature_map_title(self.trace)
        title = Heading(self.title_text, _("logistic regression on phi(x)"))
        self.phi = MathTex(r"\phi(x) = [\,x_1^2,\ x_2^2\,]", font_size=34, color=FOREGROUND)
        self.rule = MathTex(r"w\cdot\phi(x) + b = 0", font_size=30, color=FOREGROUND)
        panel_column(title, self.phi, self.rule, self.clock, self.loss_curve, buff=0.4)
        self.title = title
        t = self.trace
        text = (_("The circles again, which no line separates.") if is_rings(t)
                else _("The data: {data}.").format(data=data_phrase(t)))
        with self.beat("data", text):
            self.add(self.frame_x)
            self.add(title)  # the title from the first frame
            self.play(FadeIn(self.cloud), FadeIn(self.sample_note), run_time=self.seconds(1.0))

    def apply_feature_map(self) -> None:
        with self.beat("feature map", _("Each point moves to phi(x) = [x1^2, x2^2]; the axes "
                                        "now measure squares.")):
            self.play(FadeIn(self.phi), run_time=self.seconds(0.8))
            self.play(self.morph.animate.set_value(1.0), FadeOut(self.frame_x),
                      FadeIn(self.frame_phi), run_time=self.seconds(self.morph_seconds),
                      rate_func=smooth)

    def train_in_feature_space(self) -> None:
        self.heat_phi = Heatmap(self.frame_phi, resolution=self.resolution, strength=(0.1, 0.4))
        grid = self.heat_phi.sample_points()

        def shade(pos: float) -> None:
            w, b = self.params(pos)
            P = _sigmoid(grid @ w + b).reshape(self.resolution[1], self.resolution[0])
            self.heat_phi.set_probabilities(P, threshold=0.5)

        self.player.follow(self.heat_phi, shade)
        self.line = ClassifierLine(self.frame_phi, *self.params(0), color=FOREGROUND)
        self.player.follow(self.line, lambda pos: self.line.set_params(*self.params(pos)))
        text = (_("There, a linear classifier separates them.") if separated(self.trace) else
                _("There, a linear classifier learns: {outcome}.").format(
                    outcome=outcome(self.trace)))
        with self.beat("training", text):
            self.add(self.heat_phi, self.frame_phi, self.cloud)
            self.bring_to_front(self.line, self.cloud)
            self.play(FadeIn(self.heat_phi), Create(self.line), FadeIn(self.rule),
                      FadeIn(self.clock), FadeIn(self.loss_curve), run_time=self.seconds(1.2))
            self.play(self.player.animate_to(), run_time=self.seconds(self.train_seconds),
                      rate_func=linear)
        self.player.seek(self.player.end)
        self.clock.clear_updaters()
        self.loss_curve.clear_updaters()
        self.line.clear_updaters()
        self.heat_phi.clear_updaters()

    def pull_back_boundary(self) -> None:
        t = self.trace
        end = t.n_snapshots - 1
        # The boundary in the input plane: where w . phi(x) + b = 0, from the trace's model.
        heat_x = Heatmap(self.frame_x, resolution=self.resolution, strength=(0.1, 0.4))
        (xa, xb), (ya, yb) = heat_x.sample_limits()
        P = t.predict_grid(end, (xa, xb), (ya, yb), resolution=self.resolution)
        heat_x.set_probabilities(P, threshold=0.5)
        xs = np.linspace(xa, xb, self.resolution[0])
        ys = np.linspace(ya, yb, self.resolution[1])
        boundary = ContourLine(self.frame_x, color=FOREGROUND, stroke_width=4)
        boundary.set_grid(P, xs, ys, 0.5)
        segs = boundary.segments_data  # (m, 2, 2) points x on the closed curve

        def follow(c: ContourLine) -> None:
            c.set_scene_segments(self.place(segs.reshape(-1, 2)).reshape(-1, 2, 3))

        follow(boundary)
        boundary.add_updater(follow)
        sub = caption(_("its line, pulled back into the input plane"), font_size=22,
                      color=MUTED)
        sub.match_height(self.title.subtitle)
        if sub.width > HEADING_WIDTH:  # a language's longer words stay in the panel
            sub.scale_to_fit_width(HEADING_WIDTH)
        sub.move_to(self.title.subtitle, aligned_edge=LEFT)
        curve = MathTex(r"w_1 x_1^2 + w_2 x_2^2 + b = 0", font_size=30, color=FOREGROUND)
        curve.move_to(self.rule, aligned_edge=LEFT)
        # the reachable part of the line (x1^2, x2^2 >= 0) becomes the boundary's image
        w, b = self.params(end)
        # w1 x1^2 + w2 x2^2 + b = 0 is an ellipse when w1, w2 share a sign and b has the other
        closed = bool(w[0] * w[1] > 0 and b * w[0] < 0)
        if closed and is_rings(t) and separated(t):
            text = _("Pulled back into the input plane, the line becomes a closed curve "
                     "around the inner circle.")
        elif closed:
            text = _("Pulled back into the input plane, the line becomes a closed curve.")
        else:
            text = _("Pulled back into the input plane, the line becomes a curve.")
        with self.beat("pull back", text):
            self.add(boundary)
            self.play(FadeOut(self.line), FadeOut(self.heat_phi), run_time=self.seconds(0.8))
            self.play(self.morph.animate.set_value(0.0), FadeOut(self.frame_phi),
                      FadeIn(self.frame_x), FadeOut(self.title.subtitle), FadeIn(sub),
                      FadeOut(self.rule), FadeIn(curve),
                      run_time=self.seconds(self.morph_seconds), rate_func=smooth)
            boundary.clear_updaters()
            self.cloud.clear_updaters()
            self.add(heat_x, self.frame_x)
            self.bring_to_front(boundary, self.cloud)
            self.play(FadeIn(heat_x), run_time=self.seconds(1.0))
            self.pause(2.5)
        self.boundary, self.heat_x = boundary, heat_x


def feature_map_title(trace) -> str:
    """The chapter's heading, true for the run: "A feature map makes them separable" only
    when the line on phi(x) ends with every point on its side."""
    if separated(trace):
        return _("A feature map makes them separable")
    return _("A feature map, then a line: {share} right").format(
        share=percent(final_accuracy(trace)))
