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
from scenes.toolkit.language import N_, _, decimal, grouped, ngettext, translate
from scenes.toolkit.words import dataset_name, percent


@dataclass(frozen=True)
class KindWords:
    """The words and number formats of one output kind.

    Every word here is English, marked for the catalogs (``N_``): a scene says it in its
    language with ``language.translate`` (the sentences, :meth:`said`, are said already).

    score_name: the headline score's name on the training clock ("accuracy", "R²");
    output_said: the network's output in a few words ("the predicted probability");
    error_said: what y-hat - y is for one point ("its error", "its residual");
    point_pull: how a point pulls in training ("by how wrong it is", "by its residual").
    flagged, flagged_short: the points a scene circles as the worst ("misclassified";
    "far from the fit (over 2 RMSE)"), see :func:`flagged_points`.
    sentences: the kind's own sentences for the chapters, by name (see :meth:`said`).
    """

    classification: bool
    score_name: str
    output_said: str
    error_said: str
    point_pull: str
    flagged: str = N_("misclassified")
    flagged_short: str = N_("misclassified")
    sentences: Mapping[str, Callable[..., str]] = field(default_factory=dict)

    def said(self, name: str, trace: Trace, **values) -> str | None:
        """The sentence ``name`` of this kind for ``trace`` (and the chapter's ``values``),
        in the language of $MLP_LANGUAGE, or None when the kind has none of its own: a
        chapter then says what it says of a classification, from the trace as before."""
        make = self.sentences.get(name)
        return None if make is None else make(trace, **values)

    def score_text(self, value: float) -> str:
        """A headline score as the clock shows it: "97.5%", or "0.981" for R^2 (in the
        language's number format)."""
        return percent(value, 1) if self.classification else decimal(value, ".3f")


def _loss(trace: Trace):
    return trace.kind.loss_named(trace.loss_name)


def residual_factor(trace: Trace) -> str:
    """dL/dy-hat of a regression's loss in words: "the residual y-hat - y" for 1/2 the
    squared error, "twice the residual" for PyTorch's mse_loss, its sign for l1_loss."""
    return translate({"squared_error": N_("the residual y-hat - y"),
                      "mse": N_("twice the residual, 2 (y-hat - y)"),
                      "l1": N_("the sign of the residual y-hat - y")}[_loss(trace).name])


def _score_change(trace: Trace) -> str:
    return _("R² goes from {start} to {end}").format(start=decimal(float(trace.r2[0]), ".2f"),
                                                      end=decimal(float(trace.r2[-1]), ".2f"))


def _forward(t: Trace, y: float, y_hat: float, loss: float) -> str:
    """The forward pass of one regression point, in a sentence naming the kind's loss."""
    said = {"absolute error": N_(
        "Forward pass for one data point with target y = {y}: values flow left to right, to "
        "y-hat = {y_hat} and its absolute error, L = {loss}.")}.get(_loss(t).said, N_(
        "Forward pass for one data point with target y = {y}: values flow left to right, to "
        "y-hat = {y_hat} and its squared error, L = {loss}."))
    return translate(said).format(y=decimal(y, ".3g"), y_hat=decimal(y_hat, ".3f"),
                                  loss=decimal(loss, ".3f"))


REGRESSION_SENTENCES: dict[str, Callable[..., str]] = {
    # the plane chapters
    "data": lambda t: _("The data: {data}, coloured by their target y.").format(
        data=target_phrase(t)),
    "surface title": lambda t: _("The fitted surface"),
    "surface": lambda t: _("The network's fitted value over the whole plane, with white level "
                           "lines; the points take the same colours for their targets."),
    "surface training": lambda t: _("Through training, the surface takes the data's shape: "
                                    "{change}.").format(change=_score_change(t)),
    # the backpropagation chapters
    "forward": _forward,
    "loss at L": lambda t: rf"L = {_loss(t).tex}",
    "first factor": lambda t: f"{residual_factor(t)}, ",
    # who pulls the lines: a point's own gradient is dL/dy-hat times what its x carries back
    "pulls": lambda t: _("A point's pull is {factor}, times what its x carries back through "
                         "the weights. ").format(factor=residual_factor(t)),
}

CLASSIFICATION = KindWords(True, N_("accuracy"), N_("the predicted probability"),
                           N_("its error"), N_("by how wrong it is"))
REGRESSION = KindWords(False, N_("R²"), N_("the fitted value"), N_("its residual"),
                       N_("by its residual"), N_("far from the fit (over 2 RMSE)"),
                       N_("far from the fit"), REGRESSION_SENTENCES)

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
    r2, rmse = decimal(float(trace.r2[k]), ".3f"), decimal(float(trace.rmse[k]), ".3g")
    if trace.has_test and trace.test_r2 is not None:
        return _("R² {r2}, RMSE {rmse} (test set: R² {test_r2})").format(
            r2=r2, rmse=rmse, test_r2=decimal(float(trace.test_r2[k]), ".3f"))
    return _("R² {r2}, RMSE {rmse}").format(r2=r2, rmse=rmse)


