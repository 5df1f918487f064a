"""The digits, the bumps and the recap in German and in one other language: each caption is
the catalog's sentence (read from locale/*.po here), every string has its translation, no
word stays English on screen, and every text stays inside the frame."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from plane_render import asset, checking, watching

from scenes.bumps import BumpsAddUp
from scenes.digits import HandwrittenDigits
from scenes.recap import Recap
from scenes.toolkit import language
from scenes.toolkit.language import ENV_VAR, MissingTranslation, read_po
from scenes.toolkit.planning import plan

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
NARROW = "\u202f"


def catalog_sentences(code: str) -> list[re.Pattern]:
    """Each translation of ``code``'s catalog as a pattern, its placeholders any words."""
    patterns = []
    for entry in read_po((LOCALE / f"{code}.po").read_text(encoding="utf-8")):
        if not entry["msgid"]:
            continue
        forms = entry["msgstr"] if isinstance(entry["msgstr"], list) else [entry["msgstr"]]
        for form in forms:
            if form:
                parts = PLACEHOLDER.split(form)
                patterns.append(re.compile(".+?".join(re.escape(p) for p in parts), re.S))
    return patterns


def translation(code: str, msgid: str, context: str | None = None, form: int = 0) -> str:
    """The catalog's own translation of ``msgid``, read from the .po file."""
    for entry in read_po((LOCALE / f"{code}.po").read_text(encoding="utf-8")):
        if entry["msgid"] == msgid and entry["msgctxt"] == context:
            value = entry["msgstr"]
            return value[form] if isinstance(value, list) else value
    raise KeyError(msgid)


def planned(monkeypatch, scene_cls, code: str, media):
    """The chapter planned in language ``code`` (a missing translation is an error), its
    texts checked against the frame; returns (scene, the texts seen on screen)."""
    monkeypatch.setenv(ENV_VAR, code)
    monkeypatch.delenv("MLP_TRACE", raising=False)
    monkeypatch.delenv("MLP_READING_SPEED", raising=False)
    language.catalog.cache_clear()
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        scene = plan(checking(watching(scene_cls, seen)), media_dir=media)
    language.catalog.cache_clear()
    return scene, set(seen)


def assert_spoken(scene, code: str) -> None:
    """Every caption is one of the catalog's sentences (or two of them, one after the
    other), none is empty, and the chapter's texts stay inside the frame."""
    sentences = catalog_sentences(code)
    beats = scene.played_beats
    assert len(beats) >= 5
    for beat in beats:
        text = beat.caption
        whole = any(p.fullmatch(text) for p in sentences)
        # a caption of two whole sentences: each the catalog's
        split = any(p.fullmatch(text[:i]) and any(q.fullmatch(text[i + 1:]) for q in sentences)
                    for i in [m.start() for m in re.finditer(" ", text)] for p in sentences
                    if p.fullmatch(text[:i]))
        assert whole or split, text
        # and no English is left in it (a placeholder of the pattern could hide some)
        assert not ENGLISH_WORDS.search(text), text
    assert scene.examined > 0 and scene.outside == []


ENGLISH_WORDS = re.compile(r"\b(the|of|and|with|is|are|its|their|each|one|by)\b")
ENGLISH = {"true", "predicted", "training", "test", "step", "loss", "accuracy",
           "step (log scale)", "unit i", "What we saw", "1. one line"}


@pytest.mark.parametrize("code", ["de", "ru"])
def test_the_digits_chapter_speaks_the_language(monkeypatch, tmp_path, code):
    scene, seen = planned(monkeypatch, HandwrittenDigits, code, tmp_path)
    assert_spoken(scene, code)
    t = asset("digits-width-16")
    said = {b.name: b.caption for b in scene.played_beats}
    # the counts in the language's format: 1,797 handwritten digits, 1,437 for training
    thousands = {"de": ".", "ru": NARROW}[code]
    total = t.n_total + t.n_test_total
    assert f"{total // 1000}{thousands}{total % 1000:03d}" in said["data"]
    assert f"{t.n_total // 1000}{thousands}{t.n_total % 1000:03d}" in said["split"]
    # the confusion matrix's and the score curves' words are the catalog's
    assert {translation(code, "true", "confusion matrix"),
            translation(code, "predicted", "confusion matrix"),
            translation(code, "training", "score"), translation(code, "test", "score")} <= seen
    assert not ENGLISH & seen
    # the test accuracy at the end, with the language's decimal comma and percent sign
    test = f"{100 * float(t.test_accuracy[-1]):.1f}".replace(".", ",") + NARROW + "%"
    assert test in said["scores"]


@pytest.mark.parametrize("code", ["de", "fr"])
def test_the_bumps_chapter_speaks_the_language(monkeypatch, tmp_path, code):
    scene, seen = planned(monkeypatch, BumpsAddUp, code, tmp_path)
    assert_spoken(scene, code)
    t = asset("sine-width-8")
    said = {b.name: b.caption for b in scene.played_beats}
    # the fit's numbers with a decimal comma: R² 0,980
    assert f"R² {float(t.r2[-1]):.3f}".replace(".", ",") in said["fit"]
    assert translation(code, "unit i") in seen and not ENGLISH & seen
    assert translation(code, "Bumps add up to any curve") in seen


@pytest.mark.parametrize("code", ["de", "es"])
def test_the_recap_speaks_the_language(monkeypatch, tmp_path, code):
    scene, seen = planned(monkeypatch, Recap, code, tmp_path)
    assert_spoken(scene, code)
    t = asset("seed-notebook")
    said = {b.name: b.caption for b in scene.played_beats}
    # the spot's coordinates: with a decimal comma, separated by a semicolon
    x, y = (f"{v:.1f}".replace(".", ",") for v in scene.spot)
    assert f"({x}; {y})" in said["empty centre"]
    assert translation(code, "What we saw") in seen and not ENGLISH & seen
    # the labels break at spaces only: a percentage keeps its narrow space, never a line's end
    assert not any(s.startswith("%") for s in seen)
    assert all(s[i - 1] == NARROW for s in seen for i in range(1, len(s)) if s[i] == "%")
    assert any("%" in s for s in seen)
    steps = int(t.steps[-1])
    assert str(steps) in said["gradients"]


def test_a_note_of_test_images_is_one_sentence_of_the_catalog(monkeypatch):
    from scenes.toolkit.sample import DisplaySample

    monkeypatch.setenv(ENV_VAR, "de")
    language.catalog.cache_clear()
    sample = DisplaySample(np.arange(300), np.zeros((300, 2)), np.zeros(300), 1200)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        note = sample.note("test images")
    plural = translation("de", "{shown} of {total} test image shown", form=1)
    assert note == plural.replace("{shown}", "300").replace("{total}", "1.200")
    with pytest.raises(ValueError, match="noun must be one of"):
        sample.note("cats")
    language.catalog.cache_clear()
