"""A chapter's beats without drawing it: its captions and how long each stays up.

``plan_beats`` runs a scene's construct with Manim's animations skipped (each play jumps to
its end, no frame is drawn, nothing is written), at full pace: every beat still holds its
caption for its reading time and its animations' run time, so the beats' starts, ends and
captions are those of a real render. A whole story plans in about a second a chapter.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from scenes.manim_config import manim_config
from scenes.toolkit.beats import Beat

# 854 x 480 although nothing is drawn: Pango lays a Text out on a canvas as many pixels wide
# as the frame, so a long line planned at a smaller size would wrap, and measure, otherwise
# than it is drawn.
PLAN_OPTIONS = {"pixel_height": 480, "pixel_width": 854, "frame_rate": 15,
                "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}


def plan(scene_cls, media_dir: Path | None = None, **kwargs):
    """``scene_cls(**kwargs)`` played to its end with its animations skipped: the scene,
    its mobjects as they end and its ``played_beats``.

    ``media_dir`` holds Manim's TeX cache (a temporary folder when None): plans that share
    one compile their LaTeX once.
    """
    with tempfile.TemporaryDirectory() as tmp:
        media = Path(media_dir) if media_dir is not None else Path(tmp)
        # an output file's name even though nothing is drawn: Manim 0.21 writes the
        # captions' .srt beside it when the scene ends
        with manim_config({**PLAN_OPTIONS, "media_dir": str(media),
                           "output_file": str(media / "plan")}, output="none"):
            scene = scene_cls(skip_animations=True, **kwargs)
            scene.render()
    return scene


def plan_beats(scene_cls, media_dir: Path | None = None, **kwargs) -> list[Beat]:
    """The beats ``scene_cls(**kwargs)`` plays, in order, timed on its own clock."""
    return list(plan(scene_cls, media_dir, **kwargs).played_beats)
