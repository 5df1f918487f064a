"""mlp-explainer render end to end, on two small scenes rendered once through the manim CLI.

The module fixture renders the fixture story (TinyLine: two beats, two captions; TinyTrace:
shows the snapshot count of the trace it plays) at 256x144, 10 fps, with every export and
the slide deck; the tests check what was written against the files themselves.
"""

from __future__ import annotations

import json
import re

import av
import numpy as np
import pptx
import pytest
from PIL import Image
from pipeline_helpers import (
    FPS,
    ROOT,
    SIZE,
    SMALL,
    chromium_dom,
    decode,
    sha256,
    story_file,
    video_durations,
)

from explainer.cli import main
from explainer.pipeline.media import read_chapters
from mlp.trace import load_trace

# Its tests share renders (module fixtures): one worker runs the file, so each is made once.
pytestmark = pytest.mark.xdist_group("render-pipeline")

SCENES = [("TinyLine", "A square becomes a circle"), ("TinyTrace", "The trace's snapshots")]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    out = tmp / "out"
    story = story_file(tmp, SCENES)
    argv = ["render", "--story", str(story), *SMALL, "--out", str(out), "--formats", "all",
            "--slides", "--jobs", "2", "--quiet"]
    code = main(argv)
    manifest = json.loads((out / "manifest.json").read_text())
    return {"code": code, "out": out, "manifest": manifest, "argv": argv, "tmp": tmp}


def test_run_succeeds_and_lists_every_clip_in_story_order(run):
    assert run["code"] == 0
    m = run["manifest"]
    assert [c["scene"] for c in m["clips"]] == ["TinyLine", "TinyTrace"]
    assert [c["chapter"] for c in m["clips"]] == [1, 2]
    assert [c["title"] for c in m["clips"]] == [t for _, t in SCENES]
    assert "failed" not in m
    assert (m["width"], m["height"], m["fps"]) == (*SIZE, FPS)


def test_manifest_records_each_clips_timeline_and_its_explorer(run):
    line, traced = run["manifest"]["clips"]
    assert line["timeline"] == [] and "explore" not in line
    (track,) = traced["timeline"]
    assert track["trace"] == "assets/seed-notebook.npz"
    last = load_trace(ROOT / track["trace"]).n_snapshots - 1
    t, p = np.array(track["samples"]).T
    # held at 0 through the first beat (0.5 s), then 0 -> last linearly in the second
    frames = np.arange(traced["frames"]) / FPS
    want = np.clip((frames - 0.5) / 0.5, 0, 1) * last
    np.testing.assert_allclose(np.interp(frames, t, p), want, atol=1e-6)
    explore = traced["explore"]
    assert explore["samples"] == track["samples"]
    page = (run["out"] / explore["file"]).read_text()
    assert page.startswith("<!DOCTYPE html>") and "seed-notebook.npz" in page
    index = (run["out"] / "index.html").read_text()
    # beside the clip and beside its chapter of the joined explainer
    assert index.count("data-explore=") == 2
    assert index.count(f'href="{explore["file"]}" data-explore=') == 2


def test_manifest_matches_each_decoded_clip(run):
    out = run["out"]
    for clip in run["manifest"]["clips"]:
        path = out / clip["file"]
        assert clip["sha256"] == sha256(path)
        frames = decode(path)
        assert len(frames) == clip["frames"] > 5
        assert clip["duration"] == pytest.approx(len(frames) / FPS)
        assert frames[0].shape == (SIZE[1], SIZE[0], 3)
        assert (clip["width"], clip["height"], clip["fps"]) == (*SIZE, FPS)
        for name, entry in clip["exports"].items():
            assert sha256(out / entry["file"]) == entry["sha256"], name


def test_trace_hash_is_the_bundled_trace_content(run):
    want = sha256(ROOT / "assets" / "seed-notebook.npz")
    for clip in run["manifest"]["clips"]:
        assert clip["trace_sha256"] == want
        assert clip["traces"] == [{"path": "assets/seed-notebook.npz", "sha256": want}]


