"""Traces unlike the seed's for the scene tests, each made small and fast: deep binary and
softmax networks trained by the core, PyTorch and scikit-learn imports, and a run that fails.
The ``traces`` fixture (conftest.py) makes each once a session."""

from __future__ import annotations

from plane_render import asset


# --------------------------------------------------------------- traces unlike the seed's
def _core_trace(dataset: str, sizes, activation: str, *, n: int, steps: int, lr: float,
                optimizer: str = "adam", seed: int = 0, input_map: str = "identity", **data):
    from mlp.datasets import make_dataset
    from mlp.init import initial_parameters, scheme_for
    from mlp.network import MLP
    from mlp.schedule import snapshot_steps
    from mlp.train import TrainConfig, train

    X, y, spec = make_dataset(dataset, n=n, seed=seed, **data)
    output = "binary" if sizes[-1] == 1 else "softmax"
    W, b = initial_parameters(sizes, scheme_for(activation), rng=seed, activation=activation)
    model = MLP(W, b, activation, output, input_map)
    config = TrainConfig(lr=lr, steps=steps, optimizer=optimizer)
    return train(model, X, y, config, snapshot_steps(steps, count=6),
                 meta={"dataset": spec})


def _torch_trace():
    import torch
    from torch import nn

    from mlp.datasets import make_dataset
    from mlp.importers.torch import TorchRecorder

    torch.set_num_threads(1)
    X, y, spec = make_dataset("spiral", n=60, seed=1)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Linear(6, 4), nn.ReLU(),
                          nn.Linear(4, 3))
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    rec = TorchRecorder(model, Xt, yt, dataset=spec, optimizer=opt)
    for step in range(61):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(Xt), yt)
        loss.backward()
        if step % 12 == 0:
            rec.snapshot(step, loss=loss.item())
        opt.step()
    return rec.trace()


def _sklearn_trace():
    import numpy as np
    from sklearn.neural_network import MLPClassifier

    from mlp.datasets import make_dataset
    from mlp.importers.sklearn import record_sklearn

    X, y, spec = make_dataset("moons", n=60, seed=2)
    labels = np.array(["left", "right"])[y]  # scikit-learn keeps its own class names
    clf = MLPClassifier(hidden_layer_sizes=(10, 10), activation="relu", solver="adam",
                        learning_rate_init=0.03, random_state=0)
    return record_sklearn(clf, X, labels, epochs=60, snapshots=6, dataset=spec)


# name -> how to make it; each is made once per test session (see ``traces``)
TRACE_MAKERS = {
    "seed": lambda: asset("seed-notebook"),
    "relu-moons-8-8": lambda: _core_trace("moons", [2, 8, 8, 1], "relu", n=60, steps=150,
                                          lr=0.03),
    "tanh-spiral-16-16-3": lambda: _core_trace("spiral", [2, 16, 16, 3], "tanh", n=60,
                                               steps=150, lr=0.03),
    "torch-6-4-3": _torch_trace,
    "sklearn-10-10": _sklearn_trace,
    # a run that fails: two units cannot pull the inner circle out of the outer ring
    "rings-2-2-1": lambda: _core_trace("rings", [2, 2, 1], "sigmoid", n=60, steps=150,
                                       lr=0.05, optimizer="sgd"),
}
# inputs mapped by phi(x) = [x1^2, x2^2] before the first layer: its units are curves too
TRACE_MAKERS["square-rings-3-3"] = lambda: _core_trace("rings", [2, 3, 3, 1], "tanh", n=60,
                                                       steps=150, lr=0.03, input_map="square")
PLAYED = ["seed", "relu-moons-8-8", "tanh-spiral-16-16-3", "torch-6-4-3", "sklearn-10-10"]


