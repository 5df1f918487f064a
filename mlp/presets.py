"""Named training runs: the seed notebook's exactly, and the runs the scenes play."""

from __future__ import annotations

import numpy as np

from mlp.datasets import rings
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.trace import Trace
from mlp.train import TrainConfig, train

SEED_NOTEBOOK_SEED = 44


def _run(model: MLP, X: np.ndarray, y: np.ndarray, meta: dict, *, lr: float, steps: int,
         reduction: str, every: int | None, count: int | None, spacing: str,
         optimizer: str = "sgd") -> Trace:
    """Full-batch gradient descent (or Adam) from ``model``, snapshots every ``every`` steps
    or ``count`` of them spaced by ``spacing``."""
    config = TrainConfig(lr=lr, steps=steps, reduction=reduction, fixed_order=True,
                         optimizer=optimizer)
    schedule = snapshot_steps(steps, every=every, count=None if every else count, spacing=spacing)
    return train(model, X, y, config, schedule, meta)


def seed_notebook(
    seed: int = SEED_NOTEBOOK_SEED,
    steps: int = 1000,
    lr: float = 0.01,
    hidden: int = 3,
    every: int | None = None,
    count: int | None = 201,
    spacing: str = "geometric",
) -> Trace:
    """The seed's 2-3-1 network on its two rings, reproduced draw for draw.

    NumPy's legacy RNG, seeded once, draws the rings (100 points of radius 3, class 0, then
    100 of radius 1, class 1, then one shuffle) and then W1 (2, h), b1 (1, h), W2 (h, 1),
    b2 (1, 1) from uniform(0, 1). Sigmoid units, full-batch gradient descent on the summed
    gradient (the notebook sums: with the mean, 1000 steps at lr 0.01 do not separate).
    """
    rng = np.random.RandomState(seed)
    X, y = rings(100, radii=(3.0, 1.0), noise=0.05, rng=rng)
    sizes = [2, hidden, 1]
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append(rng.uniform(0, 1, (fan_in, fan_out)))
        biases.append(rng.uniform(0, 1, (1, fan_out)).ravel())
    model = MLP(weights, biases, "sigmoid", "binary")
    meta = {
        "dataset": {"name": "rings", "n": 200, "radii": [3.0, 1.0], "noise": 0.05,
                    "rng": "numpy.random.RandomState", "seed": seed},
        "init": {"scheme": "uniform", "low": 0.0, "high": 1.0, "rng": "shared with dataset"},
        "seed": seed,
        "preset": "seed-notebook",
    }
    return _run(model, X, y, meta, lr=lr, steps=steps, reduction="sum", every=every,
                count=count, spacing=spacing)


def linear_classifier(
    dataset: str = "blobs",
    feature_map: bool = False,
    seed: int = 0,
    steps: int = 300,
    lr: float = 0.5,
    count: int | None = 121,
    every: int | None = None,
    spacing: str = "geometric",
    n: int = 200,
) -> Trace:
    """Logistic regression (a 2-1 network, no hidden layer) on ``dataset``.

    The start is turned away from the answer (w = (-1, 0.5), b = 0.5) so that the line
    visibly rotates and slides into place. With ``feature_map`` the model sees the seed's
    phi(x) = [x1^2, x2^2] instead of x.
    """
    from mlp.datasets import make_dataset

    X, y, spec = make_dataset(dataset, n=n, seed=seed)
    model = MLP([np.array([[-1.0], [0.5]])], [np.array([0.5])], [], "binary",
                "square" if feature_map else "identity")
    meta = {"dataset": spec, "seed": seed, "init": {"scheme": "explicit"},
            "preset": f"linear-{dataset}" + ("-feature-map" if feature_map else "")}
    return _run(model, X, y, meta, lr=lr, steps=steps, reduction="mean", every=every,
                count=count, spacing=spacing)


def curve_example(
    dataset: str = "sine",
    hidden: int = 8,
    activation: str = "sigmoid",
    seed: int = 0,
    lr: float = 0.05,
    steps: int = 1000,
    count: int | None = 161,
    spacing: str = "geometric",
    n: int = 200,
) -> Trace:
    """A 1-``hidden``-1 regression network fitting a curve of one input (``dataset``: sine,
    step or abs), with the data set's seeded test split: full-batch Adam at 0.05 on the
    mean of 1/2 the squared error (the training defaults) from a Glorot start.

    Sigmoid units, as Nielsen's visual proof of universal approximation has them: each
    one's weighted output is a step at x = -b/w, the steps add up to the curve. (Sigmoid
    also gives the same bits on every CPU, where NumPy's tanh does not.) The bundled one
    fits the sine with 8 units to R^2 0.98 on the training data and 0.97 on the test set.
    """
    from mlp.datasets import load_dataset
    from mlp.init import initial_parameters

    data = load_dataset(dataset, n=n, seed=seed)
    W, b = initial_parameters([1, hidden, 1], "glorot", np.random.default_rng(seed), activation)
    model = MLP(W, b, activation, "regression")
    meta = {"dataset": data.spec, "seed": seed, "init": {"scheme": "glorot"},
            "preset": f"curve-{dataset}-{hidden}"}
    config = TrainConfig(lr=lr, steps=steps, reduction="mean", fixed_order=True,
                         optimizer="adam")
    schedule = snapshot_steps(steps, count=count, spacing=spacing)
    return train(model, data.X, data.y, config, schedule, meta,
                 X_test=data.X_test, y_test=data.y_test)