def test_durations_follow_the_scenes_run_times(run):
    # TinyLine plays 0.6 s + 0.6 s and waits 0.2 s; TinyTrace plays 0.5 s + 0.5 s.
    durations = [c["duration"] for c in run["manifest"]["clips"]]
    assert durations == pytest.approx([1.4, 1.0])


def test_poster_is_the_last_frame(run):
    out = run["out"]
    clip = run["manifest"]["clips"][0]
    poster = np.asarray(Image.open(out / clip["exports"]["poster"]["file"]).convert("RGB"))
    last = decode(out / clip["file"])[-1]
    assert poster.shape == last.shape
    assert np.abs(poster.astype(int) - last.astype(int)).max() == 0
    # TinyLine ends on a red circle on the dark background: a ring of reddish pixels.
    p = poster.astype(int)
    assert tuple(p[0, 0]) == pytest.approx((16, 20, 24), abs=2)
    reddish = (p[..., 0] - p[..., 2]) > 40
    assert reddish.sum() > 40
    ys, xs = np.nonzero(reddish)
    assert xs.mean() == pytest.approx(SIZE[0] / 2, abs=4)
    assert ys.mean() == pytest.approx(SIZE[1] / 2, abs=4)


def test_webm_and_gif_have_every_frame(run):
    out = run["out"]
    for clip in run["manifest"]["clips"]:
        for fmt in ("webm", "gif"):
            path = out / clip["exports"][fmt]["file"]
            frames = decode(path)
            assert len(frames) == clip["frames"], (fmt, path)
            assert frames[0].shape[:2] == (SIZE[1], SIZE[0])


@pytest.mark.parametrize("fmt", ["mov", "webm-alpha"])
def test_transparent_exports_carry_alpha(run, fmt):
    out = run["out"]
    clip = run["manifest"]["clips"][0]
    path = out / clip["exports"][fmt]["file"]
    frames = decode(path, "rgba")
    assert len(frames) == clip["frames"]
    last = frames[-1]
    assert last[0, 0, 3] == 0  # the background is see-through
    assert last[..., 3].max() > 150  # the circle's stroke is opaque


def test_joined_video_has_a_chapter_per_scene(run):
    out = run["out"]
    m = run["manifest"]
    clips = m["clips"]
    joined = out / m["explainer"]["file"]
    chapters = read_chapters(joined)
    assert [c.title for c in chapters] == [c["title"] for c in clips]
    assert chapters[0].start == 0
    assert chapters[1].start == pytest.approx(clips[0]["duration"], abs=1e-3)
    assert chapters[1].end == pytest.approx(clips[0]["duration"] + clips[1]["duration"],
                                            abs=1e-3)
    frames = decode(joined)
    assert len(frames) == sum(c["frames"] for c in clips)
    # The joined frames are the clips' frames, in order.
    first = decode(out / clips[0]["file"])
    second = decode(out / clips[1]["file"])
    assert np.abs(frames[len(first) - 1].astype(int) - first[-1].astype(int)).max() <= 2
    assert np.abs(frames[len(first)].astype(int) - second[0].astype(int)).max() <= 2


def test_subtitles_come_from_the_scenes_captions_shifted_per_chapter(run):
    out = run["out"]
    text = (out / "explainer.srt").read_text()
    blocks = [b.splitlines() for b in text.strip().split("\n\n")]
    assert [b[2] for b in blocks] == [
        "A square is drawn.", "The square becomes a circle.",
        f"{load_trace(ROOT / 'assets' / 'seed-notebook.npz').n_snapshots} snapshots."]
    assert blocks[0][1] == "00:00:00,000 --> 00:00:00,600"
    assert blocks[1][1] == "00:00:00,600 --> 00:00:01,200"
    assert blocks[2][1] == "00:00:01,400 --> 00:00:01,900"  # TinyTrace starts at 1.4 s
    vtt = (out / "explainer.vtt").read_text()
    assert vtt.startswith("WEBVTT") and "00:00:01.400 --> 00:00:01.900" in vtt


