"""The story's chapters beyond the seed's network (two units on the rings, two hidden layers,
three classes of the spiral) play their bundled runs and say only what those runs show:
checked against a forward pass written here and scikit-learn's hard-margin linear SVM."""

from __future__ import annotations

import numpy as np
import pytest
from plane_render import says_share
from sklearn.svm import SVC
from test_any_trace_plane import forward, plane_pixels, strongest_class, words_of

from explainer.story import STORY
from mlp.bundled import DEPTH, MANY_CLASSES, TWO_UNITS
from scenes.decision_boundary import ManyClassesRegions
from scenes.toolkit.traces import ENV_VAR
from scenes.warp import DepthWarp, ManyClassesWarp, TwoUnitsWarp


def hidden(trace, X, layer: int) -> np.ndarray:
    """Hidden layer ``layer``'s activations at the last snapshot, by hand."""
    pre, _ = forward(trace, X)
    acts = {"sigmoid": lambda s: 1 / (1 + np.exp(-s)), "tanh": np.tanh}  # the runs use sigmoid
    return acts[trace.activations[layer - 1]](pre[layer - 1])


def hard_margin_svm_score(H, y) -> float:
    """Training accuracy of a linear SVM with a (nearly) hard margin: 1.0 when some plane
    splits the classes."""
    H = (H - H.min(axis=0)) / np.ptp(H, axis=0)
    return SVC(kernel="linear", C=1e6).fit(H, y).score(H, y)


@pytest.fixture(scope="module")
def played(render, tmp_path_factory):
    """scene class -> (scene, last frame), rendered once, on its own bundled trace."""
    done = {}

    def get(scene_cls):
        if scene_cls not in done:
            with pytest.MonkeyPatch.context() as mp:
                mp.delenv(ENV_VAR, raising=False)
                done[scene_cls] = render(scene_cls, tmp_path_factory.mktemp(scene_cls.__name__))
        return done[scene_cls]

    return get


def said(scene) -> list[str]:
    return [c.content for c in scene.renderer.file_writer.subcaptions]


def tex_shown(scene) -> str:
    return " ".join(m.tex_string for m in scene.mobjects if hasattr(m, "tex_string"))


def test_each_new_chapter_plays_its_bundled_run_and_keeps_it_under_trace():
    chapters = {c.scene: c for c in STORY}
    for scene, asset in (("TwoUnitsWarp", TWO_UNITS), ("DepthWarp", DEPTH),
                         ("ManyClassesRegions", MANY_CLASSES), ("ManyClassesWarp", MANY_CLASSES)):
        assert chapters[scene].assets == (asset,)
        assert not chapters[scene].plays_trace
    order = [c.scene for c in STORY]
    # two units come after the three-unit warp, as its contrast
    assert order.index("HiddenSpaceWarp") + 1 == order.index("TwoUnitsWarp")


def test_two_units_fold_the_plane_but_the_run_is_never_said_to_separate(played):
    scene, _ = played(TwoUnitsWarp)
    t = scene.trace
    assert t.sizes == [2, 2, 1] and t.meta["dataset"]["name"] == "rings"
    _, P = forward(t, t.X)
    accuracy = float(np.mean(np.argmax(P, axis=1) == t.y))
    assert accuracy < 1.0
    words = said(scene)
    text = " ".join(words) + " " + tex_shown(scene) + " ".join(words_of(scene))
    assert "separates" not in text and "100%" not in text and "lie apart" not in text
    assert says_share(" ".join(words), accuracy) and "of the points" in " ".join(words)
    # the last word: no line of the hidden square puts each class on its side; true of the
    # two units' representation, as a hard-margin SVM finds (and finds for the seed's three)
    H = hidden(t, t.X, 1)
    assert hard_margin_svm_score(H, t.y) < 1.0
    assert words[-1] == ("2 hidden units fold the plane, but the inner circle stays tangled in "
                         "the outer ring: no line here puts each class on its own side.")
    assert "No line in this hidden space" in tex_shown(scene)


def test_the_svm_finds_the_seeds_three_units_separable():
    from plane_render import asset

    t = asset("seed-notebook")
    assert hard_margin_svm_score(hidden(t, t.X, 1), t.y) == 1.0


def test_depth_warps_layer_by_layer_into_a_plane_that_separates(played):
    scene, _ = played(DepthWarp)
    t = scene.trace
    assert len(t.sizes) == 4 and t.output == "binary"
    beats = [b.name for b in scene.played_beats]
    # the three steps were shown in full in an earlier chapter: here one beat a layer
    assert beats[:3] == ["the input plane", "layer 1", "layer 2"]
    # the points end where an independent forward pass puts them, in the second layer's cube
    H = hidden(t, t.X, 2)
    P = scene.pictures[-1].projection
    assert P.exact and P.width == 3
    np.testing.assert_allclose(scene.cloud.centers, scene.pictures[-1].frames[3].to_scene(
        (H - P.origin) @ P.basis), atol=1e-9)
    _, prob = forward(t, t.X)
    assert np.all(np.argmax(prob, axis=1) == t.y)  # the one claim of separation is true
    assert "separates the classes" in tex_shown(scene)


def test_many_classes_regions_are_the_winning_class_of_three(played):
    scene, frame = played(ManyClassesRegions)
    t = scene.trace
    assert t.output == "softmax" and t.sizes[-1] == 3
    rows, cols, xy = plane_pixels(scene)
    _, P = forward(t, xy)
    top = np.sort(P, axis=1)
    far = np.linalg.norm(xy[:, None] - t.X[None], axis=-1).min(axis=1) > 0.06 * np.ptp(t.X)
    # and off the hidden lines drawn over the shading at the end
    W, b = t.weights[0][-1], t.biases[0][-1]
    off = (np.abs(xy @ W + b) / np.linalg.norm(W, axis=0)).min(axis=1) > 0.02 * np.ptp(t.X)
    keep = far & off & (top[:, -1] - top[:, -2] > 0.3)
    shown = strongest_class(frame[rows[keep], cols[keep]].astype(float), 3)
    assert (shown == np.argmax(P[keep], axis=1)).mean() > 0.98
    assert "the 3 classes claim their parts of the plane" in " ".join(said(scene))


def test_many_classes_last_hidden_layer_ends_under_the_outputs_regions(played):
    scene, _ = played(ManyClassesWarp)
    t = scene.trace
    end = t.n_snapshots - 1
    assert scene.pos.get_value() == end
    P = scene.projection
    H = hidden(t, t.X, len(t.sizes) - 2)
    np.testing.assert_allclose(scene.cloud.centers,
                               scene.frame.to_scene((H - P.origin) @ P.basis), atol=1e-9)
    W, b = t.weights[-1][end], t.biases[-1][end]
    regions = scene.meta_plane
    h = P.origin + scene.frame.to_data(regions.centers) @ P.basis.T
    np.testing.assert_array_equal(regions.labels, np.argmax(h @ W + b, axis=1))
    _, prob = forward(t, t.X)
    accuracy = float(np.mean(np.argmax(prob, axis=1) == t.y))
    assert f"step {int(t.steps[-1])}" in said(scene)[-1].lower()
    assert said(scene)[-1].endswith("% right.") and says_share(said(scene)[-1], accuracy)
