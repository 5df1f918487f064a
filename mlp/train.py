"""Training by gradient descent or Adam, recording snapshots into a Trace as it goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mlp.network import MLP, REDUCTIONS
from mlp.optimizers import OPTIMIZERS, SGD, Adam
from mlp.trace import Trace


def producer() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("mlp-explainer")
    except PackageNotFoundError:
        v = "unknown"
    return {"name": "mlp-explainer", "version": v, "numpy": np.__version__}


@dataclass
class TrainConfig:
    """How to train. ``batch_size=None`` is full-batch gradient descent.

    ``steps`` counts parameter updates. Mini-batches come from a shuffle of the data drawn
    each epoch from ``shuffle_seed``. ``optimizer`` is ``"sgd"`` (gradient descent; with
    ``momentum``, classical heavy-ball momentum) or ``"adam"`` (with ``beta1``, ``beta2``,
    ``eps``; see mlp.optimizers). ``l2`` adds ``l2 * W`` to every weight gradient (biases
    are not penalised).
    ``fixed_order`` sums every matrix product in an order that does not depend on the
    machine's BLAS (``mlp.network.product``), so a run gives the same bits on any CPU;
    slower for wide layers, it is how the bundled traces are trained.
    """

    lr: float = 0.01
    steps: int = 1000
    batch_size: int | None = None
    reduction: str = "mean"
    momentum: float = 0.0
    l2: float = 0.0
    shuffle_seed: int = 0
    optimizer: str = "sgd"
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    fixed_order: bool = False

    def record(self, full_batch: bool) -> dict:
        """The trace's ``training`` record: the optimiser and its hyper-parameters.

        Adam's learning rate is ``optimizer_lr``, not ``lr``: as for imported traces, ``lr``
        is there only when a step is w <- w - lr * grad (or momentum's), the rule scenes draw.
        """
        common = {"steps": self.steps, "batch_size": self.batch_size}
        tail = {"l2": self.l2, "shuffle_seed": self.shuffle_seed, "full_batch": full_batch}
        if not full_batch:
            tail["batch_order"] = BATCH_ORDER
        if self.fixed_order:
            tail["fixed_order"] = True
        if self.optimizer == "adam":
            return {"optimizer": "adam", "optimizer_lr": self.lr, **common,
                    "betas": [self.beta1, self.beta2], "eps": self.eps, **tail}
        return {"optimizer": "sgd", "lr": self.lr, **common, "momentum": self.momentum, **tail}

    def validate(self, n: int) -> None:
        if not self.lr > 0:
            raise ValueError(f"learning rate must be > 0, got {self.lr}")
        if self.steps < 0:
            raise ValueError(f"steps must be >= 0, got {self.steps}")
        if self.batch_size is not None and not 1 <= self.batch_size:
            raise ValueError(f"batch size must be >= 1, got {self.batch_size}")
        if self.reduction not in REDUCTIONS:
            raise ValueError(f"reduction must be one of {list(REDUCTIONS)}, got {self.reduction!r}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {list(OPTIMIZERS)}, "
                             f"got {self.optimizer!r}")
        if not 0 <= self.momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {self.momentum}")
        if self.momentum and self.optimizer != "sgd":
            raise ValueError(f"momentum is an sgd setting; {self.optimizer} got "
                             f"momentum {self.momentum}")
        for name in ("beta1", "beta2"):
            if not 0 <= getattr(self, name) < 1:
                raise ValueError(f"{name} must be in [0, 1), got {getattr(self, name)}")
        if not self.eps > 0:
            raise ValueError(f"eps must be > 0, got {self.eps}")
        if self.l2 < 0:
            raise ValueError(f"l2 must be >= 0, got {self.l2}")
        if n < 1:
            raise ValueError("training needs at least one example")


# How the trainer draws mini-batches, as its training record names it (``batch_order``): a
# permutation of the data from ``default_rng(shuffle_seed)`` per epoch, cut into
# ``n // batch_size`` whole batches. :func:`minibatch_indices` gives any step's batch.
BATCH_ORDER = "epoch_permutation"


def minibatch_indices(n: int, batch_size: int, shuffle_seed: int, step: int) -> np.ndarray:
    """The indices of the points the update from step ``step`` to ``step + 1`` used, in a
    mini-batch run of :func:`train` (``batch_order`` "epoch_permutation").

    >>> minibatch_indices(10, 4, 0, 0).shape, len(set(minibatch_indices(10, 4, 0, 1)))
    ((4,), 4)
    """
    if not 1 <= batch_size < n:
        raise ValueError(f"batch size must be in [1, {n}) for mini-batches, got {batch_size}")
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    per_epoch = n // batch_size
    epoch, j = divmod(int(step), per_epoch)
    rng = np.random.default_rng(shuffle_seed)
    for _ in range(epoch):
        rng.permutation(n)
    return rng.permutation(n)[j * batch_size:(j + 1) * batch_size]


class _Recorder:
    """Preallocated snapshot storage, filled in place at the scheduled steps."""

    def __init__(self, model: MLP, steps: np.ndarray) -> None:
        S = len(steps)
        self.steps = steps
        self.weights = [np.empty((S, *W.shape)) for W in model.weights]
        self.biases = [np.empty((S, *b.shape)) for b in model.biases]
        self.grad_weights = [np.empty((S, *W.shape)) for W in model.weights]
        self.grad_biases = [np.empty((S, *b.shape)) for b in model.biases]
        self.loss = np.empty(S)
        self.accuracy = np.empty(S)
        self.k = 0

    def due(self, step: int) -> bool:
        return self.k < len(self.steps) and self.steps[self.k] == step

    def record(self, model: MLP, gW, gb, loss: float, acc: float) -> None:
        k = self.k
        for i in range(model.n_layers):
            self.weights[i][k] = model.weights[i]
            self.biases[i][k] = model.biases[i]
            self.grad_weights[i][k] = gW[i]
            self.grad_biases[i][k] = gb[i]
        self.loss[k], self.accuracy[k] = loss, acc
        self.k += 1


def _accuracy_from_output(model: MLP, p: np.ndarray, y: np.ndarray) -> float:
    pred = (p[:, 0] >= 0.5) if model.output == "binary" else np.argmax(p, axis=1)
    return float(np.mean(pred == y))


def train(
    model: MLP,
    X,
    y,
    config: TrainConfig,
    snapshot_steps: np.ndarray,
    meta: dict | None = None,
    progress: Callable[[int], None] | None = None,
) -> Trace:
    """Train ``model`` in place on (X, y) and return the Trace of the run.

    A snapshot at step t holds the parameters after t updates, the gradient of the training
    objective over the whole of (X, y) at those parameters (with the configured reduction,
    plus the L2 term), the mean cross-entropy and the accuracy. With full-batch training that
    gradient is exactly the one the next update uses, so recording costs no extra pass.
    ``progress``, if given, is called with the number of updates done, after each one.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    n = len(X)
    config.validate(n)
    steps = np.asarray(snapshot_steps, dtype=np.int64)
    if steps[0] != 0 or steps[-1] != config.steps:
        raise ValueError(f"snapshots must start at 0 and end at {config.steps}, got {steps}")
    rec = _Recorder(model, steps)
    full_batch = config.batch_size is None or config.batch_size >= n
    params = [*model.weights, *model.biases]
    if config.optimizer == "adam":
        optimizer = Adam(params, config.lr, config.beta1, config.beta2, config.eps)
    else:
        optimizer = SGD(params, config.lr, config.momentum)
    shuffler = np.random.default_rng(config.shuffle_seed)
    order = np.arange(n)
    cursor = n  # forces a shuffle before the first mini-batch

    buffers: dict[int, tuple] = {}  # batch size -> (Forward, Gradients), reused every step

    def objective_gradient(Xb, yb):
        fwd, g = buffers.get(len(Xb), (None, None))
        fwd = model.forward(Xb, reuse=fwd, fixed_order=config.fixed_order)
        g = model.backward(fwd, yb, config.reduction, reuse=g, fixed_order=config.fixed_order)
        buffers[len(Xb)] = (fwd, g)
        if config.l2:
            for W, dW in zip(model.weights, g.weights, strict=True):
                dW += config.l2 * W
        return fwd, g

    for t in range(config.steps + 1):
        if full_batch:
            fwd, g = objective_gradient(X, y)
            if rec.due(t):
                loss = model.loss_from_logits(fwd.s[-1], y)
                rec.record(model, g.weights, g.biases, loss,
                           _accuracy_from_output(model, fwd.h[-1], y))
        else:
            if rec.due(t):
                fwd, gfull = objective_gradient(X, y)
                loss = model.loss_from_logits(fwd.s[-1], y)
                rec.record(model, gfull.weights, gfull.biases, loss,
                           _accuracy_from_output(model, fwd.h[-1], y))
            if t == config.steps:
                break
            if cursor + config.batch_size > n:
                order = shuffler.permutation(n)
                cursor = 0
            idx = order[cursor:cursor + config.batch_size]
            cursor += config.batch_size
            _, g = objective_gradient(X[idx], y[idx])
        if t == config.steps:
            break
        optimizer.step(params, [*g.weights, *g.biases])
        if progress is not None:
            progress(t + 1)

    full_meta = {
        "sizes": model.sizes,
        "activations": model.activations,
        "output": model.output,
        "input_map": model.input_map,
        "loss": "cross_entropy",
        "reduction": config.reduction,
        "training": config.record(full_batch),
        "producer": producer(),
    }
    full_meta.update(meta or {})
    return Trace(
        meta=full_meta, X=X, y=y, steps=steps,
        weights=rec.weights, biases=rec.biases, loss=rec.loss, accuracy=rec.accuracy,
        grad_weights=rec.grad_weights, grad_biases=rec.grad_biases,
    )
