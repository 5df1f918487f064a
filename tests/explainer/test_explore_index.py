"""index.html and the explorer side by side: the video moves the explorer along the clip's
recorded track (video time -> trace position), and a step clicked in the explorer seeks the
video."""

from __future__ import annotations

import av
import numpy as np
import pytest
from pipeline_helpers import ROOT

from explainer.explore import write_page
from explainer.pipeline.outputs import index_html
from mlp.trace import load_trace

# A frame scrolled out of view gets no animation frames, so conditions in it are polled
# every POLL ms instead (a check of the condition, not a wait for time to pass).
POLL = 50
AT = "(want) => Math.abs(document.body.dataset.pos - want) < 1e-6"

# A clip of 3 s: the run held at position 0 for 1 s, then 0 -> 100 in 1 s, then -> 200.
SAMPLES = [[0.0, 0.0], [1.0, 0.0], [2.0, 100.0], [3.0, 200.0]]


def pos_at(t: float) -> float:
    return float(np.interp(t, [s[0] for s in SAMPLES], [s[1] for s in SAMPLES]))


def _webm(path, seconds=3.0, fps=10):
    with av.open(str(path), "w") as c:
        s = c.add_stream("libvpx", rate=fps)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), (6 * i) % 256, np.uint8),
                                               format="rgb24")
            for p in s.encode(frame):
                c.mux(p)
        for p in s.encode():
            c.mux(p)


def _clip(k, scene, explore=None):
    clip = {"chapter": k, "scene": scene, "title": f"Chapter {k}", "file": "clips/c.webm",
            "duration": 3.0, "frames": 30, "width": 64, "height": 48, "fps": 10,
            "exports": {"webm": {"file": "clips/c.webm"}}}
    if explore:
        clip["explore"] = explore
    return clip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    (out / "clips").mkdir()
    _webm(out / "clips" / "c.webm")
    trace = load_trace(ROOT / "assets" / "seed-notebook.npz")
    write_page(trace, out / "explore" / "seed.html")
    manifest = {"title": "t", "width": 64, "height": 48, "fps": 10, "manim": "0.21",
                "clips": [_clip(1, "NoTrace"),
                          _clip(2, "Plays", {"file": "explore/seed.html",
                                             "trace": "assets/seed-notebook.npz",
                                             "samples": SAMPLES})]}
    (out / "index.html").write_text(index_html(manifest))
    # the joined explainer: the two chapters one after the other
    _webm(out / "explainer.webm", seconds=6)
    joined = dict(manifest, explainer={
        "file": "explainer.webm", "duration": 6.0,
        "chapters": [{"title": "Chapter 1", "start": 0.0, "end": 3.0, "scene": "NoTrace"},
                     {"title": "Chapter 2", "start": 3.0, "end": 6.0, "scene": "Plays"}]})
    (out / "joined.html").write_text(index_html(joined))
    return out


def _explorer(page):
    page.click("a[data-explore='clip-2-explorer']")
    page.wait_for_selector("#clip-2-explorer[data-loaded='1']")
    frame = page.wait_for_selector("#clip-2-explorer iframe").content_frame()
    frame.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("() => document.getElementById('clip-2').readyState >= 1")
    return frame


def test_explore_link_only_beside_chapters_that_play_a_trace(site, page):
    page.goto((site / "index.html").as_uri())
    assert page.locator("a[data-explore]").count() == 1
    assert page.get_attribute("a[data-explore]", "href") == "explore/seed.html"


@pytest.mark.parametrize("t", [0.5, 1.25, 2.6])
def test_seeking_the_video_moves_the_explorer_to_the_mapped_position(site, page, t):
    page.goto((site / "index.html").as_uri())
    frame = _explorer(page)
    page.evaluate("(t) => { document.getElementById('clip-2').currentTime = t; }", t)
    want = pos_at(t)
    frame.wait_for_function(AT, arg=want, polling=POLL)
    trace = load_trace(ROOT / "assets" / "seed-notebook.npz")
    k = trace.snapshot_at(want)
    assert frame.text_content("#readout-step") == str(int(trace.steps[k]))


def test_a_step_clicked_in_the_explorer_seeks_the_video(site, page):
    page.goto((site / "index.html").as_uri())
    frame = _explorer(page)
    box = frame.locator("#curves").bounding_box()
    frame.locator("#curves").click(position={"x": box["width"] * 0.7, "y": box["height"] / 2})
    pos = float(frame.evaluate("document.body.dataset.pos"))
    assert 0 < pos < 200
    want = float(np.interp(pos, [0.0, 100.0, 200.0], [1.0, 2.0, 3.0]))  # first time shown
    page.wait_for_function(
        "(want) => Math.abs(document.getElementById('clip-2').currentTime - want) < 1e-3",
        arg=want)


def test_the_joined_explainer_drives_its_chapters_explorer(site, page):
    page.goto((site / "joined.html").as_uri())
    assert page.locator("ol.chapters a[data-explore]").count() == 1  # chapter 2 only
    page.click("ol.chapters a[data-explore]")
    page.wait_for_selector("#explainer-explorer-1[data-loaded='1']")
    frame = page.wait_for_selector("#explainer-explorer-1 iframe").content_frame()
    frame.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("() => document.getElementById('explainer').readyState >= 1")
    page.evaluate("document.getElementById('explainer').currentTime = 4.25")
    frame.wait_for_function(AT, arg=pos_at(1.25), polling=POLL)
    frame.evaluate("explorer.setPosition(0)")  # chapter 1 leaves it where it is
    page.evaluate("document.getElementById('explainer').currentTime = 2.0")
    page.wait_for_function("() => document.getElementById('explainer').seeking === false")
    box = frame.locator("#curves").bounding_box()
    frame.locator("#curves").click(position={"x": box["width"] * 0.7, "y": box["height"] / 2})
    pos = float(frame.evaluate("document.body.dataset.pos"))
    want = 3.0 + float(np.interp(pos, [0.0, 100.0, 200.0], [1.0, 2.0, 3.0]))
    page.wait_for_function(
        "(want) => Math.abs(document.getElementById('explainer').currentTime - want) < 1e-3",
        arg=want)
