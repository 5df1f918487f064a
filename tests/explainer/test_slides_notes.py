"""render --slides for the lecture hall: the PowerPoint deck and the speaker's notes.

The module fixture renders TinyNotes (three beats, one captioned in characters HTML and
Markdown read as markup) at 256x144, 10 fps, through the command line, with the PowerPoint
deck's videos fitted in 128x72. The tests read the decks back: the PPTX with python-pptx and
its movies with PyAV, the HTML with the standard library's parser and in headless Chromium
through reveal.js itself.
"""

from __future__ import annotations

import doctest
import io
import json
import shutil
from fractions import Fraction
from html.parser import HTMLParser

import av
import numpy as np
import pptx
import pytest
from pipeline_helpers import ROOT, decode, sha256, story_file
from pptx.enum.shapes import MSO_SHAPE_TYPE

from explainer.cli import main
from explainer.pipeline import media
from explainer.pipeline.media import read_srt

# Its tests share renders (module fixtures): one worker runs the file, so each is made once.
pytestmark = pytest.mark.xdist_group("slides-notes")

FIXTURE = "tests/explainer/fixtures/tiny_notes.py"
CAPTIONS = ["A square is drawn.", "It moves while x < 2 & y_1 * 2 is <b>small</b>.",
            "The square becomes a circle."]
FLAGS = ["--resolution", "256,144", "--fps", "10"]
# Only guards against a browser that hangs: every wait below ends on an event long before.
HANG_GUARD = 600_000  # ms


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("notes")
    out = tmp / "out"
    story = story_file(tmp, [("TinyNotes", "Notes")], module=FIXTURE)
    code = main(["render", "--story", str(story), *FLAGS, "--out", str(out), "--slides",
                 "--no-pdf", "--pptx-size", "128,72", "--jobs", "2", "--quiet"])
    manifest = json.loads((out / "manifest.json").read_text())
    return {"code": code, "out": out, "manifest": manifest}


def movies(slide) -> list[bytes]:
    """The video files a slide embeds (its movie shapes' media parts)."""
    return [rel.target_part.blob for rel in slide.part.rels.values()
            if not rel.is_external and rel.target_part.content_type.startswith("video/")]


def test_pptx_has_a_slide_per_beat_each_a_movie_with_its_caption_as_notes(deck):
    assert deck["code"] == 0, deck["manifest"].get("failed")
    slides = deck["manifest"]["slides"]
    assert slides["pptx"] == "slides/explainer.pptx"
    prs = pptx.Presentation(str(deck["out"] / slides["pptx"]))
    assert len(prs.slides) == 3
    # the same words the clip's subtitles show over each beat
    srt = [cue.content for cue in read_srt(deck["out"] / "clips" / "TinyNotes.srt")]
    assert srt == CAPTIONS
    for slide, caption in zip(prs.slides, CAPTIONS, strict=True):
        assert [s.shape_type for s in slide.shapes] == [MSO_SHAPE_TYPE.MEDIA]
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text == caption
        (blob,) = set(movies(slide))
        with av.open(io.BytesIO(blob)) as c:
            s = c.streams.video[0]
            assert (s.codec_context.width, s.codec_context.height) == (128, 72)
            assert sum(1 for _ in c.decode(s)) >= 3  # 0.3 s of animation at 10 fps
    assert slides["pptx_video"] == {"size": [128, 72], "fps": 10.0}
    # the page fills the slide in the videos' shape (16:9)
    assert prs.slide_width * 9 == prs.slide_height * 16


