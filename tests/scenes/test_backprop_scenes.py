"""ComputationalGraph, ChainRulePath and WhoPullsTheLines against the seed's hand-derived
gradients and the trace's own numbers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from networks import network
from plane_render import asset, rgb255
from scipy.special import expit

from scenes.chain_rule import ChainRulePath
from scenes.graph import ComputationalGraph
from scenes.pull import WhoPullsTheLines, line_pulls
from scenes.toolkit.style import NEGATIVE, POSITIVE
from scenes.toolkit.traces import SceneTraceError
from scenes.toolkit.words import step_size

# Its tests share renders (module fixtures, and the session's graph renders with
# test_graph_networks): one worker runs the group, so each is made once.
pytestmark = pytest.mark.xdist_group("graph-renders")


def shown_number(text: str) -> float:
    """A number as the screen shows it (a true minus sign, 3 decimals) as a float."""
    assert re.fullmatch("[\u2212-]?\\d+\\.\\d{3}", text), text
    return float(text.replace("\u2212", "-"))


def tex_numbers(tex: str) -> list[float]:
    """Every decimal number written in a TeX string, in order."""
    return [float(v) for v in re.findall(r"-?\d+\.\d+", tex)]


def segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0, 1)
    return float(np.linalg.norm(p - (a + t * (b - a))))


def seed_gradients(trace, k: int, i: int):
    """The seed's closed forms for one point at snapshot k, written out by hand."""
    W, b = trace.weights[0][k], trace.biases[0][k]
    w_m, b_m = trace.weights[1][k][:, 0], trace.biases[1][k][0]
    x, y = trace.X[i], trace.y[i]
    h = expit(x @ W + b)
    y_hat = expit(h @ w_m + b_m)
    delta = (y_hat - y) * w_m * (1 - h) * h
    return {"W0": np.outer(x, delta), "b0": delta, "W1": (y_hat - y) * h, "b1": y_hat - y}


def pulls_by_hand(trace, k: int, j: int) -> np.ndarray:
    """Point i alone changes s_j(x_i) by -lr * delta_ij * (|x_i|^2 + 1): how far it moves
    hidden line j where the point sits, in data units along w_j / |w_j| (snapshot k)."""
    W = trace.weights[0][k]
    H = expit(trace.X @ W + trace.biases[0][k])
    y_hat = expit(H @ trace.weights[1][k][:, 0] + trace.biases[1][k][0])
    delta = (y_hat - trace.y) * trace.weights[1][k][j, 0] * (1 - H[:, j]) * H[:, j]
    lr = trace.meta["training"]["lr"]
    return lr * delta * ((trace.X ** 2).sum(axis=1) + 1) / np.linalg.norm(W[:, j])


def drawn_arrows(arrows) -> tuple[np.ndarray, np.ndarray]:
    """The arrows as drawn: starts (n, 3) from the shafts, vectors (n, 3) to the tips' points."""
    shafts = arrows.shafts.points.reshape(-1, 4, 3)
    tips = arrows.tips.points.reshape(-1, 12, 3)  # a triangle: 3 curves of 4 points
    assert len(shafts) == len(tips)
    return shafts[:, 0], tips[:, 0] - shafts[:, 0]


@pytest.fixture
def graph_scene(rendered):
    return (network("seed"), *rendered(ComputationalGraph, "seed"))


def test_each_edge_shows_the_points_own_gradient(graph_scene):
    trace, scene, _ = graph_scene
    g = scene.graph
    ref = seed_gradients(trace, scene.k, scene.index)
    assert len(g.gradients) == len(g.edges) == 3 * 3 + 4
    for (layer, i, j), value in g.gradients.items():
        n_in = g.sizes[layer]
        if layer == 0:
            want = ref["b0"][j] if i == n_in else ref["W0"][i, j]
        else:
            want = ref["b1"] if i == n_in else ref["W1"][i]
        assert value == pytest.approx(want, rel=1e-9, abs=1e-12)
    # on screen: each edge carries a label, and its text is the seed's gradient for that edge
    assert len(scene.gradient_labels) == len(g.edges)
    labelled = set()
    for label in scene.gradient_labels:
        centre = label.get_center()
        near = [key for key, line in g.edges.items()
                if segment_distance(centre, line.get_start(), line.get_end()) < 1e-6]
        assert len(near) == 1, (label.original_text, near)
        layer, i, j = key = near[0]
        if layer == 0:
            want = ref["b0"][j] if i == g.sizes[0] else ref["W0"][i, j]
        else:
            want = ref["b1"] if i == g.sizes[1] else ref["W1"][i]
        assert shown_number(label.original_text) == pytest.approx(want, abs=5e-4 + 1e-12), key
        labelled.add(key)
    assert labelled == set(g.edges)
    # and no label covers another: their boxes do not meet
    boxes = [(lb.get_left()[0], lb.get_right()[0], lb.get_bottom()[1], lb.get_top()[1])
             for lb in scene.gradient_labels]
    for a in range(len(boxes)):
        for b in range(a):
            (l1, r1, b1, t1), (l2, r2, b2, t2) = boxes[a], boxes[b]
            assert r1 <= l2 or r2 <= l1 or t1 <= b2 or t2 <= b1, (a, b)


