"""scikit-learn: record an MLPClassifier or MLPRegressor as it trains, or import a fitted one.

scikit-learn already stores ``coefs_[i]`` as (in, out), the trace's convention, so weights
are copied as they are; its activation "logistic" is the trace's "sigmoid". A binary
classifier has one logistic output unit (the trace's "binary" output); a multiclass one
has K softmax units ("softmax"). Column j of ``predict_proba`` is ``classes_[j]``, and the
trace's labels are those column indices, so any label values (strings, -1/1) work. An
MLPRegressor (one target; ``out_activation_`` "identity") is a "regression" output whose
loss is scikit-learn's squared error, half the mean squared residual: the trace's
"squared_error".

Loss: by default each snapshot keeps scikit-learn's own ``loss_`` for the epoch that ended
there (the value ``loss_curve_`` holds): the mean over that epoch's mini-batches, each
measured before its update, plus the L2 term ``alpha / (2 n_batch) * sum ||W||^2``. With
``loss="core"`` it is instead the mean cross-entropy of the snapshot's parameters on the
whole of (X, y), without the L2 term.

Gradients: scikit-learn keeps none. With ``gradients="core"`` (the default) each snapshot
holds the full-batch gradient of scikit-learn's objective at the snapshot's parameters,
computed by the core: the mean loss's gradient plus ``alpha * W / n``. These are
not the mini-batch or Adam-scaled steps scikit-learn took. ``gradients="none"`` writes a
trace without gradients.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mlp.activations import framework_names
from mlp.importers.common import SnapshotLog, check_data, encode
from mlp.network import MLP
from mlp.outputs import MAX_CLASSES
from mlp.outputs import RECORDS as OUTPUT_RECORDS
from mlp.schedule import snapshot_steps
from mlp.trace import Trace

# scikit-learn's hidden activation names -> the trace's.
ACTIVATION_NAMES = framework_names("sklearn")
LOSSES = ("sklearn", "core")
GRADIENTS = ("core", "none")


def _producer() -> dict:
    import sklearn

    return {"name": "scikit-learn", "version": sklearn.__version__, "numpy": np.__version__}


def _check_classifier(clf) -> None:
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    if not isinstance(clf, MLPClassifier | MLPRegressor):
        raise ValueError(f"expected a scikit-learn MLPClassifier or MLPRegressor, got "
                         f"{type(clf).__name__}")


def is_regressor(clf) -> bool:
    from sklearn.neural_network import MLPRegressor

    return isinstance(clf, MLPRegressor)


def architecture(clf) -> tuple[list[int], list[str], str]:
    """A fitted MLPClassifier's or MLPRegressor's (sizes, activations, output) in the
    trace's names."""
    _check_classifier(clf)
    if not hasattr(clf, "coefs_"):
        raise ValueError(f"the {type(clf).__name__} is not fitted yet (it has no coefs_)")
    sizes = [clf.coefs_[0].shape[0]] + [W.shape[1] for W in clf.coefs_]
    if clf.activation not in ACTIVATION_NAMES:
        raise ValueError(f"activation {clf.activation!r} has no counterpart in the trace; "
                         f"expected one of {sorted(ACTIVATION_NAMES)}")
    activations = [ACTIVATION_NAMES[clf.activation]] * (len(sizes) - 2)
    # the output kind whose record names this estimator and output activation
    kinds = [o for o in OUTPUT_RECORDS.values()
             if o.sklearn == (type(clf).__name__, clf.out_activation_)]
    if not kinds or kinds[0].units_problem(sizes[-1]):
        raise ValueError(f"output activation {clf.out_activation_!r} with {sizes[-1]} units "
                         f"(a multilabel classifier, or several targets?) has no counterpart "
                         f"in the trace; expected one logistic unit, softmax over 2 to "
                         f"{MAX_CLASSES} classes, or one identity unit (a regressor)")
    output = kinds[0].name
    return sizes, activations, output


