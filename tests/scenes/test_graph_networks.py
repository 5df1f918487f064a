"""ComputationalGraph on networks unlike the seed's: deep, wide, softmax, imported from
PyTorch and scikit-learn, with many inputs (Iris's four named ones, the digits' 64 pixels).
The graph's nodes and edges follow its rule, and every edge carries the chosen point's own
gradient from an independent backward pass written here; the inputs carry Iris's feature
names, and a digit is drawn as its own pixels."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Text
from networks import BY_HAND, PLAYED, network
from scipy.special import expit, softmax

from scenes.graph import ComputationalGraph

# The session's renders (tests/scenes/conftest.py) this file shares with others in
# the group are made once, on the worker that runs the group.
pytestmark = pytest.mark.xdist_group("graph-renders")

ACT = BY_HAND
# The networks the graph is played on: the seed's and the deep ones, with scikit-learn's
# import played by Iris (4-8-3, mini-batches by Adam) instead of the 2-10-10-1 moons (whose
# deep relu path the relu moons already take), and the digits' 64 pixels.
GRAPHED = [name for name in PLAYED if name != "sklearn-10-10"] + ["iris-4-8-3",
                                                                  "digits-64-16-10"]


def reference_gradients(trace, k: int, i: int):
    """One point's dL/dW and dL/db at snapshot k by a plain backward pass."""
    W, b = trace.weights, trace.biases
    x, y = trace.X[i], int(trace.y[i])
    hs, ss = [x], []
    for layer in range(len(W)):
        s = hs[-1] @ W[layer][k] + b[layer][k]
        ss.append(s)
        if layer < len(W) - 1:
            hs.append(ACT[trace.activations[layer]][0](s))
    if trace.output == "binary":
        delta = expit(ss[-1]) - y
    else:
        delta = softmax(ss[-1])
        delta[y] -= 1.0
    gW, gb = [None] * len(W), [None] * len(W)
    for layer in range(len(W) - 1, -1, -1):
        gW[layer], gb[layer] = np.outer(hs[layer], delta), delta
        if layer:
            back = W[layer][k] @ delta
            delta = back * ACT[trace.activations[layer - 1]][1](ss[layer - 1], hs[layer])
    return gW, gb


def drawn_units(trace) -> list[list[int]]:
    """The rule: a layer of at most 8 units in full, and the outputs; a wider input or
    hidden layer its 7 strongest and a "+N more" node. Strength, at the trace's last
    snapshot whichever moment is drawn (the same units as every chapter that draws units):
    what comes in (a hidden unit: |incoming weights|; an input: its standard deviation over
    the points) times |outgoing weights|."""
    sizes, W = trace.sizes, [w[-1] for w in trace.weights]
    out = []
    for layer, n in enumerate(sizes):
        if n <= 8 or layer == len(sizes) - 1:
            out.append(list(range(n)))
        else:
            into = trace.X.std(axis=0) if layer == 0 else np.linalg.norm(W[layer - 1], axis=0)
            strength = into * np.linalg.norm(W[layer], axis=1)
            out.append(sorted(np.argsort(-strength, kind="stable")[:7].tolist()))
    return out


def graph_on(rendered, name: str):
    """The network called ``name`` and ComputationalGraph rendered on it."""
    return network(name), rendered(ComputationalGraph, name)[0]


@pytest.mark.parametrize("name", GRAPHED)
def test_the_graph_draws_the_nodes_and_edges_its_rule_says(rendered, name):
    trace, scene = graph_on(rendered, name)
    g = scene.graph
    shown = drawn_units(trace)
    assert g.shown == shown
    sizes = trace.sizes
    wide = [n > 8 for n in sizes[:-1]]
    columns = ([len(s) + w + 1 for s, w in zip(shown[:-1], wide, strict=True)]
               + [sizes[-1], 1])
    assert [len(column) for column in g.nodes] == columns
    assert sum(columns) == g.count()[0]
    n_edges = sum((len(shown[i]) + 1) * len(shown[i + 1]) for i in range(len(sizes) - 1))
    assert len(g.edges) == n_edges and len(g.loss_edges) == sizes[-1]
    assert n_edges + sizes[-1] == g.count()[1]
    # every edge joins the two nodes its key names
    for (layer, i, j), line in g.edges.items():
        a = g.nodes[layer][shown[layer].index(i) if i < sizes[layer] else -1][0]
        b = g.nodes[layer + 1][shown[layer + 1].index(j)][0]
        direction = b.get_center() - a.get_center()
        assert np.allclose(line.get_start(), a.get_center() + g.node_radius * direction
                           / np.linalg.norm(direction), atol=1e-6)
    # a wider layer (the inputs too) says on screen how many units are not drawn
    for layer, n in enumerate(sizes[:-1]):
        if n > 8:
            assert g.more[layer] == n - 7
            assert g.more_nodes[layer][1].original_text == f"+{n - 7}"
            assert f"+{n - 7} more" in scene.more_note.original_text
        else:
            assert layer not in g.more_nodes
    if not any(wide):
        assert scene.more_note is None
    # the inputs drawn are named x_i by their own index
    for i in shown[0]:
        assert g.node(0, i)[1].tex_string == f"x_{{{i + 1}}}"
    # K output nodes under the softmax
    if trace.output == "softmax":
        assert g.softmax_box is not None and g.softmax_box.get_center()[0] == pytest.approx(
            g.nodes[-2].get_center()[0], abs=1e-6)