def test_index_page_plays_every_video_in_chromium(run):
    out = run["out"]
    page = (out / "index.html").read_text()
    assert not re.search(r"""(src|href)=["']https?:""", page)  # offline: nothing remote
    for clip in run["manifest"]["clips"]:
        assert clip["exports"]["poster"]["file"] in page
        assert "&lt;video src=&quot;mlp-explainer/" + clip["file"] in page  # embed snippet
    durations = video_durations(chromium_dom(out / "index.html", run["tmp"]))
    want = {"explainer": run["manifest"]["explainer"]["duration"]}
    want.update({f"clip-{k + 1}": c["duration"]
                 for k, c in enumerate(run["manifest"]["clips"])})
    assert set(durations) == set(want)
    for vid, seconds in want.items():
        assert durations[vid] == pytest.approx(seconds, abs=0.05), vid


def test_slides_deck_has_a_slide_per_beat_in_one_offline_file(run):
    out = run["out"]
    slides = run["manifest"]["slides"]
    # TinyLine and TinyTrace each have two beats (one next_section call each).
    assert slides["per_scene"] == {"TinyLine": 2, "TinyTrace": 2}
    html = (out / slides["html"]).read_text()
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?:""", html)
    assert html.count("data:video/mp4;base64,") >= 4
    assert "Reveal.initialize" in html
    pdf = (out / slides["pdf"]).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 4
    assert len(pptx.Presentation(str(out / slides["pptx"])).slides) == 4


def test_unchanged_rerun_renders_nothing_and_rewrites_nothing(run):
    out = run["out"]
    files = sorted(p for p in out.rglob("*") if p.is_file() and ".work" not in p.parts)
    before = {p: (p.stat().st_mtime_ns, sha256(p)) for p in files}
    from explainer.pipeline.formats import FORMATS
    from explainer.pipeline.plan import Settings
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter

    story = [Chapter("tests/explainer/fixtures/tiny_scenes.py", s, t, assets=("seed-notebook",))
             for s, t in SCENES]
    report = render(Options(out=out, settings=Settings("l", SIZE, FPS), formats=FORMATS,
                            slides=True, jobs=2, story=story, quiet=True))
    assert report.ok
    assert report.rendered == []
    assert len(report.reused) == 8  # 2 scenes x (mp4, mov, webm-alpha, slides)
    after = {p: (p.stat().st_mtime_ns, sha256(p)) for p in files}
    assert after == before
    assert not [p for p in out.rglob("*.partial*")]


def test_no_partial_files_are_left(run):
    assert not [p for p in run["out"].rglob("*") if ".partial" in p.name]


def test_cli_prints_a_summary_when_not_quiet(run, capsys):
    argv = [a for a in run["argv"] if a != "--quiet"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "rendered 0 job(s), reused 8" in printed
    assert "2 chapters" in printed and "4 slides" in printed


def test_a_clip_is_rendered_again_when_its_settings_or_file_change(tmp_path):
    """Another frame rate is another cache key; a damaged clip fails its checksum."""
    from explainer.pipeline.plan import Settings
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter

    out = tmp_path / "out"
    story = [Chapter("tests/explainer/fixtures/tiny_scenes.py", "TinyLine", "x",
                     assets=("seed-notebook",))]
    first = render(Options(out=out, settings=Settings("l", SIZE, 5), story=story, jobs=1,
                           quiet=True))
    assert first.rendered == ["TinyLine"]
    assert first.manifest["clips"][0]["frames"] == 7  # 1.4 s at 5 fps
    again = render(Options(out=out, settings=Settings("l", SIZE, 5), story=story, jobs=1,
                           quiet=True))
    assert again.rendered == [] and again.reused == ["TinyLine"]
    (out / "clips" / "TinyLine.mp4").write_bytes(b"not a video")  # damaged by hand
    repaired = render(Options(out=out, settings=Settings("l", SIZE, 5), story=story, jobs=1,
                              quiet=True))
    assert repaired.rendered == ["TinyLine"]
    with av.open(str(out / "clips" / "TinyLine.mp4")) as c:
        assert c.streams.video[0].frames == 7
