"""The voice speaks the captions' language: espeak-ng's voice of each language, an installed
Piper voice of it (else espeak-ng's, with one line saying so), recordings of it; numbers
and formulas said as a lecturer says them; subtitles set by the characters one sees."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import srt
from plane_render import too_fast
from test_voice import TINY, dominant_hz, tone

from scenes.feature_map import FeatureMap
from scenes.toolkit import language as language_module
from scenes.toolkit import voice as voice_module
from scenes.toolkit.language import MissingTranslation, read_po
from scenes.toolkit.reading import ReadingSpeed
from scenes.toolkit.subtitles import split_phrases, wrap
from scenes.toolkit.voice import (
    ENV_VAR,
    PIPER_VOICES_ENV,
    EspeakVoice,
    PiperVoice,
    RecordedVoice,
    Speaker,
    VoiceError,
    bundled_piper_model,
    line_name,
    read_audio,
    said_line,
    voice_from_spec,
    words_of,
)

LOCALE = Path(__file__).resolve().parents[2] / "locale"
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
LANGUAGES = ("de", "es", "fr", "ru")


def espeak_voices() -> list[dict]:
    """espeak-ng's own list of its voices (``espeak-ng --voices``), a dict a row."""
    out = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    rows = []
    for line in out[1:]:
        parts = line.split()
        rows.append({"language": parts[1], "name": parts[3], "file": parts[4]})
    return rows


def german(msgid: str) -> str:
    """The German catalog's translation of ``msgid``, read from locale/de.po."""
    for entry in read_po((LOCALE / "de.po").read_text(encoding="utf-8")):
        if entry["msgid"] == msgid and entry["msgstr"]:
            return entry["msgstr"]
    raise AssertionError(f"de.po has no translation of {msgid!r}")


def phonemes(text: str, voice: str) -> str:
    """What espeak-ng says for ``text`` (its phoneme mnemonics, ``-x``), without its stress
    and pause marks."""
    out = subprocess.run(["espeak-ng", "-q", "-x", "-v", voice, text], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"[\s'_,:!|;-]", "", out)


@pytest.fixture
def told(monkeypatch):
    """The lines the voices tell the user, counted from none (each is said once a process)."""
    monkeypatch.setattr(voice_module, "_told", set())


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_languages_espeak_voice_is_one_of_that_language(code, monkeypatch):
    monkeypatch.setenv(language_module.ENV_VAR, code)
    voice = voice_from_spec("espeak-ng")  # the captions' language, from $MLP_LANGUAGE
    listed = [r for r in espeak_voices()
              if voice.voice in (r["language"], r["file"].rsplit("/", 1)[-1])]
    assert listed, f"espeak-ng --voices lists no voice {voice.voice!r}"
    assert all(re.split(r"[-_]", r["language"])[0] == code for r in listed), listed
    voice.check()  # espeak-ng speaks with it
    # the voice's key (each line's cache key) names it, so each language is spoken anew
    assert f"-v {voice.voice} " in voice.key
    assert voice.key != voice_from_spec("espeak-ng", language="en").key


def test_english_keeps_its_voice_and_a_named_voice_is_as_given(monkeypatch):
    monkeypatch.delenv(language_module.ENV_VAR, raising=False)
    english = voice_from_spec("espeak-ng")
    assert english.voice == "en-us" and " says " not in english.key  # as before
    assert voice_from_spec("espeak-ng:es-419", language="de").voice == "es-419"
    # at the speed of the language it speaks
    assert voice_from_spec("espeak-ng:de", language="en").words_per_minute == 130
    assert voice_from_spec("espeak-ng:en-gb", language="de").words_per_minute == 160
    keys = {voice_from_spec("espeak-ng", language=c).key for c in ("en", *LANGUAGES)}
    assert len(keys) == 5


def test_a_german_caption_spoken_by_espeak_gives_a_wav_and_a_time_for_every_word(tmp_path):
    caption = german("Each point moves to phi(x) = [x1^2, x2^2]; the axes now measure "
                     "squares.") + " Am Ende sind 99,5\u202f% richtig."
    speech = Speaker(voice_from_spec("espeak-ng", language="de"), tmp_path).say(caption)
    samples, rate = read_audio(speech.path)
    assert speech.path.suffix == ".wav" and speech.duration == pytest.approx(samples.size / rate)
    # one time per word of the caption (the percentage is one word: a no-break space)
    tokens = caption.replace("\u202f", " ").split()
    assert len(speech.words) == len(tokens) - 1
    assert [w.text for w in speech.words][-3:] == ["sind", "99,5\u202f%", "richtig."]
    # every word is said for some time, one after another, from the start to the end
    assert all(w.end - w.start > 0.05 for w in speech.words), speech.words
    assert all(a.end <= b.start + 1e-6 for a, b in zip(speech.words, speech.words[1:],
                                                       strict=False))
    assert speech.words[0].start < 0.1 and speech.words[-1].end == pytest.approx(
        speech.duration, abs=0.05)
    # ... and sound where each word is: no word is spoken into silence
    for w in speech.words:
        part = samples[int(w.start * rate):int(w.end * rate)]
        assert np.sqrt(np.mean(part ** 2)) > 0.01, w