def test_the_update_restyles_every_edge_to_the_next_snapshot(graph_scene):
    trace, scene, _ = graph_scene
    g = scene.graph
    assert trace.steps[scene.next_k] == trace.steps[scene.k] + 1
    for (layer, i, j), value in g.values.items():
        n_in = g.sizes[layer]
        want = (trace.biases[layer][scene.next_k][j] if i == n_in
                else trace.weights[layer][scene.next_k][i, j])
        assert value == want
        assert g.edges[(layer, i, j)].get_stroke_color().to_hex().upper() == \
            g.edge_style(want)["color"].upper()
    # on screen: each edge into y-hat is drawn in its new weight's sign colour
    _, _, frame = graph_scene
    h, w = frame.shape[:2]
    for (layer, i, j), line in g.edges.items():
        if layer != 1:
            continue
        x, y_, _ = line.point_from_proportion(0.45)
        row = int((0.5 - y_ / scene.camera.frame_height) * h)
        col = int((x / scene.camera.frame_width + 0.5) * w)
        pix = frame[row, col].astype(float)
        value = g.values[(layer, i, j)]
        own, other = (POSITIVE, NEGATIVE) if value >= 0 else (NEGATIVE, POSITIVE)
        assert np.linalg.norm(pix - rgb255(own)) < 100  # the edge's colour, not the background
        assert np.linalg.norm(pix - rgb255(own)) < np.linalg.norm(pix - rgb255(other))
    # one step of the seed's run: w <- w - lr * (sum of the per-point gradients)
    lr = trace.meta["training"]["lr"]
    gW, _ = trace.per_example_gradients(scene.k)
    np.testing.assert_allclose(trace.weights[0][scene.k] - lr * gW[0].sum(axis=0),
                               trace.weights[0][scene.next_k], atol=1e-5)


def test_the_chain_rule_terms_multiply_to_the_cores_gradient(tmp_path, render):
    trace = asset("seed-notebook")
    scene, _ = render(ChainRulePath, tmp_path, trace=trace)
    ref = seed_gradients(trace, scene.k, scene.index)
    values = [v for _, v in scene.terms]
    product = np.prod(values[:4]) * values[4]
    np.testing.assert_allclose(product, ref["W0"][:, scene.unit], rtol=1e-9)
    np.testing.assert_allclose(scene.core_gradient, product, rtol=1e-9)
    # the first two terms collapse to y-hat - y, as the seed says
    p = scene.passed
    assert values[0] * values[1] == pytest.approx(p.y_hat - p.y, rel=1e-9)
    # on screen: under each factor, its value for this point, derived by hand from the trace
    k, i, u = scene.k, scene.index, scene.unit
    x, y = trace.X[i], trace.y[i]
    h = expit(x @ trace.weights[0][k] + trace.biases[0][k])
    w_m = trace.weights[1][k][:, 0]
    y_hat = expit(h @ w_m + trace.biases[1][k][0])
    by_hand = [[(y_hat - y) / (y_hat * (1 - y_hat))], [y_hat * (1 - y_hat)], [w_m[u]],
               [h[u] * (1 - h[u])], list(x)]
    shown = [tex_numbers(m.tex_string) for m in scene.values]
    assert [len(v) for v in shown] == [len(v) for v in by_hand]
    for got, want in zip(shown, by_hand, strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=5e-4 + 1e-12)


def test_pulls_are_per_point_steps_and_the_line_moves_by_their_sum(tmp_path, render):
    trace = asset("seed-notebook")
    scene, _ = render(WhoPullsTheLines, tmp_path, trace=trace)
    k, j = scene.k, scene.unit
    model = trace.model(k)
    shift, normal = line_pulls(model, trace.X, trace.y, j, step_size(trace))
    want = pulls_by_hand(trace, k, j)
    np.testing.assert_allclose(shift, want, rtol=1e-9)
    np.testing.assert_allclose(scene.shown_pulls, want, rtol=1e-9)
    # on screen at the end: each arrow starts on its point and points along w_j / |w_j| by
    # that point's own pull (times the scene's display gain), computed by hand
    end = scene.player.pos
    assert end == int(end)
    ends_by_hand = pulls_by_hand(trace, int(end), j)
    starts, vectors = drawn_arrows(scene.arrows)
    which = np.argmin(np.linalg.norm(scene.frame.to_data(starts)[:, None] - trace.X[None],
                                     axis=-1), axis=1)
    np.testing.assert_allclose(scene.frame.to_data(starts), trace.X[which], atol=1e-9)
    w = trace.weights[0][int(end)][:, j]
    n3 = np.array([*w / np.linalg.norm(w), 0.0])
    along = vectors @ n3
    np.testing.assert_allclose(vectors - along[:, None] * n3, 0, atol=1e-9)  # no sideways part
    gain = scene.gain * scene.frame.scale_factor
    np.testing.assert_allclose(along / gain, ends_by_hand[which], rtol=1e-6, atol=1e-12)
    drawn = np.abs(ends_by_hand * gain) > 1e-4  # shorter ones are not drawn
    assert sorted(which) == sorted(np.flatnonzero(drawn)) and drawn.sum() > 10
    wrong = model.predict(trace.X) != trace.y
    assert np.abs(shift[wrong]).mean() > np.abs(shift[~wrong]).mean()
    assert scene.means[0] > scene.means[1]
    # the sum of the per-point gradients is the trace's recorded gradient of this step
    gW, gb = model.per_example_gradients(trace.X, trace.y)
    np.testing.assert_allclose(gW[0].sum(axis=0), trace.grad_weights[0][k], atol=1e-5)
    # the line on screen ends where the trace is
    end = scene.player.pos
    Wend, bend = trace.params_at(end)
    np.testing.assert_allclose(scene.line.w, Wend[0][:, j])
    assert scene.line.b == pytest.approx(bend[0][j])


