"""DecisionBoundary's time per frame with many data points: a 2-8-1 network on 50,000 moons
points beside the same network on 2,000, in one run.

Both traces are trained here by the core (`mlp-explainer train --dataset moons --n N
--hidden 8 --steps 200 --snapshots 40`, the same seed). The chapter is rendered as a
``--dry_run`` does (every frame drawn by the camera, nothing written), at 480p15 and at a
small pace (every duration scaled by ``--pace``, so the same chapter in fewer frames). The
time per frame is the time in the frames themselves: the updaters (the heatmap and the
boundary recomputed at the frame's position) and the camera drawing the frame; building
the scene (the cloud of points is made once) is printed beside it, and the frames of the
training beat (the heatmap, the boundary, the clock and the loss curve moving over the
unchanged points) apart. Goal: 50,000 points at most 1.5x the time per frame of 2,000.
The scene draws at most 2,000 of a trace's points (scenes.toolkit.sample.display_sample: a
seeded, stratified sample past that, "2,000 of 50,000 points shown" on screen); its scores
are still those of all 50,000. The two renders are repeated in turn (``--repeats``, 3 by
default) and each keeps its best figures, so that a moment of other work on a shared
machine weighs on neither.

    .venv/bin/python bench/boundary_points_speed.py [--pace 0.15] [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average  # noqa: E402
from bench.explore_speed import met  # noqa: E402
from mlp.trace import load_trace  # noqa: E402
from scenes.manim_config import manim_config  # noqa: E402

GOAL = 1.5


def moons(folder: Path, n: int):
    from explainer.cli import main

    out = folder / f"moons-{n}.npz"
    assert main(["train", "--dataset", "moons", "--n", str(n), "--hidden", "8", "--steps",
                 "200", "--snapshots", "40", "--quiet", "--out", str(out)]) == 0
    return load_trace(out)


def timed_render(trace, pace: float, media: Path) -> dict:
    """Render DecisionBoundary on ``trace`` as a dry run: seconds building, seconds in the
    frames, and how many frames."""
    from scenes.decision_boundary import DecisionBoundary

    options = {"media_dir": str(media), "quality": "low_quality", "frame_rate": 15,
               "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none",
               "dry_run": True}
    spent = {"frames": 0, "frame_seconds": 0.0, "training": []}
    beat = {"training": False}
    with manim_config(options, output="none"):
        scene = DecisionBoundary(trace=trace, pace=pace)

        def timing(fn, count):
            def wrapped(*args, **kwargs):
                t0 = time.perf_counter()
                try:
                    return fn(*args, **kwargs)
                finally:
                    took = time.perf_counter() - t0
                    spent["frame_seconds"] += took
                    spent["frames"] += count
                    if beat["training"]:
                        spent["training"].append(took)
            return wrapped

        train = scene.train

        def training():
            beat["training"] = True
            try:
                train()
            finally:
                beat["training"] = False

        scene.update_to_time = timing(scene.update_to_time, 0)
        scene.renderer.render = timing(scene.renderer.render, 1)
        scene.train = training
        start = time.perf_counter()
        scene.render()
        spent["total"] = time.perf_counter() - start
    return spent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pace", type=float, default=0.15)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        traces = {n: moons(folder, n) for n in (2_000, 50_000)}
        for i in range(max(args.repeats, 1)):
            for n, trace in traces.items():
                r = timed_render(trace, args.pace, folder / f"media-{n}-{i}")
                r["per"] = r["frame_seconds"] / max(r["frames"], 1)
                # updaters + drawing: two timed calls a frame
                r["train"] = sum(r["training"]) / max(len(r["training"]) / 2, 1)
                r["outside"] = r["total"] - r["frame_seconds"]
                if n not in rows:
                    rows[n] = r
                else:  # the best of the repeats, figure by figure
                    for key in ("per", "train", "outside"):
                        rows[n][key] = min(rows[n][key], r[key])
    print(f"DecisionBoundary, 2-8-1 on moons, a dry run at 480p15, pace {args.pace}, best of "
          f"{max(args.repeats, 1)}, load average {load_average()}")
    for n, r in rows.items():
        per, train = r["per"], r["train"]
        print(f"  {n:>6,} points: {per * 1000:7.1f} ms per frame ({r['frames']} frames), "
              f"{train * 1000:.1f} ms per frame of the training beat "
              f"({len(r['training']) // 2} frames), {r['outside']:.1f} s "
              f"outside the frames")
    small, big = rows[2_000], rows[50_000]
    print(f"  50,000 points / 2,000 points: {big['per'] / small['per']:.2f}x per frame over "
          f"the whole chapter, {big['train'] / small['train']:.2f}x per frame of the training "
          f"beat (goal <= {GOAL}x: {met(big['per'] / small['per'] <= GOAL)}, "
          f"{met(big['train'] / small['train'] <= GOAL)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
