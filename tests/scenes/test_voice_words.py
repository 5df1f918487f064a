"""Every voice says when each word is spoken: Piper from its phoneme alignments, espeak-ng
from its library's word events (or, without it, from each word measured alone), a user's
recordings from an Audacity label file or spread by length. And a voice that cannot be had
stops with one line."""

from __future__ import annotations

import os
import stat
import sys

import numpy as np
import pytest
from test_voice import Spoken, tone

from explainer.cli import main
from scenes.toolkit import voice as voice_module
from scenes.toolkit.voice import (
    EspeakVoice,
    PiperVoice,
    RecordedVoice,
    Speaker,
    VoiceError,
    default_voice,
    line_name,
    read_audio,
    trim_bounds,
    voice_from_spec,
)

# Three words a sentence each: the pauses between sentences are silences any meter finds.
THREE = "Seven. Cats. Sleep."
LINE = "The bias, b, shifts everything without bending it."


def onsets(path, floor: float = 0.05, gap: float = 0.15) -> list[float]:
    """Where sound starts again after at least ``gap`` seconds of quiet: the RMS over 10 ms
    windows against ``floor`` times its peak (an independent reading of the audio)."""
    x, rate = read_audio(path)
    win = rate // 100
    rms = np.sqrt(np.mean(x[:x.size // win * win].reshape(-1, win) ** 2, axis=1))
    loud = rms > floor * rms.max()
    found, quiet = [], gap / 0.01
    run = quiet
    for k, is_loud in enumerate(loud):
        if is_loud and run >= quiet:
            found.append(k * 0.01)
        run = 0 if is_loud else run + 1
    return found


def check_line(speech, text: str) -> None:
    assert [w.text for w in speech.words] == text.split()
    starts = [w.start for w in speech.words]
    assert starts == sorted(starts) and 0 <= starts[0]
    assert all(w.start <= w.end <= speech.duration + 1e-6 for w in speech.words)


@pytest.mark.parametrize("spec", ["piper", "espeak-ng"])
def test_each_word_starts_where_its_sound_does(spec, tmp_path):
    speech = Speaker(voice_from_spec(spec), tmp_path).say(THREE)
    check_line(speech, THREE)
    found = onsets(speech.path)
    assert len(found) == 3, found
    for word, onset in zip(speech.words, found, strict=True):
        assert word.start == pytest.approx(onset, abs=0.07), (word, found)


def test_piper_is_cached_with_its_words_and_its_key_names_engine_model_and_settings(tmp_path):
    voice = PiperVoice()
    first = Speaker(voice, tmp_path).say(LINE)
    check_line(first, LINE)
    assert Speaker(voice, tmp_path).say(LINE) == first  # from the cache, words and all
    import hashlib
    import importlib.metadata

    digest = hashlib.sha256(voice.model.read_bytes()).hexdigest()
    assert importlib.metadata.version("piper-tts") in voice.key and digest in voice.key
    assert PiperVoice(length_scale=1.2).key != voice.key
    slower = Speaker(PiperVoice(length_scale=1.3), tmp_path).say(LINE)
    assert slower.duration > first.duration * 1.1


def test_a_bare_voice_is_piper_when_the_extra_is_installed_else_espeak(monkeypatch):
    assert default_voice() == "piper"
    from explainer.cli import build_parser

    args = build_parser().parse_args(["render", "--voice"])
    assert args.voice == "piper"
    real = voice_module.importlib.util.find_spec
    monkeypatch.setattr(voice_module.importlib.util, "find_spec",
                        lambda name: None if name == "piper" else real(name))
    assert default_voice() == "espeak-ng"
    with pytest.raises(VoiceError, match=r'pip install "mlp-explainer\[voice\]"'):
        voice_from_spec("piper")


def test_another_piper_model_is_named_by_its_file(tmp_path):
    with pytest.raises(VoiceError, match="no such voice model"):
        voice_from_spec(f"piper:{tmp_path / 'none.onnx'}")
    fake = tmp_path / "fake.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(VoiceError, match="fake.onnx.json; found no such file"):
        voice_from_spec(f"piper:{fake}")
    (tmp_path / "fake.onnx.json").write_text(
        PiperVoice().config.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(VoiceError, match=r"piper: cannot load .*fake.onnx"):
        voice_from_spec(f"piper:{fake}").check()


def test_espeak_without_its_library_measures_each_word_alone(tmp_path):
    """The fallback against the library's own word events: each word within a quarter of
    a second of where espeak-ng says it starts."""
    measured = EspeakVoice(executable="/usr/bin/espeak-ng")
    assert "(command)" in measured.key and "(library)" in EspeakVoice().key
    fallback = Speaker(measured, tmp_path).say(LINE)
    events = Speaker(EspeakVoice(), tmp_path).say(LINE)
    check_line(fallback, LINE)
    assert fallback.duration == pytest.approx(events.duration, abs=0.05)
    for a, b in zip(fallback.words, events.words, strict=True):
        assert a.start == pytest.approx(b.start, abs=0.25), (a, b)


def test_recordings_take_their_words_from_a_label_file_or_by_length(tmp_path):
    lines = tmp_path / "lines"
    lines.mkdir()
    text = "One square moves."
    # 0.5 s of silence, then three tones of 0.4 s with 0.2 s between them
    rate = 44100
    sound = np.zeros(int(2.3 * rate), np.float32)
    for k in range(3):
        a = int((0.5 + 0.6 * k) * rate)
        t = np.arange(int(0.4 * rate)) / rate
        sound[a:a + t.size] = 0.3 * np.sin(2 * np.pi * 300 * t)
    voice_module.write_wav(lines / f"{line_name(text)}.wav", sound, rate)
    a, _ = trim_bounds(sound, rate)
    shift = a / rate
    labels = "0.5\t0.9\tOne\n1.1\t1.5\tsquare\n1.7\t2.1\tmoves\n"
    (lines / f"{line_name(text)}.txt").write_text(labels, encoding="utf-8")
    speech = Speaker(RecordedVoice(lines), tmp_path / "cache").say(text)
    assert [(w.text, w.start, w.end) for w in speech.words] == [
        (t, pytest.approx(s - shift, abs=1e-3), pytest.approx(e - shift, abs=1e-3))
        for t, s, e in [("One", 0.5, 0.9), ("square", 1.1, 1.5), ("moves.", 1.7, 2.1)]]
    # without the file: spread by length ("One " 4, "square " 7, "moves. " 7 of 18)
    (lines / f"{line_name(text)}.txt").unlink()
    spread = Speaker(RecordedVoice(lines), tmp_path / "cache2").say(text)
    d = spread.duration
    assert [w.start for w in spread.words] == pytest.approx([0, 4 / 18 * d, 11 / 18 * d],
                                                            abs=1e-3)
    # a label file that is not one for its caption is one line naming it
    (lines / f"{line_name(text)}.txt").write_text("0.5\tOne\n", encoding="utf-8")
    with pytest.raises(VoiceError, match=r"one-square-moves.txt: line 1: expected start"):
        Speaker(RecordedVoice(lines), tmp_path / "cache3").say(text)
    (lines / f"{line_name(text)}.txt").write_text("0.5\t0.9\tOne\n", encoding="utf-8")
    with pytest.raises(VoiceError, match=r"expected the times of the 3 words"):
        Speaker(RecordedVoice(lines), tmp_path / "cache4").say(text)


@pytest.mark.parametrize("damage", [b"", b"RIFF\x10\x00\x00\x00WAVEfmt ", b"not a wav"])
def test_a_damaged_line_in_the_cache_is_spoken_again(damage, tmp_path):
    lines = tmp_path / "lines"
    lines.mkdir()
    tone(lines / "one-square.wav", 330.0, 1.0)
    speaker = Speaker(RecordedVoice(lines), tmp_path / "cache")
    first = speaker.say("One square.")
    first.path.write_bytes(damage)
    again = speaker.say("One square.")
    assert again.duration == pytest.approx(first.duration) and again.words == first.words
    x, rate = read_audio(again.path)
    assert x.size / rate == pytest.approx(first.duration)


def test_a_damaged_wav_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt ")
    with pytest.raises(VoiceError, match=r"bad.wav: expected a WAV file, found a damaged one"):
        voice_module.wav_duration(bad)


def _render_voice(argv: list[str], tmp_path, capsys) -> str:
    out = tmp_path / "out"
    assert main(["render", "--scenes", "LinearClassifier", "--out", str(out), *argv]) == 2
    assert not out.exists()  # refused before anything was written
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    return err


def test_a_voice_module_with_a_syntax_error_is_one_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "broken_tts.py").write_text("class Voice:\n    def speak(self\n",
                                            encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    err = _render_voice(["--voice", "python:broken_tts:Voice"], tmp_path, capsys)
    assert "cannot load broken_tts:Voice: expected Python, found a syntax error in" in err
    assert "broken_tts.py line 2" in err


def test_a_voice_whose_constructor_raises_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.syspath_prepend(os.path.join(os.path.dirname(__file__), "fixtures"))
    err = _render_voice(["--voice", "python:failing_voice:FailingVoice"], tmp_path, capsys)
    assert err.endswith("--voice: failing_voice:FailingVoice() expected to make a voice, "
                        "raised RuntimeError: no licence key in $FAILING_TTS_KEY")


def test_an_espeak_that_hangs_stops_the_scene_with_one_line(tmp_path, capsys):
    hung = tmp_path / "espeak-ng"
    hung.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(30)\n", encoding="utf-8")
    hung.chmod(hung.stat().st_mode | stat.S_IEXEC)
    voice = EspeakVoice(executable=str(hung), timeout=0.5)
    with pytest.raises(VoiceError, match=r"expected an answer within 0.5 s, found none"):
        voice.check()
    speaker = Speaker(voice, tmp_path / "cache")
    from plane_render import render

    with pytest.raises(SystemExit) as stopped:
        render(lambda pace: Spoken(speaker=speaker), tmp_path / "media", size=(160, 90))
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("Spoken: ") and "hung; killed" in err
