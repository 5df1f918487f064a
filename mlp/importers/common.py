"""What every importer shares: a snapshot log that becomes a Trace, labels, metadata, saving."""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

from mlp.datasets import stratified_indices
from mlp.network import MLP, REDUCTIONS
from mlp.outputs import output as output_record
from mlp.trace import MAX_POINTS, Trace, TraceError, load_trace, save_trace

GRADIENT_POLICIES = ("auto", "require", "none")


def jsonable(value):
    """``value`` with NumPy scalars and arrays turned into plain Python, anything else as str.

    Metadata must survive ``json.dumps``; a producer's objects (dtypes, classes) are kept as
    their text rather than refused.
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if np.isfinite(value) else str(value)
    return str(value)


def encode_labels(y, classes=None) -> tuple[np.ndarray, list]:
    """Labels as class indices 0..K-1 (int64, shape (n,)) and the original class values.

    ``classes`` fixes the order (scikit-learn's ``classes_``: column j of predict_proba is
    classes[j]); without it, labels must already be integers 0, 1, ..., K-1 (floats such as
    1.0 are accepted when they are whole numbers).
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of labels, got shape {y.shape}")
    if classes is not None:
        classes = np.asarray(classes)
        index = {c: i for i, c in enumerate(classes.tolist())}
        try:
            codes = np.array([index[c] for c in y.tolist()], dtype=np.int64)
        except KeyError as e:
            raise ValueError(
                f"y holds the label {e.args[0]!r}, which is not among the classes "
                f"{classes.tolist()}"
            ) from None
        return codes, classes.tolist()
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise ValueError("y must hold whole-number class labels 0, 1, ..., K-1")
        y = y.astype(np.int64)
    if y.dtype.kind not in "iu":
        raise ValueError(f"y must hold integer class labels 0, 1, ..., K-1, got dtype {y.dtype}")
    y = y.astype(np.int64)
    if len(y) and y.min() < 0:
        raise ValueError(f"y must hold class labels 0, 1, ..., K-1, found {y.min()}")
    return y, list(range(int(y.max()) + 1 if len(y) else 0))


def encode_targets(y) -> np.ndarray:
    """A regression's targets as float64, shape (n,) (an (n, 1) column is accepted)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of targets (one output), got shape {y.shape}")
    if y.dtype.kind not in "iuf":
        raise ValueError(f"y must hold numbers (the regression's targets), got dtype {y.dtype}")
    y = y.astype(np.float64)
    if not np.all(np.isfinite(y)):
        raise ValueError("y must hold finite numbers")
    return y


def check_data(X, y, sizes: list[int], output: str, *, name: str = "X",
               train_width: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The training (or test: ``name`` "X_test") data as the trace stores it, checked
    against the network's shape."""
    X = np.asarray(X, dtype=np.float64)
    t = name.removeprefix("X")
    if X.ndim != 2 or X.shape[1] != sizes[0]:
        what = " as the training set X" if t else " for this network"
        raise ValueError(f"{name} must have shape (n, {sizes[0]}){what}, got {X.shape}")
    if not 1 <= len(X) <= MAX_POINTS:
        raise ValueError(f"{name} must hold 1 to {MAX_POINTS} examples, got {len(X)}")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must hold finite numbers")
    if y.shape != (len(X),):
        raise ValueError(f"y{t} must have one target per example of {name}, shape "
                         f"({len(X)},), got {y.shape}")
    kind = output_record(output)
    if kind.classification:
        n_classes = kind.n_classes(sizes[-1])
        if y.min() < 0 or y.max() >= n_classes:
            raise ValueError(
                f"a {output} output with {sizes[-1]} unit(s) takes labels 0 to "
                f"{n_classes - 1}, found labels up to {y.max()} in y{t}")
    return X, y


def encode(y, output: str, classes=None) -> tuple[np.ndarray, list | None]:
    """Targets as the trace stores them: class indices and the class values for a
    classification (see encode_labels), float targets and None for a regression."""
    if output_record(output).classification:
        return encode_labels(y, classes)
    return encode_targets(y), None


