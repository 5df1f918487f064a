"""The chapters from the three classifiers to the decision boundary in German and one more
language: every caption is that catalog's sentence (read from locale/*.po here, never
through the code under test), no English sentence is left in them, the panel's words are
the catalog's, and no text leaves the frame.

The chapters are planned (scenes.toolkit.planning: animations skipped, every mobject
placed, at 854x480 pixels, where a Text wraps as it is drawn).
"""

from __future__ import annotations

import dataclasses
import re
import warnings

import pytest
from catalogs import PLACEHOLDER, entries, pattern, sentences, translation
from plane_render import asset, planned_in

from scenes.decision_boundary import DecisionBoundary, ManyClassesRegions, WidthProgression
from scenes.hidden_lines import HiddenLinesTraining
from scenes.network import BecomeANetwork
from scenes.three_classifiers import ThreeClassifiers
from scenes.toolkit import language, planning
from scenes.toolkit.events import training_segments
from scenes.toolkit.language import ENV_VAR, MissingTranslation


def english_sentences() -> list[re.Pattern]:
    """The English sentences of the template that have words of their own (at least 12
    letters outside their placeholders): one of them whole in a caption is English left
    untranslated."""
    found = []
    for e in entries("messages"):
        for text in filter(None, (e["msgid"], e["msgid_plural"])):
            if sum(c.isalpha() for c in PLACEHOLDER.sub("", text)) >= 12:
                found.append(pattern(text))
    return found


def planned(monkeypatch, tmp_path, tex_dir, scene_cls, code: str, **kwargs):
    """``scene_cls`` planned in language ``code`` (plane_render.planned_in), its LaTeX in the
    worker's cache: the scene, the texts it showed."""
    monkeypatch.setitem(planning.PLAN_OPTIONS, "tex_dir", str(tex_dir))
    scene, seen = planned_in(scene_cls, code, monkeypatch, tmp_path, **kwargs)
    return scene, set(seen)


# each chapter in German and one other language, with a word of its panel and a caption
# it must say (the English msgid; the test reads its translation from the catalog)
CHAPTERS = [
    (ThreeClassifiers, "ru", "the shaded sides add up:", "Instead of one line, take several."),
    (BecomeANetwork, "fr", "The usual names", None),
    (HiddenLinesTraining, "ru", "Hidden units are lines that learn together",
     "Two rings: the inner circle is one class, the outer ring the other."),
    (DecisionBoundary, "es", "The decision boundary", None),
    (ManyClassesRegions, "fr", "white lines: borders between the classes", None),
    (WidthProgression, "ru", "hidden units",
     "The boundaries after training, one per hidden width, side by side."),
]


@pytest.mark.parametrize("code", ["de", "other"])
@pytest.mark.parametrize(("scene_cls", "other", "word", "said"), CHAPTERS,
                         ids=[c[0].__name__ for c in CHAPTERS])
def test_the_chapter_speaks_the_catalogs_words_inside_the_frame(
        monkeypatch, tmp_path, tex_dir, scene_cls, other, word, said, code):
    code = other if code == "other" else code
    scene, seen = planned(monkeypatch, tmp_path, tex_dir, scene_cls, code)
    captions = [b.caption for b in scene.played_beats]
    assert len(captions) >= 2
    ours, english = sentences(code), english_sentences()
    for caption in captions:
        assert any(p.fullmatch(caption) for p in ours), caption
        assert not any(p.search(caption) for p in english), caption
    if said is not None:
        assert translation(code, said) in captions
    assert translation(code, word) in seen and word not in seen
    assert scene.examined > 0 and scene.outside == []
    assert scene.overlaps == []


def test_the_networks_ordinal_and_count_are_the_languages_words(monkeypatch, tmp_path,
                                                               tex_dir):
    """The seed's 2-3-1: "the three classifiers", "a fourth classifier", in German, and
    the loss in prose with a decimal comma."""
    scene, seen = planned(monkeypatch, tmp_path, tex_dir, BecomeANetwork, "de")
    said = {b.name: b.caption for b in scene.played_beats}
    assert said["lines"].startswith("Die drei Klassifikatoren von vorhin")
    assert said["meta"].startswith("Ein vierter Klassifikator, der Meta-Klassifikator")
    assert re.search(r"Hier L = 0,\d{4};", said["loss"]), said["loss"]
    assert "über die 200 Punkte" in said["loss"]


def test_a_run_recorded_once_an_epoch_says_epochs(monkeypatch):
    """The events' sentences follow the trace's step: a run recorded by epoch says
    "Epoche" in German, never "Schritt"; its numbers have the decimal comma."""
    monkeypatch.setenv(ENV_VAR, "de")
    language.catalog.cache_clear()
    t = asset("seed-notebook")
    by_epoch = dataclasses.replace(t, meta={**t.meta, "training": {
        **t.meta.get("training", {}), "step": "epoch"}})
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        steps = [s.caption for s in training_segments(t)]
        epochs = [s.caption for s in training_segments(by_epoch)]
    assert len(steps) == len(epochs) >= 3
    assert all("Epoche" in c and "Schritt" not in c for c in epochs), epochs
    assert all("Schritt" in c and "Epoche" not in c for c in steps), steps
    assert all(re.search(r"\d,\d{3}", c) and not re.search(r"\d\.\d", c) for c in steps)
    # the last point's crossing, a whole sentence of the catalog
    assert any("der letzte Punkt wechselt auf seine Seite: 100\u202f% richtig" in c
               for c in steps), steps
