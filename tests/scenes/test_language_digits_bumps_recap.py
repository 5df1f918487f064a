"""The digits, the bumps and the recap in German and in one other language: each caption is
the catalog's sentence (read from locale/*.po here), every string has its translation, no
word stays English on screen, and every text stays inside the frame."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from catalogs import said_in, sentences, translation
from plane_render import asset, planned_in

from scenes.bumps import BumpsAddUp
from scenes.digits import HandwrittenDigits
from scenes.recap import Recap
from scenes.toolkit import language
from scenes.toolkit.language import ENV_VAR, MissingTranslation

NARROW = "\u202f"


def planned(monkeypatch, scene_cls, code: str, media):
    scene, seen = planned_in(scene_cls, code, monkeypatch, media)
    return scene, set(seen)


def assert_spoken(scene, code: str) -> None:
    """Every caption is one of the catalog's sentences (or two of them, one after the
    other), none is empty, and the chapter's texts stay inside the frame."""
    patterns = sentences(code)
    beats = scene.played_beats
    assert len(beats) >= 5
    for beat in beats:
        text = beat.caption
        # the catalog's sentence, or two of them one after the other
        assert said_in(text, patterns), text
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
