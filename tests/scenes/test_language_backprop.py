"""The backpropagation chapters in German and Russian: each caption is the catalog's own
sentence (never the English one), the split of the update into beats follows the translated
length, and every word on screen stays inside the frame."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from catalogs import LOCALE, entries, said_in, sentences
from manim import MathTex, Text
from networks import network
from plane_render import checking, watching

from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.chain_rule import ChainRulePath
from scenes.graph import ComputationalGraph
from scenes.pull import WhoPullsTheLines
from scenes.toolkit import language
from scenes.toolkit.formula_text import WordsAndMath
from scenes.toolkit.language import ENV_VAR, MissingTranslation, read_po
from scenes.toolkit.planning import plan

# the files whose strings these chapters bring: every one of them must be translated
OURS = ("scenes/graph.py", "scenes/chain_rule.py", "scenes/pull.py",
        "scenes/toolkit/network_graph.py", "scenes/toolkit/backprop.py",
        "scenes/toolkit/units.py")
CHAPTERS = [ComputationalGraph, ChainRulePath, WhoPullsTheLines]


def our_msgids() -> set[tuple[str | None, str]]:
    """The (context, English string) of these chapters' files, read from the template's
    references."""
    text = (LOCALE / "messages.pot").read_text(encoding="utf-8")
    found = set()
    for block in text.split("\n\n"):
        refs = [line for line in block.splitlines() if line.startswith("#:")]
        if any(f in line for line in refs for f in OURS):
            for e in read_po(block):
                found.add((e["msgctxt"], e["msgid"]))
    return found


def is_about(warning: str, key: tuple[str | None, str]) -> bool:
    """Whether a MissingTranslation warning names string ``key`` (context, msgid)."""
    context, msgid = key
    named = f"no translation of {msgid!r}" in warning
    return named and ((f"(context {context!r})" in warning) if context
                      else "(context " not in warning)


def planned(monkeypatch, scene_cls, code: str, media, **kwargs):
    """``scene_cls`` planned in language ``code``: (scene, texts seen, missing warnings)."""
    monkeypatch.setenv(ENV_VAR, code)
    monkeypatch.delenv("MLP_TRACE", raising=False)
    monkeypatch.delenv("MLP_READING_SPEED", raising=False)
    language.catalog.cache_clear()
    language._warned.clear()
    seen: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MissingTranslation)
        scene = plan(checking(watching(scene_cls, seen)), media_dir=media, **kwargs)
    missing = [str(w.message) for w in caught if issubclass(w.category, MissingTranslation)]
    return scene, seen, missing


def english(monkeypatch, scene_cls, media, **kwargs) -> list[str]:
    return [b.caption for b in planned(monkeypatch, scene_cls, "en", media,
                                       **kwargs)[0].played_beats]


@pytest.mark.parametrize("scene_cls", CHAPTERS, ids=lambda c: c.__name__)
def test_the_german_chapter_says_the_catalogs_sentences_inside_the_frame(monkeypatch, tmp_path,
                                                                         scene_cls):
    said = english(monkeypatch, scene_cls, tmp_path)
    scene, seen, missing = planned(monkeypatch, scene_cls, "de", tmp_path)
    assert missing == []  # every string has its German
    german = [b.caption for b in scene.played_beats]
    patterns = sentences("de")
    assert len(german) >= 3
    for caption in german:
        assert caption not in said, caption
        assert said_in(caption, patterns), caption
    assert scene.examined > 0 and scene.outside == []
    # the words on screen are German too: no English title or legend is left
    assert not {"The network as a computational graph", "One unit's path to the loss",
                "positive weight", "every unit at once, in matrix form"} & set(seen)


@pytest.mark.parametrize("scene_cls", CHAPTERS, ids=lambda c: c.__name__)
def test_the_russian_chapter_translates_every_one_of_its_own_strings(monkeypatch, tmp_path,
                                                                     scene_cls):
    scene, seen, missing = planned(monkeypatch, scene_cls, "ru", tmp_path)
    ours = our_msgids()
    assert len(ours) > 100
    # a string shared with other chapters may still be on its way; these chapters' own not
    assert [m for m in missing if any(is_about(m, key) for key in ours)] == []
    patterns = sentences("ru")
    for beat in scene.played_beats:
        assert re.search("[а-яё]", beat.caption), beat.caption  # Cyrillic, not English
        assert said_in(beat.caption, patterns), beat.caption
    assert scene.examined > 0 and scene.outside == []
    # its words are drawn by Pango: no Cyrillic goes to LaTeX
    tex = [s for s in seen if re.search("[а-яё]", s, re.I) and "$" in s]
    assert tex == []


def momentum_run():
    X, y, spec = make_dataset("moons", n=30, seed=1)
    W, b = initial_parameters([2, 3, 1], "glorot", rng=1)
    return train(MLP(W, b, "tanh", "binary"), X, y,
                 TrainConfig(lr=0.2, steps=6, momentum=0.9, l2=0.01), np.arange(7),
                 meta={"dataset": spec})


def test_the_german_update_is_split_by_the_german_lengths(monkeypatch, tmp_path):
    """On a run with momentum and an L2 penalty, the update's clauses (read from the German
    catalog) are packed into as few beats of at most 150 characters as the German fits."""
    trace = momentum_run()
    scene, _seen, missing = planned(monkeypatch, ComputationalGraph, "de", tmp_path,
                                    trace=trace)
    assert missing == []
    beats = [b for b in scene.played_beats if b.name.startswith("update")]
    said = [b.caption for b in beats]
    assert [b.name for b in beats] == ["update"] + [f"update, {i + 1}"
                                                    for i in range(1, len(beats))]
    de = {(e["msgctxt"], e["msgid"]): e["msgstr"] for e in entries("de")}
    a, b = int(trace.steps[scene.k]), int(trace.steps[scene.next_k])
    points = de[("over", "the {n} point")][1].format(n=30)
    clauses = [
        ("", de[(None, "Update by momentum: each weight's velocity keeps {momentum} of its "
                       "last step and adds a step against its gradient")].format(momentum="0,9")),
        (de[("joined", ", averaged over {batch}")].format(batch=points),
         de[(None, "The gradient is averaged over {batch}")].format(batch=points)),
        (de[("joined", "; the L2 penalty also pulls each weight towards 0")],
         de[(None, "The L2 penalty also pulls each weight towards 0")]),
        (de[("joined", ": step {a} becomes {b}")].format(a=a, b=b),
         de[(None, "Step {a} becomes {b}")].format(a=a, b=b)),
    ]
    want = [clauses[0][1]]  # a clause joins the beat before while it stays within 150
    for joined, alone in clauses[1:]:
        if len(want[-1] + joined + ".") <= 150:
            want[-1] += joined
        else:
            want.append(alone)
    assert said == [w + "." for w in want]
    assert all(len(c) <= 150 for c in said)
    assert scene.outside == []


def test_the_german_graph_of_a_wide_network_keeps_its_words_in_the_frame(monkeypatch, tmp_path):
    """The digits' 64 inputs: the note on the layers not drawn in full, the forward pass's
    line of 64 inputs and Adam's rule, all German and inside the frame."""
    scene, seen, missing = planned(monkeypatch, ComputationalGraph, "de", tmp_path,
                                   trace=network("digits-64-16-10"))
    assert missing == []
    de = {(e["msgctxt"], e["msgid"]): e["msgstr"] for e in entries("de")}
    note = scene.more_note.original_text.replace("\n", " ")
    assert note.startswith(de[(None, "Strongest drawn: {parts}.")].split("{")[0])
    assert "+57" in note and "+9" in note
    rules = [m for m in scene.mobjects if isinstance(m, WordsAndMath)]
    assert any(r"\hat m" in m.tex_string and m.tex_string.startswith("Adams Schritt")
               for m in rules)
    assert scene.examined > 0 and scene.outside == []


