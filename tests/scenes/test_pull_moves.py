"""WhoPullsTheLines on runs unlike the seed's: the line on screen moves by the trace's own
change between the snapshots shown, and the words say how many steps of what, on which batch,
and whether that move is the sum of the pulls."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

from mlp.datasets import make_dataset
from mlp.importers.sklearn import import_sklearn, record_sklearn
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.pull import WhoPullsTheLines

N = 40


def tanh_run(steps, snapshots, **config) -> object:
    X, y, spec = make_dataset("moons", n=N, seed=4)
    W, b = initial_parameters([2, 4, 1], "glorot", rng=2)
    return train(MLP(W, b, "tanh", "binary"), X, y, TrainConfig(steps=steps, **config),
                 np.asarray(snapshots), meta={"dataset": spec})


def by_hand(trace, k: int, j: int, idx: np.ndarray, lr: float):
    """Where the summed pulls of points ``idx`` put line j (mean loss over the batch), and
    each point's pull: a 2-h-1 tanh network with a sigmoid output, written out here."""
    W, b = trace.weights[0][k], trace.biases[0][k]
    w_m, b_m = trace.weights[1][k][:, 0], trace.biases[1][k][0]
    X, y = trace.X[idx], trace.y[idx]
    H = np.tanh(X @ W + b)
    p = 1 / (1 + np.exp(-(H @ w_m + b_m)))
    delta = (p - y) * w_m[j] * (1 - H[:, j] ** 2)  # dL_i/ds_j
    step = lr / len(idx)
    w_new = W[:, j] - step * (delta[:, None] * X).sum(axis=0)
    b_new = b[j] - step * delta.sum()
    pulls = step * delta * ((X ** 2).sum(axis=1) + 1) / np.linalg.norm(W[:, j])
    return w_new, b_new, pulls


def nearest(w, b, c):
    return c - (w @ c + b) / (w @ w) * w


def said(scene, name: str) -> str:
    return {beat.name: beat.caption for beat in scene.played_beats}[name]


def numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"\d+\.\d+(?:e-?\d+)?", text)]


def ends_at_next_snapshot(scene, trace) -> None:
    k, j = scene.k, scene.unit
    w, b = scene.moved_to
    np.testing.assert_allclose(w, trace.weights[0][k + 1][:, j], rtol=1e-12)
    assert b == pytest.approx(float(trace.biases[0][k + 1][j]), rel=1e-12)


def test_a_mini_batch_step_moves_the_line_by_its_batchs_pulls(render, tmp_path):
    trace = tanh_run(20, np.arange(21), lr=0.5, batch_size=8, shuffle_seed=3)
    scene, _ = render(WhoPullsTheLines, tmp_path, trace=trace)
    k, j = scene.k, scene.unit
    step = int(trace.steps[k])
    # the trainer's batches, drawn again here: a permutation per epoch of 5 batches of 8
    rng = np.random.default_rng(3)
    orders = [rng.permutation(N) for _ in range(step // 5 + 1)]
    batch = np.sort(orders[step // 5][(step % 5) * 8:(step % 5 + 1) * 8])
    w_new, b_new, pulls = by_hand(trace, k, j, batch, 0.5)
    # the sum of the batch's pulls is the trace's next snapshot, and the line ends there
    np.testing.assert_allclose(w_new, trace.weights[0][k + 1][:, j], rtol=1e-9)
    assert b_new == pytest.approx(float(trace.biases[0][k + 1][j]), rel=1e-9)
    ends_at_next_snapshot(scene, trace)
    # only the batch pulls, each by its own share
    assert np.flatnonzero(scene.shown_pulls).tolist() == batch.tolist()
    np.testing.assert_allclose(scene.shown_pulls[batch], pulls, rtol=1e-9)
    assert said(scene, "the sum") == (
        "The line moves by the sum of all the pulls: 1 step of gradient descent on the "
        f"mini-batch of 8 of the {N} points that step {step} used.")
    assert f"Step {step} used a mini-batch of 8 points" in said(scene, "the pulls")


def test_snapshots_five_steps_apart_show_the_sum_and_the_move_apart(render, tmp_path):
    trace = tanh_run(30, np.arange(0, 31, 5), lr=0.5)
    scene, _ = render(WhoPullsTheLines, tmp_path, trace=trace)
    k, j = scene.k, scene.unit
    assert trace.steps[k + 1] - trace.steps[k] == 5
    ends_at_next_snapshot(scene, trace)
    w_new, b_new, _ = by_hand(trace, k, j, np.arange(N), 0.5)
    c = trace.X.mean(axis=0)
    w0, b0 = trace.weights[0][k][:, j], trace.biases[0][k][j]
    start = nearest(w0, b0, c)
    by_sum = np.linalg.norm(nearest(w_new, b_new, c) - start)
    moved = np.linalg.norm(nearest(trace.weights[0][k + 1][:, j], trace.biases[0][k + 1][j], c)
                           - start)
    text = said(scene, "the sum")
    assert "5 steps of gradient descent later" in text
    assert "each with new pulls" in text and "(the grey line)" in text
    shown_sum, shown_move = numbers(text)[:2]
    assert shown_sum == pytest.approx(by_sum, rel=5e-3)
    assert shown_move == pytest.approx(moved, rel=5e-3)
    assert abs(by_sum - moved) > 0.01 * moved  # five steps are not one
    # the grey line is where the summed pulls put it
    np.testing.assert_allclose(scene.ghost.w, w_new, rtol=1e-9)
    assert scene.ghost.b == pytest.approx(b_new, rel=1e-9)


def test_a_scikit_learn_epoch_is_named_with_its_unrecorded_batches(render, tmp_path):
    X, y, spec = make_dataset("moons", n=N, seed=4)
    clf = MLPClassifier(hidden_layer_sizes=(4,), activation="tanh", solver="sgd",
                        learning_rate_init=0.2, momentum=0.0, batch_size=10, alpha=0.0,
                        random_state=0)
    trace = record_sklearn(clf, X, y, epochs=12, every=3, dataset=spec)
    scene, _ = render(WhoPullsTheLines, tmp_path, trace=trace)
    k = scene.k
    gap = int(trace.steps[k + 1] - trace.steps[k])
    ends_at_next_snapshot(scene, trace)
    assert said(scene, "the pulls").startswith(
        f"The trace does not record which points step {int(trace.steps[k])} used")
    text = said(scene, "the sum")
    assert f"{gap} epochs of scikit-learn's gradient descent later" in text
    assert "an epoch is many mini-batch updates" in text


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_a_one_snapshot_trace_says_there_is_no_move_to_show(render, tmp_path):
    X, y, spec = make_dataset("moons", n=N, seed=4)
    clf = MLPClassifier(hidden_layer_sizes=(4,), activation="tanh", max_iter=50,
                        random_state=0).fit(X, y)
    trace = import_sklearn(clf, X, y, dataset=spec)
    assert trace.n_snapshots == 1
    scene, frame = render(WhoPullsTheLines, tmp_path, trace=trace)
    assert said(scene, "the sum") == ("The trace holds no later snapshot: there is no step "
                                      "to show the line moving.")
    assert [b.name for b in scene.played_beats] == ["the hidden line", "the pulls", "the sum"]
    j = scene.unit
    np.testing.assert_allclose(scene.line.w, trace.weights[0][0][:, j])
    assert frame.std() > 5  # something is drawn
