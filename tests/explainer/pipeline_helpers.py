"""Helpers for the render pipeline's tests: a small story, decoding, and headless Chromium."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "tests/explainer/fixtures/tiny_scenes.py"
SIZE = (256, 144)
FPS = 10
SMALL = ["--resolution", f"{SIZE[0]},{SIZE[1]}", "--fps", str(FPS)]


def story_file(tmp: Path, scenes: list[tuple[str, str]], module: str = FIXTURE) -> Path:
    """A --story JSON of (scene, title) pairs from one module."""
    path = tmp / "story.json"
    path.write_text(json.dumps([{"module": module, "scene": s, "title": t,
                                 "assets": ["seed-notebook"]} for s, t in scenes]))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode(path: Path, fmt: str = "rgb24") -> list[np.ndarray]:
    """Every frame of a video as arrays (VP9 with alpha through libvpx, which keeps alpha)."""
    frames = []
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if fmt == "rgba" and s.codec_context.name == "vp9":
            dec = av.CodecContext.create("libvpx-vp9", "r")
            for packet in c.demux(s):
                frames += [f.to_ndarray(format=fmt) for f in dec.decode(
                    packet if packet.size else None)]
        else:
            frames = [f.to_ndarray(format=fmt) for f in c.decode(s)]
    return frames


def chromium_dom(html: Path, tmp: Path) -> str:
    """The page's DOM after its scripts ran, from headless Chromium (Debian's chromium)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is not installed (scripts/bootstrap.sh installs it)"
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom",
           html.resolve().as_uri()]
    for _ in range(3):  # a loaded machine may need another pass for media metadata
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        tags = re.findall(r"<video\b[^>]*>", proc.stdout)
        if tags and all("data-loaded-duration" in t or "data-load-error" in t for t in tags):
            break
    return proc.stdout


def video_durations(dom: str) -> dict[str, float]:
    """id -> the duration the browser decoded, from each <video>'s data-loaded-duration."""
    out = {}
    for tag in re.findall(r"<video\b[^>]*>", dom):
        vid = re.search(r'\bid="([^"]+)"', tag)
        dur = re.search(r'data-loaded-duration="([^"]+)"', tag)
        err = re.search(r'data-load-error="([^"]+)"', tag)
        assert vid, tag
        assert not err, f"{vid.group(1)} failed to load in Chromium: {tag}"
        out[vid.group(1)] = float(dur.group(1)) if dur else float("nan")
    return out