class SnapshotLog:
    """Snapshots gathered one at a time during someone else's training, then one Trace.

    Parameters are given in the trace's convention: ``weights[i]`` (sizes[i], sizes[i+1]),
    ``biases[i]`` (sizes[i+1],). Steps must be strictly increasing. The loss is either given
    at every snapshot (the producer's own number) or at none (then the core computes the mean
    cross-entropy); gradients likewise, under ``gradients``: "auto" keeps them when every
    snapshot has them and otherwise writes a trace without gradients (saying so in the
    metadata and in a warning), "require" refuses a snapshot without them, "none" drops them.
    ``reduction`` says whether the gradients are of the mean ("mean") or the summed ("sum")
    loss over the examples; ``loss`` names that loss (None: the output kind's own, the
    cross-entropy or half the squared error; a regression may say "mse" or "l1").

    A test set (``X_test``, ``y_test``, checked against the training set's shapes and
    labels) is scored by the core at every snapshot: its mean loss and the output kind's
    scores. ``sample``: keep at most that many training (and test) points in the trace, a
    seeded (``sample_seed``), stratified sample; the scores the core computes are still
    those of the whole sets, taken as each snapshot is added, and ``meta["sample"]`` says how
    many points there were.
    """

    def __init__(self, *, X, y, sizes: list[int], activations: list[str], output: str,
                 input_map: str = "identity", gradients: str = "auto",
                 reduction: str = "mean", loss: str | None = None, X_test=None, y_test=None,
                 sample: int | None = None, sample_seed: int = 0) -> None:
        if gradients not in GRADIENT_POLICIES:
            raise ValueError(f"gradients must be one of {list(GRADIENT_POLICIES)}, "
                             f"got {gradients!r}")
        if reduction not in REDUCTIONS:
            raise ValueError(f"reduction must be one of {list(REDUCTIONS)}, got {reduction!r}")
        self.reduction = reduction
        # An MLP with zero parameters checks sizes, activations, output and loss once, here.
        self.loss_name = MLP(
            [np.zeros((a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)],
            [np.zeros(b) for b in sizes[1:]], list(activations), output, input_map,
            loss).loss_name
        self.sizes, self.activations = list(sizes), list(activations)
        self.output, self.input_map, self.gradients = output, input_map, gradients
        self.kind = output_record(output)
        self.X, self.y = X, y
        if (X_test is None) != (y_test is None):
            raise ValueError("give X_test and y_test together")
        if X_test is not None:
            X_test, y_test = check_data(X_test, y_test, sizes, output, name="X_test")
        self.X_test, self.y_test = X_test, y_test
        if sample is not None and (isinstance(sample, bool) or not isinstance(sample, int)
                                   or sample < 1):
            raise ValueError(f"sample must be a number of points >= 1, got {sample!r}")
        self.sample, self.sample_seed = sample, sample_seed
        self.values: list[dict[str, float]] = []  # loss and scores, per snapshot
        self.steps: list[int] = []
        self.weights: list[list[np.ndarray]] = []
        self.biases: list[list[np.ndarray]] = []
        self.grad_weights: list[list[np.ndarray] | None] = []
        self.grad_biases: list[list[np.ndarray] | None] = []
        self.losses: list[float | None] = []
        self.accuracies: list[float | None] = []

    def __len__(self) -> int:
        return len(self.steps)

    def _array(self, what: str, a, shape: tuple) -> np.ndarray:
        a = np.array(a, dtype=np.float64)
        if a.shape != shape:
            raise ValueError(f"{what} must have shape {shape}, got {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{what} holds a non-finite value (NaN or infinity)")
        return a

    def add(self, step: int, weights, biases, grad_weights=None, grad_biases=None,
            loss: float | None = None, accuracy: float | None = None) -> None:
        """Record one snapshot: the parameters after ``step`` updates (copied)."""
        if isinstance(step, bool) or not isinstance(step, int | np.integer) or step < 0:
            raise ValueError(f"step must be an integer >= 0, got {step!r}")
        step = int(step)
        if self.steps and step <= self.steps[-1]:
            raise ValueError(f"steps must be strictly increasing: step {step} comes after "
                             f"step {self.steps[-1]}")
        L = len(self.sizes) - 1
        if len(weights) != L or len(biases) != L:
            raise ValueError(f"need {L} weight matrices and {L} bias vectors, got "
                             f"{len(weights)} and {len(biases)}")
        shapes_W = [(self.sizes[i], self.sizes[i + 1]) for i in range(L)]
        shapes_b = [(self.sizes[i + 1],) for i in range(L)]
        W = [self._array(f"step {step}: weights[{i}]", w, s)
             for i, (w, s) in enumerate(zip(weights, shapes_W, strict=True))]
        b = [self._array(f"step {step}: biases[{i}]", v, s)
             for i, (v, s) in enumerate(zip(biases, shapes_b, strict=True))]
        has_grad = grad_weights is not None and grad_biases is not None
        if self.gradients == "require" and not has_grad:
            raise ValueError(f"step {step}: no gradients (gradients='require'); call the "
                             f"snapshot after the backward pass")
        if has_grad and self.gradients != "none":
            gW = [self._array(f"step {step}: grad_weights[{i}]", g, s)
                  for i, (g, s) in enumerate(zip(grad_weights, shapes_W, strict=True))]
            gb = [self._array(f"step {step}: grad_biases[{i}]", g, s)
                  for i, (g, s) in enumerate(zip(grad_biases, shapes_b, strict=True))]
        else:
            gW = gb = None
        if loss is not None:
            loss = float(loss)
            if not np.isfinite(loss):
                raise ValueError(f"step {step}: the loss is {loss}; expected a finite number")
        if self.losses and (loss is None) != (self.losses[0] is None):
            raise ValueError(
                f"step {step}: give the loss at every snapshot or at none (the first "
                f"snapshot {'had one' if self.losses[0] is not None else 'had none'})"
            )
        if accuracy is not None:
            if not self.kind.classification:
                raise ValueError(f"step {step}: a regression has no accuracy (its R^2 and "
                                 f"RMSE are computed from the parameters)")
            accuracy = float(accuracy)
            if not 0.0 <= accuracy <= 1.0:
                raise ValueError(f"step {step}: the accuracy is {accuracy}; expected [0, 1]")
        if self.accuracies and (accuracy is None) != (self.accuracies[0] is None):
            raise ValueError(f"step {step}: give the accuracy at every snapshot or at none")
        self.values.append(self._score(W, b, loss, accuracy))
        self.steps.append(step)
        self.accuracies.append(accuracy)
        self.weights.append(W)
        self.biases.append(b)
        self.grad_weights.append(gW)
        self.grad_biases.append(gb)
        self.losses.append(loss)

    def _score(self, W, b, loss, accuracy) -> dict[str, float]:
        """The snapshot's loss and scores on the whole training set (the given ones where
        given, else the core's) and on the test set, computed now, while X is whole."""
        model = MLP(W, b, self.activations, self.output, self.input_map, self.loss_name)
        values: dict[str, float] = {}
        if loss is None or accuracy is None:
            fwd = model.forward(self.X)
            values = {"loss": model.loss_from_logits(fwd.s[-1], self.y),
                      **self.kind.scores(fwd.h[-1], self.y)}
        if loss is not None:
            values["loss"] = loss
        if accuracy is not None:
            values["accuracy"] = accuracy
        if self.X_test is not None:
            fwd = model.forward(self.X_test)
            values.update({"test_loss": model.loss_from_logits(fwd.s[-1], self.y_test),
                           **{f"test_{k}": v
                              for k, v in self.kind.scores(fwd.h[-1], self.y_test).items()}})
        return values

    def _shown(self):
        """(X, y, X_test, y_test, meta["sample"] or None): the points the trace keeps."""
        if self.sample is None or (len(self.X) <= self.sample and (
                self.X_test is None or len(self.X_test) <= self.sample)):
            return self.X, self.y, self.X_test, self.y_test, None
        regression = not self.kind.classification
        idx = stratified_indices(self.y, self.sample, self.sample_seed, regression)
        info = {"of": len(self.X), "seed": self.sample_seed,
                "method": "stratified" + (" by target quintile" if regression else " by class")}
        X_test, y_test = self.X_test, self.y_test
        if X_test is not None:
            t = stratified_indices(y_test, self.sample, self.sample_seed, regression)
            info["test_of"] = len(X_test)
            X_test, y_test = X_test[t], y_test[t]
        return self.X[idx], self.y[idx], X_test, y_test, info

    def trace(self, meta: dict) -> Trace:
        """The Trace of every snapshot so far; scores (and a missing loss) from the core.

        ``meta`` is merged over the architecture keys; ``meta["import"]`` gains "loss" and
        "gradients" notes saying where those numbers came from.
        """
        if not self.steps:
            raise ValueError("no snapshot was recorded")
        L = len(self.sizes) - 1
        stack = lambda per: [np.stack([s[i] for s in per]) for i in range(L)]  # noqa: E731
        weights, biases = stack(self.weights), stack(self.biases)
        series = {k: np.array([v[k] for v in self.values]) for k in self.values[0]}
        info = dict(meta.get("import", {}))
        whole = "the whole of (X, y)" if self.sample is None else "the whole training set"
        info.setdefault("loss", f"mean {self.loss_name} on {whole}, computed by mlp-explainer"
                        if self.losses[0] is None else "as given by the producer")
        if self.kind.classification:
            info.setdefault("accuracy", f"computed by mlp-explainer from the snapshot's "
                            f"parameters on {whole}" if self.accuracies[0] is None
                            else "as given by the producer")
        else:
            info.setdefault("scores", f"R^2 and RMSE computed by mlp-explainer on {whole}")
        if self.X_test is not None:
            info.setdefault("test", "loss and scores computed by mlp-explainer on the whole "
                            "test set")
        missing = [s for s, g in zip(self.steps, self.grad_weights, strict=True) if g is None]
        if self.gradients == "none":
            info["gradients"] = "not recorded (gradients='none')"
            gW = gb = None
        elif missing and len(missing) < len(self.steps):
            info["gradients"] = f"dropped: absent at steps {missing[:10]}"
            warnings.warn(f"the trace has no gradients: they were absent at steps "
                          f"{missing[:10]} (take every snapshot after the backward pass)",
                          stacklevel=3)
            gW = gb = None
        elif missing:
            info.setdefault("gradients", "none recorded")
            gW = gb = None
        else:
            info.setdefault("gradients", "as given by the producer")
            gW, gb = stack(self.grad_weights), stack(self.grad_biases)
        X, y, X_test, y_test, sample = self._shown()
        full_meta = {
            "sizes": self.sizes,
            "activations": self.activations,
            "output": self.output,
            "input_map": self.input_map,
            "loss": self.loss_name,
            "reduction": self.reduction,
            **{k: v for k, v in meta.items() if k != "import"},
            "import": info,
        }
        if sample is not None:
            full_meta["sample"] = sample
        full_meta = jsonable(full_meta)
        json.dumps(full_meta)  # fails here, not in save_trace, if anything slipped through
        test = {}
        if X_test is not None:
            test = {"X_test": X_test, "y_test": y_test,
                    **{k: v for k, v in series.items() if k.startswith("test_")}}
        return Trace(meta=full_meta, X=X, y=y, steps=np.array(self.steps, np.int64),
                     weights=weights, biases=biases, loss=series["loss"],
                     accuracy=series.get("accuracy"), r2=series.get("r2"),
                     rmse=series.get("rmse"), grad_weights=gW, grad_biases=gb, **test)


def save_checked(trace: Trace, out, *, source=None, float32: bool = False) -> Path:
    """Write ``trace`` to ``out`` only once it reads back through ``load_trace``.

    The file is written under a temporary name beside ``out``, loaded with the same
    validation as any trace, then renamed; on any problem nothing appears under ``out`` and
    the TraceError names ``source`` (the imported file) instead of the temporary name.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".check.npz", dir=out.parent)
    os.close(fd)
    try:
        save_trace(trace, tmp, float32=float32)
        try:
            load_trace(tmp)
        except TraceError as e:
            raise TraceError(source or out, e.field, e.expected, e.found) from None
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    trace.path = str(out)
    return out
