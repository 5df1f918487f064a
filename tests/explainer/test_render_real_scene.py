"""A real scene of the story through the pipeline: the same frames as the manim CLI gives.

ThreeClassifiers (the shortest chapter) at 256x144, 5 fps, rendered once by
`mlp-explainer render --scenes ThreeClassifiers --trace ... --slides` and once by the plain
`manim` command with the same flags and the same $MLP_TRACE.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pptx
import pytest
from pipeline_helpers import ROOT, decode, sha256
from pptx.enum.shapes import MSO_SHAPE_TYPE

from explainer.cli import main
from explainer.pipeline.plan import Settings
from explainer.story import STORY

# Its tests share renders (module fixtures): one worker runs the file, so each is made once.
pytestmark = pytest.mark.xdist_group("render-real-scene")

SCENE = "ThreeClassifiers"
FLAGS = ["--resolution", "256,144", "--fps", "5"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("real")
    trace = tmp / "seed.npz"
    shutil.copy(ROOT / "assets" / "seed-notebook.npz", trace)
    out = tmp / "out"
    code = main(["render", "--scenes", SCENE, "--trace", str(trace), *FLAGS, "--out", str(out),
                 "--slides", "--no-pdf", "--quiet", "--jobs", "2"])
    module = next(c.module for c in STORY if c.scene == SCENE)
    env = dict(os.environ, MLP_TRACE=str(trace))
    # the same encoder settings as the pipeline's clips (on Manim 0.22; none on 0.21)
    plain = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "-r", "256,144",
                            "--fps", "5", *Settings("l").encoder_flags(), module, SCENE,
                            "--media_dir", str(tmp / "plain")],
                           cwd=ROOT, env=env, capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr[-2000:]
    made = [p for p in (tmp / "plain").rglob(f"{SCENE}.mp4") if "partial" not in str(p)]
    return {"code": code, "out": out, "trace": trace, "plain": made[0],
            "manifest": json.loads((out / "manifest.json").read_text())}


def test_pipeline_clip_has_the_frames_the_manim_cli_renders(rendered):
    assert rendered["code"] == 0
    clip = rendered["manifest"]["clips"][0]
    ours = decode(rendered["out"] / clip["file"])
    theirs = decode(rendered["plain"])
    assert len(ours) == len(theirs) == clip["frames"]
    assert clip["duration"] == pytest.approx(len(theirs) / 5)
    for a, b in zip(ours, theirs, strict=True):
        assert np.abs(a.astype(int) - b.astype(int)).max() <= 1


def test_manifest_names_the_trace_it_played(rendered):
    clip = rendered["manifest"]["clips"][0]
    assert clip["trace_sha256"] == sha256(rendered["trace"])
    assert rendered["manifest"]["trace"]["sha256"] == sha256(rendered["trace"])
    assert rendered["manifest"]["explainer"]["chapters"][0]["scene"] == SCENE


def test_real_scene_becomes_a_slide_deck(rendered):
    slides = rendered["manifest"]["slides"]
    assert slides["per_scene"][SCENE] >= 1
    html = (rendered["out"] / slides["html"]).read_text()
    assert html.count("data:video/mp4;base64,") >= slides["slides"]
    assert "pdf" not in slides
    # the PowerPoint deck: every slide a beat of the scene, its caption the speaker's notes
    deck = pptx.Presentation(str(rendered["out"] / slides["pptx"]))
    assert len(deck.slides) == slides["slides"]
    for slide in deck.slides:
        assert [s.shape_type for s in slide.shapes] == [MSO_SHAPE_TYPE.MEDIA]
        assert slide.notes_slide.notes_text_frame.text.strip()
