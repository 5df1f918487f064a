"""What the voices cost: `mlp-explainer render --voice piper` and `--voice espeak-ng` beside
the same render without a voice, in one run, as ratios of CPU time.

All three render the same scenes at -ql into empty output folders (so nothing is cached,
not even a spoken line), one job at a time (so the runs share the machine alike). A voiced
render speaks every caption, holds each beat for its speech, and muxes and joins the sound;
its video can run longer than the silent one's, so the cost is given both per render and
per second of video. CPU time (user + system of the render and its children) is the figure
to read on a shared machine; wall time is printed beside it. Also printed: the loudness
and the peak of each voiced explainer (ITU-R BS.1770, pyloudnorm), and the load average.

    .venv/bin/python bench/voice_speed.py [--scenes A,B] [--voices piper,espeak-ng] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import load_average as load  # noqa: E402
from bench.common import run_timed  # noqa: E402

DEFAULT_SCENES = "LinearClassifier,ChainRulePath"


def loudness(path: Path) -> tuple[float, float]:
    """(integrated loudness in LUFS, peak sample) of a file's sound."""
    import numpy as np
    import pyloudnorm

    from explainer.pipeline.media import AUDIO_RATE, read_audio_track

    sound = read_audio_track(path).astype("float64")
    return (float(pyloudnorm.Meter(AUDIO_RATE).integrated_loudness(sound)),
            float(np.abs(sound).max()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", default=DEFAULT_SCENES,
                    help=f"scenes of the story to render (default {DEFAULT_SCENES})")
    ap.add_argument("--voices", default="piper,espeak-ng",
                    help="the voices, comma separated (default piper,espeak-ng)")
    ap.add_argument("--keep", type=Path, default=None, help="work here instead of a temp dir")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="mlp-bench-voice-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("MLP_TRACE", "MLP_VOICE", "MLP_READING_SPEED", "MLP_VOICE_CACHE")}
    base = [sys.executable, "-m", "explainer.cli", "render", "-ql", "--jobs", "1",
            "--scenes", args.scenes, "--quiet"]
    voices = [v.strip() for v in args.voices.split(",") if v.strip()]
    print(f"scenes {args.scenes} at -ql (854x480, 15 fps), one job; work in {work}",
          flush=True)
    results = {}
    for name, extra in [("silent", [])] + [(v, ["--voice", v]) for v in voices]:
        out = work / name.replace(":", "-").replace("/", "-")
        print(f"load average before the {name} render: {load()}", flush=True)
        run = run_timed(base + extra + ["--out", str(out)], cwd=ROOT, env=env,
                        stderr=subprocess.PIPE)
        if run.returncode != 0:
            print(f"{name} render failed (exit {run.returncode})", file=sys.stderr)
            return 1
        manifest = json.loads((out / "manifest.json").read_text())
        video = sum(c["duration"] for c in manifest["clips"])
        results[name] = (run, video)
        line = (f"{name:10s} {run.wall:7.1f} s wall, {run.cpu:7.1f} s CPU, {video:6.1f} s of "
                f"video ({run.cpu / video:.2f} s CPU per video second; load {load()})")
        if extra:
            lufs, peak = loudness(out / "explainer.mp4")
            line += f"; explainer {lufs:.1f} LUFS, peak {peak:.3f}"
        print(line, flush=True)
    silent, v0 = results["silent"]
    for name in voices:
        run, v1 = results[name]
        print(f"{name}: {run.cpu / silent.cpu:.2f}x the silent render's CPU time "
              f"({run.wall / silent.wall:.2f}x its wall time); "
              f"{(run.cpu / v1) / (silent.cpu / v0):.2f}x per second of video "
              f"(its video is {v1 / v0:.2f}x as long)")
    if len(voices) > 1:
        (a, (ra, _)), (b, (rb, _)) = [(v, results[v]) for v in voices[:2]]
        print(f"{a} against {b}: {ra.cpu / rb.cpu:.2f}x the CPU time")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