@pytest.mark.parametrize(("scene_cls", "needs"), [
    (ComputationalGraph, "needs 1 to 4 hidden layers"),
    (ChainRulePath, "needs 1 to 4 hidden layers"),
])
def test_a_trace_that_does_not_fit_stops_with_one_line(scene_cls, needs, tmp_path, render,
                                                       capsys):
    with pytest.raises(SceneTraceError):
        render(scene_cls, tmp_path, trace=asset("blobs-linear"))
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{scene_cls.__name__}: {needs}")


def tiny_trace(sizes, output="binary"):
    from mlp.datasets import make_dataset
    from mlp.init import initial_parameters
    from mlp.network import MLP
    from mlp.train import TrainConfig, train

    X, y, _ = make_dataset("spiral", n=20, classes=sizes[-1] if output == "softmax" else 2)
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(0), "tanh")
    return train(MLP(W, b, "tanh", output), X, y, TrainConfig(lr=0.1, steps=1), np.array([0, 1]))


@pytest.mark.parametrize(("sizes", "output", "needs"), [
    ([2, 4, 4, 4, 4, 4, 1], "binary", "needs 1 to 4 hidden layers"),
    ([2, 65, 1], "binary", "needs hidden layers of at most 64 units"),
])
def test_graph_refuses_a_network_it_cannot_draw(sizes, output, needs, tmp_path, render, capsys):
    with pytest.raises(SceneTraceError):
        render(ComputationalGraph, tmp_path, trace=tiny_trace(sizes, output))
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"ComputationalGraph: {needs}, but trace has sizes {sizes} ({output} output)"]


@pytest.mark.parametrize("scene_cls", [ComputationalGraph, ChainRulePath])
def test_any_number_of_inputs_plays(scene_cls):
    from mlp.init import initial_parameters
    from mlp.network import MLP
    from mlp.train import TrainConfig, train

    rng = np.random.default_rng(0)
    for d in (1, 3, 64, 784):  # a curve, a few inputs, the digits' and MNIST's pixels
        X, y = rng.normal(size=(12, d)), np.arange(12) % 2
        W, b = initial_parameters([d, 4, 1], "glorot", np.random.default_rng(0), "tanh")
        trace = train(MLP(W, b, "tanh", "binary"), X, y, TrainConfig(lr=0.1, steps=1),
                      np.array([0, 1]))
        assert scene_cls.refusal(trace) is None, d


def test_with_adam_the_update_says_the_step_is_adams(tmp_path, render):
    from mlp.datasets import rings
    from mlp.init import initial_parameters
    from mlp.network import MLP
    from mlp.schedule import snapshot_steps
    from mlp.train import TrainConfig, train

    X, y = rings(50, rng=np.random.RandomState(0))
    W, b = initial_parameters([2, 3, 1], "glorot", np.random.default_rng(0), "sigmoid")
    config = TrainConfig(lr=0.05, steps=30, optimizer="adam")
    trace = train(MLP(W, b, "sigmoid", "binary"), X, y, config, snapshot_steps(30, count=12))
    scene, _ = render(ComputationalGraph, tmp_path, trace=trace)
    shown = " ".join(m.tex_string for m in scene.mobjects if hasattr(m, "tex_string"))
    assert "Adam's step" in shown and r"\hat m" in shown and "0.05" in shown
    assert r"\partial L_i" not in shown  # not w <- w - lr * (mean gradient)
    update = scene.renderer.file_writer.subcaptions[-1].content
    assert "Adam" in update and "averaged over all" not in update
    # and a plain gradient-descent trace still shows lr * gradient
    sgd = train(MLP(W, b, "sigmoid", "binary"), X, y, TrainConfig(lr=0.05, steps=30),
                snapshot_steps(30, count=12))
    scene, _ = render(ComputationalGraph, tmp_path / "sgd", trace=sgd)
    shown = " ".join(m.tex_string for m in scene.mobjects if hasattr(m, "tex_string"))
    assert r"w - 0.05\cdot" in shown and "Adam" not in shown
