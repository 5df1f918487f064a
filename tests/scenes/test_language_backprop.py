"""The backpropagation chapters in German (every chapter in every language is played by
test_every_language): the split of the update into beats follows the translated length, the
graph of a wide network keeps its words in the frame, and a sentence with formulas draws its
words as text."""

from __future__ import annotations

import warnings

import numpy as np
from catalogs import entries
from manim import MathTex, Text
from networks import network
from plane_render import checking, watching

from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.graph import ComputationalGraph
from scenes.toolkit import language
from scenes.toolkit.formula_text import WordsAndMath
from scenes.toolkit.language import ENV_VAR, MissingTranslation
from scenes.toolkit.planning import plan


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
