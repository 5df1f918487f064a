"""Traces of networks unlike the seed's, made once per test session and kept small (few
points, few snapshots) so scene tests on them stay fast: deep, wide, multi-class, and
imported from PyTorch and scikit-learn.

Each function returns the same Trace object on every call (``functools.cache``).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from mlp.bundled import bundled_path
from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.trace import Trace, load_trace
from mlp.train import TrainConfig, train

STEPS = 40
SNAPSHOTS = 6


def _train(sizes, activation, output, dataset, n, *, lr, batch_size=None, seed=0) -> Trace:
    X, y, spec = make_dataset(dataset, n=n, seed=seed)
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(seed), activation)
    config = TrainConfig(lr=lr, steps=STEPS, batch_size=batch_size, optimizer="sgd")
    return train(MLP(W, b, activation, output), X, y, config,
                 snapshot_steps(STEPS, count=SNAPSHOTS), meta={"dataset": spec})


@cache
def seed() -> Trace:
    """The seed's 2-3-1 sigmoid network on the rings (the bundled trace)."""
    return load_trace(bundled_path("seed-notebook"))


@cache
def deep_moons() -> Trace:
    """A 2-8-8-1 relu network on moons, trained in mini-batches of 16."""
    return _train([2, 8, 8, 1], "relu", "binary", "moons", 48, lr=0.3, batch_size=16)


@cache
def spiral() -> Trace:
    """A 2-16-16-3 tanh network on the 3-arm spiral, softmax output, full batch."""
    return _train([2, 16, 16, 3], "tanh", "softmax", "spiral", 60, lr=0.5)


@cache
def torch_softmax() -> Trace:
    """A PyTorch 2-6-4-3 network (tanh), cross-entropy on the spiral, via TorchRecorder."""
    import torch
    from torch import nn

    from mlp.importers.torch import TorchRecorder

    torch.set_num_threads(1)
    X, y, spec = make_dataset("spiral", n=45, seed=1)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Linear(6, 4), nn.Tanh(),
                          nn.Linear(4, 3))
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    rec = TorchRecorder(model, Xt, yt, dataset=spec, optimizer=opt)
    schedule = set(snapshot_steps(STEPS, count=SNAPSHOTS).tolist())
    for step in range(STEPS + 1):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(Xt), yt)
        loss.backward()
        if step in schedule:
            rec.snapshot(step, loss=loss.item())
        if step < STEPS:
            opt.step()
    return rec.trace()


@cache
def sklearn_deep() -> Trace:
    """A scikit-learn 2-10-10-1 relu MLPClassifier on moons (mini-batches of 16)."""
    from sklearn.neural_network import MLPClassifier

    from mlp.importers.sklearn import record_sklearn

    X, y, spec = make_dataset("moons", n=48, seed=2)
    clf = MLPClassifier(hidden_layer_sizes=(10, 10), activation="relu", solver="sgd",
                        learning_rate_init=0.1, batch_size=16, random_state=0)
    return record_sklearn(clf, X, y, epochs=12, snapshots=SNAPSHOTS, dataset=spec)


NETWORKS = {"seed": seed, "deep-moons": deep_moons, "spiral": spiral,
            "torch-2-6-4-3": torch_softmax, "sklearn-2-10-10-1": sklearn_deep}


def network(name: str) -> Trace:
    return NETWORKS[name]()


# The activations and their derivatives dh/ds from (s, h), written out by hand for the tests'
# independent forward and backward passes (never the core's).
BY_HAND = {"sigmoid": (lambda s: 1 / (1 + np.exp(-s)), lambda s, h: h * (1 - h)),
           "tanh": (np.tanh, lambda s, h: 1 - h * h),
           "relu": (lambda s: np.maximum(s, 0), lambda s, h: (s > 0).astype(float))}


def rendered(render, tmp_path_factory, scene_cls):
    """get(name) -> (trace, scene, last frame): ``scene_cls`` rendered on network ``name``
    once per test module, each in a folder of its own."""
    cache = {}

    def get(name):
        if name not in cache:
            trace = network(name)
            scene, frame = render(scene_cls, tmp_path_factory.mktemp(name), trace=trace)
            cache[name] = (trace, scene, frame)
        return cache[name]

    return get
