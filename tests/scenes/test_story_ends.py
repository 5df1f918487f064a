"""The opening question and the recap say what their runs show: checked against scikit-learn's
hard-margin linear SVM (can a line separate the data?) and a forward pass written here."""

from __future__ import annotations

import numpy as np
import pytest
from plane_render import asset, says_share
from sklearn.svm import SVC

from scenes.question import OpeningQuestion, one_line_separates
from scenes.recap import Recap, warp_view
from scenes.toolkit.planning import plan

# The session's renders (tests/scenes/conftest.py) this file shares with others in
# the group are made once, on the worker that runs the group.
pytestmark = pytest.mark.xdist_group("plane-renders")


def sigmoid(s):
    return 1 / (1 + np.exp(-s))


def svm_separates(X, y) -> bool:
    X = (X - X.min(axis=0)) / np.ptp(X, axis=0)
    return SVC(kernel="linear", C=1e6).fit(X, y).score(X, y) == 1.0


@pytest.mark.parametrize("name", ["seed-notebook", "blobs-linear", "circles-feature-map"])
def test_a_line_separates_exactly_when_the_svm_finds_one(name):
    t = asset(name)
    assert one_line_separates(t) == svm_separates(t.X, t.y)
    if name == "circles-feature-map":  # in phi(x) = x * x the circles come apart
        assert svm_separates(t.X * t.X, t.y)


@pytest.mark.parametrize("name", ["seed-notebook", "moons-width-8"])
def test_the_opening_asks_and_answers(name):
    t = asset(name)
    scene = plan(OpeningQuestion, trace=t)
    said = [b.caption for b in scene.played_beats]
    phrase = {"seed-notebook": "Two rings", "moons-width-8": "Moons (2 classes)"}[name]
    assert said[0] == f"{phrase}: 200 points, one colour per class."
    assert said[-1].startswith("No line can,") == (not svm_separates(t.X, t.y))


@pytest.mark.parametrize("name", ["seed-notebook", "moons-width-8"])
def test_the_recap_says_the_runs_numbers(name):
    t = asset(name)
    scene = plan(Recap, trace=t)
    said = {b.name: b.caption for b in scene.played_beats}
    assert list(said) == ["one line", "feature map", "cooperating", "learned warp",
                          "gradients", "empty centre", "trust"]
    blobs = asset("blobs-linear")
    W, b = blobs.weights[0][-1], blobs.biases[0][-1]
    acc = np.mean((sigmoid(blobs.X @ W + b)[:, 0] >= 0.5) == blobs.y)
    assert says_share(said["one line"], acc)
    assert f"from {t.loss[0]:.2f} to {t.loss[-1]:.3f} in {int(t.steps[-1])} steps" \
        in said["gradients"]
    # the empty spot: for the rings, inside the inner circle
    spot = scene.spot
    if name == "seed-notebook":
        inner = t.X[t.y == 1]
        assert np.linalg.norm(spot) < np.linalg.norm(inner, axis=1).min()
    W0, b0 = t.weights[0][-1], t.biases[0][-1]
    W1, b1 = t.weights[1][-1], t.biases[1][-1]
    p = float(sigmoid(sigmoid(spot @ W0 + b0) @ W1 + b1)[0])
    assert scene.spot_class == int(p >= 0.5)
    assert says_share(said["empty centre"], max(p, 1 - p), decimals=0)
    gap = np.linalg.norm(t.X - spot, axis=1).min()
    assert f"within {gap:.2f}," in said["empty centre"]
    # the learned warp's picture: the meta classifier's plane is the line u = u_0 there
    V, u0 = warp_view(t, t.n_snapshots - 1)
    H = sigmoid(t.X @ W0 + b0)
    right = (H @ W1 + b1)[:, 0] >= 0
    np.testing.assert_array_equal(V[:, 0] >= u0, right)
    acc = np.mean(right == (t.y == 1))
    assert says_share(said["trust"].split(" on the ")[0], acc)
    assert said["trust"].endswith(f"on the {len(t.y)} training points. Would we trust it on "
                                  "data from a function we do not know?")


@pytest.mark.parametrize("name", ["circles-linear", "blobs-linear"])
def test_the_sweep_finds_each_angles_best_line(name):
    from scenes.linear import best_lines

    t = asset(name)
    angles, offsets, shares = best_lines(t.X, t.y, 36)
    for a, c, share in zip(angles, offsets, shares, strict=True):
        n = np.array([np.cos(a), np.sin(a)])
        s = t.X @ n
        assert np.mean((s + c > 0) == (t.y == 1)) == pytest.approx(share)  # the line does it
        dense = np.linspace(s.min() - 1, s.max() + 1, 2001)  # and no offset does better
        assert max(np.mean((s > cut) == (t.y == 1)) for cut in dense) <= share + 1e-12
    assert (shares.max() == 1.0) == svm_separates(t.X, t.y)


def test_the_circles_chapter_says_the_sweeps_best(rendered):
    from scenes.linear import CirclesAreNotSeparable

    t = asset("circles-linear")
    scene, _ = rendered(CirclesAreNotSeparable, "circles-linear")  # the session's render
    said = {b.name: b.caption for b in scene.played_beats}
    assert says_share(said["best angle"], scene.sweep_best)
    assert scene.sweep_best < 1 and not svm_separates(t.X, t.y)


def test_the_three_classifiers_label_every_region_they_count(rendered):
    from scenes.three_classifiers import ThreeClassifiers

    t = asset("seed-notebook")
    scene, _ = rendered(ThreeClassifiers, "seed")  # the session's render
    W, b = t.weights[0][-1], t.biases[0][-1]
    side = np.where(t.weights[1][-1][:, 0] >= 0, 1.0, -1.0)
    (x0, x1), (y0, y1) = scene.frame.xlim, scene.frame.ylim
    gx, gy = np.meshgrid(np.linspace(x0, x1, 800), np.linspace(y0, y1, 800))
    G = np.column_stack([gx.ravel(), gy.ravel()])
    regions = len(np.unique(G @ W + b > 0, axis=0))  # sign patterns: the cells in the frame
    said = {beat.name: beat.caption for beat in scene.played_beats}["count"]
    assert f"cut the plane into {regions} regions." in said
    assert len(scene.counts) == regions and scene.unlabelled == 0
    for label in scene.counts:  # each label: how many kept sides hold its spot
        spot = scene.frame.to_data(label.get_center()[None, :])[0]
        assert int(label.tex_string) == int(np.sum(side * (spot @ W + b) > 0))


def test_the_recaps_title_names_the_runs_own_score():
    """A run one point short of 100% is not titled as if it were perfect."""
    import dataclasses

    t = asset("seed-notebook")
    y = t.y.copy()
    y[0] = 1 - y[0]  # every snapshot now gets this point wrong, or another one
    W0, b0, W1, b1 = t.weights[0][-1], t.biases[0][-1], t.weights[1][-1], t.biases[1][-1]
    acc = float(np.mean((sigmoid(sigmoid(t.X @ W0 + b0) @ W1 + b1)[:, 0] >= 0.5) == y))
    assert acc < 1
    accuracy = t.accuracy.copy()
    accuracy[-1] = acc
    scene = plan(Recap, trace=dataclasses.replace(t, y=y, accuracy=accuracy, path=None))
    title = " ".join(m.original_text for m in scene.limits_head.get_family()
                     if hasattr(m, "original_text"))
    assert "does not tell" in title and says_share(title, acc, decimals=1)
