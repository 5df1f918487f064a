"""render --voice piper --slides: a long caption shown as phrases when they are said, a WebVTT
that times every word (and the page that marks it), narrated slides in the HTML and the
PowerPoint decks (each slide's line its own audio part), every line at one loudness. Checked
against the voice's own phoneme alignments and the lines it wrote (kept in its cache), and the
files decoded with PyAV."""

from __future__ import annotations

import base64
import json
import posixpath
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import av
import numpy as np
import pptx
import pyloudnorm
import pytest
from lxml import etree

from explainer.pipeline.media import read_srt, srt_to_vtt
from explainer.pipeline.plan import Settings
from explainer.pipeline.run import Options, render
from explainer.story import Chapter
from scenes.toolkit.subtitles import LINE_CHARS, fits, split_phrases, wrap
from scenes.toolkit.voice import read_audio, trim_bounds

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from tiny_spoken import LONG, SHORT  # noqa: E402

# Its tests share renders (module fixtures): one worker runs the file, so each is made once.
pytestmark = pytest.mark.xdist_group("render-spoken")

FPS = 10
SIZE = (256, 144)
RATE = 48000
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
STORY = [Chapter("tests/explainer/fixtures/tiny_spoken.py", "TinySpoken", "Spoken",
                 assets=())]


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    out = tmp_path_factory.mktemp("spoken")
    report = render(Options(out=out, story=STORY, jobs=2, quiet=True, slides=True, pdf=False,
                            settings=Settings("l", SIZE, FPS).voiced("piper")))
    assert report.ok, report.failed
    return out


def aligned(out: Path, caption: str) -> list[tuple[str, float]]:
    """The voice's word times for a caption (from Piper's phoneme alignments, as its cache
    keeps them beside the line), seconds from the line's start."""
    stem = re.sub(r"[^a-z0-9]+", "-", caption.lower()).strip("-")[:48]
    [path] = (out / ".work" / "voice").glob(f"{stem}-*.words.json")
    return [(t, a) for t, a, _ in json.loads(path.read_text(encoding="utf-8"))["words"]]


def line_seconds(out: Path, caption: str) -> float:
    stem = re.sub(r"[^a-z0-9]+", "-", caption.lower()).strip("-")[:48]
    [path] = (out / ".work" / "voice").glob(f"{stem}-*.wav")
    x, rate = read_audio(path)
    return x.size / rate


def sound_of(path) -> np.ndarray:
    x, _ = read_audio(path, RATE)
    return x.astype(np.float64)


