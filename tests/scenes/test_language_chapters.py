"""A chapter in German: each caption is the German catalog's sentence (never the English
one), held for its own reading time, and its words stay inside the frame."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from plane_render import TINY, checking, watching

from scenes.feature_map import FeatureMap
from scenes.linear import CirclesAreNotSeparable, LinearClassifier
from scenes.question import OpeningQuestion
from scenes.toolkit import language
from scenes.toolkit.language import ENV_VAR, MissingTranslation, read_po
from scenes.toolkit.planning import plan
from scenes.toolkit.reading import ReadingSpeed

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def german_sentences() -> list[re.Pattern]:
    """Each German translation as a pattern, its placeholders standing for any words."""
    patterns = []
    for entry in read_po((LOCALE / "de.po").read_text(encoding="utf-8")):
        if not entry["msgid"]:
            continue
        forms = entry["msgstr"] if isinstance(entry["msgstr"], list) else [entry["msgstr"]]
        for form in forms:
            parts = PLACEHOLDER.split(form)
            patterns.append(re.compile(".+?".join(re.escape(p) for p in parts), re.S))
    return patterns


def planned(monkeypatch, code: str, media):
    monkeypatch.setenv(ENV_VAR, code)
    monkeypatch.delenv("MLP_TRACE", raising=False)
    monkeypatch.delenv("MLP_READING_SPEED", raising=False)
    language.catalog.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)  # every string has its German
        return plan(LinearClassifier, media_dir=media)


def test_every_caption_of_the_german_chapter_is_the_catalogs_and_held_to_be_read(
        monkeypatch, tmp_path):
    english = [b.caption for b in planned(monkeypatch, "en", tmp_path).played_beats]
    german = planned(monkeypatch, "de", tmp_path).played_beats
    assert len(german) == len(english) >= 3
    sentences = german_sentences()
    speed = ReadingSpeed()
    for beat, said in zip(german, english, strict=True):
        assert beat.caption not in english, beat.caption
        assert beat.caption != said
        assert any(p.fullmatch(beat.caption) for p in sentences), beat.caption
        # the German caption's own length sets the hold (longer than the English)
        assert beat.duration >= speed.seconds(beat.caption) - 1e-6, beat
    assert sum(len(b.caption) for b in german) > sum(len(c) for c in english)


def render_german(scene_cls, monkeypatch, render, tmp_path) -> tuple[object, list[str]]:
    monkeypatch.setenv(ENV_VAR, "de")
    monkeypatch.delenv("MLP_TRACE", raising=False)
    language.catalog.cache_clear()
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        scene, _frame = render(checking(watching(scene_cls, seen)), tmp_path, size=TINY)
    return scene, seen


@pytest.mark.parametrize("scene_cls", [OpeningQuestion, CirclesAreNotSeparable, FeatureMap],
                         ids=lambda c: c.__name__)
def test_the_other_german_chapters_keep_their_words_in_the_frame(monkeypatch, render, tmp_path,
                                                                 scene_cls):
    scene, seen = render_german(scene_cls, monkeypatch, render, tmp_path)
    assert scene.examined > 0 and scene.outside == []


def test_the_german_chapter_keeps_its_words_in_the_frame(monkeypatch, render, tmp_path):
    scene, seen = render_german(LinearClassifier, monkeypatch, render, tmp_path)
    assert scene.examined > 0 and scene.outside == []
    # the panel speaks German: the clock's names and the run's verdict, its numbers so too
    assert {"Schritt", "Verlust", "Genauigkeit", "Schritt (log. Skala)"} <= set(seen)
    assert "98,0\u202f%" in seen
    assert "98\u202f% richtig, 4 Punkte auf der falschen Seite" in seen
    assert not {"step", "loss", "accuracy"} & set(seen)
