"""render --voice: every caption spoken by espeak-ng, in the clip and in the joined explainer,
checked on the files themselves, decoded with PyAV."""

from __future__ import annotations

import shutil
from datetime import timedelta

import av
import numpy as np
import pyloudnorm
import pytest

from explainer.pipeline.media import read_srt
from explainer.pipeline.plan import Settings
from explainer.pipeline.run import Options, render
from explainer.story import Chapter

# Its tests share renders (module fixtures): one worker runs the file, so each is made once.
pytestmark = pytest.mark.xdist_group("render-voice")

FPS = 10
SIZE = (256, 144)
RATE = 48000
MODULE = "tests/explainer/fixtures/tiny_beats.py"
STORY = [Chapter(MODULE, "TinyNarrated", "Narrated", assets=()),
         Chapter(MODULE, "TinyBeats", "Beats", assets=())]


def decoded(path):
    """(number of audio streams, mono samples at RATE or None, video seconds)."""
    with av.open(str(path)) as c:
        n_audio = len(c.streams.audio)
        video = c.streams.video[0]
        frames = sum(1 for _ in c.decode(video))
        seconds = frames / float(video.average_rate)
    if not n_audio:
        return 0, None, seconds
    with av.open(str(path)) as c:
        mono = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        chunks = []
        for frame in c.decode(c.streams.audio[0]):
            chunks += [f.to_ndarray().reshape(-1) for f in mono.resample(frame)]
    return n_audio, np.concatenate(chunks).astype(np.float64), seconds


def rms_db(x: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(x ** 2)) + 1e-12)