# the curves a regression's data set samples, as formulas (said as they are written)
FORMULAS = {"sine": "sin(x)", "abs": "|x|"}


def target_phrase(trace: Trace) -> str:
    """A regression's data in a few words: "160 noisy samples of sin(x)", "160 points of
    the saddle", "160 points of the data"."""
    name = dataset_name(trace)
    n = trace.n_total
    count = grouped(n)
    d = trace.meta.get("dataset") if isinstance(trace.meta.get("dataset"), dict) else {}
    noisy = bool(d.get("noise"))
    if name == "step":
        return (ngettext("{n} noisy sample of a step at x = 0",
                         "{n} noisy samples of a step at x = 0", n) if noisy else
                ngettext("{n} sample of a step at x = 0", "{n} samples of a step at x = 0",
                         n)).format(n=count)
    if name in FORMULAS:
        return (ngettext("{n} noisy sample of {curve}", "{n} noisy samples of {curve}", n)
                if noisy else ngettext("{n} sample of {curve}", "{n} samples of {curve}", n)
                ).format(n=count, curve=FORMULAS[name])
    if name in (None, "csv"):
        return ngettext("{n} point of the data", "{n} points of the data", n).format(n=count)
    return ngettext("{n} point of the {name}", "{n} points of the {name}", n).format(
        n=count, name=name)


@dataclass(frozen=True)
class UnitShape:
    """What one hidden unit's weighted output v h(w x + b) looks like along one input:
    ``noun`` ("line", "step", "ramp"), ``sentence`` (its shape and where x = -b/w is on it)
    and ``size`` (what the output weight v sets: a step's height, a ramp's slope v w), in
    English; :meth:`units_said` and :meth:`training_said` say them in whole sentences in the
    language of $MLP_LANGUAGE."""

    noun: str
    sentence: str
    size: str

    def units_said(self, h: int) -> str:
        """The units' beat: "Trained, each of the 8 hidden units, times its output weight v_i,
        is a smooth step centred at x = -b_i/w_i: a dot marks it."
        """
        if self.noun == "line":
            said = ngettext("Trained, each of the {h} hidden unit, times its output weight v_i, "
                            "is a straight line, crossing zero at x = -b_i/w_i: a dot marks it.",
                            "Trained, each of the {h} hidden units, times its output weight "
                            "v_i, is a straight line, crossing zero at x = -b_i/w_i: a dot marks "
                            "it.", h)
        elif self.noun == "step":
            said = ngettext("Trained, each of the {h} hidden unit, times its output weight v_i, "
                            "is a smooth step centred at x = -b_i/w_i: a dot marks it.",
                            "Trained, each of the {h} hidden units, times its output weight "
                            "v_i, is a smooth step centred at x = -b_i/w_i: a dot marks it.", h)
        elif "kink" in self.sentence:
            said = ngettext("Trained, each of the {h} hidden unit, times its output weight v_i, "
                            "is a ramp with a kink at x = -b_i/w_i: a dot marks it.",
                            "Trained, each of the {h} hidden units, times its output weight "
                            "v_i, is a ramp with a kink at x = -b_i/w_i: a dot marks it.", h)
        else:
            said = ngettext("Trained, each of the {h} hidden unit, times its output weight v_i, "
                            "is a ramp that bends near x = -b_i/w_i: a dot marks it.",
                            "Trained, each of the {h} hidden units, times its output weight "
                            "v_i, is a ramp that bends near x = -b_i/w_i: a dot marks it.", h)
        return said.format(h=grouped(h))

    def training_said(self, step: int, epoch: bool = False) -> str:
        """The training beat: "Replayed from step 0, training slides each step along x
        (x = -b_i/w_i) and sets its height v_i." (``epoch``: a run recorded once an epoch)."""
        if self.noun == "line":
            said = (_("Replayed from epoch {step}, training slides each line along x "
                      "(x = -b_i/w_i) and sets its slope v_i w_i.") if epoch else
                    _("Replayed from step {step}, training slides each line along x "
                      "(x = -b_i/w_i) and sets its slope v_i w_i."))
        elif self.noun == "step":
            said = (_("Replayed from epoch {step}, training slides each step along x "
                      "(x = -b_i/w_i) and sets its height v_i.") if epoch else
                    _("Replayed from step {step}, training slides each step along x "
                      "(x = -b_i/w_i) and sets its height v_i."))
        else:
            said = (_("Replayed from epoch {step}, training slides each ramp along x "
                      "(x = -b_i/w_i) and sets its slope v_i w_i.") if epoch else
                    _("Replayed from step {step}, training slides each ramp along x "
                      "(x = -b_i/w_i) and sets its slope v_i w_i."))
        return said.format(step=step)


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
