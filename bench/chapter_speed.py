"""The digits chapter's render time per second of video at -qh, beside the seed's chapters,
in one run.

Renders `HandwrittenDigits` (scenes/digits.py, on its bundled trace) and two of the seed's
chapters, `DecisionBoundary` and `HiddenSpaceWarp` (on their default trace, the seed
notebook's), each at -qh's frame (1920x1080, 60 fps) and at a small pace (every duration
scaled by ``--pace``, and the holds for reading the captions too: the reading speed is
divided by it, so the whole chapter plays in ``pace`` times its frames and a run stays
affordable). Each is rendered as a ``--dry_run`` does: every frame drawn by the camera,
nothing encoded or written, the media folder (and its TeX cache, empty at the start) a
temporary one. Prints, for each, the wall-clock seconds of the render (building the scene
included) per second of video, the CPU seconds of the render's own process per second of
video (what other work on a shared machine moves least) and apart the CPU seconds of the
TeX processes it ran; then the digits chapter's against each seed chapter's and against
their mean. At a small pace a chapter's set-up (its TeX, its precomputed pictures) weighs
more against its few frames than at pace 1.

    .venv/bin/python bench/chapter_speed.py [--pace 0.2]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average  # noqa: E402
from scenes.manim_config import manim_config  # noqa: E402
from scenes.toolkit.reading import ReadingSpeed  # noqa: E402

SEED = ("DecisionBoundary", "HiddenSpaceWarp")


def scene_class(name: str):
    if name == "HandwrittenDigits":
        from scenes.digits import HandwrittenDigits
        return HandwrittenDigits
    if name == "DecisionBoundary":
        from scenes.decision_boundary import DecisionBoundary
        return DecisionBoundary
    from scenes.warp import HiddenSpaceWarp
    return HiddenSpaceWarp


def timed(name: str, pace: float, media: Path) -> dict:
    """Render scene ``name`` on its default trace as a dry run at 1920x1080, 60 fps: wall
    and CPU seconds, seconds of video and frames."""
    options = {"media_dir": str(media), "pixel_width": 1920, "pixel_height": 1080,
               "frame_rate": 60, "disable_caching": True, "verbosity": "ERROR",
               "progress_bar": "none", "dry_run": True}
    cls = scene_class(name)
    reading = ReadingSpeed()
    reading = ReadingSpeed(reading.chars_per_second / pace, reading.min_seconds * pace)

    def children() -> float:
        use = resource.getrusage(resource.RUSAGE_CHILDREN)
        return use.ru_utime + use.ru_stime

    with manim_config(options, output="none"):
        wall0, cpu0, tex0 = time.perf_counter(), time.process_time(), children()
        scene = cls(pace=pace, reading=reading)
        scene.render()
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        tex = children() - tex0
        video = float(scene.renderer.time)
    return {"wall": wall, "cpu": cpu, "tex": tex, "video": video, "frames": round(video * 60)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pace", type=float, default=0.2,
                    help="the scenes' time scale (default 0.2: every beat at a fifth)")
    args = ap.parse_args(argv)
    print(f"1920x1080 at 60 fps, a dry run, pace {args.pace}; load average before: "
          f"{load_average()}", flush=True)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("HandwrittenDigits", *SEED):
            r = rows[name] = timed(name, args.pace, Path(tmp) / name)
            r["per"], r["cpu_per"] = r["wall"] / r["video"], r["cpu"] / r["video"]
            print(f"  {name}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU (and {r['tex']:.1f} s "
                  f"in TeX) for {r['video']:.1f} s of video ({r['frames']} frames): "
                  f"{r['per']:.2f} s wall, {r['cpu_per']:.2f} s CPU per second of video "
                  f"(load {load_average()})", flush=True)
    digits = rows["HandwrittenDigits"]
    for key, what in (("per", "wall"), ("cpu_per", "CPU")):
        against = ", ".join(f"{digits[key] / rows[s][key]:.2f}x {s}'s" for s in SEED)
        mean = sum(rows[s][key] for s in SEED) / len(SEED)
        print(f"  digits / seed, {what} per second of video: {against}; "
              f"{digits[key] / mean:.2f}x their mean")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
