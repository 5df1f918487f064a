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
    """Preallocated snapshot storage, filled in place at the scheduled steps.

    ``record`` refuses (returns False, storing nothing) a snapshot with a value that is not
    finite: the run diverged, and the trace ends at the snapshot before.
    """

    def __init__(self, model: MLP, steps: np.ndarray, test: bool) -> None:
        S = len(steps)
        self.steps = steps
        self.weights = [np.empty((S, *W.shape)) for W in model.weights]
        self.biases = [np.empty((S, *b.shape)) for b in model.biases]
        self.grad_weights = [np.empty((S, *W.shape)) for W in model.weights]
        self.grad_biases = [np.empty((S, *b.shape)) for b in model.biases]
        names = ["loss", *model.kind.metrics]
        self.series = {name: np.empty(S) for name in names}
        if test:
            self.series.update({f"test_{name}": np.empty(S) for name in names})
        self.k = 0
        self.diverged: int | None = None

    def due(self, step: int) -> bool:
        return self.k < len(self.steps) and self.steps[self.k] == step

    def record(self, model: MLP, gW, gb, values: dict[str, float]) -> bool:
        arrays = [*model.weights, *model.biases, *gW, *gb]
        if not (all(np.isfinite(v) for v in values.values())
                and all(np.isfinite(a).all() for a in arrays)):
            self.diverged = int(self.steps[self.k])
            return False
        k = self.k
        for i in range(model.n_layers):
            self.weights[i][k] = model.weights[i]
            self.biases[i][k] = model.biases[i]
            self.grad_weights[i][k] = gW[i]
            self.grad_biases[i][k] = gb[i]
        for name, v in values.items():
            self.series[name][k] = v
        self.k += 1
        return True

    def cut(self) -> None:
        """Keep only the snapshots recorded (all of them unless the run diverged)."""
        k = self.k
        self.steps = self.steps[:k]
        for group in (self.weights, self.biases, self.grad_weights, self.grad_biases):
            group[:] = [a[:k] for a in group]
        self.series = {name: a[:k] for name, a in self.series.items()}


def _values(model: MLP, z: np.ndarray, p: np.ndarray, y: np.ndarray,
            prefix: str = "") -> dict[str, float]:
    """The loss and the output kind's scores from a forward pass's last z and output p."""
    return {f"{prefix}loss": model.loss_from_logits(z, y),
            **{f"{prefix}{k}": v for k, v in model.kind.scores(p, y).items()}}


def _check_test(model: MLP, X, y, X_test, y_test):
    """The test set as float64 arrays, or a ValueError saying how it disagrees with the
    training set."""
    if (X_test is None) != (y_test is None):
        raise ValueError("give X_test and y_test together")
    if X_test is None:
        return None, None
    X_test = np.asarray(X_test, dtype=np.float64)
    y_test = np.asarray(y_test, dtype=y.dtype)
    if X_test.ndim != 2 or X_test.shape[1] != X.shape[1] or len(X_test) < 1:
        raise ValueError(f"X_test must have shape (m, {X.shape[1]}) as the training set X "
                         f"has, got {X_test.shape}")
    if y_test.shape != (len(X_test),):
        raise ValueError(f"y_test must have one target per test point, shape "
                         f"({len(X_test)},), got {y_test.shape}")
    problem = model.kind.targets_problem(y_test, model.sizes[-1])
    if problem:
        raise ValueError(f"y_test must hold {problem}, as the training set's y")
    return X_test, y_test


def train(
    model: MLP,
    X,
    y,
    config: TrainConfig,
    snapshot_steps: np.ndarray,
    meta: dict | None = None,
    progress: Callable[[int], None] | None = None,
    X_test=None,
    y_test=None,
) -> Trace:
    """Train ``model`` in place on (X, y) and return the Trace of the run.

    A snapshot at step t holds the parameters after t updates, the gradient of the training
    objective over the whole of (X, y) at those parameters (with the configured reduction,
    plus the L2 term), the mean loss (the output kind's own: the cross-entropy, or half the
    squared error) and the output kind's scores (accuracy, or R^2 and RMSE), and, given a
    test set (X_test, y_test), the loss and scores on it. With full-batch training that
    gradient is exactly the one the next update uses, so recording costs no extra pass.
    ``progress``, if given, is called with the number of updates done, after each one.

    A run that diverges (a loss, score, parameter or gradient that is not finite at a
    snapshot) stops there: the trace ends at the last finite snapshot and
    ``meta["training"]["diverged_at"]`` names the step where it was found.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64 if model.kind.classification else np.float64)
    n = len(X)
    config.validate(n)
    X_test, y_test = _check_test(model, X, y, X_test, y_test)
    steps = np.asarray(snapshot_steps, dtype=np.int64)
    if steps[0] != 0 or steps[-1] != config.steps:
        raise ValueError(f"snapshots must start at 0 and end at {config.steps}, got {steps}")
    rec = _Recorder(model, steps, X_test is not None)
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

    def take(fwd, g) -> bool:
        values = _values(model, fwd.s[-1], fwd.h[-1], y)
        if X_test is not None:
            tf = model.forward(X_test, fixed_order=config.fixed_order)
            values.update(_values(model, tf.s[-1], tf.h[-1], y_test, "test_"))
        return rec.record(model, g.weights, g.biases, values)

    # a diverging run overflows on its way to inf: found at the next snapshot, not warned of
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(config.steps + 1):
            if full_batch:
                fwd, g = objective_gradient(X, y)
                if rec.due(t) and not take(fwd, g):
                    break
            else:
                if rec.due(t) and not take(*objective_gradient(X, y)):
                    break
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

    if rec.k == 0:
        raise ValueError("the network's loss is not finite at its initial weights: nothing "
                         "to record (are the inputs or targets very large?)")
    rec.cut()
    training = config.record(full_batch)
    if rec.diverged is not None:
        training["diverged_at"] = rec.diverged
    full_meta = {
        "sizes": model.sizes,
        "activations": model.activations,
        "output": model.output,
        "input_map": model.input_map,
        "loss": model.loss_name,
        "reduction": config.reduction,
        "training": training,
        "producer": producer(),
    }
    full_meta.update(meta or {})
    series = rec.series
    test = {}
    if X_test is not None:
        test = {"X_test": X_test, "y_test": y_test,
                **{k: v for k, v in series.items() if k.startswith("test_")}}
    return Trace(
        meta=full_meta, X=X, y=y, steps=rec.steps,
        weights=rec.weights, biases=rec.biases, loss=series["loss"],
        accuracy=series.get("accuracy"), r2=series.get("r2"), rmse=series.get("rmse"),
        grad_weights=rec.grad_weights, grad_biases=rec.grad_biases, **test,
    )
