"""What the voice costs: `mlp-explainer render --voice` beside the same render without it, in
one run.

Both render the same scenes at -ql into empty output folders, one job at a time (so the two
runs share the machine alike). The voiced render speaks every caption with espeak-ng, holds
each beat for its speech, and muxes and joins the sound; its video can run longer than the
silent one's, so the cost is given both per render and per second of video. Also printed:
the loudness of the voiced explainer (ITU-R BS.1770, pyloudnorm), and the load average.

    .venv/bin/python bench/voice_speed.py [--scenes A,B] [--voice SPEC] [--keep DIR]
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


def loudness(path: Path) -> float:
    import pyloudnorm

    from explainer.pipeline.media import AUDIO_RATE, read_audio_track

    sound = read_audio_track(path)
    return float(pyloudnorm.Meter(AUDIO_RATE).integrated_loudness(sound.astype("float64")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", default=DEFAULT_SCENES,
                    help=f"scenes of the story to render (default {DEFAULT_SCENES})")
    ap.add_argument("--voice", default="espeak-ng", help="the voice (default espeak-ng)")
    ap.add_argument("--keep", type=Path, default=None, help="work here instead of a temp dir")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="mlp-bench-voice-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("MLP_TRACE", "MLP_VOICE", "MLP_READING_SPEED")}
    base = [sys.executable, "-m", "explainer.cli", "render", "-ql", "--jobs", "1",
            "--scenes", args.scenes, "--quiet"]
    print(f"scenes {args.scenes} at -ql (854x480, 15 fps), one job; work in {work}",
          flush=True)
    results = {}
    for name, extra in (("silent", []), ("voiced", ["--voice", args.voice])):
        out = work / name
        print(f"load average before the {name} render: {load()}", flush=True)
        run = run_timed(base + extra + ["--out", str(out)], cwd=ROOT, env=env,
                        stderr=subprocess.PIPE)
        if run.returncode != 0:
            print(f"{name} render failed (exit {run.returncode})", file=sys.stderr)
            return 1
        manifest = json.loads((out / "manifest.json").read_text())
        video = sum(c["duration"] for c in manifest["clips"])
        results[name] = (run, video)
        print(f"{name:7s} {run.wall:7.1f} s wall, {run.cpu:7.1f} s CPU, {video:6.1f} s of video "
              f"({run.wall / video:.2f} s per video second; load {load()})", flush=True)
    (silent, v0), (voiced, v1) = results["silent"], results["voiced"]
    print(f"voice cost: {voiced.wall / silent.wall:.2f}x the silent render's wall time, "
          f"{voiced.cpu / silent.cpu:.2f}x its CPU time; "
          f"{(voiced.wall / v1) / (silent.wall / v0):.2f}x per second of video "
          f"(the voiced video is {v1 / v0:.2f}x as long)")
    print(f"voiced explainer loudness: {loudness(work / 'voiced' / 'explainer.mp4'):.1f} LUFS")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