class _Notes(HTMLParser):
    """Every reveal.js slide (a <section> with a background video) and its notes asides."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[list[str]] = []
        self._aside: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-background-video" in attrs:
            self.slides.append([])
        elif tag == "aside" and "notes" in (attrs.get("class") or "").split():
            assert "data-markdown" not in attrs  # plain words, not Markdown
            self._aside = []

    def handle_data(self, data):
        if self._aside is not None:
            self._aside.append(data)

    def handle_endtag(self, tag):
        if tag == "aside" and self._aside is not None:
            self.slides[-1].append("".join(self._aside))
            self._aside = None


def test_html_deck_has_one_notes_aside_per_slide_holding_its_caption(deck):
    html = (deck["out"] / deck["manifest"]["slides"]["html"]).read_text()
    parser = _Notes()
    parser.feed(html)
    assert parser.slides == [[c] for c in CAPTIONS]


def test_reveal_speaker_view_shows_each_slides_caption(deck, page):
    page.goto((deck["out"] / deck["manifest"]["slides"]["html"]).as_uri(), timeout=HANG_GUARD)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=HANG_GUARD)
    notes = page.evaluate("Reveal.getSlides().map(s => Reveal.getSlideNotes(s))")
    # getSlideNotes gives the aside's HTML: the caption's markup characters stay text
    assert notes == [c.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                     for c in CAPTIONS]
    # the speaker view (key S) is a second window that shows the notes of the slide shown
    with page.expect_popup(timeout=HANG_GUARD) as opened:
        page.keyboard.press("s")
    speaker = opened.value
    try:
        for k, caption in enumerate(CAPTIONS):
            page.evaluate("k => Reveal.slide(k)", k)
            speaker.wait_for_function(
                "want => document.querySelector('.speaker-controls-notes .value')"
                "?.textContent === want", arg=caption, timeout=HANG_GUARD)
    finally:
        speaker.close()


def test_index_page_links_every_deck(deck):
    index = (deck["out"] / "index.html").read_text()
    assert 'href="slides/explainer.html"' in index
    assert 'href="slides/explainer.pptx"' in index


def test_unchanged_rerun_rewrites_no_deck_and_a_changed_caption_rewrites_the_notes(tmp_path):
    from explainer.pipeline.plan import Settings
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter

    root = tmp_path / "project"
    scene = root / "notes_scene.py"
    scene.parent.mkdir()
    shutil.copy(ROOT / FIXTURE, scene)
    out = tmp_path / "out"

    def run():
        report = render(Options(out=out, root=root, settings=Settings("l", (128, 72), 10),
                                jobs=2, quiet=True, slides=True, pdf=False,
                                story=[Chapter("notes_scene.py", "TinyNotes", "Notes",
                                               assets=())]))
        assert report.ok, report.failed
        return report

    def deck_notes() -> tuple[list[str], list[str]]:
        prs = pptx.Presentation(str(out / "slides" / "explainer.pptx"))
        parser = _Notes()
        parser.feed((out / "slides" / "explainer.html").read_text())
        return ([s.notes_slide.notes_text_frame.text for s in prs.slides],
                [n for (n,) in parser.slides])

    first = run()
    assert sorted(first.rendered) == ["TinyNotes", "TinyNotes (slides)"]
    assert deck_notes() == (CAPTIONS, CAPTIONS)
    decks = sorted((out / "slides").iterdir())
    before = {p: (p.stat().st_mtime_ns, sha256(p)) for p in decks}

    again = run()
    assert again.rendered == []
    assert {p: (p.stat().st_mtime_ns, sha256(p)) for p in decks} == before

    scene.write_text(scene.read_text().replace("The square becomes a circle.",
                                               "Now it is a circle."))
    changed = run()
    assert sorted(changed.rendered) == ["TinyNotes", "TinyNotes (slides)"]
    want = [*CAPTIONS[:2], "Now it is a circle."]
    assert deck_notes() == (want, want)


def test_media_doctests_pass():
    assert doctest.testmod(media).failed == 0


def test_export_smaller_fits_the_box_and_drops_frames_evenly(tmp_path):
    """A 60 fps clip whose frames grow brighter, brought to 30 fps: the even frames remain,
    at half the size, over the same duration."""
    src = tmp_path / "src.mp4"
    levels = [16 + 16 * k for k in range(12)]
    with av.open(str(src), "w") as c:
        s = c.add_stream("libx264", rate=60)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"crf": "0"}
        for k, level in enumerate(levels):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), level, np.uint8), "rgb24")
            frame.pts = k
            c.mux(s.encode(frame.reformat(format="yuv420p")))
        c.mux(s.encode())
    dst = tmp_path / "small.mp4"
    assert media.export_smaller(src, dst, box=(32, 32), max_fps=30) == (32, 24, 30.0)
    frames = decode(dst)
    assert [f.shape for f in frames] == [(24, 32, 3)] * 6
    np.testing.assert_allclose([f.mean() for f in frames], levels[::2], atol=3)
    with av.open(str(dst)) as c:
        s = c.streams.video[0]
        assert s.average_rate == Fraction(30)
        assert float(s.duration * s.time_base) == pytest.approx(12 / 60, abs=1 / 30)
