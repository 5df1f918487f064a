"""The networks the tests play, by name: the seed's bundled run and small networks unlike it
(deep, wide, three classes, imported from PyTorch and scikit-learn, a run that fails, and a
PyTorch network of six different activations for the explorer page).

``network(name)`` trains each on first use and returns the same Trace on every later call:
each is trained once per test session (once per pytest worker). They are kept small (few
points, few snapshots) so scene tests on them stay fast. Any bundled trace is found here by
its own name too.

Between them the runs cover what scenes say about training: full-batch plain gradient
descent (the seed's), mini-batches (the spiral), Adam (the relu moons, scikit-learn's), a
run whose batch the trace does not record (PyTorch), class names of the run's own
(scikit-learn's "left"/"right") and a run that fails (two units on the rings).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from mlp.bundled import bundled_path
from mlp.datasets import make_dataset
from mlp.schedule import snapshot_steps
from mlp.trace import Trace, load_trace

SNAPSHOTS = 6


def _core(dataset: str, sizes, activation: str, *, n: int, steps: int, lr: float,
          optimizer: str = "adam", batch_size: int | None = None, seed: int = 0,
          input_map: str = "identity") -> Trace:
    """A run of the core's own training: glorot/he start, ``SNAPSHOTS`` snapshots."""
    from mlp.init import initial_parameters, scheme_for
    from mlp.network import MLP
    from mlp.train import TrainConfig, train

    X, y, spec = make_dataset(dataset, n=n, seed=seed)
    output = "binary" if sizes[-1] == 1 else "softmax"
    W, b = initial_parameters(sizes, scheme_for(activation), rng=seed, activation=activation)
    config = TrainConfig(lr=lr, steps=steps, optimizer=optimizer, batch_size=batch_size)
    return train(MLP(W, b, activation, output, input_map), X, y, config,
                 snapshot_steps(steps, count=SNAPSHOTS), meta={"dataset": spec})


def train_torch(model, X, y, *, optimizer, steps: int, snapshots, dataset=None) -> Trace:
    """Train a PyTorch ``model`` (an ``nn.Sequential`` ending in logits) full batch on the
    cross-entropy, as a user would, recording it with TorchRecorder at each step in
    ``snapshots`` (after ``backward()``, before ``optimizer.step()``). ``optimizer`` is
    ``optimizer(parameters)``; X is cast to the model's dtype."""
    import torch
    from torch import nn

    from mlp.importers.torch import TorchRecorder

    torch.set_num_threads(1)
    dtype = next(model.parameters()).dtype
    Xt, yt = torch.tensor(X, dtype=dtype), torch.tensor(y)
    opt = optimizer(model.parameters())
    rec = TorchRecorder(model, Xt, yt, dataset=dataset, optimizer=opt)
    schedule = {int(s) for s in snapshots}
    for step in range(steps + 1):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(Xt), yt)
        loss.backward()
        if step in schedule:
            rec.snapshot(step, loss=loss.item())
        if step < steps:
            opt.step()
    return rec.trace()


def _torch_2_6_4_3() -> Trace:
    """PyTorch 2-6-4-3 (tanh, tanh) on the spiral by plain SGD: no batch size is recorded."""
    import torch
    from torch import nn

    X, y, spec = make_dataset("spiral", n=60, seed=1)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Linear(6, 4), nn.Tanh(),
                          nn.Linear(4, 3))
    steps = 150
    return train_torch(model, X, y, optimizer=lambda p: torch.optim.SGD(p, lr=0.5),
                       steps=steps, snapshots=snapshot_steps(steps, count=SNAPSHOTS),
                       dataset=spec)


def _torch_six_activations() -> Trace:
    """PyTorch in float64: six hidden layers with six different activations, three
    classes, by plain SGD."""
    import torch
    from torch import nn

    X, y, spec = make_dataset("spiral", n=90, classes=3, seed=0)
    torch.manual_seed(2)
    model = nn.Sequential(
        nn.Linear(2, 6), nn.LeakyReLU(0.01), nn.Linear(6, 5), nn.Softplus(),
        nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 5), nn.Sigmoid(),
        nn.Linear(5, 4), nn.SiLU(), nn.Linear(4, 3)).double()
    return train_torch(model, X, y, optimizer=lambda p: torch.optim.SGD(p, lr=0.5), steps=30,
                       snapshots=[0, 1, 3, 10, 20, 30], dataset=spec)


def _sklearn_2_10_10_1() -> Trace:
    """scikit-learn 2-10-10-1 relu MLPClassifier on moons by Adam, with class names of its
    own ("left", "right")."""
    from sklearn.neural_network import MLPClassifier

    from mlp.importers.sklearn import record_sklearn

    X, y, spec = make_dataset("moons", n=60, seed=2)
    labels = np.array(["left", "right"])[y]  # scikit-learn keeps its own class names
    clf = MLPClassifier(hidden_layer_sizes=(10, 10), activation="relu", solver="adam",
                        learning_rate_init=0.03, random_state=0)
    return record_sklearn(clf, X, labels, epochs=60, snapshots=SNAPSHOTS, dataset=spec)


