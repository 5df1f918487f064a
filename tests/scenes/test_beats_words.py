"""What a scene records for a clip shared by languages: whether its frames showed a word,
and the holds ($MLP_HOLDS) that keep each beat up as long as the slowest language needs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from manim import BLUE, Create, MathTex, Square, Tex, Text

from scenes.toolkit.beats import Beats, shows_words
from scenes.toolkit.planning import plan

FIXTURES = Path(__file__).resolve().parents[1] / "explainer" / "fixtures"
sys.path.insert(0, str(FIXTURES))
from tiny_languages import CAPTIONS, TinyWorded, TinyWordless  # noqa: E402


@pytest.mark.parametrize(("make", "words"), [
    (lambda: Square(), False),
    (lambda: MathTex(r"\sigma(Wx + b)"), False),
    (lambda: MathTex(r"L = \text{loss}"), True),
    (lambda: Tex(r"$w \cdot x + b = 0$"), False),
    (lambda: Tex(r"the line $w \cdot x + b = 0$"), True),
    (lambda: Text("class 1"), True),
    (lambda: Text("hidden").set_opacity(0), False),  # on screen, but drawn invisible
])
def test_what_counts_as_a_word_on_screen(make, words):
    assert shows_words([make()]) is words


def test_a_scene_of_shapes_shows_no_word_and_one_with_text_does(monkeypatch):
    monkeypatch.delenv("MLP_HOLDS", raising=False)
    assert plan(TinyWordless).words_drawn is False
    assert plan(TinyWorded).words_drawn is True


def test_the_holds_keep_each_beat_up_at_least_that_long(tmp_path, monkeypatch):
    monkeypatch.setenv("MLP_LANGUAGE", "en")
    monkeypatch.setenv("MLP_READING_SPEED", "15,1.5")
    monkeypatch.delenv("MLP_HOLDS", raising=False)
    alone = [b.duration for b in plan(TinyWordless).played_beats]
    # the English captions (9 and 13 characters) hold the minimum, 1.5 s (to a frame or two)
    assert all(1.5 <= d < 1.5 + 2.5 / 15 for d in alone)
    holds = tmp_path / "holds.json"
    holds.write_text(json.dumps({"holds": [4.0, 0.5]}))
    monkeypatch.setenv("MLP_HOLDS", str(holds))
    beats = plan(TinyWordless).played_beats
    assert [b.caption for b in beats] == list(CAPTIONS["en"])
    assert 4.0 <= beats[0].duration < 4.0 + 2.5 / 15
    assert beats[1].duration == pytest.approx(alone[1], abs=1e-6)  # its own caption's need


def test_a_holds_file_that_is_not_one_stops_the_scene_with_one_line(tmp_path, monkeypatch,
                                                                     capsys):
    bad = tmp_path / "holds.json"
    bad.write_text('{"holds": ["long"]}')
    monkeypatch.setenv("MLP_HOLDS", str(bad))
    with pytest.raises(SystemExit):
        plan(TinyWordless)
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("TinyWordless: MLP_HOLDS: expected a JSON file")


class _Empty(Beats):
    def construct(self) -> None:
        with self.beat("square", "A square."):
            self.play(Create(Square(color=BLUE)), run_time=0.2)


def test_the_beats_record_names_each_beat_and_whether_a_word_showed(tmp_path, monkeypatch):
    record = tmp_path / "beats.json"
    monkeypatch.setenv("MLP_BEATS", str(record))
    monkeypatch.delenv("MLP_HOLDS", raising=False)
    plan(_Empty)
    found = json.loads(record.read_text())
    assert found["words"] is False
    assert [(b["name"], b["caption"], b["start"]) for b in found["beats"]] == [
        ("square", "A square.", 0.0)]
    assert found["beats"][0]["end"] >= 1.5
