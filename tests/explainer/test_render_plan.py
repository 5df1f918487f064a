"""What decides a re-render (cache keys), failures, checks on bad files, and bad input.

Cache keys are tested on a small project laid out in tmp_path (scenes/ and mlp/ packages),
so that editing a file there is safe.
"""

from __future__ import annotations

import json
import os
import shutil
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from pipeline_helpers import FIXTURE, ROOT, SMALL, story_file

from explainer.cli import main
from explainer.pipeline.media import VerifyError, atomic, verify_clip
from explainer.pipeline.plan import Settings, chapter_inputs, dependencies, job_key
from explainer.pipeline.worker import error_line
from explainer.story import STORY, Chapter
from scenes.toolkit.reading import ReadingSpeed


def _project(tmp: Path) -> Path:
    root = tmp / "proj"
    (root / "scenes").mkdir(parents=True)
    (root / "mlp").mkdir()
    (root / "assets").mkdir()
    (root / "scenes" / "__init__.py").write_text("")
    (root / "mlp" / "__init__.py").write_text("")
    (root / "mlp" / "maths.py").write_text("SCALE = 2\n")
    (root / "mlp" / "unused.py").write_text("X = 1\n")
    (root / "scenes" / "shared.py").write_text("from mlp.maths import SCALE\nSIDE = SCALE\n")
    (root / "scenes" / "other.py").write_text("Y = 3\n")
    (root / "scenes" / "clip.py").write_text(
        "from manim import Scene, Square, Create\n"
        "from scenes.shared import SIDE\n"
        "TRACE = 'toy-trace'\n"
        "class Clip(Scene):\n"
        "    def construct(self):\n"
        "        self.play(Create(Square(side_length=SIDE)), run_time=0.5)\n")
    (root / "assets" / "toy-trace.npz").write_bytes(b"one")
    (root / "assets" / "other-trace.npz").write_bytes(b"two")
    (root / "manim.cfg").write_text("[CLI]\nframe_rate = 30\n")
    return root


CHAPTER = Chapter("scenes/clip.py", "Clip", "A clip")


DEFAULT = Settings()


def _key(root: Path, settings: Settings = DEFAULT, trace: Path | None = None,
         chapter: Chapter = CHAPTER) -> str:
    return chapter_inputs(chapter, root=root, settings=settings, trace=trace,
                          file_hashes={}).base_key


def test_dependencies_follow_local_imports_transitively(tmp_path):
    root = _project(tmp_path)
    deps = {p.relative_to(root.resolve()).as_posix()
            for p in dependencies(root / "scenes/clip.py", root)}
    assert deps == {"scenes/clip.py", "scenes/shared.py", "scenes/__init__.py",
                    "mlp/maths.py", "mlp/__init__.py"}


def test_a_run_parses_each_file_once_for_all_its_chapters(tmp_path, monkeypatch):
    """Two chapters importing the same modules: one parse per file, and the same
    dependencies as each chapter found alone."""
    import ast

    root = _project(tmp_path)
    (root / "scenes" / "second.py").write_text("from scenes.shared import SIDE\n"
                                               "import scenes.clip\n")
    alone = {m: dependencies(root / m, root) for m in ("scenes/clip.py", "scenes/second.py")}
    parsed: list[str] = []
    real_parse = ast.parse

    def counting_parse(source, filename="<unknown>", *a, **kw):
        parsed.append(Path(filename).resolve().relative_to(root.resolve()).as_posix())
        return real_parse(source, filename, *a, **kw)

    monkeypatch.setattr(ast, "parse", counting_parse)
    memo: dict = {}
    shared = {m: dependencies(root / m, root, memo) for m in alone}
    assert shared == alone
    every_file = {p.relative_to(root.resolve()).as_posix() for d in alone.values() for p in d}
    assert sorted(parsed) == sorted(every_file)


NESTED_IMPORTS = """
import a
def f():
    import b
    class C:
        from c import x
if a:
    import d
elif b:
    import e
else:
    import f2
try:
    import g
except ImportError:
    import h
else:
    import i
finally:
    import j
with open(a) as fh:
    import k
for q in a:
    import m
while a:
    import n
match a:
    case 1:
        import o
async def g2():
    async with a:
        import p
"""


