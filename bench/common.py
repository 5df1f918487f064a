"""What the render benchmarks share: the points they move and how a render is timed."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from mlp.datasets import rings
from scenes.manim_config import manim_config


def ring_points(n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n points on the seed's two rings (radius 3: class 0, radius 1: class 1), shuffled."""
    return rings(n // 2, rng=np.random.RandomState(seed))


def time_render(scene_cls, media_dir: Path) -> float:
    """Wall-clock seconds to render ``scene_cls`` at 480p15 to a video in ``media_dir``."""
    options = {"media_dir": str(media_dir), "quality": "low_quality", "frame_rate": 15,
               "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}
    with manim_config(options, output="movie"):
        start = time.perf_counter()
        scene_cls().render()
        return time.perf_counter() - start