def test_german_numbers_and_formulas_are_said_as_a_lecturer_says_them():
    def said(text: str) -> str:
        return phonemes(said_line(text, "de")[0], "de")

    # a percentage as a number: ninety-nine, point five, per cent; not digit by digit
    percent = said("99,5\u202f% richtig")
    assert phonemes("neunzig", "de") in percent and phonemes("Prozent", "de") in percent
    assert phonemes("Komma", "de") in percent and phonemes("neun neun", "de") not in percent
    # a number grouped with a no-break space: twelve thousand, not twelve, zero, zero, zero
    thousands = said("12\u202f000 Punkte")
    assert phonemes("tausend", "de") in thousands and phonemes("null", "de") not in thousands
    # a square is a square; a hat a hat: not the names of their signs
    caption = german("Each point moves to phi(x) = [x1^2, x2^2]; the axes now measure "
                     "squares.")
    formula = said(caption)
    assert formula.count(phonemes("Quadrat", "de")) == 3  # x1², x2², and "Quadrate"
    assert phonemes("zirkumflex", "de") not in said("ŷ ist nah an y.")
    assert phonemes("Dach", "de") in said("ŷ ist nah an y.")
    # French espeak-ng says nothing for "=": it is said
    assert phonemes("égale", "fr") in phonemes(said_line("w.x + b = 0", "fr")[0], "fr")
    # in Russian, a lone Latin letter by its Russian name, not in English
    assert phonemes("икс", "ru") in phonemes(said_line("w.x + b", "ru")[0], "ru")
    # English is said as it is written, as before
    assert said_line(caption, "en") == (caption, [(m.group(), m.start(), m.end())
                                                  for m in re.finditer(r"\S+", caption)])


def test_bare_piper_without_a_voice_of_the_language_speaks_espeak_and_says_so(
        tmp_path, monkeypatch, capsys, told):
    monkeypatch.setenv(PIPER_VOICES_ENV, str(tmp_path))  # a folder of no voices
    voice = voice_from_spec("piper", language="de")
    assert isinstance(voice, EspeakVoice) and voice.voice == "de"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("piper: no Piper voice for German (de) installed")
    assert err.strip().endswith("speaking with espeak-ng -v de")
    voice_from_spec("piper", language="de")
    assert capsys.readouterr().err == ""  # said once
    # English captions keep the bundled English voice, without a word
    assert voice_from_spec("piper", language="en").model == bundled_piper_model()
    assert capsys.readouterr().err == ""


def fake_piper_voice(folder: Path, code: str) -> Path:
    """A Piper voice whose settings say it speaks ``code`` (the bundled model under
    another name, its settings copied with that language)."""
    joe = bundled_piper_model()
    model = folder / f"{code}-test-medium.onnx"
    model.symlink_to(joe)
    settings = json.loads(Path(f"{joe}.json").read_text(encoding="utf-8"))
    settings["language"] = {"code": code, "family": code.split("_")[0]}
    settings["espeak"] = {"voice": code.split("_")[0]}
    Path(f"{model}.json").write_text(json.dumps(settings), encoding="utf-8")
    return model


def test_bare_piper_speaks_an_installed_voice_of_the_language(tmp_path, monkeypatch, capsys,
                                                              told):
    folder = tmp_path / "voices"
    folder.mkdir()
    model = fake_piper_voice(folder, "de_DE")
    monkeypatch.setenv(PIPER_VOICES_ENV, str(folder))
    voice = voice_from_spec("piper", language="de")
    assert isinstance(voice, PiperVoice) and voice.model == model
    assert capsys.readouterr().err == ""
    assert voice.key != PiperVoice().key  # its settings are another voice's
    caption = "Bei 99,5\u202f% richtig: x1^2."
    speech = Speaker(voice, tmp_path / "cache").say(caption)
    assert [w.text for w in speech.words] == words_of(caption) == caption.split()[:1] + [
        "99,5\u202f%", "richtig:", "x1^2."]
    assert all(w.end > w.start for w in speech.words)
    # French captions, with no French voice there: espeak-ng's French
    assert voice_from_spec("piper", language="fr").voice == "fr"


def test_a_piper_model_of_another_language_than_the_captions_says_so_once(capsys, told):
    joe = bundled_piper_model()
    voice = voice_from_spec(f"piper:{joe}", language="de")
    assert voice.model == joe
    err = capsys.readouterr().err
    assert err == (f"piper: {joe.name} speaks en_US, not the captions' language, "
                   f"German (de)\n")
    voice_from_spec(f"piper:{joe}", language="en")
    assert capsys.readouterr().err == ""


