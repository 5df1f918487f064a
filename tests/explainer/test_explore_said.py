"""A narrated clip beside its explorer: the page writes out the phrase being said with the
word being said marked, and the explorer that follows the video shows the same words."""

from __future__ import annotations

import pytest
from pipeline_helpers import ROOT
from test_explore_index import POLL, SAMPLES, _clip, _webm

from explainer.explore import write_page
from explainer.pipeline.outputs import index_html
from mlp.trace import load_trace

# Two cues: words said at the times written before them.
VTT = """WEBVTT

00:00:00.200 --> 00:00:01.400
One <00:00:00.500>line <00:00:00.900>splits
<00:00:01.100>the plane.

00:00:01.400 --> 00:00:02.800
Then <00:00:01.800>it <00:00:02.000>turns.
"""


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("narrated")
    (out / "clips").mkdir()
    _webm(out / "clips" / "c.webm")
    (out / "clips" / "c.vtt").write_text(VTT, encoding="utf-8")
    write_page(load_trace(ROOT / "assets" / "seed-notebook.npz"), out / "explore" / "seed.html")
    clip = _clip(1, "Plays", {"file": "explore/seed.html", "trace": "assets/seed-notebook.npz",
                              "samples": SAMPLES})
    clip["exports"].update(vtt={"file": "clips/c.vtt"}, words={"file": "clips/c.words.json"})
    manifest = {"title": "t", "width": 64, "height": 48, "fps": 10, "manim": "0.22",
                "clips": [clip]}
    (out / "index.html").write_text(index_html(manifest, out), encoding="utf-8")
    (out / "silent.html").write_text(index_html(manifest), encoding="utf-8")
    return out


# (time, the words shown, the one being said): "the" and "plane." share a time
CASES = [(0.3, "One line splits the plane.", "One"), (0.95, "One line splits the plane.",
                                                      "splits"),
         (1.15, "One line splits the plane.", "plane."), (2.05, "Then it turns.", "turns.")]


def _said(frame, box: str) -> tuple[str, str, list[str]]:
    return frame.evaluate(f"""() => {{
        const b = document.querySelector('{box}');
        const now = b.querySelector('.now');
        return [[...b.querySelectorAll('span')].map(s => s.textContent).join(' '),
                now ? now.textContent : '',
                [...b.querySelectorAll('.past')].map(s => s.textContent)];
    }}""")


@pytest.mark.parametrize("t, words, now", CASES)
def test_the_page_and_its_explorer_mark_the_word_being_said(narrated, page, t, words, now):
    page.goto((narrated / "index.html").as_uri())
    page.click("a[data-explore='clip-1-explorer']")
    frame = page.wait_for_selector("#clip-1-explorer iframe").content_frame()
    frame.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("() => document.getElementById('clip-1').readyState >= 1")
    page.evaluate("(t) => { document.getElementById('clip-1').currentTime = t; }", t)
    page.wait_for_function("(w) => { const s = document.querySelector('#clip-1-said .now');"
                           " return s && s.textContent === w; }", arg=now)
    shown, said, past = _said(page, "#clip-1-said")
    assert (shown, said) == (words, now)
    assert past == words.split()[:words.split().index(now)]
    frame.wait_for_function("(w) => { const s = document.querySelector('#said .now');"
                            " return s && s.textContent === w; }", arg=now, polling=POLL)
    assert _said(frame, "#said") == [words, now, past]


def test_a_page_without_word_times_shows_no_words(narrated, page):
    page.goto((narrated / "silent.html").as_uri())
    assert page.locator("[data-said]").count() == 0
