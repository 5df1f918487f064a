"""How fast `mlp-explainer render` is, beside the same manim commands run one by one, in one run.

1. The full explainer at -ql rendered by the pipeline with 2 jobs (cold: empty output folder).
2. The pipeline again with nothing changed (everything cached).
3. The same scenes rendered one after another by the very manim command the pipeline runs
   for each (`manim render FILE Scene -ql --disable_caching` with its encoder options and
   the scenes' environment), with the CPU time each used. Same drawing, same encoder, no
   cache either way: the ratio of 1 to 3 is the pipeline's own (its jobs side by side, less
   its checks, exports, join and pages). CPU time over wall time is how many cores one
   manim process keeps busy (its encoder runs beside the drawing), which bounds what
   running scenes side by side can gain.
4. The same commands again with Manim's own encoder settings (x264 preset medium, CRF 23):
   3 against 4 is the encoder's share, apart from the pipeline's.
5. Render time per second of video: at -ql (from 3) and at -qh, on one short scene only
   (-qh is 1080p60: a whole explainer at -qh takes far longer than a benchmark should).

Prints the ratios and the load average at each stage. Targets: pipeline >= 1.7x faster than
sequential on 2 cores; the unchanged re-run under 5 s.

    .venv/bin/python bench/pipeline_speed.py [--jobs 2] [--scenes A,B] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import load_average as load  # noqa: E402
from bench.common import run_timed  # noqa: E402
from explainer.pipeline.media import verify_clip  # noqa: E402
from explainer.pipeline.plan import Settings  # noqa: E402
from explainer.story import STORY  # noqa: E402


def timed(cmd: list[str], **kw) -> tuple[float, int]:
    run = run_timed(cmd, cwd=ROOT, **kw)
    return run.wall, run.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--scenes", default=None, help="a subset of the story (default: all)")
    ap.add_argument("--keep", type=Path, default=None, help="work here instead of a temp dir")
    args = ap.parse_args()
    story = list(STORY)
    if args.scenes:
        names = args.scenes.split(",")
        story = [c for c in story if c.scene in names]
    work = args.keep or Path(tempfile.mkdtemp(prefix="mlp-bench-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "MLP_TRACE"}
    py = sys.executable
    render = [py, "-m", "explainer.cli", "render", "-ql", "--jobs", str(args.jobs),
              "--out", str(work / "pipeline"), "--quiet"]
    if args.scenes:
        render += ["--scenes", args.scenes]
    print(f"{len(story)} scenes at -ql (854x480, 15 fps), {os.cpu_count()} cores, "
          f"work in {work}", flush=True)
    print(f"load average before: {load()}", flush=True)

    pipe = run_timed(render, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    t_pipe = pipe.wall
    manifest = json.loads((work / "pipeline" / "manifest.json").read_text())
    failed = manifest.get("failed", [])
    print(f"pipeline, {args.jobs} jobs, cold:        {t_pipe:7.1f} s  (load {load()}; "
          f"{pipe.cpu:.1f} s CPU, {pipe.cores:.2f} cores busy)"
          + (f"  ({len(failed)} failed: {', '.join(f['scene'] for f in failed)})"
             if failed else ""), flush=True)

    again = [a for a in render if a != "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.run(again, cwd=ROOT, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    t_again = time.perf_counter() - t0
    said = proc.stdout.splitlines()[0] if proc.stdout else proc.stderr.strip()[-200:]
    print(f"pipeline re-run, nothing changed: {t_again:7.2f} s  (load {load()}; {said})",
          flush=True)

    fast = Settings()  # what the pipeline renders with: -ql, its camera and encoder
    scene_env = {**env, **fast.scene_env()}

    def manim(ch, quality_flags: list[str], encoder: list[str], media: Path) -> list[str]:
        return [py, "-m", "manim", "render", ch.module, ch.scene, *quality_flags,
                "--media_dir", str(media), "--progress_bar", "none", "-v", "WARNING",
                "--disable_caching", *encoder]

    def one_by_one(encoder: list[str], media: Path) -> tuple[float, float, dict, list]:
        wall = cpu = 0.0
        per_scene: dict[str, float] = {}
        failed = []
        for ch in story:
            run = run_timed(manim(ch, fast.manim_flags(), encoder, media), cwd=ROOT,
                            env=scene_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
            wall += run.wall
            cpu += run.cpu
            per_scene[ch.scene] = run.wall
            if run.returncode:
                failed.append(ch.scene)
        return wall, cpu, per_scene, failed

    encoder = fast.encoder_flags()
    named = " ".join(encoder[1::2]) or "Manim's own"
    t_seq, cpu_seq, per_scene, seq_failed = one_by_one(encoder, work / "sequential")
    print(f"the same manim commands, one after another: {t_seq:7.1f} s  (load {load()}; "
          f"{cpu_seq:.1f} s CPU; encoder: {named})"
          + (f"  ({len(seq_failed)} failed: {', '.join(seq_failed)})" if seq_failed else ""),
          flush=True)
    cores = cpu_seq / t_seq if t_seq else 0.0
    print(f"one manim process at a time: {cpu_seq:.1f} s CPU in {t_seq:.1f} s wall, "
          f"{cores:.2f} cores busy on average, so {os.cpu_count()} cores give at most "
          f"about {os.cpu_count() / max(cores, 1.0):.2f}x by rendering scenes side by side",
          flush=True)
    t_own, cpu_own, _, own_failed = one_by_one([], work / "manim-encoder")
    print(f"again with Manim's encoder (medium, CRF 23): {t_own:7.1f} s  (load {load()}; "
          f"{cpu_own:.1f} s CPU)"
          + (f"  ({len(own_failed)} failed: {', '.join(own_failed)})" if own_failed else ""),
          flush=True)

    video = sum(c["duration"] for c in manifest["clips"])
    print(f"\nthe pipeline's speed-up over the same commands one by one: {t_seq / t_pipe:.2f}x "
          f"(target >= 1.7x); CPU time, which other work on the machine moves far less: "
          f"{pipe.cpu:.1f} s against {cpu_seq:.1f} s ({pipe.cpu / cpu_seq:.2f}x)")
    print(f"the encoder's share, one by one: Manim's encoder {t_own:.1f} s against the "
          f"pipeline's {t_seq:.1f} s ({t_own / t_seq:.2f}x wall, {cpu_own / cpu_seq:.2f}x CPU); "
          f"the pipeline against Manim's encoder one by one: {t_own / t_pipe:.2f}x")
    print(f"unchanged re-run: {t_again:.2f} s (target < 5 s)")
    print(f"-ql: {video:.1f} s of video; {t_seq / video:.2f} s of rendering per second of "
          f"video one at a time, {t_pipe / video:.2f} s with the pipeline's {args.jobs} jobs")

    if manifest["clips"]:
        short = min(manifest["clips"], key=lambda c: c["duration"])
        ch = next(c for c in story if c.scene == short["scene"])
        dt, rc = timed(manim(ch, ["-qh"], encoder, work / "qh"), env=scene_env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        made = list((work / "qh").rglob(f"{ch.scene}.mp4"))
        if rc == 0 and made:
            seconds = verify_clip(made[0]).duration
            print(f"-qh: {ch.scene} ({seconds:.1f} s of video at 1920x1080, 60 fps) took "
                  f"{dt:.1f} s (load {load()}): {dt / seconds:.2f} s per second of video "
                  f"(at -ql the same scene took {per_scene[ch.scene]:.1f} s for "
                  f"{short['duration']:.1f} s of video: "
                  f"{per_scene[ch.scene] / short['duration']:.2f} s per second)")
        else:
            print(f"-qh: {ch.scene} failed (exit {rc})")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
