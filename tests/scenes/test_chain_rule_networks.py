"""ChainRulePath on networks unlike the seed's (deep ones, Iris's 4-8-3 and the digits'
64-16-10): a path from a first-layer weight through every layer to the loss, each term's value
from an independent forward pass written here, and the chain rule's sum over every path equal
to the core's gradient, to a backward pass written here and to a finite difference."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from networks import BY_HAND, DEEP, network
from scipy.special import expit, softmax

from scenes.chain_rule import ChainRulePath

# The session's renders (tests/scenes/conftest.py) this file shares with others in
# the group are made once, on the worker that runs the group.
pytestmark = pytest.mark.xdist_group("chain-rule-renders")

ACT = BY_HAND
# The deep networks, with scikit-learn's import played by Iris instead of the 2-10-10-1 moons
# (whose deep relu path the relu moons already take), and the digits' 64 pixels.
CHAINED = [name for name in DEEP if name != "sklearn-10-10"] + ["iris-4-8-3",
                                                                "digits-64-16-10"]


def forward(trace, k, x, W0=None):
    W = [w[k] for w in trace.weights]
    if W0 is not None:
        W[0] = W0
    hs, ss = [x], []
    for layer in range(len(W)):
        s = hs[-1] @ W[layer] + trace.biases[layer][k]
        ss.append(s)
        hs.append(ACT[trace.activations[layer]][0](s) if layer < len(W) - 1 else
                  (expit(s) if trace.output == "binary" else softmax(s)))
    return W, hs, ss


def loss(trace, out, y):
    return -np.log(out[0] if y == 1 else 1 - out[0]) if trace.output == "binary" else \
        -np.log(out[y])


def chain_on(rendered, name: str):
    """The network called ``name`` and ChainRulePath rendered on it."""
    return network(name), rendered(ChainRulePath, name)[0]


def backward(trace, W, hs, ss, y):
    """dL/dW[0] for one point by a plain backward pass, from ``forward``'s values."""
    onehot = np.eye(len(hs[-1]))[y] if trace.output == "softmax" else np.array([y])
    delta = hs[-1] - onehot
    for layer in range(len(W) - 1, 0, -1):
        delta = (W[layer] @ delta) * ACT[trace.activations[layer - 1]][1](ss[layer - 1],
                                                                          hs[layer])
    return np.outer(hs[0], delta)


