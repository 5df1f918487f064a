"""The second-half scenes' beats: one section and one caption per beat, in sync, in plain words,
with the numbers they state taken from the trace and the core."""

from __future__ import annotations

import numpy as np
import pytest
import srt
from plane_render import asset, says_share

from scenes.chain_rule import ChainRulePath
from scenes.graph import ComputationalGraph
from scenes.pull import WhoPullsTheLines
from scenes.warp import HiddenSpaceWarp, WarpDuringTraining

SCENES = [HiddenSpaceWarp, WarpDuringTraining, ComputationalGraph, ChainRulePath,
          WhoPullsTheLines]


def recording(scene_cls):
    """``scene_cls`` that keeps (name, scene time) of each next_section in ``marks``."""

    class Recorded(scene_cls):
        def next_section(self, name: str = "unnamed", *args, **kwargs) -> None:
            self.marks.append((name, self.time))
            super().next_section(name, *args, **kwargs)

    Recorded.__name__ = scene_cls.__name__
    Recorded.marks = []
    return Recorded


@pytest.fixture(scope="module")
def rendered(render, tmp_path_factory):
    """Each scene rendered once on the seed's trace, to a video and its subtitles (Manim
    0.22 writes an .srt only beside a video): scene_cls -> (scene, media_dir)."""
    done = {}

    def get(scene_cls):
        if scene_cls not in done:
            media = tmp_path_factory.mktemp(scene_cls.__name__)
            cls = recording(scene_cls)
            cls.marks = []
            scene, _ = render(cls, media, trace=asset("seed-notebook"), output="movie")
            done[scene_cls] = scene, media
        return done[scene_cls]

    return get


@pytest.mark.parametrize("scene_cls", SCENES, ids=lambda c: c.__name__)
def test_every_section_has_its_caption_for_exactly_its_duration(scene_cls, rendered):
    scene, media = rendered(scene_cls)
    marks = scene.marks
    subs = scene.renderer.file_writer.subcaptions
    assert len(marks) >= 3
    assert len({name for name, _ in marks}) == len(marks)
    assert len(subs) == len(marks)
    ends = [t for _, t in marks[1:]] + [scene.time]
    for (name, start), end, sub in zip(marks, ends, subs, strict=True):
        assert end > start, name
        assert sub.start.total_seconds() == pytest.approx(start, abs=1e-5), name
        assert sub.end.total_seconds() == pytest.approx(end, abs=1e-5), name
        # plain words for a reader without sound: no TeX
        assert sub.content.strip() and not set(sub.content) & set("$\\{}"), sub.content
    assert (media / "scene.mp4").is_file()
    written = list(srt.parse((media / "scene.srt").read_text(encoding="utf-8")))
    assert [s.content for s in written] == [s.content for s in subs]


def captions(scene) -> dict[str, str]:
    return {name: sub.content for (name, _), sub in
            zip(scene.marks, scene.renderer.file_writer.subcaptions, strict=True)}


def test_warp_captions_name_the_beats_and_the_meta_classifiers_share(rendered):
    scene, _ = rendered(HiddenSpaceWarp)
    trace = asset("seed-notebook")
    said = captions(scene)
    assert list(said) == ["the input plane", "s = Wx", "+ b", "sigmoid", "regions in corners",
                          "the meta classifier", "hidden lines become planes",
                          "a learned feature map", "one plane"]
    W, b = trace.weights[0][-1], trace.biases[0][-1]
    w_m, b_m = trace.weights[1][-1][:, 0], trace.biases[1][-1][0]
    h = 1 / (1 + np.exp(-(trace.X @ W + b)))
    right = np.mean((h @ w_m + b_m > 0) == trace.y.astype(bool))
    assert "% of the points on their side" in said["the meta classifier"]
    assert says_share(said["the meta classifier"], right)
    assert "3 hidden lines" in said["the input plane"]
    assert "h_i = 1/2" in said["hidden lines become planes"]

    scene, _ = rendered(WarpDuringTraining)
    said = captions(scene)
    assert f"Step {int(trace.steps[0])}: the data" in said["the hidden space at the start"]
    assert says_share(said["the hidden space at the start"], trace.accuracy[0])
    assert list(said) in (["the hidden space at the start", "training", "trained"],
                          ["the hidden space at the start", "training", "training on", "trained"])
    assert said["trained"].startswith(f"Step {int(trace.steps[-1])}: the plane gets ")
    assert said["trained"].endswith("% right.") and says_share(said["trained"],
                                                                trace.accuracy[-1])


def test_backprop_captions_state_the_points_own_numbers(rendered):
    scene, _ = rendered(ComputationalGraph)
    trace = asset("seed-notebook")
    said = captions(scene)
    assert list(said) == ["the graph", "forward pass", "backward pass", "update"]
    p = scene.passed
    assert f"y-hat = {p.y_hat:.3f} and its loss {p.loss:.3f}" in said["forward pass"]
    assert f"all {len(trace.X)} points" in said["update"]
    assert (f"step {int(trace.steps[scene.k])} becomes {int(trace.steps[scene.next_k])}."
            in said["update"])

    scene, _ = rendered(ChainRulePath)
    said = captions(scene)
    assert f"y-hat - y = {scene.passed.y_hat - scene.passed.y:.3f}" in said["collapse"]

    scene, _ = rendered(WhoPullsTheLines)
    said = captions(scene)
    wrong = int((trace.model(scene.k).predict(trace.X) != trace.y).sum())
    assert f"The {wrong} circled points are misclassified and pull hardest." in \
        said["the pulls"]