def _sklearn_iris_4_8_3() -> Trace:
    """scikit-learn 4-8-3 tanh MLPClassifier on Iris (standardised, its training split),
    by Adam in mini-batches of 32: the inputs carry Iris's feature names."""
    from sklearn.neural_network import MLPClassifier

    from mlp.datasets import load_dataset
    from mlp.importers.sklearn import record_sklearn

    data = load_dataset("iris", seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", solver="adam",
                        learning_rate_init=0.02, batch_size=32, random_state=0)
    return record_sklearn(clf, data.X, data.y, epochs=20, snapshots=SNAPSHOTS,
                          dataset=data.spec)


def _digits_64_16_10() -> Trace:
    """The core's 64-16-10 tanh network on 300 of the digits' training images (8x8 pixels
    at their scale 0 to 16), full-batch Adam."""
    from mlp.datasets import load_dataset
    from mlp.init import initial_parameters
    from mlp.network import MLP
    from mlp.train import TrainConfig, train

    data = load_dataset("digits", seed=0)
    X, y = data.X[:300], data.y[:300]
    W, b = initial_parameters([64, 16, 10], "glorot", rng=0, activation="tanh")
    return train(MLP(W, b, "tanh", "softmax"), X, y, TrainConfig(lr=0.01, steps=20,
                 optimizer="adam"), snapshot_steps(20, count=SNAPSHOTS),
                 meta={"dataset": data.spec})


def untrained(dataset: str, hidden, activation: str, *, data_seed: int, init_seed: int):
    """A dataset of 60 points and a fresh network for it, (X, y, output, W, b): one output
    unit (binary) for two classes, K (softmax) for K; glorot weights from
    ``np.random.default_rng(init_seed)``."""
    from mlp.init import initial_parameters

    X, y, _ = make_dataset(dataset, n=60, seed=data_seed)
    k = int(y.max()) + 1
    sizes = [2, *hidden, 1 if k == 2 else k]
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(init_seed), activation)
    return X, y, "binary" if k == 2 else "softmax", W, b


# name -> how to make it
_MAKERS = {
    "seed": lambda: load_trace(bundled_path("seed-notebook")),  # the seed's 2-3-1 sigmoid
    # 2-8-8-1 relu on moons, full-batch Adam
    "relu-moons-8-8": lambda: _core("moons", [2, 8, 8, 1], "relu", n=60, steps=150, lr=0.03),
    # 2-16-16-3 tanh on the 3-arm spiral, softmax output, plain SGD in mini-batches of 16
    "tanh-spiral-16-16-3": lambda: _core("spiral", [2, 16, 16, 3], "tanh", n=60, steps=300,
                                         lr=0.3, optimizer="sgd", batch_size=16),
    "torch-6-4-3": _torch_2_6_4_3,
    "sklearn-10-10": _sklearn_2_10_10_1,
    # a run that fails: two units cannot pull the inner circle out of the outer ring
    "rings-2-2-1": lambda: _core("rings", [2, 2, 1], "sigmoid", n=60, steps=150, lr=0.05,
                                 optimizer="sgd"),
    # inputs mapped by phi(x) = [x1^2, x2^2] before the first layer: its units are curves too
    "square-rings-3-3": lambda: _core("rings", [2, 3, 3, 1], "tanh", n=60, steps=150, lr=0.03,
                                      input_map="square"),
    "torch-six-activations": _torch_six_activations,
    "iris-4-8-3": _sklearn_iris_4_8_3,
    "digits-64-16-10": _digits_64_16_10,
}
# The networks every scene is played on; the seed's first.
PLAYED = ["seed", "relu-moons-8-8", "tanh-spiral-16-16-3", "torch-6-4-3", "sklearn-10-10"]
DEEP = PLAYED[1:]  # more than one hidden layer


@cache
def network(name: str) -> Trace:
    """The trace called ``name``: one of the networks above, or a bundled trace."""
    return _MAKERS[name]() if name in _MAKERS else load_trace(bundled_path(name))


# The activations and their derivatives dh/ds from (s, h), written out by hand for the tests'
# independent forward and backward passes (never the core's).
def _sigmoid(s):
    return 1 / (1 + np.exp(-s))


BY_HAND = {"sigmoid": (_sigmoid, lambda s, h: h * (1 - h)),
           "tanh": (np.tanh, lambda s, h: 1 - h * h),
           "relu": (lambda s: np.maximum(s, 0), lambda s, h: (s > 0).astype(float)),
           "leaky_relu": (lambda s: np.where(s > 0, s, 0.01 * s),
                          lambda s, h: np.where(s > 0, 1.0, 0.01)),
           "softplus": (lambda s: np.logaddexp(0, s), lambda s, h: _sigmoid(s)),
           "silu": (lambda s: s * _sigmoid(s),
                    lambda s, h: _sigmoid(s) * (1 + s * (1 - _sigmoid(s)))),
           "identity": (lambda s: s, lambda s, h: np.ones_like(s))}
