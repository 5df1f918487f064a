"""How long `make demo` renders, and how much CPU it takes, measured.

Runs `mlp-explainer demo` (HiddenLinesTraining at -ql, 854x480, 15 fps) twice into one new
media folder: first cold (an empty folder: every TeX expression compiled, every animation
rendered), then warm, as `make demo` runs a second time (manim's TeX and partial-movie
caches from the first run kept, so only what changed is drawn). For each: wall-clock
seconds, CPU seconds of the command and every process it waited for, and how many cores
that kept busy (CPU over wall); the video's length and frames; the load average.

    .venv/bin/python bench/demo_speed.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import load_average, run_timed  # noqa: E402
from explainer.commands.demo import video_path  # noqa: E402
from explainer.pipeline.media import verify_clip  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "MLP_TRACE"}
    cmd = [sys.executable, "-m", "explainer.cli", "demo", "--quality", "l"]
    print(f"mlp-explainer demo (HiddenLinesTraining, -ql), {os.cpu_count()} cores, "
          f"load average before: {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="mlp-demo-") as tmp:
        media = Path(tmp) / "media"
        runs = {}
        for name in ("cold", "warm"):
            run = run_timed([*cmd, "--media-dir", str(media)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if run.returncode:
                print(f"{name}: mlp-explainer demo failed (exit {run.returncode})")
                return 1
            runs[name] = run
            clip = verify_clip(video_path(media, "l"))
            print(f"{name + ':':6s}{run.wall:6.1f} s wall, {run.cpu:6.1f} s CPU, "
                  f"{run.cores:.2f} cores busy (load {load_average()}); "
                  f"{clip.duration:.1f} s of video, {clip.frames} frames at "
                  f"{clip.width}x{clip.height}", flush=True)
    cold, warm = runs["cold"], runs["warm"]
    print(f"cold over warm: {cold.wall / warm.wall:.2f}x the wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
