"""Render a scene in-process at a small size and read its last frame."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import numpy as np
import srt
from manim import MathTex, SingleStringMathTex, Text, ThreeDScene, config

from mlp.bundled import bundled_path
from mlp.trace import load_trace
from scenes.manim_config import manim_config
from scenes.toolkit.reading import ReadingSpeed
from scenes.toolkit.readouts import NumberText

# The manim command beside this Python, as users run it. (`python -m manim` would do, but on
# Manim 0.21 with IPython installed Python's runpy warns on stderr before the scene runs.)
MANIM = str(Path(sys.executable).with_name("manim"))
PIXEL_HEIGHT = 270
PIXEL_WIDTH = 480
TEXT_TYPES = (Text, MathTex, SingleStringMathTex, NumberText)


def asset(name: str):
    return load_trace(bundled_path(name))


def render(scene_cls, media_dir, *, pace: float = 0.05, tex_dir=None, output="none",
           size: tuple[int, int] = (PIXEL_WIDTH, PIXEL_HEIGHT), **kwargs):
    """Render ``scene_cls(pace=pace, **kwargs)`` at 480x270 (or ``size``), 5 fps; returns
    (scene, frame).

    ``frame`` is the last frame as (H, W, 3) uint8. Each render gets its own ``media_dir``;
    renders given the same ``tex_dir`` share one TeX cache, so their LaTeX is compiled once.
    ``output="movie"`` also writes the video (as ``scene.mp4`` under ``media_dir``) and its
    subtitles; by default nothing is written.
    """
    options = {"media_dir": str(media_dir), "pixel_height": size[1], "pixel_width": size[0],
               "frame_rate": 5, "disable_caching": True,
               "verbosity": "ERROR", "progress_bar": "none",
               "output_file": str(Path(media_dir) / "scene")}
    if tex_dir is not None:
        options["tex_dir"] = str(tex_dir)
    with manim_config(options, output=output):
        scene = scene_cls(pace=pace, **kwargs)
        scene.render()
        frame = np.asarray(scene.renderer.get_frame())[..., :3].copy()
        scene.frame_size = (config.frame_width, config.frame_height)
    return scene, frame


def shown_texts(scene) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Every text on screen now, outermost first (a text inside another is part of it), each
    as (its words, its lower-left corner, its upper-right corner) over what is drawn of it:
    for 3-D scenes, the texts fixed in the frame."""
    if isinstance(scene, ThreeDScene):
        fixed = {id(m) for m in scene.renderer.camera.fixed_in_frame_mobjects}
        roots = [m for root in scene.mobjects for m in root.get_family() if id(m) in fixed]
    else:
        roots = list(scene.mobjects)
    found, inside = [], set()
    for root in roots:
        for m in root.get_family():
            if id(m) in inside or not isinstance(m, TEXT_TYPES):
                continue
            inside.update(id(x) for x in m.get_family())
            # TeX keeps its fill on the glyphs, not on the group that holds them
            drawn = [p for p in m.family_members_with_points()
                     if p.get_fill_opacity() > 0 or p.get_stroke_width() > 0
                     and p.get_stroke_opacity() > 0]
            if not drawn:
                continue
            pts = np.concatenate([p.points for p in drawn])
            text = getattr(m, "text", None) or getattr(m, "tex_string", "?")
            found.append((text, pts.min(axis=0), pts.max(axis=0)))
    return found


# Two texts overlap when their boxes share more than this much width and height (scene
# units: a 1080p frame is 8 units high, so 0.03 is about 4 pixels).
OVERLAP = 0.03


def overlapping(texts) -> list[tuple[str, str]]:
    """Each pair of ``shown_texts`` whose boxes overlap, as (text, text)."""
    pairs = []
    for i, (a, a_lo, a_hi) in enumerate(texts):
        for b, b_lo, b_hi in texts[i + 1:]:
            wide = min(a_hi[0], b_hi[0]) - max(a_lo[0], b_lo[0])
            high = min(a_hi[1], b_hi[1]) - max(a_lo[1], b_lo[1])
            if wide > OVERLAP and high > OVERLAP:
                pairs.append((a, b))
    return pairs


def checking(scene_cls):
    """``scene_cls`` that records, after each animation and wait, every text found outside
    the frame (``outside``) and every two texts drawn over each other (``overlaps``), and
    how many texts on screen it examined in all (``examined``, once per check)."""

    class Checked(scene_cls):
        outside: list
        overlaps: list
        examined: int

        def _check(self) -> None:
            w, h = config.frame_width / 2, config.frame_height / 2
            texts = shown_texts(self)
            for text, lo, hi in texts:
                self.examined += 1
                if lo[0] < -w - 1e-3 or hi[0] > w + 1e-3 or lo[1] < -h - 1e-3 \
                        or hi[1] > h + 1e-3:
                    self.outside.append((round(self.time, 2), text,
                                         np.round([lo[0], hi[0], lo[1], hi[1]], 2)))
            self.overlaps += [(round(self.time, 2), a, b) for a, b in overlapping(texts)]

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            self._check()

        def wait(self, *args, **kwargs):
            super().wait(*args, **kwargs)
            self._check()

    Checked.__name__ = scene_cls.__name__
    Checked.outside = []
    Checked.overlaps = []
    Checked.examined = 0
    return Checked


