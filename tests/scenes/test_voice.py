"""Voices plug in without touching the scenes: recorded lines and an engine of one's own
speak a scene's beats, each line at the moment its caption appears."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pyloudnorm
import pytest
import srt
from manim import Create, Square
from plane_render import render

from scenes.toolkit.beats import Beats
from scenes.toolkit.voice import (
    ENV_VAR,
    LINE_CEILING,
    RecordedVoice,
    Speaker,
    line_name,
    read_audio,
    voice_from_spec,
)

FIXTURES = Path(__file__).parent / "fixtures"
CAPTIONS = ["One square.", "The square moves to the right, slowly and surely."]
TINY = (160, 90)


class Spoken(Beats):
    """Two beats of 0.4 s animations each."""

    def construct(self) -> None:
        square = Square()
        with self.beat("one", CAPTIONS[0]):
            self.play(Create(square), run_time=0.4)
        with self.beat("two", CAPTIONS[1]):
            self.play(square.animate.shift([1, 0, 0]), run_time=0.4)


def tone(path: Path, hz: float, seconds: float, rate: int = 44100) -> None:
    """A recording: a tone at ``hz`` (24-bit, stereo, as a recorder might make it)."""
    t = np.arange(int(seconds * rate)) / rate
    x = 0.2 * np.sin(2 * np.pi * hz * t)
    with av.open(str(path), "w", format="wav") as c:
        s = c.add_stream("pcm_s24le", rate=rate, layout="stereo")
        frame = av.AudioFrame.from_ndarray(np.repeat(x[None, :], 2, 0).astype(np.float32),
                                           format="fltp", layout="stereo")
        frame.sample_rate = rate
        for packet in s.encode(frame):
            c.mux(packet)
        for packet in s.encode(None):
            c.mux(packet)


def dominant_hz(path: Path, start: float, end: float) -> float:
    x, rate = read_audio(path)
    seg = x[int(start * rate):int(end * rate)]
    spectrum = np.abs(np.fft.rfft(seg * np.hanning(seg.size)))
    return float(np.fft.rfftfreq(seg.size, 1 / rate)[spectrum.argmax()])


def test_recorded_lines_are_spoken_when_their_captions_appear(tmp_path):
    lines = tmp_path / "lines"
    lines.mkdir()
    tone(lines / f"{line_name(CAPTIONS[0])}.wav", 330.0, 1.0)
    tone(lines / f"{line_name(CAPTIONS[1])}.wav", 550.0, 2.0)
    speaker = Speaker(RecordedVoice(lines), tmp_path / "cache")
    media = tmp_path / "media"
    render(lambda pace: Spoken(speaker=speaker), media, output="movie", size=TINY)
    cues = list(srt.parse((media / "scene.srt").read_text(encoding="utf-8")))
    # spoken, a caption longer than a subtitle line is set on two (of at most 42 characters)
    assert [c.content.replace("\n", " ") for c in cues] == CAPTIONS
    assert all(len(line) <= 42 for c in cues for line in c.content.split("\n"))
    # each cue lasts the longer of its line (1 s, 2 s) and its reading time (1.5 s, 3.3 s)
    spans = [(c.start.total_seconds(), c.end.total_seconds()) for c in cues]
    assert spans[0][1] - spans[0][0] == pytest.approx(1.5, abs=0.02)  # a 1 s line, read
    assert spans[1][1] - spans[1][0] == pytest.approx(max(2.0, len(CAPTIONS[1]) / 15), abs=0.02)
    movie = media / "scene.mp4"
    for (start, end), hz in zip(spans, (330.0, 550.0), strict=True):
        assert dominant_hz(movie, start + 0.1, min(end, start + 0.9)) == pytest.approx(hz, abs=5)


def test_a_missing_recording_stops_the_scene_with_one_line_naming_the_file(tmp_path, capsys):
    lines = tmp_path / "lines"
    lines.mkdir()
    speaker = Speaker(RecordedVoice(lines), tmp_path / "cache")
    with pytest.raises(SystemExit) as stopped:
        render(lambda pace: Spoken(speaker=speaker), tmp_path / "media", size=TINY)
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"Spoken: recorded voice {lines}: no recording of 'One square.' in "
                   f"English (en) (expected {lines / 'one-square.wav'})")


def test_an_engine_of_ones_own_plugs_in_by_name(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(FIXTURES))
    from tone_voice import pitch

    voice = voice_from_spec("python:tone_voice:ToneVoice")
    assert voice.key == "tone 1"
    monkeypatch.setenv(ENV_VAR, "python:tone_voice:ToneVoice")
    media = tmp_path / "media"
    render(lambda pace: Spoken(), media, output="movie", size=TINY)
    cues = list(srt.parse((media / "scene.srt").read_text(encoding="utf-8")))
    start = cues[1].start.total_seconds()
    assert dominant_hz(media / "scene.mp4", start + 0.1, start + 0.9) == \
        pytest.approx(pitch(CAPTIONS[1]), abs=5)
    # the spoken lines are cached in the render's media folder, one per caption
    assert len(list((media / "voice").glob("*.wav"))) == 2


def test_espeak_lines_are_cached_trimmed_and_at_one_loudness(tmp_path):
    speaker = Speaker(voice_from_spec("espeak-ng"), tmp_path)
    first = speaker.say(CAPTIONS[1])
    assert speaker.say(CAPTIONS[1]) == first  # spoken once
    x, rate = read_audio(first.path)
    assert first.duration == pytest.approx(x.size / rate)
    assert pyloudnorm.Meter(rate).integrated_loudness(x.astype(np.float64)) == \
        pytest.approx(-16, abs=0.5)
    assert np.abs(x).max() <= LINE_CEILING + 1e-3
    # speech from the first sample to the last: no silence left around it
    win = rate // 100
    assert np.sqrt(np.mean(x[:3 * win] ** 2)) > 1e-3
    assert np.sqrt(np.mean(x[-3 * win:] ** 2)) > 1e-4


@pytest.mark.parametrize("spec, message", [
    ("whisper", "expected piper, piper:MODEL.onnx, espeak-ng, espeak-ng:VOICE, recorded:FOLDER "
                "or python:MODULE:NAME"),
    ("recorded:/no/such/folder", "recorded voice: no such folder: /no/such/folder"),
    ("python:no_such_module:Voice", "cannot load no_such_module:Voice"),
])
def test_a_bad_voice_stops_the_scene_with_one_line(spec, message, monkeypatch, capsys):
    monkeypatch.setenv(ENV_VAR, spec)
    with pytest.raises(SystemExit):
        Spoken()
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("Spoken: ") and message in err
