"""mlp-explainer demo: render HiddenLinesTraining with the manim CLI and say where the video is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from explainer.errors import UsageError
from explainer.story import PROJECT_ROOT

NAME = "demo"
HELP = "Render HiddenLinesTraining (the seed's network learning) and print where the video is."

# manim runs in the folder that holds the packages (the checkout, or site-packages), so the
# user's folder, whatever it holds, cannot shadow them.
REPO = PROJECT_ROOT
SCENE_FILE = "scenes/hidden_lines.py"
SCENE = "HiddenLinesTraining"
# manim's quality flag -> the folder it writes into
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60"}


def add_arguments(p) -> None:
    p.add_argument("--quality", choices=sorted(QUALITIES), default="l",
                   help="manim quality: l 480p15 (default), m 720p30, h 1080p60")
    p.add_argument("--trace", help="a trace file to play instead of assets/seed-notebook.npz "
                   "(sets MLP_TRACE)")
    p.add_argument("--media-dir", default=None, help="where manim writes (default: ./media)")


def video_path(media_dir: Path, quality: str) -> Path:
    """Where the manim CLI writes the scene's video for a quality flag."""
    return media_dir / "videos" / Path(SCENE_FILE).stem / QUALITIES[quality] / f"{SCENE}.mp4"


def _check_plays(path: Path) -> None:
    """Stop with the scene's own line when it cannot play the trace, before manim starts."""
    from explainer.pipeline.fit import refusal
    from explainer.story import Chapter
    from mlp.trace import load_trace

    why = refusal(Chapter(SCENE_FILE, SCENE, SCENE), load_trace(path), REPO)
    if why:
        raise UsageError(f"--trace: {SCENE} cannot play it: {why}")


def run(args) -> int:
    # under the current folder, wherever the package is (never inside site-packages)
    media_dir = Path(args.media_dir or "media").resolve()
    env = dict(os.environ)
    if args.trace:
        trace = Path(args.trace).resolve()
        if not trace.is_file():
            raise UsageError(f"--trace: expected an existing trace file, found no file {trace}")
        _check_plays(trace)
        env["MLP_TRACE"] = str(trace)
    cmd = [sys.executable, "-m", "manim", f"-q{args.quality}", "--media_dir", str(media_dir),
           SCENE_FILE, SCENE]
    print("rendering: " + " ".join(["manim", *cmd[3:]]), flush=True)
    done = subprocess.run(cmd, cwd=REPO, env=env)
    if done.returncode != 0:
        return done.returncode  # manim (or the scene's one-line trace error) said why
    video = video_path(media_dir, args.quality)
    if not video.is_file():
        raise UsageError(f"manim finished but the video is not where expected: {video}")
    print(f"video: {video}")
    return 0
