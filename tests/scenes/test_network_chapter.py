"""BecomeANetwork shows the last snapshot's W, b, w_m, b_m and the seed's cross-entropy, and
says what it shows: checked against a forward pass written here, on the seed's run and on a
2-8-1 run on the moons. The story's caption rules (explainer/captions.py) on captions made up
here, each rule broken once."""

from __future__ import annotations

import numpy as np
import pytest
from plane_render import asset

from explainer.captions import check, repeated_share, without_numbers
from scenes.network import BecomeANetwork, network_numbers
from scenes.toolkit.planning import plan

ACTS = {"sigmoid": lambda s: 1 / (1 + np.exp(-s)), "tanh": np.tanh,
        "relu": lambda s: np.maximum(s, 0)}


def by_hand(trace):
    """W (h, 2), b, w_m, b_m, P(class 1) and the cross-entropy at the last snapshot."""
    W0, b0 = trace.weights[0][-1], trace.biases[0][-1]
    W1, b1 = trace.weights[1][-1], trace.biases[1][-1]
    h = ACTS[trace.activations[0]](trace.X @ W0 + b0)
    p = 1 / (1 + np.exp(-(h @ W1 + b1)[:, 0]))
    y = trace.y
    loss = np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p))
    return W0.T, b0, W1[:, 0], float(b1[0]), p, float(loss)


@pytest.fixture(scope="module", params=["seed-notebook", "moons-width-8"])
def planned(request):
    trace = asset(request.param)
    return trace, plan(BecomeANetwork, trace=trace)


@pytest.mark.parametrize("name", ["seed-notebook", "moons-width-8"])
def test_the_numbers_are_the_snapshots(name):
    trace = asset(name)
    W, b, w_m, b_m, p, loss = by_hand(trace)
    got = network_numbers(trace)
    np.testing.assert_allclose(got["W"], W, atol=1e-12)
    np.testing.assert_allclose(got["b"], b, atol=1e-12)
    np.testing.assert_allclose(got["w_m"], w_m, atol=1e-12)
    assert got["b_m"] == pytest.approx(b_m, abs=1e-12)
    np.testing.assert_allclose(got["p"], p, atol=1e-9)
    assert got["loss"] == pytest.approx(loss, rel=1e-9)


def entries(matrix) -> list[list[str]]:
    return [[e.text for e in row] for row in matrix.get_rows()]


def shown(v: float) -> str:
    """A number as the screen writes it: 2 decimals, a true minus sign."""
    return f"{v:.2f}".replace("-", "\u2212")


def test_the_screen_and_the_captions_say_them(planned):
    trace, scene = planned
    W, b, w_m, b_m, _, loss = by_hand(trace)
    n = trace.sizes[1]
    assert entries(scene.W_tex[1]) == [[shown(v) for v in row] for row in W]
    assert entries(scene.W_tex[3]) == [[shown(v)] for v in b]
    assert entries(scene.meta_numbers[1]) == [[shown(v) for v in w_m]]
    said = {beat.name: beat.caption for beat in scene.played_beats}
    assert list(said) == ["lines", "stack", "meta", "graph", "loss", "names"]
    word = {3: "three", 8: "eight"}[n]
    assert f"all {word} at once" in said["stack"]
    assert said["meta"].startswith({3: "A fourth", 8: "A ninth"}[n])
    assert f"over the {len(trace.y)} points. Here L = {loss:.4f};" in said["loss"]
    assert f"L = {loss:.4f}" in scene.loss_value.tex_string
    assert "a classifier is a unit" in said["names"] and "the graph a network" in said["names"]
    assert check([(c, b.duration) for c, b in zip(said.values(), scene.played_beats,
                                                    strict=True)]) == []


def test_a_network_it_cannot_show_is_refused_in_one_line():
    deep = asset("rings-depth-3-3")
    assert BecomeANetwork.refusal(deep).startswith("needs 1 hidden layer(s), but ")


def test_each_caption_rule_fails_once():
    good = [("A line splits the plane.", 2.0), ("The network has a loss.", 2.0),
            ("Each hidden unit gets its gradient.", 3.0)]
    assert check(good) == []
    assert repeated_share(good) == 0
    assert len(check([("x" * 200, 11.0)])) == 2  # too long on screen, too fast
    assert len(check([("twenty characters!!!", 1.0)])) == 1
    assert "the core" in check([("What the core computes.", 2.0)])[0]
    # a caption that repeats an earlier one, numbers aside, for most of the time
    again = [("Step 10: the plane gets 50% right.", 3.0),
             ("Step 1000: the plane gets 100% right.", 3.0)]
    assert repeated_share(again) == 0.5 and "repeats" in check(again)[0]
    assert without_numbers("L = 0.0086 at step 1000.") == "L = at step ."
    assert "before 'network'" in check([("A hidden unit.", 2.0), ("A network.", 2.0)])[0]
    assert "before 'loss'" in check([("Its gradient, then its loss.", 2.0)])[0]
    assert check([("The loss, then its gradient.", 2.0)]) == []