@pytest.mark.parametrize("name", CHAINED)
def test_the_paths_terms_and_the_sum_over_paths_equal_the_gradient(rendered, name):
    trace, scene = chain_on(rendered, name)
    k, i, a = scene.k, scene.index, scene.input_index
    x, y = trace.X[i], int(trace.y[i])
    W, hs, ss = forward(trace, k, x)
    units = scene.path_units
    H = len(W) - 1
    assert len(units) == H + 1
    o = units[-1]
    onehot = np.eye(len(hs[-1]))[y] if trace.output == "softmax" else np.array([y])
    dL_dz = hs[-1] - onehot  # p_k - y_k (y-hat - y for a binary output)
    # the terms, loss side first, written out by hand
    want = [dL_dz[o], W[H][units[H - 1], o]]
    for layer in range(H, 0, -1):
        j = units[layer - 1]
        want.append(ACT[trace.activations[layer - 1]][1](ss[layer - 1][j], hs[layer][j]))
        if layer > 1:
            want.append(W[layer - 1][units[layer - 2], j])
    want.append(x[a])
    values = [v for _, v in scene.terms]
    np.testing.assert_allclose(values, want, rtol=1e-12, atol=1e-15)
    if trace.output == "softmax":
        assert "p_{" in scene.terms[0][0] and "- y_{" in scene.terms[0][0]
    assert scene.product == pytest.approx(np.prod(want), rel=1e-12, abs=1e-300)
    # the chain rule: the sum over every path (enumerated here, one by one) of the products
    total = 0.0
    u1 = units[0]
    for rest in itertools.product(*[range(n) for n in trace.sizes[2:]]):
        path = (u1, *rest)
        term = x[a] * ACT[trace.activations[0]][1](ss[0][u1], hs[1][u1])
        for layer in range(1, H):
            j = path[layer]
            term *= W[layer][path[layer - 1], j] * ACT[trace.activations[layer]][1](
                ss[layer][j], hs[layer + 1][j])
        total += term * W[H][path[H - 1], path[H]] * dL_dz[path[H]]
    assert scene.n_paths == np.prod(trace.sizes[2:])
    np.testing.assert_allclose(scene.path_sum, total, rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(scene.core_gradient, total, rtol=1e-9, atol=1e-13)
    # the sum on screen is this sum, and the path shown is one of those summed
    assert scene.n_paths > 1
    shown = float(re.findall(r"-?\d+\.\d+", scene.block[1].tex_string)[-1])
    assert shown == pytest.approx(total, abs=5.1e-5)
    assert np.isclose(scene.path_products, scene.product, rtol=1e-12, atol=0).sum() >= 1
    # and the core's gradient is the loss's slope: a central finite difference
    eps = 1e-6
    Wp, Wm = W[0].copy(), W[0].copy()
    Wp[a, u1] += eps
    Wm[a, u1] -= eps
    slope = (loss(trace, forward(trace, k, x, Wp)[1][-1], y)
             - loss(trace, forward(trace, k, x, Wm)[1][-1], y)) / (2 * eps)
    np.testing.assert_allclose(scene.core_gradient, slope, rtol=1e-5, atol=1e-9)
    # the path is drawn: each of its units is a node of the graph, its input too
    for layer, j in enumerate(units[:-1], start=1):
        assert j in scene.graph.shown[layer]
    assert a in scene.graph.shown[0]
    # the weight it follows is the first layer's with the largest gradient for this point
    grads = np.abs(backward(trace, W, hs, ss, y))
    assert grads[a, u1] == grads.max()
    np.testing.assert_allclose(scene.core_gradient, backward(trace, W, hs, ss, y)[a, u1],
                               rtol=1e-9, atol=1e-13)


def test_the_path_names_the_input_its_weight_comes_from(rendered):
    from sklearn.datasets import load_iris

    trace, scene = chain_on(rendered, "iris-4-8-3")
    name = load_iris().feature_names[scene.input_index]
    said = scene.renderer.file_writer.subcaptions[0].content
    assert f"A path from input {name}'s weight into unit {scene.unit + 1} " in said
    assert scene.graph.input_names[scene.input_index].full_name == name
    assert not scene.outside, scene.outside


def test_a_digits_path_starts_at_its_pixel(rendered):
    trace, scene = chain_on(rendered, "digits-64-16-10")
    a, g = scene.input_index, scene.graph
    said = scene.renderer.file_writer.subcaptions[0].content
    assert f"A path from pixel ({a // 8 + 1}, {a % 8 + 1})'s weight" in said
    # the pixel drawn is the point's own, and the path's input points at it
    x = trace.X[scene.index]
    levels = (x - trace.X.min()) / (trace.X.max() - trace.X.min())
    square = g.pixels[a]
    rgb = np.array([int(square.get_fill_color().to_hex()[j:j + 2], 16) for j in (1, 3, 5)])
    np.testing.assert_allclose(rgb, 255 * levels[a], atol=1)
    np.testing.assert_allclose(g.pointers[a].get_start(), square.get_center(), atol=1e-6)
    assert x[a] == scene.terms[-1][1] != 0  # the last factor, ds/dw, is the pixel's value
    assert not scene.outside, scene.outside


def test_the_seeds_path_is_the_only_one_and_keeps_the_seeds_closed_forms(rendered):
    trace, scene = chain_on(rendered, "seed")
    assert scene.seed_form and hasattr(scene, "closed")
    np.testing.assert_allclose(scene.product, scene.core_gradient, rtol=1e-9)
