"""What a scene may say of a trace's output kind: one record per kind (a classification, a
regression), read by every chapter, so that no chapter branches on the kind for its words.

A classification's headline score is the accuracy, a point is on its class's side or not,
and dL/dz at the output is the error y-hat - y of a probability; a regression's headline
score is R^2 (beside the RMSE), a point has a residual y-hat - y, and the squared error's
dL/dy-hat is that residual. The numbers come from the trace (``trace.score``,
``trace.r2``, ``trace.rmse``), never from a re-computation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from mlp.activations import RECORDS as ACTIVATIONS
from mlp.trace import Trace
from scenes.toolkit.language import N_
from scenes.toolkit.words import dataset_name, percent


@dataclass(frozen=True)
class KindWords:
    """The words and number formats of one output kind.

    score_name: the headline score's name on the training clock ("accuracy", "R²"), in
        English (language.translate says it in the scene's language);
    score_tex: the same in TeX; output_said: the network's output in a sentence;
    error_said: what y-hat - y is for one point ("its error", "its residual");
    point_pull: how a point pulls in training ("by how wrong it is", "by its residual").
    flagged, flagged_short: the points a scene circles as the worst ("misclassified";
    "far from the fit (over 2 RMSE)"), see :func:`flagged_points`.
    sentences: the kind's own sentences for the chapters, by name (see :meth:`said`).
    """

    classification: bool
    score_name: str
    score_tex: str
    output_said: str
    error_said: str
    point_pull: str
    flagged: str = "misclassified"
    flagged_short: str = "misclassified"
    sentences: Mapping[str, Callable[..., str]] = field(default_factory=dict)

    def said(self, name: str, trace: Trace, **values) -> str | None:
        """The sentence ``name`` of this kind for ``trace`` (and the chapter's ``values``),
        or None when the kind has none of its own: a chapter then says what it says of a
        classification, from the trace as before."""
        make = self.sentences.get(name)
        return None if make is None else make(trace, **values)

    def score_text(self, value: float) -> str:
        """A headline score as the clock shows it: "97.5%", or "0.981" for R^2."""
        return percent(value, 1) if self.classification else f"{value:.3f}"


def _loss(trace: Trace):
    return trace.kind.loss_named(trace.loss_name)


def residual_factor(trace: Trace) -> str:
    """dL/dy-hat of a regression's loss in words: "the residual y-hat - y" for 1/2 the
    squared error, "twice the residual" for PyTorch's mse_loss, its sign for l1_loss."""
    return {"squared_error": "the residual y-hat - y",
            "mse": "twice the residual, 2 (y-hat - y)",
            "l1": "the sign of the residual y-hat - y"}[_loss(trace).name]


def _score_change(trace: Trace) -> str:
    return f"R² goes from {float(trace.r2[0]):.2f} to {float(trace.r2[-1]):.2f}"


REGRESSION_SENTENCES: dict[str, Callable[..., str]] = {
    # the plane chapters
    "data": lambda t: f"The data: {target_phrase(t)}, coloured by their target y.",
    "surface title": lambda t: "The fitted surface",
    "surface": lambda t: ("The network's fitted value over the whole plane, with white level "
                          "lines; the points take the same colours for their targets."),
    "surface training": lambda t: (f"Through training, the surface takes the data's shape: "
                                   f"{_score_change(t)}."),
    # the backpropagation chapters
    "forward": lambda t, y, y_hat, loss: (
        f"Forward pass for one data point with target y = {y:.3g}: values flow left to right, "
        f"to y-hat = {y_hat:.3f} and its {_loss(t).said}, L = {loss:.3f}."),
    "loss at L": lambda t: rf"L = {_loss(t).tex}",
    "first factor": lambda t: f"{residual_factor(t)}, ",
    # who pulls the lines: a point's own gradient is dL/dy-hat times what its x carries back
    "pulls": lambda t: (f"A point's pull is {residual_factor(t)}, times what its x carries "
                        "back through the weights. "),
}

CLASSIFICATION = KindWords(True, N_("accuracy"), r"\text{accuracy}", "the predicted probability",
                           "its error", "by how wrong it is")
REGRESSION = KindWords(False, N_("R²"), r"R^2", "the fitted value", "its residual",
                       "by its residual", "far from the fit (over 2 RMSE)", "far from the fit",
                       REGRESSION_SENTENCES)

# A regression's point is "far from the fit" when its residual exceeds this many RMSEs.
FAR_RMSE = 2.0


def flagged_points(trace: Trace, model, X, y) -> np.ndarray:
    """(n,) bool: the points ``model`` gets worst, as the kind's ``flagged`` words say:
    misclassified, or (a regression) a residual over FAR_RMSE times the model's RMSE on
    (X, y)."""
    if trace.kind.classification:
        return model.predict(X) != y
    r = np.asarray(model.predict(X), dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return np.abs(r) > FAR_RMSE * np.sqrt(np.mean(r * r))


def kind_words(trace: Trace) -> KindWords:
    """The record of ``trace``'s output kind."""
    return CLASSIFICATION if trace.kind.classification else REGRESSION


def fit_numbers(trace: Trace, k: int = -1) -> str:
    """A regression's fit at snapshot k from the recorded scores: "R² 0.980, RMSE 0.098",
    with the test set's R² when the trace has one."""
    text = f"R² {float(trace.r2[k]):.3f}, RMSE {float(trace.rmse[k]):.3g}"
    if trace.has_test and trace.test_r2 is not None:
        text += f" (test set: R² {float(trace.test_r2[k]):.3f})"
    return text


def target_phrase(trace: Trace) -> str:
    """A regression's data in a few words: "160 noisy samples of sin(x)", "160 points of
    the saddle", "160 points of the data"."""
    name = dataset_name(trace)
    n = trace.n_total
    known = {"sine": "sin(x)", "step": "a step at x = 0", "abs": "|x|"}
    d = trace.meta.get("dataset") if isinstance(trace.meta.get("dataset"), dict) else {}
    if name in known and d.get("noise"):
        return f"{n} noisy samples of {known[name]}"
    if name in known:
        return f"{n} samples of {known[name]}"
    if name in (None, "csv"):
        return f"{n} points of the data"
    return f"{n} points of the {name}"


@dataclass(frozen=True)
class UnitShape:
    """What one hidden unit's weighted output v h(w x + b) looks like along one input:
    ``noun`` ("step", "ramp"), ``sentence`` (its shape and where x = -b/w is on it) and
    ``size`` (what the output weight v sets: a step's height, a ramp's slope v w)."""

    noun: str
    sentence: str
    size: str


def unit_shape(activation: str) -> UnitShape:
    """A unit's curve along one input, from its activation's range: a bounded one (sigmoid,
    tanh) is a step centred at x = -b/w; a rectifier (relu, leaky relu) a ramp with a kink
    at x = -b/w; a smooth unbounded one (softplus, silu) a ramp that bends near it; the
    identity a straight line.

    >>> unit_shape("relu").noun, unit_shape("sigmoid").noun
    ('ramp', 'step')
    """
    record = ACTIVATIONS[activation]
    lo, hi = record.output_range
    if activation == "identity":
        return UnitShape("line", "a straight line, crossing zero at x = -b_i/w_i",
                         "slope v_i w_i")
    if lo > float("-inf") and hi < float("inf"):
        return UnitShape("step", "a smooth step centred at x = -b_i/w_i", "height v_i")
    if activation in ("relu", "leaky_relu"):
        return UnitShape("ramp", "a ramp with a kink at x = -b_i/w_i", "slope v_i w_i")
    return UnitShape("ramp", "a ramp that bends near x = -b_i/w_i", "slope v_i w_i")
