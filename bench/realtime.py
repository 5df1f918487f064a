"""Real time at 1080p: seconds of render per second of video, drawn and encoded the way
Manim does it against the project's fast way (Settings.drawing "manim" / "fast"), in one run.

1. One heavy scene (HiddenLinesTraining) at -qh, both ways, each in a fresh process. The
   frames the camera draws are sampled as they go to the encoder, and compared with the
   same frames decoded from the mp4 (PyAV): the PSNR of each encoding.
2. The whole explainer at -qh through the pipeline (`mlp-explainer render -qh --jobs N`),
   both ways, each from an empty cache, then (3) at -ql the fast way.

Prints, for each: seconds of render per second of video (and, for the scene, the CPU
seconds its process used), the ratio of the two ways, the PSNR, the file size, and the load
average before and after (the machine is shared: only the ratios side by side in one run
compare). ``--quick`` runs (1) only.

    .venv/bin/python bench/realtime.py [--quick] [--quality h] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.common import load_average, run_timed  # noqa: E402

HEAVY = ("scenes/hidden_lines.py", "HiddenLinesTraining")
DRAWINGS = ("manim", "fast")
QUALITY_NAMES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality"}
SAMPLE_EVERY = 30  # frames between two frames kept for the PSNR


# ------------------------------------------------------------------ one scene, in a child
def draw_scene(file: str, scene: str, drawing: str, quality: str, out: Path) -> None:
    """Render ``scene`` the ``drawing`` way to out/scene.mp4 (in this process), keeping
    every SAMPLE_EVERY-th frame drawn in out/samples.npz; write out/info.json."""
    os.environ["MLP_DRAWING"] = drawing
    import importlib.util

    from explainer.pipeline.plan import X264_OPTIONS
    from scenes.manim_config import HAS_OUTPUT_FORMAT, manim_config

    spec = importlib.util.spec_from_file_location("bench_scene", ROOT / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    options = {"media_dir": str(out / "media"), "quality": QUALITY_NAMES[quality],
               "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none",
               "output_file": str(out / "scene")}
    if HAS_OUTPUT_FORMAT:  # Manim 0.22 takes encoder options; 0.21 always uses its own
        options["video_encoder_options"] = dict(X264_OPTIONS[drawing])
    samples: dict[str, np.ndarray] = {}
    written = 0
    with manim_config(options, output="movie"):
        instance = getattr(module, scene)()
        add_frame = instance.renderer.add_frame

        def sample(frame, num_frames=1):
            nonlocal written
            first = -(-written // SAMPLE_EVERY) * SAMPLE_EVERY
            for k in range(first, written + num_frames, SAMPLE_EVERY):
                samples[str(k)] = np.array(frame[..., :3])
            written += num_frames
            return add_frame(frame, num_frames=num_frames)

        instance.renderer.add_frame = sample
        instance.render()
        movie = Path(instance.renderer.file_writer.movie_file_path)
    np.savez(out / "samples.npz", **samples)
    (out / "info.json").write_text(json.dumps({"movie": str(movie), "frames": written}))


def psnr(movie: Path, samples: dict[str, np.ndarray]) -> float:
    """PSNR (dB) of the decoded frames against the drawn ones, over all sampled pixels."""
    import av

    se, n = 0.0, 0
    with av.open(str(movie)) as c:
        for k, frame in enumerate(c.decode(video=0)):
            if str(k) in samples:
                diff = frame.to_ndarray(format="rgb24").astype(np.float64) - samples[str(k)]
                se += float(np.sum(diff * diff))
                n += diff.size
    if n == 0:
        raise RuntimeError(f"{movie}: no sampled frame was decoded")
    return float("inf") if se == 0 else 10 * np.log10(255.0 ** 2 / (se / n))


def clip_seconds(movie: Path) -> float:
    from explainer.pipeline.media import verify_clip

    return float(verify_clip(movie).duration)


def heavy_scene(work: Path, quality: str) -> dict[str, dict]:
    """Both ways of drawing the heavy scene, one fresh process each."""
    results = {}
    for drawing in DRAWINGS:
        out = work / f"scene-{drawing}"
        out.mkdir(parents=True)
        load = load_average()
        run = run_timed([sys.executable, __file__, "--draw", drawing, "--quality", quality,
                         "--out", str(out)], cwd=ROOT)
        if run.returncode:
            raise SystemExit(f"realtime: the {drawing} render of {HEAVY[1]} failed")
        info = json.loads((out / "info.json").read_text())
        movie = Path(info["movie"])
        with np.load(out / "samples.npz") as z:
            samples = {k: z[k] for k in z.files}
        seconds = clip_seconds(movie)
        results[drawing] = {"wall": run.wall, "cpu": run.cpu, "video": seconds,
                            "psnr": psnr(movie, samples), "bytes": movie.stat().st_size,
                            "load": f"{load}-{load_average()}"}
    return results


# ------------------------------------------------------------------ the whole explainer
def whole_explainer(work: Path, quality: str, jobs: int, drawings=DRAWINGS) -> dict[str, dict]:
    """The pipeline from an empty cache, each way; the video's length from its mp4."""
    from explainer.pipeline.plan import Settings
    from explainer.pipeline.run import Options, render

    results = {}
    for drawing in drawings:
        out = work / f"explainer-{quality}-{drawing}"
        load = load_average()
        t0 = time.perf_counter()
        report = render(Options(out=out, settings=Settings(quality, drawing=drawing),
                                jobs=jobs, quiet=True))
        wall = time.perf_counter() - t0
        if report.failed:
            raise SystemExit(f"realtime: the {drawing} render failed: {report.failed}")
        movie = out / "explainer.mp4"
        results[drawing] = {"wall": wall, "video": clip_seconds(movie), "psnr": None,
                            "bytes": movie.stat().st_size,
                            "load": f"{load}-{load_average()}"}
    return results