def onset(sound: np.ndarray, after: float, floor_db: float = -45.0) -> float:
    """The first 10 ms window at or after ``after`` seconds louder than ``floor_db``."""
    win = RATE // 100
    start = max(int(after * RATE), 0)
    for i in range(start, sound.size - win, win // 2):
        if rms_db(sound[i:i + win]) > floor_db:
            return i / RATE
    return float("inf")


def check_voiced(path, cues) -> None:
    """One audio stream as long as the picture; each cue starts with its speech, is audible,
    and what lies between cues is silent."""
    frame = 1 / FPS
    n_audio, sound, seconds = decoded(path)
    assert n_audio == 1
    assert abs(sound.size / RATE - seconds) <= frame
    spans = [(c.start.total_seconds(), c.end.total_seconds()) for c in cues]
    for start, end in spans:
        assert abs(onset(sound, start - frame) - start) <= frame, (path.name, start)
        assert rms_db(sound[int(start * RATE):int(end * RATE)]) > -30
    edges = [0.0] + [t for span in spans for t in span] + [seconds]
    gaps = [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > 0.1]
    assert gaps, "the fixture has stretches without a caption"
    for a, b in gaps:
        assert rms_db(sound[int((a + 0.02) * RATE):int((b - 0.02) * RATE)]) < -60, (a, b)
    loudness = pyloudnorm.Meter(RATE).integrated_loudness(sound)
    assert loudness == pytest.approx(-16, abs=1.5)


@pytest.fixture(scope="module")
def voiced(tmp_path_factory):
    out = tmp_path_factory.mktemp("voiced")
    report = render(Options(out=out, story=STORY, jobs=2, quiet=True,
                            settings=Settings("l", SIZE, FPS).voiced("espeak-ng")))
    assert report.ok, report.failed
    return out, report


def test_a_voiced_clip_speaks_each_caption_when_it_appears(voiced):
    out, _ = voiced
    cues = read_srt(out / "clips" / "TinyNarrated.srt")
    assert [c.content for c in cues] == ["A square.", "Now a circle."]
    # the beats last their 3 s animations; the cues, their speech (or the time to read)
    for cue in cues:
        assert 1.5 - 0.001 <= (cue.end - cue.start).total_seconds() < 2.9
    check_voiced(out / "clips" / "TinyNarrated.mp4", cues)


def test_the_joined_explainer_carries_every_chapters_voice(voiced):
    out, report = voiced
    explainer = report.manifest["explainer"]
    assert all(c["audio"] == pytest.approx(c["duration"], abs=1 / FPS)
               for c in report.manifest["clips"])
    assert explainer["audio"] == pytest.approx(explainer["duration"], abs=1 / FPS)
    chapters = explainer["chapters"]
    cues = read_srt(out / "explainer.srt")
    assert [c.content for c in cues] == ["A square.", "Now a circle.",
                                         "A square is drawn and moves.",
                                         "The square becomes a circle."]
    assert cues[2].start.total_seconds() == pytest.approx(chapters[1]["start"], abs=0.001)
    check_voiced(out / "explainer.mp4", cues)
    with av.open(str(out / "explainer.mp4")) as c:
        assert c.streams.audio[0].codec_context.name == "aac"


def test_clips_encoded_differently_are_joined_with_their_sound_in_step(voiced, tmp_path):
    """The re-encoding join (clips of different encodings) keeps the sound in step too."""
    from explainer.pipeline.media import join_clips

    out, _ = voiced
    clip = out / "clips" / "TinyNarrated.mp4"
    joined = tmp_path / "joined.mp4"
    join_clips([clip, clip], ["one", "two"], joined, reencode=True, audio=True)
    cues = read_srt(out / "clips" / "TinyNarrated.srt")
    _, _, seconds = decoded(clip)
    shifted = [*cues, *(type(c)(index=c.index + 2, start=c.start + timedelta(seconds=seconds),
                                end=c.end + timedelta(seconds=seconds), content=c.content)
                        for c in cues)]
    check_voiced(joined, shifted)


def test_the_page_plays_the_voiced_explainer_with_its_sound(voiced, page):
    out, _ = voiced
    page.goto((out / "index.html").as_uri())
    page.wait_for_function("() => document.getElementById('explainer').readyState >= 1")
    page.evaluate("document.getElementById('explainer').muted = true")  # no speakers here
    page.evaluate("document.getElementById('explainer').play()")
    # it plays on, and Chromium decodes its AAC track as it goes
    page.wait_for_function("() => { const v = document.getElementById('explainer');"
                           " return v.currentTime > 0.5 && v.webkitAudioDecodedByteCount > 0; }")
    assert page.evaluate("document.getElementById('explainer').error") is None


def test_webm_and_smaller_copies_carry_the_clips_sound_in_step(voiced, tmp_path):
    """The WebM export (Opus) and a smaller copy of a clip (AAC) keep the voice."""
    from explainer.pipeline.media import export_smaller, export_webm

    out, _ = voiced
    clip = out / "clips" / "TinyNarrated.mp4"
    cues = read_srt(out / "clips" / "TinyNarrated.srt")
    export_webm(clip, tmp_path / "clip.webm")
    check_voiced(tmp_path / "clip.webm", cues)
    with av.open(str(tmp_path / "clip.webm")) as c:
        assert c.streams.audio[0].codec_context.name in ("opus", "libopus")
    export_smaller(clip, tmp_path / "small.mp4", box=(128, 72), max_fps=30)
    check_voiced(tmp_path / "small.mp4", cues)


def test_the_voice_is_in_the_cache_key_and_a_silent_render_has_no_sound(voiced, tmp_path):
    # on a copy of the voiced folder: the module's folder stays voiced for every other test,
    # whichever order they run in
    out = tmp_path / "out"
    shutil.copytree(voiced[0], out)
    again = render(Options(out=out, story=STORY, jobs=2, quiet=True,
                           settings=Settings("l", SIZE, FPS).voiced("espeak-ng")))
    assert sorted(again.reused) == ["TinyBeats", "TinyNarrated"]
    silent = render(Options(out=out, story=STORY[:1], jobs=1, quiet=True,
                            settings=Settings("l", SIZE, FPS)))
    assert silent.rendered == ["TinyNarrated"]
    n_audio, _, _ = decoded(out / "clips" / "TinyNarrated.mp4")
    assert n_audio == 0
    assert silent.manifest["explainer"]["audio"] is None
    n_audio, _, _ = decoded(out / "explainer.mp4")
    assert n_audio == 0
    # without a voice the caption spans the whole beat again
    cues = read_srt(out / "clips" / "TinyNarrated.srt")
    assert cues[0].end.total_seconds() == pytest.approx(3.0, abs=0.11)