class SklearnRecorder:
    """Snapshots of an MLPClassifier (or MLPRegressor) taken between its training calls.

    ``snapshot(clf, step)`` copies ``coefs_`` and ``intercepts_`` (and ``loss_``); call it
    after each ``partial_fit`` (or warm-started ``fit``) whose result should be kept.
    ``trace()`` returns the Trace. X (n, d) and y (n,) are the training data the scenes
    show; y keeps the classifier's own label values, mapped through ``classes_`` (a
    regressor's targets are numbers). ``X_test``, ``y_test``: a test set, scored by the
    core at every snapshot; ``sample``: keep at most that many points of each set in the
    trace (seeded, stratified), the scores still those of the whole sets.
    """

    def __init__(self, X, y, *, loss: str = "sklearn", gradients: str = "core",
                 dataset: dict | None = None, X_test=None, y_test=None,
                 sample: int | None = None, sample_seed: int = 0) -> None:
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {list(LOSSES)}, got {loss!r}")
        if gradients not in GRADIENTS:
            raise ValueError(f"gradients must be one of {list(GRADIENTS)}, got {gradients!r}")
        if (X_test is None) != (y_test is None):
            raise ValueError("give X_test and y_test together")
        self.X_raw, self.y_raw, self.test_raw = X, y, (X_test, y_test)
        self.sample, self.sample_seed = sample, sample_seed
        self.loss, self.gradients, self.dataset = loss, gradients, dataset
        self.log: SnapshotLog | None = None
        self.clf = None
        self.epochs: int | None = None

    def _start(self, clf) -> None:
        sizes, activations, output = architecture(clf)
        y, classes = encode(self.y_raw, output, getattr(clf, "classes_", None))
        X, y = check_data(self.X_raw, y, sizes, output)
        X_test, y_test = self.test_raw
        if X_test is not None:
            y_test, _ = encode(y_test, output, getattr(clf, "classes_", None))
        self.log = SnapshotLog(X=X, y=y, sizes=sizes, activations=activations, output=output,
                               gradients="auto" if self.gradients == "core" else "none",
                               X_test=X_test, y_test=y_test, sample=self.sample,
                               sample_seed=self.sample_seed)
        self.classes = classes
        self.clf = clf

    def snapshot(self, clf, step: int) -> None:
        """Record ``clf`` as it is now, as training step ``step`` (strictly increasing)."""
        if self.log is None:
            self._start(clf)
        elif clf is not self.clf:
            raise ValueError("a recorder follows one classifier; got a different one")
        W = [np.array(c, dtype=np.float64) for c in clf.coefs_]
        b = [np.array(c, dtype=np.float64) for c in clf.intercepts_]
        gW = gb = None
        if self.gradients == "core":
            log = self.log
            model = MLP(W, b, log.activations, log.output)
            g = model.gradients(log.X, log.y, reduction="mean")
            n = len(log.X)
            gW = [gw + clf.alpha * w / n for gw, w in zip(g.weights, W, strict=True)]
            gb = g.biases
        loss = None
        if self.loss == "sklearn":
            if getattr(clf, "loss_", None) is None:
                raise ValueError("the classifier has no loss_ (solver 'lbfgs' before fitting?); "
                                 "use loss='core'")
            loss = float(clf.loss_)
        self.log.add(step, W, b, gW, gb, loss)

    def trace(self, meta: dict | None = None) -> Trace:
        """The Trace of the snapshots so far; ``meta`` adds to (or overrides) the metadata."""
        if self.log is None:
            raise ValueError("no snapshot was recorded")
        clf = self.clf
        estimator = type(clf).__name__
        objective = "mean cross-entropy" if self.log.kind.classification else \
            "mean of 1/2 (y-hat - y)^2"
        info = {
            "from": f"scikit-learn {estimator}",
            "weights": "coefs_[i] is (in, out), stored as it is; intercepts_[i] are the biases",
            "activations": {"original": [clf.activation] * len(self.log.activations),
                            "output_original": clf.out_activation_,
                            "mapped": self.log.activations, "output": self.log.output},
            "loss": ("scikit-learn's loss_ for the epoch ending at the step (loss_curve_): mean "
                     "over its mini-batches before each update, plus alpha/(2 n_batch)*||W||^2"
                     if self.loss == "sklearn" else
                     f"{objective} on (X, y) at the snapshot, computed by mlp-explainer"),
            "gradients": ("computed by mlp-explainer: full-batch gradient of scikit-learn's "
                          f"objective ({objective} + alpha/(2n)*||W||^2) at the snapshot"
                          if self.gradients == "core" else "not recorded"),
        }
        if self.classes is not None:
            info["classes"] = self.classes
        params = {k: v for k, v in clf.get_params().items()
                  if isinstance(v, bool | int | float | str | tuple | type(None))}
        training = {"estimator": estimator, "optimizer": clf.solver,
                    "optimizer_lr": clf.learning_rate_init, "batch_size": clf.batch_size,
                    "alpha": clf.alpha, "step": "epoch", "params": params}
        if clf.solver == "sgd":
            training["momentum"] = clf.momentum
            if clf.momentum == 0 and clf.learning_rate == "constant":
                # plain gradient descent, w <- w - lr * grad (the L2 term is in the recorded
                # gradients): the update rule scenes draw
                training["lr"] = clf.learning_rate_init
        if self.epochs is not None:
            training["steps"] = self.epochs
        full = {"producer": _producer(), "training": training, "import": info}
        if self.dataset is not None:
            full["dataset"] = self.dataset
        full.update(meta or {})
        return self.log.trace(full)