def first_sound(x: np.ndarray, after: float = 0.0) -> float:
    win = RATE // 100
    for i in range(int(after * RATE), x.size - win, win // 2):
        if np.sqrt(np.mean(x[i:i + win] ** 2)) > 10 ** (-45 / 20):
            return i / RATE
    return float("inf")


def test_a_long_caption_is_shown_in_phrases_from_the_moment_each_is_said(spoken):
    cues = read_srt(spoken / "clips" / "TinySpoken.srt")
    assert " ".join(c.content.replace("\n", " ") for c in cues) == f"{LONG} {SHORT}"
    for cue in cues:
        lines = cue.content.split("\n")
        assert len(lines) <= 2 and all(len(line) <= LINE_CHARS for line in lines), cue.content
    words = aligned(spoken, LONG)
    # the first cue starts with the sound of the line; each next one, its first word later
    x = sound_of(spoken / "clips" / "TinySpoken.mp4")
    start = cues[0].start.total_seconds()
    assert start == pytest.approx(first_sound(x) + words[0][1], abs=1 / FPS)
    long_cues = [c for c in cues if c.content.split()[0] != SHORT.split()[0]]
    assert len(long_cues) >= 2
    k = 0
    for cue in long_cues:
        said = words[k][1] - words[0][1]
        assert cue.start.total_seconds() - start == pytest.approx(said, abs=1 / FPS)
        k += len(cue.content.split())
    assert k == len(LONG.split())


def test_the_webvtt_times_every_word_as_the_voice_says_it(spoken):
    vtt = (spoken / "clips" / "TinySpoken.vtt").read_text(encoding="utf-8")
    cues = read_srt(spoken / "clips" / "TinySpoken.srt")
    # each word's time in the clip: where its line starts (its first cue, less the time of
    # its first word) plus the voice's own time for it
    expected = []
    for caption in (LONG, SHORT):
        words = aligned(spoken, caption)
        first = next(c for c in cues if c.content.split()[0] == caption.split()[0])
        expected += [(t, first.start.total_seconds() - words[0][1] + a) for t, a in words]
    blocks = [b for b in vtt.split("\n\n")[1:] if b.strip()]
    found = []
    for cue, block in zip(cues, blocks, strict=True):
        text = block.split("\n", 1)[1].rstrip("\n")
        assert re.sub(r"<[0-9:.]+>", "", text) == cue.content
        for j, token in enumerate(text.split()):
            m = re.fullmatch(r"<(\d+):(\d+):([\d.]+)>(\S+)", token)
            assert (m is None) == (j == 0), token  # a time before every word but the first
            if m:
                found.append((m[4], 3600 * int(m[1]) + 60 * int(m[2]) + float(m[3])))
            else:
                found.append((token, cue.start.total_seconds()))
    assert [t for t, _ in found] == [t for t, _ in expected]
    for (_, got), (word, want) in zip(found, expected, strict=True):
        assert got == pytest.approx(want, abs=0.0015), word
    # the joined explainer's subtitles are the clip's here (one chapter), word times too
    assert (spoken / "explainer.vtt").read_text(encoding="utf-8") == vtt


def test_the_page_marks_the_word_being_said(spoken, page):
    words = aligned(spoken, LONG)
    cues = read_srt(spoken / "clips" / "TinySpoken.srt")
    start = cues[0].start.total_seconds() - words[0][1]
    page.goto((spoken / "index.html").as_uri())
    for vid in ("clip-1", "explainer"):
        page.wait_for_function(f"() => document.getElementById('{vid}').readyState >= 1")
        for k in (3, 12):
            at = start + words[k][1] + 0.02
            page.evaluate(f"document.getElementById('{vid}').currentTime = {at}")
            page.wait_for_function(
                "([id, w]) => { const s = document.querySelector('#' + id + '-said .now');"
                " return s && s.textContent === w; }", arg=[vid, words[k][0]])
            past = page.evaluate(f"[...document.querySelectorAll('#{vid}-said .past')]"
                                 ".map(s => s.textContent)")
            phrase = next(c for c in cues if c.start.total_seconds() <= at
                          < c.end.total_seconds()).content.split()
            assert past == phrase[:phrase.index(words[k][0])]


def slide_parts(deck: Path) -> list[dict[str, list[str]]]:
    """Each slide's media, read from the zip itself: for each relationship type (its last
    word: "video", "audio", "media"), the parts it names in ppt/media, one each; and for
    each relationship id ("rid:rId3"), its part."""
    found = []
    with zipfile.ZipFile(deck) as z:
        slides = sorted((n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                        key=lambda n: int(re.search(r"\d+", n)[0]))
        for name in slides:
            rels = ET.fromstring(z.read(name.replace("slides/", "slides/_rels/") + ".rels"))
            kinds: dict[str, list[str]] = {}
            for rel in rels:
                target = posixpath.normpath(posixpath.join("ppt/slides", rel.get("Target")))
                kind = kinds.setdefault(rel.get("Type").rsplit("/", 1)[1], [])
                if target.startswith("ppt/media/") and target not in kind:
                    kind.append(target)
                kinds["rid:" + rel.get("Id")] = [target]
            found.append(kinds)
    return found


def test_each_slide_of_the_powerpoint_deck_plays_its_beats_line(spoken, tmp_path):
    deck = spoken / "slides" / "explainer.pptx"
    slides = list(pptx.Presentation(str(deck)).slides)
    assert [s.notes_slide.notes_text_frame.text for s in slides] == [LONG, SHORT]
    parts = slide_parts(deck)
    assert len(parts) == 2
    with zipfile.ZipFile(deck) as z:
        for k, (kinds, caption) in enumerate(zip(parts, (LONG, SHORT), strict=True)):
            # one movie and one sound, each its own part in ppt/media
            (movie,), (sound,) = kinds["video"], kinds["audio"]
            assert sorted(kinds["media"]) == sorted([movie, sound])
            assert sound.endswith(".m4a") and z.getinfo(sound).file_size > 0
            for name, part in (("movie", movie), ("sound", sound)):
                (tmp_path / f"{name}-{k}").write_bytes(z.read(part))
            with av.open(str(tmp_path / f"movie-{k}")) as c:
                # the movie is silent: PowerPoint would play its track with the sound
                assert len(c.streams.audio) == 0 and len(c.streams.video) == 1
                v = c.streams.video[0]
                video_s = float(v.duration * v.time_base)
            with av.open(str(tmp_path / f"sound-{k}")) as c:
                assert len(c.streams.video) == 0
                (a,) = c.streams.audio
                sound_s = float(a.duration * a.time_base)
            # the sound lasts the slide, the line in it from its first moment as long as
            # the voice spoke it (the WAV the voice wrote)
            assert sound_s == pytest.approx(video_s, abs=1 / FPS)
            x = sound_of(tmp_path / f"sound-{k}")
            lo, hi = trim_bounds(x.astype(np.float32), RATE)
            assert lo / RATE < 0.05
            assert (hi - lo) / RATE == pytest.approx(line_seconds(spoken, caption), abs=0.05)
            assert pyloudnorm.Meter(RATE).integrated_loudness(x) == pytest.approx(-16, abs=1)
            assert np.abs(x).max() < 1.0
            # a sound shape names the audio part; the slide's timing plays it as the slide
            # begins, for as long as it lasts, and hides its icon during the show
            el = etree.fromstring(z.read(f"ppt/slides/slide{k + 1}.xml"))
            (spid,) = el.xpath(".//p:pic[p:nvPicPr/p:nvPr/a:audioFile]/p:nvPicPr/p:cNvPr/@id",
                               namespaces=NS)
            (link,) = el.xpath(".//p:pic/p:nvPicPr/p:nvPr/a:audioFile/@r:link", namespaces=NS)
            assert kinds["rid:" + link] == [sound]
            (cmd,) = el.xpath(".//p:timing//p:cmd[@cmd='playFrom(0.0)']", namespaces=NS)
            assert cmd.xpath(".//p:spTgt/@spid", namespaces=NS) == [spid]
            assert int(cmd.xpath("./p:cBhvr/p:cTn/@dur", namespaces=NS)[0]) == \
                pytest.approx(1000 * sound_s, abs=1)
            (node,) = el.xpath(".//p:timing//p:audio/p:cMediaNode", namespaces=NS)
            assert node.xpath(".//p:spTgt/@spid", namespaces=NS) == [spid]
            assert node.get("showWhenStopped") == "0"
            ids = el.xpath(".//p:timing//p:cTn/@id", namespaces=NS)
            assert len(ids) == len(set(ids))


def test_each_slide_of_the_html_deck_plays_its_beats_line(spoken, tmp_path):
    html = (spoken / "slides" / "explainer.html").read_text(encoding="utf-8")
    videos = re.findall(r'data-background-video="data:video/mp4;base64,([^"]+)"', html)
    assert len(videos) == 2
    assert "data-background-video-muted" not in re.sub(r"<script.*?</script>", "", html,
                                                       flags=re.S)
    for k, (data, caption) in enumerate(zip(videos, (LONG, SHORT), strict=True)):
        path = tmp_path / f"{k}.mp4"
        path.write_bytes(base64.b64decode(data))
        x = sound_of(path)
        lo, hi = trim_bounds(x.astype(np.float32), RATE)
        assert (hi - lo) / RATE == pytest.approx(line_seconds(spoken, caption), abs=0.05)


# Chromium's autoplay policy, whatever this profile's media engagement says: a page's media
# may play with sound only after the viewer clicked or pressed a key on it.
SOUND_AFTER_GESTURE = """(() => {
  let gesture = false;
  for (const kind of ["pointerdown", "keydown", "click"])
    addEventListener(kind, (e) => { if (e.isTrusted) gesture = true; }, true);
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (!this.muted && !gesture)
      return Promise.reject(new DOMException("no gesture yet", "NotAllowedError"));
    return play.call(this);
  };
})();"""
SLIDE_VIDEO = """k => { const v = Reveal.getSlideBackground(k).querySelector("video");
  return {paused: v.paused, muted: v.muted, at: v.currentTime,
          from: v.played.length ? v.played.start(0) : null}; }"""


def test_a_browser_that_refuses_sound_gets_one_button_that_starts_the_deck_with_it(spoken,
                                                                                  page):
    page.add_init_script(SOUND_AFTER_GESTURE)
    page.goto((spoken / "slides" / "explainer.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.wait_for_function("() => document.querySelector('.reveal > .r-media-play-button')"
                           "?.textContent === '\u25b6 Click to start with sound'")
    # the first slide waits at its first frame, not playing on muted
    assert page.evaluate(SLIDE_VIDEO, 0) == {"paused": True, "muted": True, "at": 0,
                                             "from": None}
    button = page.locator(".reveal > .r-media-play-button")
    box = button.bounding_box()
    view = page.viewport_size
    assert box["x"] < view["width"] / 2 < box["x"] + box["width"]
    assert box["y"] < view["height"] / 2 < box["y"] + box["height"]
    button.click()
    # the click starts the slide with its sound, from its beginning, and the button goes
    page.wait_for_function(f"() => {{ const s = ({SLIDE_VIDEO})(0);"
                           " return !s.paused && !s.muted && s.at > 0; }")
    assert page.evaluate(SLIDE_VIDEO, 0)["from"] == 0
    assert button.count() == 0
    # the next slide plays with its sound at once
    page.evaluate("Reveal.next()")
    page.wait_for_function(f"() => {{ const s = ({SLIDE_VIDEO})(1);"
                           " return !s.paused && !s.muted && s.at > 0; }")
    assert button.count() == 0


def test_the_clip_and_the_explainer_are_at_one_loudness_without_clipping(spoken):
    for name in ("clips/TinySpoken.mp4", "explainer.mp4"):
        x = sound_of(spoken / name)
        assert pyloudnorm.Meter(RATE).integrated_loudness(x) == pytest.approx(-16, abs=1)
        assert np.abs(x).max() < 1.0


def brute_fewest(tokens: list[str]) -> int:
    """The fewest phrases of at most two lines of 42 characters, by trying every split."""
    best = {0: 0}
    for j in range(1, len(tokens) + 1):
        options = []
        for i in range(j):
            words = tokens[i:j]
            lines_ok = len(" ".join(words)) <= LINE_CHARS or any(
                len(" ".join(words[:m])) <= LINE_CHARS and len(" ".join(words[m:])) <= LINE_CHARS
                for m in range(1, len(words)))
            if (lines_ok or len(words) == 1) and i in best:
                options.append(best[i] + 1)
        best[j] = min(options)
    return best[len(tokens)]


@pytest.mark.parametrize("caption", [
    LONG, SHORT,
    "Training: as W and b change, the points move through the hidden space and the "
    "classes come apart.",
    "Count, everywhere, how many classifiers keep that side: the three lines cut the "
    "plane into seven regions, and each region is one pattern of sides.",
    "A word too long for any line: " + "x" * 50 + " stands alone.",
])
def test_phrases_fit_two_lines_of_42_and_are_as_few_as_can_be(caption):
    tokens = caption.split()
    phrases = split_phrases(tokens)
    assert [t for p in phrases for t in p] == tokens
    assert len(phrases) == brute_fewest(tokens)
    for p in phrases:
        assert fits(p) or len(p) == 1
        assert 1 <= len(wrap(" ".join(p))) <= 2


def test_a_cue_whose_words_were_not_timed_is_left_as_written():
    text = "1\n00:00:01,000 --> 00:00:02,000\nOne square.\n"
    assert srt_to_vtt(text, [("Two", 1.0, 1.2), ("squares.", 1.2, 1.8)]).split("\n")[3] == \
        "One square."
    assert srt_to_vtt(text, [("One", 1.0, 1.2), ("square.", 1.3, 1.8)]).split("\n")[3] == \
        "One <00:00:01.300>square."
    assert srt_to_vtt(text) == srt_to_vtt(text, [])


def test_a_number_and_its_unit_are_one_timed_word():
    # a German cue says "99,5 %" with a narrow no-break space: the voice said it as one word
    text = "1\n00:00:01,000 --> 00:00:03,000\nAm Ende 99,5\u202f% richtig.\n"
    said = [("Am", 1.0, 1.2), ("Ende", 1.3, 1.5), ("99,5\u202f%", 1.6, 2.0),
            ("richtig.", 2.1, 2.5)]
    assert srt_to_vtt(text, said).split("\n")[3] == (
        "Am <00:00:01.300>Ende <00:00:01.600>99,5\u202f% <00:00:02.100>richtig.")