@pytest.mark.parametrize("name", GRAPHED)
def test_each_edge_carries_the_points_own_gradient(rendered, name):
    trace, scene = graph_on(rendered, name)
    g = scene.graph
    gW, gb = reference_gradients(trace, scene.k, scene.index)
    assert set(g.gradients) == set(g.edges)
    for (layer, i, j), value in g.gradients.items():
        want = gb[layer][j] if i == trace.sizes[layer] else gW[layer][i, j]
        assert value == pytest.approx(want, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", GRAPHED)
def test_the_update_says_what_the_runs_batch_was(rendered, name):
    trace, scene = graph_on(rendered, name)
    # the update's words, in one beat or continued in more when they run long
    said = " ".join(b.caption for b in scene.played_beats if b.name.startswith("update"))
    assert said and scene.played_beats[-1].name.startswith("update")
    shown = " ".join(m.tex_string for m in scene.mobjects if hasattr(m, "tex_string"))
    n, training = len(trace.X), trace.meta["training"]
    size = training.get("batch_size")
    if "adam" in str(training.get("optimizer")).lower():
        assert "Adam" in said
    elif size is None and training.get("full_batch") is None:  # the run did not say
        assert "its size is not in the trace" in said and "points" not in said
    elif training.get("full_batch") or (isinstance(size, int) and size >= n):
        assert f"over all {n} points" in said and f"over all {n} points" in shown
    else:
        assert f"mini-batch of {size}" in said and f"mini-batch of {size}" in shown
        assert f"all {n} points" not in said and f"all {n} points" not in shown


def test_the_traces_cover_every_wording_of_the_update():
    # the wording test above checks each of its cases only if some trace is of that kind
    runs = {name: network(name).meta["training"] for name in GRAPHED}
    assert runs["tanh-spiral-16-16-3"]["batch_size"] == 16  # mini-batches
    assert runs["tanh-spiral-16-16-3"]["optimizer"] == "sgd"
    assert runs["seed"]["full_batch"] is True and runs["seed"]["optimizer"] == "sgd"
    assert runs["relu-moons-8-8"]["optimizer"] == "adam"
    unsaid = runs["torch-6-4-3"]  # plain SGD whose batch the trace does not record
    assert unsaid["optimizer"] == "SGD" and unsaid.get("batch_size") is None
    assert unsaid.get("full_batch") is None
    iris = runs["iris-4-8-3"]  # scikit-learn's: one step is a pass in mini-batches
    assert iris["batch_size"] == 32 and iris["step"] == "epoch"


def test_irises_inputs_carry_their_feature_names_as_text(rendered):
    from sklearn.datasets import load_iris

    trace, scene = graph_on(rendered, "iris-4-8-3")
    g = scene.graph
    names = load_iris().feature_names  # scikit-learn's own: "sepal length (cm)", ...
    assert sorted(g.input_names) == [0, 1, 2, 3] and g.pixels is None
    for i, name in enumerate(names):
        label = g.input_names[i]
        assert label.full_name == name and type(label) is Text  # Pango text, no markup
        shown = label.original_text
        assert shown == name or (shown.endswith("…") and name.startswith(shown[:-1])), shown
        # beside its own node, on its left, and inside the frame
        node = g.node(0, i)[0]
        assert label.get_right()[0] < node.get_left()[0]
        assert abs(label.get_center()[1] - node.get_center()[1]) < 1e-6
        assert label.get_left()[0] > -scene.frame_size[0] / 2
    assert not scene.outside, scene.outside
    # the names are Iris's, and the graph shows all four of them
    assert g.more[0] == 0 and g.shown[0] == [0, 1, 2, 3]


def test_a_digit_is_drawn_as_its_own_pixels(rendered):
    from sklearn.datasets import load_digits

    trace, scene = graph_on(rendered, "digits-64-16-10")
    g = scene.graph
    x = trace.X[scene.index]
    # the point is one of scikit-learn's images, at its pixel scale 0 to 16
    images = load_digits().data
    assert np.abs(images - x).sum(axis=1).min() == 0
    lo, hi = trace.X.min(), trace.X.max()
    assert (lo, hi) == (0.0, 16.0)
    assert g.input_names == {} and len(g.pixels) == 64
    centres = np.array([sq.get_center() for sq in g.pixels])
    for r in range(8):
        for c in range(8):
            square = g.pixels[8 * r + c]
            level = (x[8 * r + c] - lo) / (hi - lo)
            rgb = np.array([int(square.get_fill_color().to_hex()[j:j + 2], 16) for j in (1, 3, 5)])
            np.testing.assert_allclose(rgb, 255 * level, atol=1)  # a grey of the pixel's value
            # row by row, top left first
            assert centres[8 * r + c][0] == pytest.approx(centres[c][0], abs=1e-9)
            assert centres[8 * r + c][1] == pytest.approx(centres[8 * r][1], abs=1e-9)
    assert np.all(np.diff(centres[:8, 0]) > 0) and np.all(np.diff(centres[::8, 1]) < 0)
    # left of the inputs' column, and each drawn input points at its own pixel
    assert g.pixels.get_right()[0] < g.nodes[0].get_left()[0]
    assert sorted(g.pointers) == g.shown[0] and len(g.shown[0]) == 7
    for i, line in g.pointers.items():
        np.testing.assert_allclose(line.get_start(), g.pixels[i].get_center(), atol=1e-6)
        node = g.node(0, i)[0]
        np.testing.assert_allclose(line.get_end(), node.get_center()
                                   - [g.node_radius, 0, 0], atol=1e-6)
    # the screen says how many inputs are not drawn, and the caption too
    said = scene.renderer.file_writer.subcaptions[0].content
    assert "7 of 64 inputs (+57 more)" in said
    assert g.more_nodes[0][1].original_text == "+57"
