"""The hidden space's chapters (scenes/warp.py) in German and in Russian: each caption is the
catalog's sentence (never the English one), held for its own reading time; the panel's
words are the catalog's too (its title, its statements' words), they stay inside the frame
and no two texts of the panel lie over each other.

Each chapter is planned (its animations skipped, every mobject placed as in a render), with
a string the catalog lacks raised as an error."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from manim import MathTex, SingleStringMathTex, Text
from plane_render import checking, watching

from scenes.toolkit import language
from scenes.toolkit.language import ENV_VAR, MissingTranslation, read_po
from scenes.toolkit.planning import plan
from scenes.toolkit.reading import ReadingSpeed
from scenes.warp import (
    DepthWarp,
    HiddenSpaceWarp,
    ManyClassesWarp,
    TwoUnitsWarp,
    WarpDuringTraining,
)

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
CHAPTERS = [HiddenSpaceWarp, TwoUnitsWarp, WarpDuringTraining, DepthWarp, ManyClassesWarp]
# the words the training clock and the loss curve show, as each catalog says them
CLOCK = {"de": {"Schritt", "Verlust", "Genauigkeit", "Schritt (log. Skala)"},
         "ru": {"шаг", "потери", "точность", "шаг (лог. шкала)"}}


def entries(code: str) -> list[dict]:
    return [e for e in read_po((LOCALE / f"{code}.po").read_text(encoding="utf-8"))
            if e["msgid"]]


def pattern(text: str) -> re.Pattern:
    """A catalog's string as a pattern, its placeholders standing for any words."""
    return re.compile(".+?".join(re.escape(p) for p in PLACEHOLDER.split(text)), re.S)


def sentences(code: str) -> list[re.Pattern]:
    """Every translation of language ``code``'s catalog, each form of a plural."""
    out = []
    for e in entries(code):
        forms = e["msgstr"] if isinstance(e["msgstr"], list) else [e["msgstr"]]
        out += [pattern(f) for f in forms if f]
    return out


def english() -> list[re.Pattern]:
    """Every English string of the catalog (locale/messages.pot) that says words (not a
    joint of placeholders alone, such as "{head}: {detail}")."""
    out = []
    for e in read_po((LOCALE / "messages.pot").read_text(encoding="utf-8")):
        if e["msgid"] and e["msgctxt"] is None:
            out += [pattern(s) for s in (e["msgid"], e["msgid_plural"])
                    if s and re.search(r"[^\W\d_]{3,}", PLACEHOLDER.sub(" ", s))]
    return out


def translation(code: str, msgid: str) -> str:
    return next(e["msgstr"] for e in entries(code) if e["msgid"] == msgid
                and e["msgctxt"] is None)


def apart(scene_cls):
    """``scene_cls`` that records, after each animation and wait, every two texts fixed in
    the frame and on screen whose boxes overlap (``overlaps``): any two, the pieces of one
    statement too (a text inside another is part of it)."""

    class Apart(scene_cls):
        overlaps: list

        def _apart(self) -> None:
            fixed = {id(m) for m in self.renderer.camera.fixed_in_frame_mobjects}
            boxes, inside = [], set()
            for root in self.mobjects:
                for m in root.get_family():
                    if id(m) not in fixed:
                        continue
                    for t in m.get_family():
                        if id(t) in inside or not isinstance(
                                t, Text | MathTex | SingleStringMathTex):
                            continue
                        inside.update(id(x) for x in t.get_family())
                        P = t.get_all_points()
                        if len(P):
                            boxes.append((getattr(t, "original_text", None) or t.tex_string,
                                          P.min(axis=0)[:2], P.max(axis=0)[:2]))
            for i, (a, lo1, hi1) in enumerate(boxes):
                for b, lo2, hi2 in boxes[:i]:
                    if (np.minimum(hi1, hi2) - np.maximum(lo1, lo2) > 0.01).all():
                        self.overlaps.append((a, b))

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            self._apart()

        def wait(self, *args, **kwargs):
            super().wait(*args, **kwargs)
            self._apart()

    Apart.__name__ = scene_cls.__name__
    Apart.overlaps = []
    return Apart


def planned(scene_cls, code: str, monkeypatch, media) -> tuple[object, list[str]]:
    monkeypatch.setenv(ENV_VAR, code)
    monkeypatch.delenv("MLP_TRACE", raising=False)
    monkeypatch.delenv("MLP_READING_SPEED", raising=False)
    language.catalog.cache_clear()
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)  # every string has its translation
        scene = plan(apart(checking(watching(scene_cls, seen))), media_dir=media)
    language.catalog.cache_clear()
    return scene, seen


@pytest.mark.parametrize("code", ["de", "ru"])
@pytest.mark.parametrize("scene_cls", CHAPTERS, ids=lambda c: c.__name__)
def test_the_chapter_speaks_the_catalogs_words_and_keeps_them_apart_in_the_frame(
        scene_cls, code, monkeypatch, tmp_path):
    scene, seen = planned(scene_cls, code, monkeypatch, tmp_path)
    beats = scene.played_beats
    assert len(beats) >= 3
    ours, theirs, speed = sentences(code), english(), ReadingSpeed()
    for beat in beats:
        assert any(p.fullmatch(beat.caption) for p in ours), beat.caption
        assert not any(p.fullmatch(beat.caption) for p in theirs), beat.caption
        assert beat.duration >= speed.seconds(beat.caption) - 1e-6, beat
    # the panel: the chapter's title as the catalog has it, and the panel's words in it
    assert translation(code, scene_cls.title_text) in seen
    # every word of five letters or more on screen is one of the catalog's words
    words = {w.strip(".,:;()") for s in seen for w in s.split()}
    words = {w for w in words if re.fullmatch(r"[^\W\d_]{5,}", w)}
    catalog = set(re.findall(r"[^\W\d_]+", " ".join(
        f for e in entries(code)
        for f in (e["msgstr"] if isinstance(e["msgstr"], list) else [e["msgstr"]]))))
    assert len(words) >= 5 and words <= catalog, sorted(words - catalog)
    if scene_cls in (WarpDuringTraining, ManyClassesWarp):
        assert CLOCK[code] <= set(seen)
    # German and Russian numbers: a decimal comma and a narrow space before the per cent sign
    shown = " ".join(b.caption for b in beats)
    assert re.search(r"\d\u202f%", shown) and not re.search(r"\d%", shown)
    assert not re.search(r"\d\.\d", shown.replace("1/2", "")), shown
    # in the frame, and apart
    assert scene.examined > 0 and scene.outside == [], scene.outside[:3]
    assert scene.overlaps == [], sorted(set(scene.overlaps))[:5]
