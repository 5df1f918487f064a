"""Render a scene in-process at a small size, sharing one TeX cache per test module.

Each render gets its own media_dir; the TeX cache (tex_dir) is shared by the renders of one
module in one worker, so the captions' LaTeX is compiled once, not once per render.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from manim import tempconfig

PIXEL_HEIGHT = 270
PIXEL_WIDTH = 480


def render(scene_cls, media_dir, tex_dir, *, pace: float = 0.05, **kwargs):
    """Render ``scene_cls(pace=pace, **kwargs)`` at 480x270, 5 fps; returns (scene, frame)
    with ``frame`` the last frame as (H, W, 3) uint8."""
    options = {"media_dir": str(media_dir), "tex_dir": str(tex_dir),
               "pixel_height": PIXEL_HEIGHT, "pixel_width": PIXEL_WIDTH, "frame_rate": 5,
               "disable_caching": True, "write_to_movie": False, "save_last_frame": False,
               "verbosity": "ERROR", "progress_bar": "none",
               # subcaptions are written beside the (unwritten) video: give them a name
               "output_file": str(Path(media_dir) / "scene")}
    with tempconfig(options):
        scene = scene_cls(pace=pace, **kwargs)
        scene.render()
        frame = np.asarray(scene.renderer.get_frame())[..., :3].copy()
    return scene, frame
