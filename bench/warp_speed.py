"""How much faster HiddenSpaceWarp's mobjects render than the naive way, measured side by side.

Renders two small 3D scenes at 480p15 in one run, each to a video in a temporary folder:
2,000 points on the seed's rings and a 30x30 grid of lines (each sampled at 41 points) warp
through the four stages x -> Wx -> Wx + b -> sigma(Wx + b) of the seed's trained network,
seen by a tilted 3D camera.

- fast: the scene's own mobjects, one PointCloud (a VMobject per class) and one LineSet for
  the grid, their points rewritten with NumPy once per frame (scenes.toolkit.clouds);
- naive: a Dot per point, each moved by its own move_to call, and a VMobject per grid line,
  each reset by its own set_points_as_corners call.

Both interpolate the same precomputed stage arrays (scenes.toolkit.hidden_space.warp_picture);
only the mobjects differ. Prints the wall-clock time of each render and the ratio.

    .venv/bin/python bench/warp_speed.py [--seconds 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from manim import DEGREES, Dot, ThreeDScene, ValueTracker, VGroup, VMobject, linear  # noqa: E402

from bench.common import load_average, ring_points, time_render  # noqa: E402
from mlp.trace import load_trace  # noqa: E402
from scenes.toolkit.clouds import LineSet, PointCloud  # noqa: E402
from scenes.toolkit.hidden_space import hidden_projection, warp_picture  # noqa: E402
from scenes.toolkit.style import MUTED, class_color  # noqa: E402
from scenes.toolkit.traces import default_trace_path  # noqa: E402

POINTS = 2000
GRID_LINES = 30
TRACE = load_trace(default_trace_path("seed-notebook"))


X, Y = ring_points(POINTS)
MODEL = TRACE.model(-1)
PICTURE = warp_picture(MODEL, X, hidden_projection(MODEL.hidden(X)), (-3.5, 3.5), (-3.5, 3.5),
                       grid_lines=GRID_LINES, samples=41)


class _Warp(ThreeDScene):
    seconds = 2.0

    def construct(self) -> None:
        self.set_camera_orientation(phi=62 * DEGREES, theta=-50 * DEGREES)
        self.stage = ValueTracker(0.0)
        self.build()
        self.play(self.stage.animate.set_value(3.0), run_time=self.seconds, rate_func=linear)


class FastWarp(_Warp):
    def build(self) -> None:
        p = PICTURE
        grid = LineSet(p.grid[0], color=MUTED, stroke_width=1.0)
        cloud = PointCloud(p.points[0], Y, radius=0.04, outline_width=0)
        R = self.renderer.camera.get_rotation_matrix()
        grid.add_updater(lambda m: m.set_polylines(p.at(p.grid, self.stage.get_value())))
        cloud.add_updater(lambda m: m.set_centers(p.at(p.points, self.stage.get_value()),
                                                    R[0], R[1]))
        self.add(grid, cloud)


class NaiveWarp(_Warp):
    def build(self) -> None:
        p = PICTURE
        lines = VGroup(*[VMobject(stroke_color=MUTED, stroke_width=1.0).set_points_as_corners(L)
                         for L in p.grid[0]])
        dots = VGroup(*[Dot(point, radius=0.04, color=class_color(c))
                        for point, c in zip(p.points[0], Y, strict=True)])

        def move_lines(group):
            G = p.at(p.grid, self.stage.get_value())
            for line, L in zip(group, G, strict=True):
                line.set_points_as_corners(L)

        def move_dots(group):
            P = p.at(p.points, self.stage.get_value())
            for dot, point in zip(group, P, strict=True):
                dot.move_to(point)

        lines.add_updater(move_lines)
        dots.add_updater(move_dots)
        self.add(lines, dots)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="animation length (default 2)")
    args = ap.parse_args(argv)
    _Warp.seconds = args.seconds
    print(f"load average before: {load_average()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        fast = time_render(FastWarp, Path(tmp) / "fast")
        naive = time_render(NaiveWarp, Path(tmp) / "naive")
    print(f"HiddenSpaceWarp, {POINTS} points + {GRID_LINES}x{GRID_LINES} grid, 480p15, "
          f"{args.seconds:g} s: fast {fast:.2f} s, naive {naive:.2f} s, "
          f"ratio {naive / fast:.1f}x (load {load_average()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
