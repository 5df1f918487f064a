"""scripts/story_captions.py on a render's subtitles in another language: the language's
rules, an English caption among German ones named, a language without a catalog refused in
one line."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SRT = """1
00:00:00,000 --> 00:00:03,000
Das Netz lernt: die Gerade dreht sich.

2
00:00:03,000 --> 00:00:06,000
The line ends up separating the classes.
"""


def script():
    spec = importlib.util.spec_from_file_location("story_captions",
                                                  ROOT / "scripts/story_captions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_english_caption_in_a_german_render_breaks_a_rule(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLP_LANGUAGE", "en")  # restored after: the script sets it
    path = tmp_path / "explainer.de.srt"
    path.write_text(SRT, encoding="utf-8")
    assert script().main(["--language", "de", str(path)]) == 1
    out = capsys.readouterr().out
    assert "2 captions, 6.0 s" in out
    assert "in English: The line ends up separating the classes." in out
    assert "Das Netz lernt" not in out.split("captions")[-1]  # the German caption is fine


def test_a_language_without_a_catalog_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLP_LANGUAGE", "en")  # restored after: the script sets it
    assert script().main(["--language", "xx", str(tmp_path / "none.srt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["story_captions: --language: expected one of the languages with a catalog "
                   "(en, de, es, fr, ru), got 'xx'"]
