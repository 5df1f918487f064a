"""Output kinds: one record each, holding everything the core, the scenes and the importers
need to know about a network's last layer, keyed by the name configs and traces use.

A record holds the output unit's function (the "link" from the last pre-activation z to the
network's output), the losses a trace of that kind may record (the first is the core's own),
each loss's gradient at the output, how a value is coloured and what the words may say of it:
whether it is a classification (so "class", "separated" and "accuracy" apply) or a
regression (so "fit", "residual", "R^2" and "RMSE" do).

The losses, per example i with output z_i (the last layer's pre-activation):

- ``cross_entropy`` (binary): log(1 + e^z) - y z, the binary cross-entropy of
  P(y=1) = sigmoid(z), computed from z so that no probability of 0 or 1 is ever logged;
  dL_i/dz = sigmoid(z) - y.
- ``cross_entropy`` (softmax): -log softmax(z)_y; dL_i/dz_k = softmax(z)_k - [k = y].
- ``squared_error`` (regression, the core's and scikit-learn's): 1/2 (y-hat - y)^2 with
  y-hat = z, so that dL_i/dy-hat = y-hat - y, the residual: the same shared factor
  "y-hat - y" as the cross-entropies'. A trace's loss is its mean over the examples (1/2 of
  the mean squared error; scikit-learn's MLPRegressor reports the same number as ``loss_``).
- ``mse`` (regression): (y-hat - y)^2 without the 1/2, PyTorch's ``mse_loss``;
  dL_i/dy-hat = 2 (y-hat - y).
- ``l1`` (regression): |y-hat - y|, PyTorch's ``l1_loss``; dL_i/dy-hat = sign(y-hat - y)
  (0 where the fit is exact, as PyTorch takes it).

A loss summed over the batch is ``reduction="sum"``; the trace's recorded loss is the mean.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit, log_softmax, softmax

# The most classes a softmax output may have: the views draw each class in its own colour
# of one palette, and ten is what stays distinguishable.
MAX_CLASSES = 10

# z (n, K) the output's pre-activation, p (n, K) the output (link(z)), y (n,) the targets.
PerExample = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
# (z, p, y, out) -> dL_i/dz written into out (n, K)
Delta = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Loss:
    """One loss: its value per example and its gradient at the output, with its names.

    name: the trace's ``meta.loss``. per_example(z, p, y) -> (n,) losses;
    delta(z, p, y, out) -> dL_i/dz (n, K), written into out.
    tex: its formula per example in MathTex; said: its name in plain captions and speech;
    delta_tex: dL/dy-hat (or dL/dz) in MathTex.
    torch: the torch.nn.functional name of the same loss (its mean is PyTorch's default
    ``reduction="mean"``), or None; sklearn: the estimator whose ``loss_`` it is, or None.
    """

    name: str
    per_example: PerExample
    delta: Delta
    tex: str
    said: str
    delta_tex: str
    torch: tuple[str, ...] = ()
    sklearn: str | None = None


def _bce(z, p, y):
    return np.logaddexp(0.0, z[:, 0]) - y * z[:, 0]


def _bce_delta(z, p, y, out):
    return np.subtract(p, np.reshape(y, (-1, 1)), out=out)


def _ce(z, p, y):
    return -log_softmax(z, axis=1)[np.arange(len(y)), np.asarray(y, dtype=np.int64)]


def _ce_delta(z, p, y, out):
    np.copyto(out, p)
    out[np.arange(len(y)), np.asarray(y, dtype=np.int64)] -= 1.0
    return out


def _residual(p, y):
    return p[:, 0] - y


def _se(z, p, y):
    r = _residual(p, y)
    return 0.5 * r * r


def _se_delta(z, p, y, out):
    return np.subtract(p, np.reshape(y, (-1, 1)), out=out)


def _mse(z, p, y):
    r = _residual(p, y)
    return r * r


def _mse_delta(z, p, y, out):
    np.subtract(p, np.reshape(y, (-1, 1)), out=out)
    out *= 2.0
    return out


def _l1(z, p, y):
    return np.abs(_residual(p, y))


def _l1_delta(z, p, y, out):
    np.subtract(p, np.reshape(y, (-1, 1)), out=out)
    return np.sign(out, out=out)


BINARY_CROSS_ENTROPY = Loss(
    "cross_entropy", _bce, _bce_delta, r"-y \log \hat{y} - (1 - y) \log (1 - \hat{y})",
    "cross-entropy", r"\hat{y} - y", torch=("binary_cross_entropy_with_logits",
                                              "binary_cross_entropy"),
    sklearn="MLPClassifier")
CROSS_ENTROPY = Loss(
    "cross_entropy", _ce, _ce_delta, r"-\log p_y", "cross-entropy", r"p_k - y_k",
    torch=("cross_entropy", "nll_loss"), sklearn="MLPClassifier")
SQUARED_ERROR = Loss(
    "squared_error", _se, _se_delta, r"\tfrac{1}{2} (\hat{y} - y)^2", "squared error",
    r"\hat{y} - y", sklearn="MLPRegressor")
MSE = Loss(
    "mse", _mse, _mse_delta, r"(\hat{y} - y)^2", "squared error", r"2 (\hat{y} - y)",
    torch=("mse_loss",))
L1 = Loss(
    "l1", _l1, _l1_delta, r"|\hat{y} - y|", "absolute error",
    r"\operatorname{sign}(\hat{y} - y)", torch=("l1_loss",))


def _sigmoid(z, out=None):
    return expit(z, out=out)


def _softmax(z, out=None):
    if out is None:
        return softmax(z, axis=1)
    out[...] = softmax(z, axis=1)
    return out


def _identity(z, out=None):
    if out is None:
        return z.copy()
    np.copyto(out, z)
    return out


def accuracy(pred: np.ndarray, y: np.ndarray) -> float:
    """The fraction of predicted labels equal to y."""
    return float(np.mean(np.asarray(pred) == np.asarray(y)))


def r2(pred: np.ndarray, y: np.ndarray) -> float:
    """The coefficient of determination 1 - SS_res / SS_tot (scikit-learn's r2_score: 1 for
    a perfect fit, 0 for any other fit of a constant target)."""
    y = np.asarray(y, dtype=np.float64)
    res = math.fsum(((np.asarray(pred, dtype=np.float64) - y) ** 2).tolist())
    tot = math.fsum(((y - y.mean()) ** 2).tolist())
    if tot == 0.0:
        return 1.0 if res == 0.0 else 0.0
    return 1.0 - res / tot


def rmse(pred: np.ndarray, y: np.ndarray) -> float:
    """The root of the mean squared residual, in the target's units."""
    r = np.asarray(pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return math.sqrt(math.fsum((r * r).tolist()) / len(r))


@dataclass(frozen=True)
class Output:
    """One output kind and what every layer of the project needs to know about it.

    name: the trace's ``meta.output`` (``--output``).
    link: g(z, out=None), the output unit's function of the last pre-activation (n, K).
    losses: the losses a trace of this kind may record, the core's own first.
    classification: True when the output names a class (words may say "class", "separated",
        "misclassified", "accuracy"); False for a regression ("fit", "residual", "R^2").
    metrics: the trace's entries for the recorded scores beside the loss, headline first
        (``accuracy``; ``r2`` and ``rmse``); metric: how the headline is said on screen.
    units: (fewest, most) output units. colour: how a value is coloured, "probability"
        (one ramp from P(y=0) to P(y=1)), "classes" (one colour per class, from the one
        palette) or "value" (a diverging scale over the targets' range).
    value_tex, value_said: the output in formulas and in words.
    sklearn: the scikit-learn estimator (and out_activation_) of this kind.
    """

    name: str
    link: Callable[..., np.ndarray]
    losses: tuple[Loss, ...]
    classification: bool
    metrics: tuple[str, ...]
    metric: str
    units: tuple[int, int]
    colour: str
    value_tex: str
    value_said: str
    sklearn: tuple[str, str] | None = None
    _by_name: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({loss.name: loss for loss in self.losses})

    @property
    def loss(self) -> Loss:
        """The core's own loss for this output."""
        return self.losses[0]

    def loss_named(self, name: str | None) -> Loss:
        """The loss called ``name`` (None: the core's own); ValueError naming the choices."""
        if name is None:
            return self.loss
        if name not in self._by_name:
            raise ValueError(f"a {self.name} output's loss must be one of "
                             f"{list(self._by_name)}, got {name!r}")
        return self._by_name[name]

    def units_problem(self, units: int) -> str | None:
        """Why ``units`` output units do not fit this kind, or None if they do."""
        lo, hi = self.units
        if lo <= units <= hi:
            return None
        want = f"{lo} unit" if lo == hi else f"{lo} to {hi} units"
        return f"a {self.name} output has {want}, got {units}"

    def n_classes(self, units: int) -> int:
        """How many classes the labels name: 2 for one sigmoid unit, K for K softmax units,
        0 for a regression."""
        if not self.classification:
            return 0
        return 2 if units == 1 else units

    def values(self, p: np.ndarray) -> np.ndarray:
        """What ``predict_proba`` returns: P(y=1) (n,), class probabilities (n, K), or the
        fitted value y-hat (n,)."""
        return p if p.shape[1] > 1 else p[:, 0]

    def predict(self, p: np.ndarray, threshold: float = 0.5) -> np.ndarray:
        """Labels (int64) for a classification, values y-hat (float64) for a regression."""
        if not self.classification:
            return p[:, 0].copy()
        if p.shape[1] == 1:
            return (p[:, 0] >= threshold).astype(np.int64)
        return np.argmax(p, axis=1)

    def scores(self, p: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """{metric entry: value} of output p (n, K) against targets y: accuracy, or R^2
        and RMSE."""
        pred = self.predict(p)
        if self.classification:
            return {"accuracy": accuracy(pred, y)}
        return {"r2": r2(pred, y), "rmse": rmse(pred, y)}

    def targets_problem(self, y: np.ndarray, units: int) -> str | None:
        """Why y (n,) are not targets of this kind (class labels 0..K-1, or finite numbers),
        in words for an error message, or None."""
        y = np.asarray(y)
        if y.size == 0:
            return None
        if y.dtype.kind not in "iuf" or not np.all(np.isfinite(y)):
            return "finite numbers" if not self.classification else "class labels"
        if not self.classification:
            return None
        k = self.n_classes(units)
        if np.any(y != np.round(y)) or y.min() < 0 or y.max() >= k:
            return f"class labels 0 to {k - 1}"
        return None


BINARY = Output(
    "binary", _sigmoid, (BINARY_CROSS_ENTROPY,), True, ("accuracy",), "accuracy", (1, 1),
    "probability", r"\hat{y}", "P(y = 1)", sklearn=("MLPClassifier", "logistic"))
SOFTMAX = Output(
    "softmax", _softmax, (CROSS_ENTROPY,), True, ("accuracy",), "accuracy",
    (2, MAX_CLASSES), "classes", r"p", "the class probabilities",
    sklearn=("MLPClassifier", "softmax"))
REGRESSION = Output(
    "regression", _identity, (SQUARED_ERROR, MSE, L1), False, ("r2", "rmse"), "R^2", (1, 1),
    "value", r"\hat{y}", "the fitted value y-hat", sklearn=("MLPRegressor", "identity"))

# Every output kind, in the order messages list them.
RECORDS: dict[str, Output] = {o.name: o for o in (BINARY, SOFTMAX, REGRESSION)}
# Every loss a trace may name.
LOSS_NAMES: tuple[str, ...] = tuple(dict.fromkeys(
    loss.name for o in RECORDS.values() for loss in o.losses))


def check_output(name: str) -> str:
    """Return name if it is a known output kind, else raise ValueError naming the choices."""
    if name not in RECORDS:
        raise ValueError(f"output must be one of {list(RECORDS)}, got {name!r}")
    return name


def output(name: str) -> Output:
    """The record of the output kind called ``name`` in traces (ValueError if unknown).

    >>> output("regression").classification, output("softmax").metric
    (False, 'accuracy')
    """
    return RECORDS[check_output(name)]


def for_units(units: int, classification: bool = True) -> Output:
    """The usual kind for a last layer of ``units`` units: binary for one unit, softmax
    for more, regression when it is not a classification."""
    if not classification:
        return REGRESSION
    return BINARY if units == 1 else SOFTMAX
