"""The explorer's per-point pulls are WhoPullsTheLines' pulls, value by value, on runs whose
step is not plain descent (momentum) and on a softmax output."""

from __future__ import annotations

import numpy as np
import pytest

from explainer.explore import write_page
from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.pull import batch_pulls


def run(dataset: str, sizes, **config):
    X, y, spec = make_dataset(dataset, n=30, seed=5)
    W, b = initial_parameters(sizes, "glorot", rng=4)
    output = "binary" if sizes[-1] == 1 else "softmax"
    return train(MLP(W, b, "tanh", output), X, y, TrainConfig(steps=12, **config),
                 np.arange(13), meta={"dataset": spec})


def by_hand(trace, k: int, j: int, lr: float) -> np.ndarray:
    """Each point's pull on line j at snapshot k, mean loss over all points: a 2-h-K tanh
    network written out here (sigmoid or softmax output)."""
    W, b = trace.weights[0][k], trace.biases[0][k]
    W2, b2 = trace.weights[1][k], trace.biases[1][k]
    H = np.tanh(trace.X @ W + b)
    z = H @ W2 + b2
    if trace.output == "binary":
        dz = 1 / (1 + np.exp(-z)) - trace.y[:, None]
    else:
        p = np.exp(z - z.max(axis=1, keepdims=True))
        dz = p / p.sum(axis=1, keepdims=True) - np.eye(W2.shape[1])[trace.y]
    delta = (dz @ W2[j]) * (1 - H[:, j] ** 2)
    return lr / len(trace.X) * delta * ((trace.X ** 2).sum(axis=1) + 1) / np.linalg.norm(W[:, j])


@pytest.mark.parametrize(("dataset", "sizes", "config"), [
    ("moons", [2, 4, 1], {"lr": 0.3, "momentum": 0.9}),
    ("spiral", [2, 5, 3], {"lr": 0.4, "momentum": 0.5}),
], ids=["momentum", "softmax"])
def test_page_and_scene_pull_alike(dataset, sizes, config, tmp_path, page):
    trace = run(dataset, sizes, **config)
    path = write_page(trace, tmp_path / "page.html")
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    k = 6
    for j in range(sizes[1]):
        scene = batch_pulls(trace, k, j)[0]
        want = by_hand(trace, k, j, config["lr"])  # the recorded lr, not 1
        np.testing.assert_allclose(scene, want, rtol=1e-9, atol=1e-15)
        shown = [page.evaluate("([i, pos, j]) => explorer.pointDetails(i, pos).pulls[j].shift",
                               [i, k, j]) for i in range(len(trace.X))]
        np.testing.assert_allclose(shown, scene, rtol=1e-9, atol=1e-15)
    assert np.abs(scene).max() > 0