def test_the_import_scan_finds_every_import_a_full_walk_finds():
    """Every file of the project, and imports nested every way Python allows: the scan of
    statements finds the same Import and ImportFrom nodes as ast.walk over the whole tree."""
    import ast

    from explainer.pipeline.plan import _statements

    sources = [NESTED_IMPORTS] + [p.read_text(encoding="utf-8")
                                  for d in ("scenes", "mlp", "explainer", "tests", "bench")
                                  for p in sorted((ROOT / d).rglob("*.py"))]
    for source in sources:
        tree = ast.parse(source)
        every = {id(n) for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))}
        found = {id(n) for n in _statements(tree) if isinstance(n, (ast.Import, ast.ImportFrom))}
        assert found == every
    assert len([n for n in _statements(ast.parse(NESTED_IMPORTS))
                if isinstance(n, ast.Import)]) == NESTED_IMPORTS.count("import ") - 1


@pytest.mark.parametrize("edit, changes", [
    ("scenes/clip.py", True),       # the scene itself
    ("scenes/shared.py", True),     # a module it imports
    ("mlp/maths.py", True),         # imported by that module, in the core
    ("manim.cfg", True),            # Manim's configuration
    ("assets/toy-trace.npz", True),  # the bundled trace it names
    ("scenes/other.py", False),     # not imported
    ("mlp/unused.py", False),
    ("assets/other-trace.npz", False),
])
def test_key_changes_exactly_when_an_input_changes(tmp_path, edit, changes):
    root = _project(tmp_path)
    before = _key(root)
    with open(root / edit, "a") as f:
        f.write("\n# edited\n")
    assert (_key(root) != before) is changes


def test_key_depends_on_quality_trace_content_and_variant(tmp_path):
    root = _project(tmp_path)
    base = _key(root)
    assert _key(root, Settings("m")) != base
    assert _key(root, Settings("l", (256, 144), 10)) != base
    assert _key(root, Settings(reading=ReadingSpeed(12))) != base
    assert _key(root, Settings(reading=ReadingSpeed(15, 2))) != base
    assert _key(root, Settings(reading=ReadingSpeed(15, 1.5))) == base  # the default
    voiced = _key(root, Settings().voiced("espeak-ng"))
    assert voiced != base
    assert _key(root, Settings().voiced("espeak-ng:en-gb")) != voiced
    lines = tmp_path / "lines"
    lines.mkdir()
    (lines / "a-clip.wav").write_bytes(b"take 1")
    recorded = _key(root, Settings().voiced(f"recorded:{lines}"))
    assert recorded not in (base, voiced)
    (lines / "a-clip.wav").write_bytes(b"take 2")  # a new take of a line re-renders
    assert _key(root, Settings().voiced(f"recorded:{lines}")) != recorded
    t1, t2 = tmp_path / "a.npz", tmp_path / "b.npz"
    t1.write_bytes(b"trace A")
    t2.write_bytes(b"trace A")
    assert _key(root, trace=t1) == _key(root, trace=t2)  # content, not name
    t2.write_bytes(b"trace B")
    assert _key(root, trace=t1) != _key(root, trace=t2)
    assert _key(root, trace=t1) != base
    # a chapter that plays fixed traces ignores --trace
    fixed = Chapter("scenes/clip.py", "Clip", "A clip", plays_trace=False)
    assert _key(root, trace=t1, chapter=fixed) == _key(root, chapter=fixed)
    assert job_key(base, "video") != job_key(base, "mov")


def test_slides_key_follows_the_code_that_wraps_the_scene(tmp_path):
    """Editing the slide wrapper or the Slide adaptation re-renders decks, and only decks."""
    from explainer.pipeline.plan import SLIDES_SOURCES

    copies = []
    for src in SLIDES_SOURCES:
        copies.append(tmp_path / src.name)
        copies[-1].write_bytes(src.read_bytes())
    base = _key(_project(tmp_path))
    before = job_key(base, "slides", copies)
    assert before == job_key(base, "slides")  # same content, same key
    copies[1].write_text(copies[1].read_text() + "\n# adapted\n")
    assert job_key(base, "slides", copies) != before
    assert job_key(base, "video", copies) == job_key(base, "video")  # clips are kept