PRESETS = {
    "seed-notebook": seed_notebook,
    "linear": linear_classifier,
}


def wedge(n: int = 200, seed: int = 0, std: float = 0.45):
    """Four clusters: class 1 sits inside the triangle of three class-0 clusters, so no line
    separates it, but two crossing lines (a wedge) do: 2 hidden units need a real 2-D warp.
    Returns X (n, 2), y (n,) and the dataset's metadata record."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 1.4], [-2.6, 2.6], [2.6, 2.6], [0.0, -1.2]])
    k = np.arange(n) % 4
    X = centres[k] + rng.normal(0.0, std, (n, 2))
    y = (k == 0).astype(np.int64)
    return X, y, {"name": "wedge", "n": n, "seed": seed, "noise": std,
                  "centres": centres.tolist(), "labels": [1, 0, 0, 0]}


def warp_example(
    dataset: str = "wedge",
    hidden: int = 2,
    seed: int = 0,
    lr: float = 2.0,
    steps: int = 3000,
    count: int | None = 161,
    every: int | None = None,
    spacing: str = "geometric",
    n: int = 200,
    activation: str = "sigmoid",
) -> Trace:
    """A 2-``hidden``-1 network on ``dataset`` whose hidden space shows the warp clearly.

    Glorot-uniform start drawn from ``seed``, full-batch gradient descent on the mean loss.
    ``dataset`` is one of mlp.datasets or ``"wedge"`` (:func:`wedge`). The bundled ones: the
    wedge with 2 units (a flat warp of the plane into the unit square) and moons with 8
    units (seen through a projection to 3D); both reach 100% accuracy.
    """
    from mlp.datasets import make_dataset
    from mlp.init import initial_parameters

    if dataset == "wedge":
        X, y, spec = wedge(n=n, seed=seed)
    else:
        X, y, spec = make_dataset(dataset, n=n, seed=seed)
    sizes = [2, hidden, 1]
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(seed), activation)
    model = MLP(W, b, activation, "binary")
    meta = {"dataset": spec, "seed": seed, "init": {"scheme": "glorot"},
            "preset": f"warp-{dataset}-{hidden}"}
    return _run(model, X, y, meta, lr=lr, steps=steps, reduction="mean", every=every,
                count=count, spacing=spacing)


def story_example(
    dataset: str = "spiral",
    hidden: tuple[int, ...] = (8,),
    activation: str = "sigmoid",
    seed: int = 0,
    lr: float = 0.05,
    steps: int = 1000,
    count: int | None = 161,
    spacing: str = "geometric",
    n: int = 200,
) -> Trace:
    """Full-batch Adam at 0.05 on the mean loss from a Glorot start (the training defaults)
    with the seed's sigmoid units, on ``dataset`` with hidden layers ``hidden``: a binary
    output, or a softmax for a dataset of more than two classes. The bundled ones: 3 classes
    of the spiral (a softmax output) and two hidden layers on the rings (a deep warp).

    Sigmoid, not the defaults' tanh: SciPy's expit gives the same bits on every CPU, while
    NumPy's tanh picks vector kernels by CPU, which changes the last bits of the trace.
    """
    from mlp.datasets import make_dataset
    from mlp.init import initial_parameters

    X, y, spec = make_dataset(dataset, n=n, seed=seed)
    classes = int(y.max()) + 1
    sizes = [2, *hidden, 1 if classes == 2 else classes]
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(seed), activation)
    model = MLP(W, b, activation, "binary" if classes == 2 else "softmax")
    meta = {"dataset": spec, "seed": seed, "init": {"scheme": "glorot"},
            "preset": f"{dataset}-{'-'.join(map(str, hidden))}"}
    return _run(model, X, y, meta, lr=lr, steps=steps, reduction="mean", every=None,
                count=count, spacing=spacing, optimizer="adam")


def digits_example(
    hidden: int = 16,
    activation: str = "sigmoid",
    seed: int = 0,
    lr: float = 0.01,
    steps: int = 300,
    count: int | None = 31,
    spacing: str = "geometric",
    l2: float = 0.001,
) -> Trace:
    """A 64-``hidden``-10 softmax network on scikit-learn's handwritten digits (8x8 images
    at their pixel scale 0 to 16), with the data set's seeded, stratified test split (a
    fifth of the 1,797 images): full-batch Adam at ``lr`` on the mean cross-entropy plus
    a small weight decay ``l2`` from a Glorot start, with sigmoid units (the same bits on
    every CPU, as story_example says). The weight decay pulls the weights of pixels that
    are always blank to 0, so each unit's weights, drawn as an image, show strokes.

    The bundled one reaches 99.9% on its 1,437 training images and 96.4% on the 360 test
    images it never trained on: the same machinery as the plane's, on real data.
    """
    from mlp.datasets import load_dataset
    from mlp.init import initial_parameters

    data = load_dataset("digits", seed=seed)
    W, b = initial_parameters([data.X.shape[1], hidden, 10], "glorot",
                              np.random.default_rng(seed), activation)
    model = MLP(W, b, activation, "softmax")
    meta = {"dataset": data.spec, "seed": seed, "init": {"scheme": "glorot"},
            "preset": f"digits-{hidden}"}
    config = TrainConfig(lr=lr, steps=steps, reduction="mean", fixed_order=True,
                         optimizer="adam", l2=l2)
    schedule = snapshot_steps(steps, count=count, spacing=spacing)
    return train(model, data.X, data.y, config, schedule, meta,
                 X_test=data.X_test, y_test=data.y_test)