def record_sklearn(
    clf,
    X,
    y,
    *,
    epochs: int,
    every: int | None = None,
    snapshots: int | None = 101,
    spacing: str = "geometric",
    loss: str = "sklearn",
    gradients: str = "core",
    dataset: dict | None = None,
    on_snapshot: Callable | None = None,
    X_test=None,
    y_test=None,
    sample: int | None = None,
    sample_seed: int = 0,
) -> Trace:
    """Train ``clf`` (an MLPClassifier or MLPRegressor, solver "sgd" or "adam") for
    ``epochs`` epochs of ``partial_fit`` on (X, y), recording snapshots on a schedule;
    ``X_test``, ``y_test`` (a test set) and ``sample`` as for :class:`SklearnRecorder`.

    A step is one epoch (one ``partial_fit`` call: a pass over the data in mini-batches of
    ``clf.batch_size``). The schedule is ``mlp.schedule.snapshot_steps(epochs, every,
    snapshots, spacing)``; step 0 (before any update) is recorded only when ``clf`` is
    already fitted, since scikit-learn initialises a network inside its first update.
    ``on_snapshot(step, clf)`` is called right after each snapshot, with the classifier in
    exactly the recorded state (to log ``clf.predict_proba``, for instance).

    Returns the Trace: X (n, d), y (n,) as indices into ``clf.classes_``, weights[i]
    (S, in, out). See the module docstring for where loss and gradients come from.
    """
    _check_classifier(clf)
    if clf.solver not in ("sgd", "adam"):
        raise ValueError(f"solver {clf.solver!r} cannot train epoch by epoch (no partial_fit); "
                         f"use 'sgd' or 'adam', or import the fitted model with import_sklearn")
    if clf.early_stopping:
        raise ValueError("early_stopping=True does not work with partial_fit; set it to False")
    if not isinstance(epochs, int | np.integer) or epochs < 1:
        raise ValueError(f"epochs must be an integer >= 1, got {epochs!r}")
    count = None if every is not None else snapshots
    schedule = set(snapshot_steps(int(epochs), every=every, count=count,
                                  spacing=spacing).tolist())
    X_arr = np.asarray(X, dtype=np.float64)
    y_arr = np.asarray(y)
    classes = None if is_regressor(clf) else np.unique(y_arr)
    rec = SklearnRecorder(X_arr, y_arr, loss=loss, gradients=gradients, dataset=dataset,
                          X_test=X_test, y_test=y_test, sample=sample, sample_seed=sample_seed)
    fitted = hasattr(clf, "coefs_")

    def take(step: int) -> None:
        rec.snapshot(clf, step)
        if on_snapshot is not None:
            on_snapshot(step, clf)

    if fitted and 0 in schedule:
        take(0)
    for epoch in range(1, int(epochs) + 1):
        if fitted or classes is None:
            clf.partial_fit(X_arr, y_arr)
        else:
            clf.partial_fit(X_arr, y_arr, classes=classes)
        fitted = True
        if epoch in schedule:
            take(epoch)
    rec.epochs = int(epochs)
    return rec.trace()


def import_sklearn(clf, X, y, *, step: int | None = None, loss: str | None = None,
                   gradients: str = "core", dataset: dict | None = None, X_test=None,
                   y_test=None) -> Trace:
    """A fitted MLPClassifier or MLPRegressor as a one-snapshot trace on its training data
    (X, y), with a test set (X_test, y_test) if given.

    ``step`` defaults to the epochs (or L-BFGS iterations) of its last fit, ``n_iter_``.
    ``loss`` defaults to "sklearn" when the classifier has a ``loss_``, else "core".
    """
    _check_classifier(clf)
    architecture(clf)
    if loss is None:
        loss = "sklearn" if getattr(clf, "loss_", None) is not None else "core"
    rec = SklearnRecorder(X, y, loss=loss, gradients=gradients, dataset=dataset,
                          X_test=X_test, y_test=y_test)
    rec.snapshot(clf, int(getattr(clf, "n_iter_", 0)) if step is None else step)
    return rec.trace()
