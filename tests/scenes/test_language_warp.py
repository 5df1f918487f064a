"""The hidden space's chapters (scenes/warp.py) in German and in Russian: each caption is the
catalog's sentence (never the English one), held for its own reading time; the panel's
words are the catalog's too (its title, its statements' words), they stay inside the frame
and no two texts of the panel lie over each other.

Each chapter is planned (its animations skipped, every mobject placed as in a render), with
a string the catalog lacks raised as an error."""

from __future__ import annotations

import re

import pytest
from catalogs import PLACEHOLDER, entries, forms, pattern, sentences, translation
from plane_render import planned_in

from scenes.toolkit.reading import ReadingSpeed
from scenes.warp import (
    DepthWarp,
    HiddenSpaceWarp,
    ManyClassesWarp,
    TwoUnitsWarp,
    WarpDuringTraining,
)

CHAPTERS = [HiddenSpaceWarp, TwoUnitsWarp, WarpDuringTraining, DepthWarp, ManyClassesWarp]
# the words the training clock and the loss curve show, as each catalog says them
CLOCK = {"de": {"Schritt", "Verlust", "Genauigkeit", "Schritt (log. Skala)"},
         "ru": {"шаг", "потери", "точность", "шаг (лог. шкала)"}}


def english() -> list[re.Pattern]:
    """Every English string of the catalog (locale/messages.pot) that says words (not a
    joint of placeholders alone, such as "{head}: {detail}")."""
    out = []
    for e in entries("messages"):
        if e["msgctxt"] is None:
            out += [pattern(s) for s in (e["msgid"], e["msgid_plural"])
                    if s and re.search(r"[^\W\d_]{3,}", PLACEHOLDER.sub(" ", s))]
    return out


@pytest.mark.parametrize("code", ["de", "ru"])
@pytest.mark.parametrize("scene_cls", CHAPTERS, ids=lambda c: c.__name__)
def test_the_chapter_speaks_the_catalogs_words_and_keeps_them_apart_in_the_frame(
        scene_cls, code, monkeypatch, tmp_path):
    scene, seen = planned_in(scene_cls, code, monkeypatch, tmp_path)
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
        f for e in entries(code) for f in forms(e))))
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