def test_a_sentence_with_formulas_draws_its_words_as_text_and_wraps_to_its_room():
    line = WordsAndMath("Rückwärtsdurchlauf: jede Kante erhält {gradient} für diesen Punkt, "
                        "und noch einige Wörter mehr", font_size=30, max_width=4.0,
                        gradient=r"\partial L / \partial w")
    assert len(line.lines) >= 2 and all(row.width <= 4.0 + 1e-6 for row in line.lines)
    words = [m.original_text for m in line.get_family() if isinstance(m, Text)]
    formulas = [m.tex_string for m in line.get_family() if isinstance(m, MathTex)]
    assert formulas == [r"\partial L / \partial w"]
    assert " ".join(words).replace("  ", " ") == (
        "Rückwärtsdurchlauf: jede Kante erhält für diesen Punkt, und noch einige Wörter mehr")
    assert line.tex_string == ("Rückwärtsdurchlauf: jede Kante erhält $\\partial L / \\partial w$"
                               " für diesen Punkt, und noch einige Wörter mehr")
    # the words' placeholders join the text; the formula stays TeX
    filled = WordsAndMath("{n} Punkte: {f}", words={"n": "30"}, f="x^2")
    assert [m.original_text for m in filled.get_family() if isinstance(m, Text)] == ["30 Punkte:"]
