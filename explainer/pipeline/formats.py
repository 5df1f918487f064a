"""The export formats: one record each, holding what the pipeline needs to make and check it.

A format is made one of two ways. From the clip: the mp4 is decoded and written again
(``make``), and the result is checked by decoding it (``check``). Or by a render of its
own: the manim CLI runs again with the format's flags (a transparent clip), and its output
is decoded with its alpha channel. Adding a format is one record here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# make(mp4, target) writes the export of the clip at mp4 to target.
Make = Callable[[Path, Path], None]
# check(target, size, frames) decodes what make wrote and says what is wrong with it, if
# anything, against the clip's size (width, height) and frame count (None: unknown).
Check = Callable[[Path, tuple[int, int], int | None], str | None]


@dataclass(frozen=True)
class Format:
    """One export: its name (``--formats``, the manifest's ``exports``), its file and how it is
    made and checked.

    ext: the file extension; label: the link on the index page.
    make, check: for a format made from the clip (see the module docstring).
    manim_flags: for a format rendered on its own, the flags its manim run adds; its output
        is checked by decoding it with alpha at the run's size and frame rate.
    always: made with every clip, whatever ``--formats`` asks for (the poster).
    """

    name: str
    ext: str
    label: str
    make: Make | None = None
    check: Check | None = None
    manim_flags: tuple[str, ...] = ()
    always: bool = False

    @property
    def from_clip(self) -> bool:
        return self.make is not None

    @property
    def suffix(self) -> str:
        """What follows the scene's name in clips/: ``.<ext>``, or ``.alpha.<ext>`` for a
        transparent render (beside the mp4 clip, whose exports share its name).

        >>> EXPORTS["gif"].suffix, EXPORTS["webm-alpha"].suffix
        ('.gif', '.alpha.webm')
        """
        return f".{self.ext}" if self.from_clip else f".alpha.{self.ext}"


# The media functions are imported when a format is made, not when the records are read:
# parsing --formats need not load PyAV.
def _poster(mp4: Path, target: Path) -> None:
    from explainer.pipeline.media import verify_clip

    # decoding the whole clip checks it, and gives its last frame to save
    verify_clip(mp4, poster=target)


def _webm(mp4: Path, target: Path) -> None:
    from explainer.pipeline.media import export_webm

    export_webm(mp4, target)


def _gif(mp4: Path, target: Path) -> None:
    from explainer.pipeline.media import export_gif

    export_gif(mp4, target)


def _same_frames(target: Path, size: tuple[int, int], frames: int | None) -> str | None:
    from explainer.pipeline.media import verify_clip

    made = verify_clip(target, size=size)
    if frames and made.frames != frames:
        return f"{target.name}: {made.frames} frames, the clip has {frames}"
    return None


EXPORTS: dict[str, Format] = {f.name: f for f in (
    Format("poster", "png", "poster png", make=_poster, always=True),
    Format("webm", "webm", "webm", make=_webm, check=_same_frames),
    Format("gif", "gif", "gif", make=_gif, check=_same_frames),
    Format("mov", "mov", "transparent mov", manim_flags=("-t",)),
    Format("webm-alpha", "webm", "transparent webm", manim_flags=("-t", "--format", "webm")),
)}

# Made from the mp4 (no second render), and from a second, transparent render.
DERIVED_FORMATS = tuple(name for name, f in EXPORTS.items() if f.from_clip)
TRANSPARENT_FORMATS = tuple(name for name, f in EXPORTS.items() if not f.from_clip)
FORMATS = tuple(EXPORTS)
