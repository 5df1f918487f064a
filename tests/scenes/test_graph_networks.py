"""ComputationalGraph on networks unlike the seed's: deep, wide, softmax, imported from
PyTorch and scikit-learn. The graph's nodes and edges follow its rule, and every edge carries
the chosen point's own gradient from an independent backward pass written here."""

from __future__ import annotations

import numpy as np
import pytest
from networks import BY_HAND, PLAYED, network
from scipy.special import expit, softmax

from scenes.graph import ComputationalGraph

# The session's renders (tests/scenes/conftest.py) this file shares with others in
# the group are made once, on the worker that runs the group.
pytestmark = pytest.mark.xdist_group("graph-renders")

ACT = BY_HAND


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


def drawn_units(trace, k: int) -> list[list[int]]:
    """The rule: a layer of at most 8 units in full; a wider hidden layer its 7 strongest
    (|incoming| * |outgoing| weights) and a "+N more" node."""
    sizes, W = trace.sizes, [w[k] for w in trace.weights]
    out = []
    for layer, n in enumerate(sizes):
        if n <= 8 or layer in (0, len(sizes) - 1):
            out.append(list(range(n)))
        else:
            strength = np.linalg.norm(W[layer - 1], axis=0) * np.linalg.norm(W[layer], axis=1)
            out.append(sorted(np.argsort(-strength)[:7].tolist()))
    return out


def graph_on(rendered, name: str):
    """The network called ``name`` and ComputationalGraph rendered on it."""
    return network(name), rendered(ComputationalGraph, name)[0]


@pytest.mark.parametrize("name", PLAYED)
def test_the_graph_draws_the_nodes_and_edges_its_rule_says(rendered, name):
    trace, scene = graph_on(rendered, name)
    g = scene.graph
    # the snapshot whose weights are drawn decides which units are the strongest
    shown = drawn_units(trace, scene.k)
    assert g.shown == shown
    sizes = trace.sizes
    wide = [n > 8 for n in sizes[1:-1]]
    columns = ([sizes[0] + 1] + [len(s) + w + 1 for s, w in zip(shown[1:-1], wide, strict=True)]
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
    # a wider layer says on screen how many units are not drawn
    for layer, n in enumerate(sizes[1:-1], start=1):
        if n > 8:
            assert g.more[layer] == n - 7
            assert g.more_nodes[layer][1].original_text == f"+{n - 7}"
            assert f"+{n - 7} more" in scene.more_note.original_text
        else:
            assert layer not in g.more_nodes
    if not any(wide):
        assert scene.more_note is None
    # K output nodes under the softmax
    if trace.output == "softmax":
        assert g.softmax_box is not None and g.softmax_box.get_center()[0] == pytest.approx(
            g.nodes[-2].get_center()[0], abs=1e-6)


@pytest.mark.parametrize("name", PLAYED)
def test_each_edge_carries_the_points_own_gradient(rendered, name):
    trace, scene = graph_on(rendered, name)
    g = scene.graph
    gW, gb = reference_gradients(trace, scene.k, scene.index)
    assert set(g.gradients) == set(g.edges)
    for (layer, i, j), value in g.gradients.items():
        want = gb[layer][j] if i == trace.sizes[layer] else gW[layer][i, j]
        assert value == pytest.approx(want, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", PLAYED)
def test_the_update_says_what_the_runs_batch_was(rendered, name):
    trace, scene = graph_on(rendered, name)
    said = scene.renderer.file_writer.subcaptions[-1].content
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
    runs = {name: network(name).meta["training"] for name in PLAYED}
    assert runs["tanh-spiral-16-16-3"]["batch_size"] == 16  # mini-batches
    assert runs["tanh-spiral-16-16-3"]["optimizer"] == "sgd"
    assert runs["seed"]["full_batch"] is True and runs["seed"]["optimizer"] == "sgd"
    assert runs["relu-moons-8-8"]["optimizer"] == "adam"
    unsaid = runs["torch-6-4-3"]  # plain SGD whose batch the trace does not record
    assert unsaid["optimizer"] == "SGD" and unsaid.get("batch_size") is None
    assert unsaid.get("full_batch") is None