def to_pixel(scene, points) -> np.ndarray:
    """Scene points (n, 3) to integer pixel indices (n, 2) as (row, col)."""
    fw, fh = scene.frame_size
    P = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    col = (P[:, 0] + fw / 2) / fw * PIXEL_WIDTH
    row = (fh / 2 - P[:, 1]) / fh * PIXEL_HEIGHT
    return np.column_stack([np.floor(row), np.floor(col)]).astype(int)


def pixel_centres(scene, rows, cols) -> np.ndarray:
    """Scene points (n, 3) at the centres of pixels (rows[i], cols[i])."""
    fw, fh = scene.frame_size
    rows, cols = np.asarray(rows, dtype=np.float64), np.asarray(cols, dtype=np.float64)
    x = (cols + 0.5) / PIXEL_WIDTH * fw - fw / 2
    y = fh / 2 - (rows + 0.5) / PIXEL_HEIGHT * fh
    return np.column_stack([x, y, np.zeros_like(x)])


def rgb255(hex_color: str) -> np.ndarray:
    c = hex_color.lstrip("#")
    return np.array([int(c[i:i + 2], 16) for i in (0, 2, 4)], dtype=float)


def says_share(text: str, share: float, decimals: int = 0) -> bool:
    """Whether ``text`` states ``share`` as a percentage: some "N%" (or TeX's "N\\%") with at
    least ``decimals`` decimals within half a unit of its last decimal of 100 * share, and
    reading 100 only for a share of 1, 0 only for 0 (written here, apart from the scenes'
    own formatting)."""
    true = 100 * float(share)
    for m in re.finditer(r"(\d+(?:\.(\d+))?)\\?%", text):
        x, d = float(m.group(1)), len(m.group(2) or "")
        if d < decimals:
            continue
        if abs(x - true) <= 0.5 * 10.0 ** -d + 1e-9 and (x < 100 or share == 1) \
                and (x > 0 or share == 0):
            return True
    return False


def scene_of(chapter):
    """The Scene class a story chapter names, imported by its module name as the pipeline's
    manim run imports it."""
    module = importlib.import_module(chapter.module.removesuffix(".py").replace("/", "."))
    return getattr(module, chapter.scene)


# The size the scenes are read at: a movie with the subtitles manim writes beside it.
TINY = (256, 144)


def written_cues(media) -> list[srt.Subtitle]:
    return list(srt.parse((media / "scene.srt").read_text(encoding="utf-8")))


def too_fast(cues: list[srt.Subtitle], speed: ReadingSpeed) -> list[str]:
    """Each cue on screen for less than its characters at ``speed`` allow, or for less than
    the shortest time, as 'seconds s, characters/s: text'."""
    found = []
    for cue in cues:
        seconds = (cue.end - cue.start).total_seconds()
        rate = len(cue.content) / seconds if seconds > 0 else float("inf")
        # as written, to the millisecond: no slack for the format's rounding
        if seconds < speed.min_seconds or len(cue.content) > speed.chars_per_second * seconds:
            found.append(f"{seconds:.3f} s, {rate:.1f} characters/s: {cue.content}")
    return found


def watching(scene_cls, seen: list[str]):
    """``scene_cls`` that adds every text on screen after each animation and wait to
    ``seen`` (for 3-D scenes, the text fixed in the frame too)."""

    class Watched(scene_cls):
        def _look(self) -> None:
            roots = list(self.mobjects)
            if isinstance(self, ThreeDScene):
                roots += list(self.renderer.camera.fixed_in_frame_mobjects)
            for root in roots:
                for m in root.get_family():
                    if isinstance(m, Text):
                        seen.append(m.original_text)
                    elif isinstance(m, MathTex | SingleStringMathTex):
                        seen.append(m.tex_string)
                    elif isinstance(m, NumberText):
                        seen.append(m.text)

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            self._look()

        def wait(self, *args, **kwargs):
            super().wait(*args, **kwargs)
            self._look()

    Watched.__name__ = scene_cls.__name__
    return Watched


def planned_in(scene_cls, code: str, monkeypatch, media, **kwargs):
    """``scene_cls(**kwargs)`` planned in language ``code`` (scenes.toolkit.planning: its
    animations skipped), a string the catalog lacks raised as an error, its texts checked
    against the frame and each other (``checking``): (the scene, every text it showed)."""
    import warnings

    from scenes.toolkit import language
    from scenes.toolkit.language import ENV_VAR, MissingTranslation
    from scenes.toolkit.planning import plan

    monkeypatch.setenv(ENV_VAR, code)
    monkeypatch.delenv("MLP_TRACE", raising=False)
    monkeypatch.delenv("MLP_READING_SPEED", raising=False)
    language.catalog.cache_clear()
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        scene = plan(checking(watching(scene_cls, seen)), media_dir=media, **kwargs)
    language.catalog.cache_clear()
    return scene, seen
