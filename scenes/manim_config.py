"""Rendering a scene from Python under ``tempconfig``, the same way on every supported Manim.

Manim 0.21 chooses what a render writes with ``write_to_movie`` and ``save_last_frame``;
0.22 replaced both with ``format`` (``none``, ``mp4``, ``png``, ...) and refuses nothing:
its ``tempconfig`` silently drops a key it does not know, so an old option keeps the old
behaviour (a movie written by every test render) without a word. ``manim_config`` sets the
output once, correctly for the running Manim, and refuses any option this Manim does not
have.

Examples
--------
>>> from scenes.manim_config import manim_config
>>> with manim_config({"pixel_height": 90, "pixel_width": 160}, output="none"):
...     pass
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

import manim
from manim import config, tempconfig

Output = Literal["none", "movie"]

# 0.22 has one output option, `format`; 0.21 has write_to_movie / save_last_frame beside it.
HAS_OUTPUT_FORMAT = "write_to_movie" not in set(config)


def output_options(output: Output) -> dict[str, Any]:
    """The options that make a render write nothing (``"none"``) or an mp4 (``"movie"``).

    Either way nothing else is written: no last-frame PNG. Subtitles (``.srt``) are written
    beside a movie; without one, only Manim 0.21 writes them.
    """
    if output not in ("none", "movie"):
        raise ValueError(f"output: expected 'none' or 'movie', got {output!r}")
    if HAS_OUTPUT_FORMAT:
        return {"format": "mp4" if output == "movie" else "none"}
    return {"write_to_movie": output == "movie", "save_last_frame": False}


def unknown_options(options: Mapping[str, Any]) -> list[str]:
    """The keys of ``options`` that are not config options of the running Manim."""
    known = set(config)
    return [key for key in options if key not in known]


@contextmanager
def manim_config(options: Mapping[str, Any], *, output: Output = "none") -> Iterator[None]:
    """``tempconfig(options)`` with the output set by ``output``, for the running Manim.

    Raises ValueError, naming the keys, when ``options`` holds a key this Manim does not know
    (``tempconfig`` would drop it silently) or sets the output itself (say it with
    ``output``).
    """
    unknown = unknown_options(options)
    if unknown:
        raise ValueError(f"Manim {manim.__version__} has no config option "
                         f"{', '.join(map(repr, unknown))}: tempconfig would ignore it")
    own = sorted({"format", "write_to_movie", "save_last_frame"} & set(options))
    if own:
        raise ValueError(f"{', '.join(map(repr, own))}: set the output with "
                         f"output='none' or 'movie', not as an option")
    with tempconfig({**options, **output_options(output)}):
        yield