def test_key_depends_on_the_manim_version(tmp_path, monkeypatch):
    import explainer.pipeline.plan as plan

    root = _project(tmp_path)
    before = _key(root)
    monkeypatch.setattr(plan, "_version", lambda name: "9.9.9")
    assert _key(root) != before


def test_missing_scene_file_is_named(tmp_path):
    inp = chapter_inputs(Chapter("scenes/nowhere.py", "Nowhere", "x"), root=ROOT,
                         settings=Settings(), trace=None, file_hashes={})
    assert inp.error == "scenes/nowhere.py: no such file"


def test_story_is_the_seeds_order_and_names_real_scenes():
    assert [c.scene for c in STORY] == [
        "OpeningQuestion", "LinearClassifier", "CirclesAreNotSeparable", "FeatureMap",
        "ThreeClassifiers", "BecomeANetwork", "HiddenLinesTraining", "DecisionBoundary",
        "WidthProgression", "HiddenSpaceWarp", "TwoUnitsWarp", "WarpDuringTraining",
        "DepthWarp", "ManyClassesRegions", "ManyClassesWarp", "ComputationalGraph",
        "ChainRulePath", "WhoPullsTheLines", "HandwrittenDigits", "BumpsAddUp", "Recap"]
    import ast

    for ch in STORY:
        path = ROOT / ch.module
        assert path.is_file(), ch.module
        classes = {n.name for n in ast.walk(ast.parse(path.read_text()))
                   if isinstance(n, ast.ClassDef)}
        assert ch.scene in classes, f"{ch.scene} not in {ch.module}"