def test_recordings_of_each_language_come_from_its_own_folder(tmp_path):
    lines = tmp_path / "lines"
    (lines / "de").mkdir(parents=True)
    (lines / "ru").mkdir()
    english, deutsch, russian = "One square.", "Zurück zur Ebene.", "Прямая делит плоскость."
    tone(lines / f"{line_name(english)}.wav", 330.0, 1.0)
    # named by their words, in their own letters
    tone(lines / "de" / "zurück-zur-ebene.wav", 550.0, 1.0)
    tone(lines / "ru" / "прямая-делит-плоскость.wav", 440.0, 1.0)
    spoken = Speaker(voice_from_spec(f"recorded:{lines}", language="de"),
                     tmp_path / "c1").say(deutsch)
    assert dominant_hz(spoken.path, 0.1, 0.9) == pytest.approx(550.0, abs=5)
    spoken = Speaker(voice_from_spec(f"recorded:{lines}", language="ru"),
                     tmp_path / "c3").say(russian)
    assert dominant_hz(spoken.path, 0.1, 0.9) == pytest.approx(440.0, abs=5)
    spoken = Speaker(voice_from_spec(f"recorded:{lines}", language="en"),
                     tmp_path / "c2").say(english)
    assert dominant_hz(spoken.path, 0.1, 0.9) == pytest.approx(330.0, abs=5)
    assert RecordedVoice(lines, "de").key != RecordedVoice(lines).key
    # a language without a folder of its own reads the folder itself
    assert RecordedVoice(lines, "fr").folder == lines
    # a missing recording names its language
    with pytest.raises(VoiceError) as missing:
        RecordedVoice(lines, "de").speak("Zwei Quadrate.", tmp_path)
    assert str(missing.value) == (f"recorded voice {lines / 'de'}: no recording of "
                                  f"'Zwei Quadrate.' in German (de) (expected "
                                  f"{lines / 'de' / 'zwei-quadrate.wav'})")


def test_subtitles_count_the_characters_one_sees():
    # Cyrillic: 2 bytes a letter, one character
    russian = "Каждая скрытая линия делит плоскость на две стороны, и сеть их складывает."
    lines = wrap(russian)
    assert len(lines) == 2 and " ".join(lines) == russian
    assert all(len(line) <= 42 < len(line.encode()) for line in lines)
    # an accent written as a combining mark is no character of its own
    composed = "Zurück in der Eingabeebene wird sie größer"  # 42 characters
    decomposed = composed.replace("ü", "u\u0308").replace("ö", "o\u0308")
    assert len(composed) == 42 and len(decomposed) == 44
    assert wrap(composed) == [composed] and wrap(decomposed) == [decomposed]
    # a number and its unit never part, and phrases end where sentences do, quotes or not
    french = ("À la fin, la droite sépare «\u00a0presque tout\u00a0». Il reste 99,5\u202f% "
              "de points bien placés.")
    phrases = split_phrases(words_of(french))
    assert [" ".join(p) for p in phrases][0].endswith("\u00a0».")
    assert all("99,5\u202f%" in line or "%" not in line
               for p in phrases for line in wrap(" ".join(p)))


def test_a_voiced_german_chapter_is_said_in_german_and_its_subtitles_can_be_read(
        tmp_path, monkeypatch, render):
    monkeypatch.setenv(language_module.ENV_VAR, "de")
    monkeypatch.setenv(ENV_VAR, "espeak-ng")
    monkeypatch.delenv("MLP_TRACE", raising=False)
    monkeypatch.delenv("MLP_READING_SPEED", raising=False)
    language_module.catalog.cache_clear()
    media = tmp_path / "media"
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        scene, _ = render(FeatureMap, media, output="movie", size=TINY)
    assert scene.speaker.voice.voice == "de"
    said = [b["caption"] for b in scene.spoken]
    assert german("Each point moves to phi(x) = [x1^2, x2^2]; the axes now measure "
                  "squares.") in said
    # every word of every beat has its time, so the subtitles follow the voice
    assert all([w[0] for w in b["words"]] == words_of(b["caption"]) for b in scene.spoken)
    subtitles = media / "scene.srt"
    cues = list(srt.parse(subtitles.read_text(encoding="utf-8")))
    assert len(cues) >= len(said)
    assert all(len(line) <= 42 for c in cues for line in c.content.split("\n"))
    assert too_fast(cues, ReadingSpeed()) == []
    pace = subprocess.run([sys.executable, str(SCRIPTS / "caption_pace.py"), str(subtitles)],
                          capture_output=True, text=True)
    assert pace.returncode == 0, pace.stdout + pace.stderr


def test_render_chooses_the_voice_of_the_language_it_is_given(tmp_path, monkeypatch, capsys,
                                                               told):
    import explainer.pipeline.run as pipeline
    from explainer.cli import main

    asked = []

    class Done:
        ok, failed, skipped = True, [], []

    def render_nothing(opts):
        asked.append(opts.settings)
        return Done()

    monkeypatch.setattr(pipeline, "render", render_nothing)
    monkeypatch.delenv(language_module.ENV_VAR, raising=False)  # --language alone says it
    monkeypatch.setenv(PIPER_VOICES_ENV, str(tmp_path))
    code = main(["render", "--language", "de", "--voice", "piper", "--quiet",
                 "--out", str(tmp_path / "out")])
    assert code == 0
    [settings] = asked
    assert settings.voice == "piper" and " -v de -s 130 " in f"{settings.voice_key} "
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no Piper voice for German (de)" in err
    assert language_module.ENV_VAR not in os.environ  # as it was
