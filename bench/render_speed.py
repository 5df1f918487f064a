"""How much faster the scenes' mobjects render than the naive way, measured side by side.

Renders four small scenes at 480p15 in one run, each to a video in a temporary folder:

- heatmap, fast: one ImageMobject whose 160x160 pixels are rewritten from one vectorised
  forward pass (trace.predict_grid) per frame, the seed's network training;
- heatmap, naive: the same colours painted into a grid of 160x160 Square mobjects;
- cloud, fast: 2,000 points moving through training (their hidden-layer activations in the
  seed's network), one VMobject per class rewritten with NumPy per frame (PointCloud);
- cloud, naive: the same positions given to a VGroup of 2,000 Dots moved one by one.

Both members of a pair compute the same numbers the same way; only the mobjects differ.
Prints the wall-clock time of each render and the ratios.

    .venv/bin/python bench/render_speed.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from manim import Dot, Scene, Square, ValueTracker, VGroup, linear  # noqa: E402

from bench.common import ring_points, time_render  # noqa: E402
from mlp.trace import load_trace  # noqa: E402
from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.plane import Heatmap, PlaneFrame, probability_rgb  # noqa: E402
from scenes.toolkit.playback import square_limits  # noqa: E402
from scenes.toolkit.style import class_color  # noqa: E402
from scenes.toolkit.traces import default_trace_path  # noqa: E402

GRID = 160
POINTS = 2000
TRACE = load_trace(default_trace_path("seed-notebook"))


def hidden_positions(pos: float, X: np.ndarray) -> np.ndarray:
    """The first two hidden activations of X at trace position pos, shape (n, 2)."""
    return TRACE.hidden(pos, 1, X)[:, :2]


class _Training(Scene):
    seconds = 2.0

    def play_training(self, tracker: ValueTracker) -> None:
        self.play(tracker.animate.set_value(TRACE.n_snapshots - 1), run_time=self.seconds,
                  rate_func=linear)


class HeatmapFast(_Training):
    def construct(self) -> None:
        frame = PlaneFrame(*square_limits(TRACE), height=7, x_label=None, show_axes=False)
        heat = Heatmap(frame, resolution=(GRID, GRID))
        lim = heat.sample_limits()
        pos = ValueTracker(0.0)
        heat.add_updater(lambda m: m.set_probabilities(
            TRACE.predict_grid(pos.get_value(), *lim, resolution=GRID)))
        self.add(heat)
        self.play_training(pos)


class HeatmapNaive(_Training):
    def construct(self) -> None:
        frame = PlaneFrame(*square_limits(TRACE), height=7, x_label=None, show_axes=False)
        lo, hi = frame.bounds
        side = (hi[0] - lo[0]) / GRID
        (x0, x1), (y0, y1) = Heatmap(frame, resolution=(GRID, GRID)).sample_limits()
        gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
        centres = frame.to_scene(np.column_stack([gx.ravel(), gy.ravel()]))
        squares = VGroup(*(Square(side, stroke_width=0, fill_opacity=1).move_to(c)
                           for c in centres))
        pos = ValueTracker(0.0)

        def paint(group):
            P = TRACE.predict_grid(pos.get_value(), (x0, x1), (y0, y1), resolution=GRID)
            rgb = np.round(probability_rgb(P.ravel()) * 255).astype(int)
            for sq, (r, g, b) in zip(group, rgb, strict=True):
                sq.set_fill(f"#{r:02X}{g:02X}{b:02X}")

        paint(squares)
        squares.add_updater(paint)
        self.add(squares)
        self.play_training(pos)


def _cloud_frame() -> PlaneFrame:
    return PlaneFrame((0, 1), (0, 1), height=7, x_label=None, show_axes=False)


class CloudFast(_Training):
    def construct(self) -> None:
        frame = _cloud_frame()
        X, y = ring_points(POINTS)
        pos = ValueTracker(0.0)
        # no outline, like a Dot: the same picture as the naive version
        cloud = PointCloud(frame.to_scene(hidden_positions(0, X)), y, outline_width=0)
        cloud.add_updater(lambda c: c.move_to_data(frame, hidden_positions(pos.get_value(), X)))
        self.add(frame, cloud)
        self.play_training(pos)


class CloudNaive(_Training):
    def construct(self) -> None:
        frame = _cloud_frame()
        X, y = ring_points(POINTS)
        pos = ValueTracker(0.0)
        start = frame.to_scene(hidden_positions(0, X))
        dots = VGroup(*(Dot(p, radius=0.06, color=class_color(c)) for p, c in zip(start, y,
                                                                                  strict=True)))

        def move(group):
            for dot, p in zip(group, frame.to_scene(hidden_positions(pos.get_value(), X)),
                              strict=True):
                dot.move_to(p)

        dots.add_updater(move)
        self.add(frame, dots)
        self.play_training(pos)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=2.0,
                   help="seconds of training animation per scene (default 2)")
    args = p.parse_args(argv)
    pairs = [("heatmap 160x160", HeatmapFast, HeatmapNaive, "ImageMobject", "grid of Squares"),
             ("cloud of 2,000 points", CloudFast, CloudNaive, "PointCloud", "VGroup of Dots")]
    print(f"480p15, {args.seconds:g} s of training animation each (whole render, to video)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, fast, naive, fast_name, naive_name in pairs:
            fast.seconds = naive.seconds = args.seconds
            t_fast = time_render(fast, Path(tmp) / fast.__name__)
            t_naive = time_render(naive, Path(tmp) / naive.__name__)
            print(f"{name:24s} {fast_name:14s} {t_fast:7.2f} s   {naive_name:16s} "
                  f"{t_naive:7.2f} s   ratio {t_naive / t_fast:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