def test_a_failing_scene_does_not_stop_the_others(tmp_path, capsys):
    out = tmp_path / "out"
    story = json.loads(story_file(tmp_path, [("TinyBroken", "Broken"),
                                             ("TinyLine", "Fine")]).read_text())
    story.append({"module": "scenes/nowhere.py", "scene": "Nowhere", "title": "Missing"})
    (tmp_path / "story.json").write_text(json.dumps(story))
    code = main(["render", "--story", str(tmp_path / "story.json"), *SMALL, "--out", str(out),
                 "--jobs", "2", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert ("TinyBroken failed: TinyBroken: needs a 2-3-1 network, but trace has sizes [2, 1]"
            in err)
    assert "Nowhere failed: scenes/nowhere.py: no such file" in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert [c["scene"] for c in manifest["clips"]] == ["TinyLine"]
    assert {f["scene"] for f in manifest["failed"]} == {"TinyBroken", "Nowhere"}
    assert (out / "clips" / "TinyLine.mp4").is_file()
    assert not (out / "clips" / "TinyBroken.mp4").exists()
    assert not (out / "explainer.mp4").exists()  # no explainer with a chapter missing
    assert "TinyBroken failed" in (out / "index.html").read_text()
    # The finished clip is kept: a second run renders only what failed.
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter as Ch

    report = render(Options(out=out, settings=Settings("l", (256, 144), 10), jobs=2,
                            quiet=True, story=[Ch(FIXTURE, "TinyBroken", "Broken",
                                                  assets=("seed-notebook",)),
                                               Ch(FIXTURE, "TinyLine", "Fine",
                                                  assets=("seed-notebook",))]))
    assert report.reused == ["TinyLine"]
    assert [s for s, _ in report.failed] == ["TinyBroken"]


def test_error_line_prefers_the_scenes_own_line():
    text = ("Traceback (most recent call last):\n│ x = 1 │\nValueError: bad value\n"
            "╰────╯\nClip: needs a 2-3-1 network, but t.npz has sizes [2, 1]\n")
    assert error_line(text, "Clip") == "Clip: needs a 2-3-1 network, but t.npz has sizes [2, 1]"
    assert error_line("noise\n│ KeyError: 'w' │\n╰──╯\n", "Clip") == "KeyError: 'w'"
    assert error_line("", "Clip") == "manim failed without a message"


def _write_video(path: Path, frames: list[np.ndarray], fps: int = 10,
                 index_first: bool = False) -> None:
    """An mp4 of ``frames``; with index_first, its index (moov) before the packets."""
    options = {"movflags": "faststart"} if index_first else {}
    with av.open(str(path), "w", options=options) as c:
        s = c.add_stream("libx264", rate=Fraction(fps))
        s.width, s.height, s.pix_fmt = frames[0].shape[1], frames[0].shape[0], "yuv420p"
        for f in frames:
            c.mux(s.encode(av.VideoFrame.from_ndarray(f, format="rgb24")))
        c.mux(s.encode())


def test_verify_accepts_a_real_clip_and_rejects_blank_wrong_and_broken(tmp_path):
    rng = np.random.default_rng(0)
    moving = [rng.integers(0, 255, (64, 96, 3), dtype=np.uint8) for _ in range(12)]
    good = tmp_path / "good.mp4"
    _write_video(good, moving)
    info = verify_clip(good, size=(96, 64), fps=10, poster=tmp_path / "p.png")
    assert (info.frames, info.width, info.height, info.fps) == (12, 96, 64, 10)
    assert info.duration == pytest.approx(1.2)
    assert (tmp_path / "p.png").is_file()
    with pytest.raises(VerifyError, match="expected 128x64, found 96x64"):
        verify_clip(good, size=(128, 64))
    with pytest.raises(VerifyError, match="expected 15 fps, found 10"):
        verify_clip(good, fps=15)
    blank = tmp_path / "blank.mp4"
    _write_video(blank, [np.full((64, 96, 3), 16, np.uint8)] * 12)
    with pytest.raises(VerifyError, match="blank clip"):
        verify_clip(blank)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(VerifyError):
        verify_clip(cut)
    with pytest.raises(VerifyError, match="expected a pixel format with alpha"):
        verify_clip(good, alpha=True)


def test_verify_without_decoding_reads_every_packet_and_rejects_wrong_and_broken(tmp_path):
    rng = np.random.default_rng(2)
    good = tmp_path / "good.mp4"
    _write_video(good, [rng.integers(0, 255, (64, 96, 3), dtype=np.uint8) for _ in range(12)])
    info = verify_clip(good, size=(96, 64), fps=10, decode=False)
    assert (info.frames, info.width, info.height, info.fps) == (12, 96, 64, 10)
    assert info.duration == pytest.approx(1.2)
    with pytest.raises(VerifyError, match="expected 128x64, found 96x64"):
        verify_clip(good, size=(128, 64), decode=False)
    with pytest.raises(VerifyError, match="expected 15 fps, found 10"):
        verify_clip(good, fps=15, decode=False)
    cut = tmp_path / "cut.mp4"  # the index at the end: cut short, it cannot be opened
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(VerifyError, match="cannot be opened"):
        verify_clip(cut, decode=False)
    # the index first: cut short, it names packets that are gone
    first = tmp_path / "index-first.mp4"
    _write_video(first, [rng.integers(0, 255, (64, 96, 3), dtype=np.uint8) for _ in range(12)],
                 index_first=True)
    assert verify_clip(first, decode=False).frames == 12
    cut.write_bytes(first.read_bytes()[: int(first.stat().st_size * 0.6)])
    with pytest.raises(VerifyError, match=r"header says 12 frames, read [0-9]\b"):
        verify_clip(cut, decode=False)
    with pytest.raises(ValueError, match="needs decode=True"):
        verify_clip(good, poster=tmp_path / "p.png", decode=False)


def test_atomic_leaves_nothing_when_interrupted(tmp_path):
    dst = tmp_path / "clips" / "x.mp4"
    with pytest.raises(KeyboardInterrupt):
        with atomic(dst) as tmp:
            tmp.write_bytes(b"half")
            raise KeyboardInterrupt
    assert not dst.exists() and list(dst.parent.iterdir()) == []
    with atomic(dst) as tmp:
        tmp.write_bytes(b"whole")
    assert dst.read_bytes() == b"whole" and list(dst.parent.iterdir()) == [dst]


@pytest.mark.parametrize("argv, message", [
    (["--formats", "webm,avi"], "--formats: expected some of poster, webm, gif, mov, "
                                "webm-alpha (or all), got avi"),
    (["--trace", "no/such.npz"], "--trace: no such file: no/such.npz"),
    (["--executor", "dask"], "--executor dask needs --scheduler ADDRESS"),
    (["--scenes", "Nope"], "--scenes: not in the story: Nope"),
    (["--resolution", "wide"], "--resolution: expected WIDTH,HEIGHT like 640,360"),
    (["--slides", "--pptx-size", "100x"], "--pptx-size: expected WIDTH,HEIGHT like 640,360"),
    (["--slides", "--pptx-size", "8,8"], "--pptx-size: expected even sizes of at least 16"),
    (["--jobs", "-1"], "--jobs: expected a number of processes >= 1, got -1"),
    (["--reading-speed", "fast"], "--reading-speed: expected characters a second (> 0), "
                                  "optionally with the shortest caption in seconds"),
    (["--reading-speed", "15,-1"], "--reading-speed: expected characters a second"),
    (["--voice", "bogus"], "--voice: expected piper, piper:MODEL.onnx, espeak-ng, "
                           "espeak-ng:VOICE, recorded:FOLDER or python:MODULE:NAME; got 'bogus'"),
    (["--voice", "piper:no/such.onnx"], "piper: no such voice model: no/such.onnx"),
    (["--voice", "recorded:no/such/folder"], "recorded voice: no such folder: no/such/folder"),
    (["--voice", "espeak-ng:xx-nope"], "espeak-ng has no voice 'xx-nope'"),
])
def test_bad_flags_are_one_line_and_exit_2(tmp_path, capsys, argv, message):
    code = main(["render", "--out", str(tmp_path / "out"), *argv])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and message in err


def test_a_malformed_trace_is_one_line_before_rendering(tmp_path, capsys):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a trace")
    code = main(["render", "--trace", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "bad.npz" in err
    assert not (tmp_path / "out" / "clips").exists()


_WHOLE_RECORD = {"key": "0" * 64, "scene": "TinyLine", "variant": "video",
                 "files": {"mp4": {"file": "clips/TinyLine.mp4", "sha256": "0" * 64,
                                   "bytes": 10}},
                 "info": None, "timeline": None, "render_seconds": 1.5}


def _damaged(change):
    record = json.loads(json.dumps(_WHOLE_RECORD))
    change(record)
    return json.dumps(record)


@pytest.mark.parametrize("text, found", [
    (_damaged(lambda r: r["files"]["mp4"].pop("file")), 'found files.mp4 without "file"'),
    (_damaged(lambda r: r.pop("key")), 'found no "key" string'),
    (_damaged(lambda r: r["files"].update(mp4="clips/TinyLine.mp4")),
     "found files.mp4 as a string"),
    (_damaged(lambda r: r.update(info={"duration": 2.0})), "found info.frames as null"),
    (_damaged(lambda r: r.update(render_seconds="soon")),
     'found "render_seconds" as a string'),
    ("[1, 2]", "found a list"),
    ('{"key": ', "found text that is not JSON"),
])
def test_a_damaged_clip_record_is_one_line_before_rendering(tmp_path, capsys, text, found):
    """A clip's record (.work/<Scene>/video.json) that is valid JSON but not a record, or
    not JSON: one line naming it, what a record holds and what it has; nothing is rendered
    or written, and the record is left as it was for the user to look at."""
    out = tmp_path / "out"
    record = out / ".work" / "TinyLine" / "video.json"
    record.parent.mkdir(parents=True)
    record.write_text(text)
    story = story_file(tmp_path, [("TinyLine", "Line")])
    code = main(["render", "--story", str(story), *SMALL, "--out", str(out), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1
    assert err.startswith(f"mlp-explainer: error: {record}: expected a clip record")
    assert found in err and err.endswith("delete it to render that clip again")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        ".work", ".work/TinyLine", ".work/TinyLine/video.json"]
    assert record.read_text() == text


def test_a_whole_record_is_read_as_it_was_written(tmp_path):
    from explainer.pipeline.worker import read_record

    path = tmp_path / "video.json"
    assert read_record(path) is None  # none yet: the clip is rendered
    path.write_text(json.dumps(_WHOLE_RECORD))
    assert read_record(path) == _WHOLE_RECORD


def test_trace_flag_reaches_the_scene_through_mlp_trace(tmp_path):
    """--trace replaces the bundled trace: TinyTrace captions the snapshot count it played."""
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter as Ch
    from mlp.trace import load_trace

    trace = tmp_path / "t.npz"
    shutil.copy(ROOT / "assets" / "blobs-linear.npz", trace)
    out = tmp_path / "out"
    report = render(Options(out=out, settings=Settings("l", (256, 144), 10), jobs=1,
                            quiet=True, trace=trace, story=[Ch(FIXTURE, "TinyTrace", "T")]))
    assert report.ok, report.failed
    n = load_trace(trace).n_snapshots
    assert f"{n} snapshots." in (out / "clips" / "TinyTrace.srt").read_text()
    clip = report.manifest["clips"][0]
    assert clip["trace_sha256"] == report.manifest["trace"]["sha256"]
    assert n != load_trace(ROOT / "assets" / "seed-notebook.npz").n_snapshots


def test_an_interrupted_run_keeps_finished_clips_and_resumes(tmp_path, monkeypatch):
    """SIGINT to the pipeline alone while one clip is finished and another is known to be
    rendering (TinyHeld holds its render open until released): the manim process in flight
    is stopped, the finished clip stays, nothing is half written, and the next run renders
    only what had not finished. Every step waits for an event, never for a length of time."""
    import signal
    import subprocess
    import sys

    out = tmp_path / "out"
    hold = tmp_path / "hold"
    hold.mkdir()
    monkeypatch.setenv("TINY_HOLD", str(hold))
    scenes = [("TinyLine", "A"), ("TinyHeld", "B")]
    story = story_file(tmp_path, scenes)
    cmd = [sys.executable, "-m", "explainer.cli", "render", "--story", str(story), *SMALL,
           "--out", str(out), "--jobs", "2", "--quiet"]
    # A shell starts its background jobs with SIGINT ignored, and Python keeps it so: reset
    # in the child, or the run would never hear the interrupt this test is about.
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    finished_record = out / ".work" / "TinyLine" / "video.json"
    held_record = out / ".work" / "TinyHeld" / "video.json"
    try:
        # TinyLine's record is written last, when its clip is complete; TinyHeld cannot end
        # before "release" exists, which only this test creates (after the interrupt).
        _wait_until(lambda: finished_record.exists() and (hold / "started").exists(), proc)
        os.kill(proc.pid, signal.SIGINT)
        try:  # a run that ignores the interrupt fails here instead of hanging the suite
            _, err = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            pytest.fail("the run was still going 10 minutes after SIGINT")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # The pipeline waits for the manim processes it stopped before it exits.
    left = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(out).encode() in cmdline.read_bytes():
                left.append(cmdline.parent.name)
        except OSError:
            pass
    assert left == [], "manim processes outlived the interrupted run"
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert finished_record.exists() and not held_record.exists()
    assert (out / "clips" / "TinyLine.mp4").is_file()
    assert not (out / "clips" / "TinyHeld.mp4").exists()
    assert not [p for p in out.rglob("*") if ".partial" in p.name]
    assert not (out / "explainer.mp4").exists()
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter as Ch

    (hold / "release").touch()
    report = render(Options(out=out, settings=Settings("l", (256, 144), 10), jobs=1,
                            quiet=True, story=[Ch(FIXTURE, s, t, assets=("seed-notebook",))
                                               for s, t in scenes]))
    assert report.ok, report.failed
    assert report.reused == ["TinyLine"]
    assert report.rendered == ["TinyHeld"]


def _wait_until(condition, proc) -> None:
    """Wait for `condition` to hold while `proc` runs; fail if it ends first."""
    import time

    while not condition():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the run ended (exit {proc.returncode}) before the awaited event: "
                        f"{err[-2000:]}")
        time.sleep(0.05)


@pytest.mark.parametrize("reencode", [False, True])
def test_join_keeps_every_frame_in_order_with_chapters(tmp_path, reencode):
    from explainer.pipeline.media import join_clips, read_chapters

    rng = np.random.default_rng(1)
    a = [np.full((64, 96, 3), 40 + 10 * k, np.uint8) for k in range(8)]
    b = [rng.integers(0, 255, (64, 96, 3), dtype=np.uint8) for _ in range(5)]
    a[0][:8, :8] = 255  # not one flat colour
    pa, pb = tmp_path / "a.mp4", tmp_path / "b.mp4"
    _write_video(pa, a)
    _write_video(pb, b)
    joined = tmp_path / "joined.mp4"
    chapters = join_clips([pa, pb], ["First", "Second"], joined, reencode=reencode)
    assert [(c.title, c.start, c.end) for c in chapters] == [("First", 0.0, 0.8),
                                                             ("Second", 0.8, 1.3)]
    assert [(c.title, round(c.start, 3), round(c.end, 3)) for c in read_chapters(joined)] == \
        [("First", 0.0, 0.8), ("Second", 0.8, 1.3)]
    info = verify_clip(joined, size=(96, 64), fps=10)
    assert info.frames == 13
    with av.open(str(joined)) as c:
        means = [f.to_ndarray(format="rgb24").mean() for f in c.decode(video=0)]
    # the flat frames of the first clip brighten step by step, then the noise of the second
    assert np.all(np.diff(means[1:8]) > 5)
    assert abs(means[10] - 127) < 10


def render_slides(tmp_path, fixture: str, scene: str):
    """Render one fixture scene's slides alone: (report, the scene's manim-slides JSON)."""
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter as Ch

    out = tmp_path / "out"
    report = render(Options(out=out, settings=Settings("l", (256, 144), 10), jobs=2,
                            quiet=True, slides=True, pdf=False,
                            story=[Ch(f"tests/explainer/fixtures/{fixture}", scene, scene,
                                      assets=())]))
    assert report.ok, report.failed
    deck = json.loads((out / ".work" / "slides-deck" / f"{scene}.json").read_text())
    return report, deck


def test_a_scene_without_sections_gets_a_slide_per_caption(tmp_path):
    report, deck = render_slides(tmp_path, "tiny_captions.py", "TinyCaptions")
    # captions start beats 1, 2 and 3; the uncaptioned move stays in beat 1
    assert report.manifest["slides"]["per_scene"] == {"TinyCaptions": 3}
    assert len(deck["slides"]) == 3
    assert report.manifest["clips"][0]["traces"] == []


def test_a_scene_that_declares_beats_gets_a_slide_per_beat(tmp_path):
    report, deck = render_slides(tmp_path, "tiny_beats.py", "TinyBeats")
    # two beats, the first of two animations: two slides, not three
    assert report.manifest["slides"]["per_scene"] == {"TinyBeats": 2}
    assert len(deck["slides"]) == 2


def test_time_left_comes_from_estimates_corrected_by_finished_jobs():
    from explainer.pipeline.plan import Job
    from explainer.pipeline.run import Display
    from explainer.pipeline.worker import JobResult

    def job(scene: str, estimate: float) -> Job:
        return Job(index=1, scene=scene, title=scene, module="m.py", root=".",
                   variant="video", settings=Settings(), key="k", out_dir=".", work_dir=".",
                   record="r.json", estimate=estimate)

    now = [1000.0]  # the display's clock, moved by the test alone
    a, b, c = job("A", 10.0), job("B", 20.0), job("C", 30.0)
    display = Display([a, b, c], quiet=False, slots=2, clock=lambda: now[0])
    try:
        assert display.seconds_left() == pytest.approx(30.0)  # (10 + 20 + 30) / 2 slots
        display.start(a)
        now[0] += 20.0  # A has been running for 20 s
        assert display.seconds_left() == pytest.approx(20.0)  # (60 - 20) / 2
        display.done(a, JobResult("A", "video", True))
        # A took twice its estimate: B and C are expected to as well, (20 + 30) * 2 / 2
        assert display.seconds_left() == pytest.approx(50.0)
        assert display.count == 1 and "A" not in display.running
    finally:
        display.close()


def test_story_names_the_traces_each_scene_plays_by_default():
    import importlib

    for ch in STORY:
        cls = getattr(importlib.import_module(ch.module[:-3].replace("/", ".")), ch.scene)
        plays = getattr(cls, "default_traces", None) or (cls.default_trace,)
        assert ch.assets == tuple(plays), ch.scene
        assert all((ROOT / "assets" / f"{name}.npz").is_file() for name in ch.assets)


def test_gif_export_at_15_fps_keeps_every_frame_and_the_duration(tmp_path):
    from explainer.pipeline.media import export_gif

    rng = np.random.default_rng(2)
    src = tmp_path / "clip.mp4"
    _write_video(src, [rng.integers(0, 255, (64, 96, 3), dtype=np.uint8) for _ in range(15)],
                 fps=15)
    export_gif(src, tmp_path / "clip.gif")
    info = verify_clip(tmp_path / "clip.gif", size=(96, 64))
    assert info.frames == 15
    assert info.duration == pytest.approx(1.0, abs=0.02)


def test_a_failed_export_keeps_the_clip_and_is_retried(tmp_path, monkeypatch):
    from dataclasses import replace

    from explainer.pipeline.formats import EXPORTS
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter as Ch

    def broken(src, dst):
        raise OSError("disk full")

    out = tmp_path / "out"
    story = [Ch(FIXTURE, "TinyLine", "A", assets=("seed-notebook",))]
    opts = Options(out=out, settings=Settings("l", (256, 144), 10), jobs=1, quiet=True,
                   formats=("gif",), story=story)
    monkeypatch.setitem(EXPORTS, "gif", replace(EXPORTS["gif"], make=broken))
    report = render(opts)
    assert report.failed == [("TinyLine", "gif export: OSError: disk full")]
    clip = out / "clips" / "TinyLine.mp4"
    assert clip.is_file() and (out / "explainer.mp4").is_file()
    assert [c["scene"] for c in report.manifest["clips"]] == ["TinyLine"]
    mtime = clip.stat().st_mtime_ns
    monkeypatch.undo()
    again = render(opts)
    assert again.ok and (out / "clips" / "TinyLine.gif").is_file()
    assert clip.stat().st_mtime_ns == mtime  # the clip itself was not rendered again
    assert not again.results[0].rendered


def test_slides_without_reveal_js_is_one_line_before_rendering(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLP_EXPLAINER_REVEALJS", str(tmp_path / "empty"))
    code = main(["render", "--slides", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "slide decks need reveal.js 6.0.1" in err and "make setup" in err
    assert not (tmp_path / "out" / "clips").exists()


def test_the_set_up_provides_every_reveal_js_file_the_deck_embeds():
    from explainer.pipeline.slides import REVEAL_FILES, reveal_package

    package = reveal_package()
    assert all((package / rel).stat().st_size > 500 for rel in REVEAL_FILES.values())


def test_the_reading_speed_reaches_every_scene_from_the_run_not_the_shell(tmp_path,
                                                                          monkeypatch):
    """--reading-speed is what the clips' captions hold to, whatever the caller's
    $MLP_READING_SPEED says, and changing it re-renders them."""
    from explainer.pipeline.media import read_srt
    from explainer.pipeline.run import Options, render
    from explainer.story import Chapter as Ch

    monkeypatch.setenv("MLP_READING_SPEED", "100,0.1")
    out = tmp_path / "out"
    story = [Ch("tests/explainer/fixtures/tiny_beats.py", "TinyBeats", "Beats", assets=())]

    def run(reading: ReadingSpeed):
        report = render(Options(out=out, settings=Settings("l", (256, 144), 10,
                                                           reading=reading),
                                jobs=1, quiet=True, story=story))
        assert report.ok, report.failed
        return report, read_srt(out / "clips" / "TinyBeats.srt")

    report, cues = run(ReadingSpeed(10, 2.5))
    assert report.rendered == ["TinyBeats"]
    # both beats' animations last 0.8 s and 0.4 s; their captions take 2.8 s and 2.8 s
    assert [c.content for c in cues] == ["A square is drawn and moves.",
                                         "The square becomes a circle."]
    for cue in cues:
        seconds = (cue.end - cue.start).total_seconds()
        assert len(cue.content) / 10 - 0.001 <= seconds <= len(cue.content) / 10 + 0.1
    report, _ = run(ReadingSpeed(10, 2.5))
    assert report.reused == ["TinyBeats"]
    report, cues = run(ReadingSpeed())
    assert report.rendered == ["TinyBeats"]
    assert (cues[0].end - cues[0].start).total_seconds() == pytest.approx(28 / 15, abs=0.1)
