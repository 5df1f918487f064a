"""How much faster the scenes' mobjects render than what a Manim user would write, side by side.

Renders small scenes at 480p15 in one run, each to a video in a temporary folder, all
showing the seed's network training for the same seconds:

- heatmap, ours: one ImageMobject whose 160x160 pixels are rewritten from one vectorised
  forward pass (trace.predict_grid) per frame (scenes.toolkit.plane.Heatmap);
- heatmap, squares: what a Manim user would write: a coarse grid of Square mobjects at a
  resolution a user would pick, 20x20 (400) and 40x40 (1,600), each square recoloured per
  frame from the same forward pass on a grid of that size;
- cloud, ours: 2,000 points moving through training (their hidden-layer activations in the
  seed's network), one VMobject per class rewritten with NumPy per frame (PointCloud);
- cloud, naive: the same positions given to a VGroup of 2,000 Dots moved one by one.

Both members of a pair compute the same numbers the same way; only the drawing differs.
Prints the wall-clock time of each render and the ratios, and for the coarse grids how
their last frame differs from ours inside the plane (the blocks): the mean and the largest
absolute difference (the largest over the colour channels, per pixel), and the share of
pixels off by more than 8/255.

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

from bench.common import load_average, render_timed, ring_points  # noqa: E402
from mlp.trace import load_trace  # noqa: E402
from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.plane import Heatmap, PlaneFrame, probability_rgb  # noqa: E402
from scenes.toolkit.playback import square_limits  # noqa: E402
from scenes.toolkit.style import class_color  # noqa: E402
from scenes.toolkit.traces import default_trace_path  # noqa: E402

GRID = 160
COARSE = (20, 40)  # squares per side: resolutions a user would pick for Square mobjects
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


def _plane() -> PlaneFrame:
    return PlaneFrame(*square_limits(TRACE), height=7, x_label=None, show_axes=False)


class HeatmapFast(_Training):
    def construct(self) -> None:
        frame = _plane()
        heat = Heatmap(frame, resolution=(GRID, GRID))
        lim = heat.sample_limits()
        pos = ValueTracker(0.0)
        heat.add_updater(lambda m: m.set_probabilities(
            TRACE.predict_grid(pos.get_value(), *lim, resolution=GRID)))
        self.add(heat)
        self.play_training(pos)


class HeatmapSquares(_Training):
    n = 40  # squares per side

    def construct(self) -> None:
        n = self.n
        frame = _plane()
        lo, hi = frame.bounds
        side = (hi[0] - lo[0]) / n
        (x0, x1), (y0, y1) = Heatmap(frame, resolution=(n, n)).sample_limits()
        gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        centres = frame.to_scene(np.column_stack([gx.ravel(), gy.ravel()]))
        # a thin stroke in the square's own colour: without it the background shows through
        # the anti-aliased seams between squares as a grid of dark lines
        squares = VGroup(*(Square(side, stroke_width=1, fill_opacity=1).move_to(c)
                           for c in centres))
        pos = ValueTracker(0.0)

        def paint(group):
            P = TRACE.predict_grid(pos.get_value(), (x0, x1), (y0, y1), resolution=n)
            rgb = np.round(probability_rgb(P.ravel()) * 255).astype(int)
            for sq, (r, g, b) in zip(group, rgb, strict=True):
                sq.set_color(f"#{r:02X}{g:02X}{b:02X}")

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


def plane_pixels(frame: np.ndarray) -> np.ndarray:
    """The pixels of a last frame inside the heatmap's plane (2 pixels in from its edges)."""
    h, w = frame.shape[:2]
    lo, hi = _plane().bounds
    fw, fh = w / h * 8.0, 8.0  # manim's frame is 8 units high
    c0, c1 = (int(np.ceil((v + fw / 2) / fw * w)) for v in (lo[0], hi[0]))
    r0, r1 = (int(np.ceil((fh / 2 - v) / fh * h)) for v in (hi[1], lo[1]))
    return frame[r0 + 2:r1 - 2, c0 + 2:c1 - 2, :3].astype(np.int16)


def difference(ours: np.ndarray, theirs: np.ndarray) -> str:
    """How a baseline's last frame differs from ours inside the plane."""
    d = np.abs(plane_pixels(theirs) - plane_pixels(ours)).max(axis=-1)
    return (f"differs from ours by {d.mean():.1f}/255 on average, at most {d.max()}/255; "
            f"{100 * (d > 8).mean():.0f}% of its pixels by more than 8/255")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=2.0,
                   help="seconds of training animation per scene (default 2)")
    args = p.parse_args(argv)
    _Training.seconds = args.seconds
    print(f"480p15, {args.seconds:g} s of training animation each (whole render, to video); "
          f"load average before: {load_average()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        def run(scene_cls):
            return render_timed(scene_cls, Path(tmp) / scene_cls.__name__)

        t_fast, frame_fast = run(HeatmapFast)
        print(f"heatmap {GRID}x{GRID}, one ImageMobject:        {t_fast:7.2f} s", flush=True)
        for n in COARSE:
            HeatmapSquares.n = n
            t, frame = run(HeatmapSquares)
            print(f"  against a grid of {n}x{n} Squares: {t:7.2f} s, ratio {t / t_fast:5.1f}x "
                  f"(load {load_average()}); its picture: {difference(frame_fast, frame)}",
                  flush=True)
        t_fast, _ = run(CloudFast)
        t_naive, _ = run(CloudNaive)
        print(f"cloud of {POINTS:,} points, PointCloud:         {t_fast:7.2f} s", flush=True)
        print(f"  against a VGroup of Dots moved one by one: {t_naive:7.2f} s, ratio "
              f"{t_naive / t_fast:5.1f}x (load {load_average()})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
