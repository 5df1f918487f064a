"""A run's event beats say what its snapshots show: the loss and accuracy at each cut,
recomputed here by a forward pass written by hand, on the seed's run and two others."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from plane_render import asset

from scenes.toolkit.events import PLATEAU_SPREAD, training_segments


def by_hand(t, k):
    """The cross-entropy and accuracy of snapshot k (one sigmoid hidden layer, binary)."""
    h = 1 / (1 + np.exp(-(t.X @ t.weights[0][k] + t.biases[0][k])))
    p = 1 / (1 + np.exp(-(h @ t.weights[1][k] + t.biases[1][k])[:, 0]))
    loss = np.mean(-t.y * np.log(p) - (1 - t.y) * np.log(1 - p))
    return float(loss), float(np.mean((p >= 0.5) == (t.y == 1)))


@pytest.mark.parametrize("name", ["seed-notebook", "moons-width-8", "seed-width-2"])
def test_each_event_is_where_the_run_says(name):
    t = asset(name)
    assert t.activations[0] == "sigmoid" and t.output == "binary"
    segments = training_segments(t)
    assert segments[0].start == 0 and segments[-1].end == t.n_snapshots - 1
    assert all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))
    final = by_hand(t, t.n_snapshots - 1)[1]
    for seg in segments:
        la, _ = by_hand(t, seg.start)
        lb, acc = by_hand(t, seg.end)
        said = seg.caption
        assert f"{int(t.steps[seg.end])}" in said
        # every loss the caption gives is the loss at one of its ends
        for number in re.findall(r"\d\.\d{3,4}", said):
            assert min(abs(float(number) - la), abs(float(number) - lb)) < 6e-4, said
        if seg.kind == "plateau":
            losses = [by_hand(t, k)[0] for k in range(seg.start, seg.end + 1)]
            span = max(by_hand(t, k)[0] for k in range(t.n_snapshots)) - final_loss(t)
            assert max(losses) - min(losses) <= PLATEAU_SPREAD * span + 1e-6
        if seg.kind == "cross":  # from here on, never below the final accuracy; before, below
            assert acc == pytest.approx(final)
            assert by_hand(t, seg.end - 1)[1] < final
            assert ("the last point crosses" in said) == (final == 1.0)
        assert len(said) <= 150  # a caption read in at most 10 s


def final_loss(t) -> float:
    return min(by_hand(t, k)[0] for k in range(t.n_snapshots))


def test_the_seeds_boundary_runs_along_its_three_lines(tmp_path):
    from scenes.decision_boundary import DecisionBoundary
    from scenes.toolkit.boundary_lines import near_share
    from scenes.toolkit.planning import plan

    t = asset("seed-notebook")
    scene = plan(DecisionBoundary, tmp_path, trace=t)
    said = {b.name: b.caption for b in scene.played_beats}["hidden lines"]
    assert said.endswith("3 lines, so a triangle.")
    # the boundary by hand: grid cells where P(class 1) crosses 0.5, from a forward pass here
    (x0, x1), (y0, y1) = scene.frame.xlim, scene.frame.ylim
    xs, ys = np.linspace(x0, x1, 300), np.linspace(y0, y1, 300)
    G = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    k = t.n_snapshots - 1
    h = 1 / (1 + np.exp(-(G @ t.weights[0][k] + t.biases[0][k])))
    p = (1 / (1 + np.exp(-(h @ t.weights[1][k] + t.biases[1][k])[:, 0]))).reshape(300, 300)
    edge = (np.diff(np.sign(p - 0.5), axis=1) != 0)
    pts = np.column_stack([xs[:-1][np.nonzero(edge)[1]], ys[np.nonzero(edge)[0]]])
    W, b = t.weights[0][k], t.biases[0][k]
    dist = (np.abs(pts @ W + b) / np.linalg.norm(W, axis=0)).min(axis=1)
    assert np.mean(dist <= 0.04 * (x1 - x0)) >= 0.8
    assert pts[:, 0].min() > x0 and pts[:, 0].max() < x1  # closed inside the plane
    # the measure itself: segments on a line are near it, segments far away are not
    on = np.array([[[0.0, 0.0], [1.0, 0.0]]])
    assert near_share(on, np.array([[0.0], [1.0]]), np.zeros(1), 10.0) == 1.0
    assert near_share(on + [0.0, 3.0], np.array([[0.0], [1.0]]), np.zeros(1), 10.0) == 0.0


def test_the_last_point_crosses_to_its_side_only_on_a_plane_of_inputs():
    """On two inputs the last wrong point is seen to cross the boundary; a run on more
    inputs (drawn in a view, with no side to see) says that it is classified right."""
    plane = asset("seed-notebook")
    assert plane.accuracy[-1] == 1.0
    digits = asset("digits-width-16")
    right = np.mean(digits.model(-1).predict(digits.X) == digits.y)
    said = [s.caption for s in training_segments(plane) if s.kind == "cross"]
    assert said and "the last point crosses to its side: 100% right" in said[0]
    # the digits run as if it got every point right from its middle snapshot on
    k = digits.n_snapshots // 2
    reached = dataclasses.replace(digits, accuracy=np.concatenate(
        [np.minimum(digits.accuracy[:k], 0.99), np.ones(digits.n_snapshots - k)]))
    assert right < 1.0 and reached.sizes[0] == 64
    said = [s.caption for s in training_segments(reached)]
    assert any("the last training point is classified right: 100% right" in s for s in said)
    assert not any("crosses to its side" in s for s in said)
