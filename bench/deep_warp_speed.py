"""What a deep, wide, multi-class warp costs per second of video, beside the seed's.

Renders HiddenSpaceWarp itself at 480p15 to a video, twice in one run, each on 2,000 points:
- seed: the seed's trained 2-3-1 sigmoid network (its bundled trace), on 2,000 points of its
  rings: one layer, three stages;
- deep: a 2-16-16-3 tanh network trained here on 2,000 points of the 3-arm spiral (full
  batch, a few hundred steps, seeded): two layers, six stages, each wide layer through its
  projection, ending on the class regions.

Prints each render's wall-clock seconds, its seconds of video, the cost per second of video,
and the ratio deep / seed (the goal: within 2x), with the load average.

    .venv/bin/python bench/deep_warp_speed.py [--pace 0.25]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average, ring_points  # noqa: E402
from mlp.datasets import make_dataset  # noqa: E402
from mlp.init import initial_parameters  # noqa: E402
from mlp.network import MLP  # noqa: E402
from mlp.schedule import snapshot_steps  # noqa: E402
from mlp.train import TrainConfig, train  # noqa: E402
from scenes.manim_config import manim_config  # noqa: E402
from scenes.toolkit.traces import default_trace_path  # noqa: E402
from scenes.warp import HiddenSpaceWarp  # noqa: E402

POINTS = 2000
STEPS = 300


def seed_trace():
    from mlp.trace import load_trace

    trace = load_trace(default_trace_path("seed-notebook"))
    X, y = ring_points(POINTS)
    return dataclasses.replace(trace, X=X, y=y)


def spiral_trace():
    X, y, spec = make_dataset("spiral", n=POINTS, seed=0)
    W, b = initial_parameters([2, 16, 16, 3], "glorot", np.random.default_rng(0), "tanh")
    return train(MLP(W, b, "tanh", "softmax"), X, y, TrainConfig(lr=0.5, steps=STEPS),
                 snapshot_steps(STEPS, count=8), meta={"dataset": spec})


def render(trace, pace: float, media_dir: Path) -> tuple[float, float]:
    """(wall-clock seconds, seconds of video) of HiddenSpaceWarp on ``trace`` at 480p15."""
    options = {"media_dir": str(media_dir), "quality": "low_quality", "frame_rate": 15,
               "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}
    with manim_config(options, output="movie"):
        start = time.perf_counter()
        scene = HiddenSpaceWarp(trace=trace, pace=pace)
        scene.render()
        return time.perf_counter() - start, float(scene.renderer.time)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pace", type=float, default=0.25,
                    help="the scene's time scale (default 0.25: every beat at a quarter)")
    args = ap.parse_args(argv)
    seed, deep = seed_trace(), spiral_trace()
    print(f"load average before: {load_average()}", flush=True)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, trace in (("seed 2-3-1", seed), ("spiral 2-16-16-3", deep)):
            wall, video = render(trace, args.pace, Path(tmp) / name.split()[0])
            rows[name] = wall / video
            print(f"HiddenSpaceWarp, {name}, {len(trace.X)} points, 480p15: {wall:.1f} s for "
                  f"{video:.1f} s of video = {wall / video:.2f} s per second of video",
                  flush=True)
    ratio = rows["spiral 2-16-16-3"] / rows["seed 2-3-1"]
    print(f"deep / seed cost per second of video: {ratio:.2f}x (goal: within 2x; "
          f"load {load_average()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