def show(title: str, results: dict[str, dict]) -> None:
    print(title)
    for drawing, r in results.items():
        per = r["wall"] / r["video"]
        quality = f"PSNR {r['psnr']:.2f} dB" if r.get("psnr") else "PSNR not sampled"
        cpu = (f", {r['cpu']:.0f} s CPU ({r['cpu'] / r['video']:.2f} per second)"
               if "cpu" in r else "")
        print(f"  {drawing:6s} {r['wall']:8.1f} s for {r['video']:6.1f} s of video: "
              f"{per:5.2f} s per second{cpu}; {quality}; {r['bytes'] / 1e6:.1f} MB; "
              f"load {r['load']}")
    if len(results) == 2:
        a, b = (results[d]["wall"] / results[d]["video"] for d in DRAWINGS)
        print(f"  fast is {a / b:.2f}x faster than manim")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the heavy scene only")
    ap.add_argument("--quality", choices=sorted(QUALITY_NAMES), default="h",
                    help="the heavy scene's quality (default h)")
    ap.add_argument("--jobs", type=int, default=2, help="the pipeline's jobs (default 2)")
    ap.add_argument("--keep", type=Path, default=None, help="work here instead of a temp dir")
    ap.add_argument("--draw", choices=DRAWINGS, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.draw:
        draw_scene(*HEAVY, args.draw, args.quality, args.out)
        return 0

    work = args.keep or Path(tempfile.mkdtemp(prefix="realtime-"))
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"realtime: {os.cpu_count()} cores, load average {load_average()} at the start")
    try:
        show(f"{HEAVY[1]} at -q{args.quality}:", heavy_scene(work, args.quality))
        if not args.quick:
            show(f"the whole explainer at -qh, {args.jobs} jobs, empty cache:",
                 whole_explainer(work, "h", args.jobs))
            show(f"the whole explainer at -ql, {args.jobs} jobs, empty cache:",
                 whole_explainer(work, "l", args.jobs, drawings=("fast",)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"realtime: load average {load_average()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
