"""What the benchmarks share: the points they move, how a render is timed, how loaded the
machine was."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mlp.datasets import rings
from scenes.manim_config import manim_config


def ring_points(n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n points on the seed's two rings (radius 3: class 0, radius 1: class 1), shuffled."""
    return rings(n // 2, rng=np.random.RandomState(seed))


def load_average() -> str:
    """The machine's 1-minute load average: other work on a shared machine skews every figure,
    so each benchmark prints it beside its figures."""
    return f"{os.getloadavg()[0]:.1f}"


def render_timed(scene_cls, media_dir: Path) -> tuple[float, np.ndarray]:
    """Render ``scene_cls`` at 480p15 to a video in ``media_dir``: the wall-clock seconds it
    took and its last frame, (480, 854, 4) uint8."""
    options = {"media_dir": str(media_dir), "quality": "low_quality", "frame_rate": 15,
               "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}
    with manim_config(options, output="movie"):
        start = time.perf_counter()
        scene = scene_cls()
        scene.render()
        seconds = time.perf_counter() - start
        return seconds, np.array(scene.renderer.get_frame())


def time_render(scene_cls, media_dir: Path) -> float:
    """Wall-clock seconds to render ``scene_cls`` at 480p15 to a video in ``media_dir``."""
    return render_timed(scene_cls, media_dir)[0]


@dataclass(frozen=True)
class Run:
    """One finished command: wall-clock seconds, the CPU seconds (user + system) it and its
    children used, and its exit code."""

    wall: float
    cpu: float
    returncode: int

    @property
    def cores(self) -> float:
        """Cores kept busy on average: CPU time over wall time."""
        return self.cpu / self.wall if self.wall > 0 else 0.0


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run_timed(cmd: list[str], **kw) -> Run:
    """Run ``cmd`` to the end and measure it. The CPU time is read from the rusage of this
    process's waited-for children, so it counts the command and every process it waited for
    (manim's encoder threads, LaTeX), and nothing else running on the machine."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, **kw)
    wall = time.perf_counter() - t0
    return Run(wall, _children_cpu() - cpu0, proc.returncode)
