"""One data point's forward and backward pass at one snapshot, from the core, and the
choice of which moment and which point the backpropagation chapters show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlp.network import MLP
from mlp.trace import Trace
from scenes.toolkit.language import npgettext, pgettext
from scenes.toolkit.style import MAX_CLASSES

MAX_HIDDEN_LAYERS = 4  # the graph draws at most this many hidden columns
MAX_WIDTH = 64


@dataclass
class PointPass:
    """The forward and backward pass of one data point at one snapshot, from the core.

    ``x`` (d,), ``y`` its label (a regression's target: a float), ``h`` (k,) the first
    hidden layer's activations and ``layers[l]`` layer l's (``layers[0]`` is x, the last
    the output: (1,) for a binary output or a regression, (K,) for softmax), ``s[l]``
    layer l's pre-activation; ``y_hat`` the binary output P(y=1) or the fitted value (for
    softmax, p of the point's own class), ``loss`` its own loss; ``grad_W``/``grad_b`` its
    own dL/dW and dL/db per layer (the core's per-example gradients, shapes W[i] and b[i]);
    ``dL_dz`` (K,) its dL/dz at the output, from the trace's loss record (for 1/2 the
    squared error, the residual y-hat - y).
    """

    snapshot: int
    index: int
    x: np.ndarray
    y: int | float
    h: np.ndarray
    y_hat: float
    loss: float
    grad_W: list[np.ndarray]
    grad_b: list[np.ndarray]
    layers: list[np.ndarray] | None = None
    s: list[np.ndarray] | None = None
    dL_dz: np.ndarray | None = None

    @property
    def y_text(self) -> str:
        """The label as written on screen: "1", or a target to 3 significant digits."""
        return str(self.y) if isinstance(self.y, int) else f"{self.y:.3g}"


def point_pass(trace: Trace, snapshot: int, index: int) -> PointPass:
    """Forward and backward pass of data point ``index`` at snapshot ``snapshot``."""
    model = trace.model(snapshot)
    X1, y1 = trace.X[index:index + 1], trace.y[index:index + 1]
    fwd = model.forward(X1)
    gW, gb = model.per_example_gradients(X1, y1)
    y = int(trace.y[index]) if trace.kind.classification else float(trace.y[index])
    out = fwd.h[-1][0]
    y_hat = float(out[0] if trace.output != "softmax" else out[y])
    delta = model.loss_record.delta(fwd.s[-1], fwd.h[-1], y1, np.empty_like(fwd.h[-1]))[0]
    return PointPass(snapshot, index, trace.X[index].copy(), y,
                     fwd.h[1][0].copy(), y_hat, model.loss(X1, y1),
                     [g[0] for g in gW], [g[0] for g in gb],
                     [h[0].copy() for h in fwd.h], [s[0].copy() for s in fwd.s], delta.copy())


def batch_words(trace: Trace) -> tuple[str, int | None]:
    """What one update of the run averaged (or summed) its gradient over, in words, and how
    many points that was (None when the trace does not say). The words follow "over" in
    the update's sentences ("averaged over all 40 points"), in the scene's language (the
    context "over" tells a translator so).

    >>> from types import SimpleNamespace as NS
    >>> batch_words(NS(meta={"training": {"full_batch": True}}, X=np.zeros((40, 2))))
    ('all 40 points', 40)
    >>> batch_words(NS(meta={"training": {"batch_size": 16}}, X=np.zeros((40, 2))))
    ('a mini-batch of 16 of the 40 points', 16)
    >>> batch_words(NS(meta={"training": {}}, X=np.zeros((40, 2))))
    ("the run's batch (its size is not in the trace)", None)
    """
    training = trace.meta.get("training", {})
    n = len(trace.X)
    size = training.get("batch_size")
    if isinstance(size, str) and size == "auto":  # scikit-learn's own rule
        size = min(200, n)
    full = training.get("full_batch")
    if full is True or (isinstance(size, int) and size >= n):
        return npgettext("over", "the {n} point", "all {n} points", n).format(n=n), n
    if isinstance(size, int) and size > 0:
        if training.get("step") == "epoch":  # scikit-learn's: one step is a pass of batches
            return npgettext("over", "each mini-batch of {size} in a pass over the {n} point",
                             "each mini-batch of {size} in a pass over the {n} points",
                             n).format(size=size, n=n), size
        return npgettext("over", "a mini-batch of {size} of the {n} point",
                         "a mini-batch of {size} of the {n} points", n).format(size=size, n=n), size
    return pgettext("over", "the run's batch (its size is not in the trace)"), None


def is_adam(trace: Trace) -> bool:
    """Whether the trace's steps were Adam's (ours, scikit-learn's or PyTorch's), not lr * grad."""
    optimizer = trace.meta.get("training", {}).get("optimizer")
    return isinstance(optimizer, str) and optimizer.lower().startswith("adam")


def choose_snapshot(trace: Trace, room: int = 0) -> int:
    """An early snapshot whose next one is the very next step (so the update shown is one
    step), preferring the latest such with ``room`` snapshots after it (the lines already
    move with purpose there). A trace with no such snapshot gives the first of those closest
    to their next one (a scene then says how many steps lie between), a one-snapshot trace 0.

    >>> from types import SimpleNamespace as NS
    >>> choose_snapshot(NS(steps=np.array([0, 1, 2, 3, 5, 10]))), choose_snapshot(
    ...     NS(steps=np.array([0, 5, 10, 20])))
    (2, 0)
    >>> choose_snapshot(NS(steps=np.arange(10)), room=3), choose_snapshot(NS(steps=[4]))
    (6, 0)
    """
    steps = np.asarray(trace.steps)
    if len(steps) < 2:
        return 0
    gaps = np.diff(steps)
    single = np.flatnonzero(gaps == 1)
    roomy = single[single + room <= len(steps) - 1]
    if len(roomy):
        return int(roomy[-1])
    if len(single):
        return int(single[-1])
    return int(np.flatnonzero(gaps == gaps.min())[0])


def choose_point(model: MLP, trace: Trace) -> int:
    """The data point with the largest loss under ``model``: it pulls hardest (for a
    regression, the largest residual)."""
    p = model.predict_proba(trace.X)
    if not model.kind.classification:
        return int(np.argmax(np.abs(p - trace.y)))
    if p.ndim == 2:  # softmax: the probability of the point's own class
        per = -np.log(np.clip(p[np.arange(len(trace.y)), trace.y], 1e-300, 1))
        return int(np.argmax(per))
    per = -(trace.y * np.log(np.clip(p, 1e-300, 1)) +
            (1 - trace.y) * np.log(np.clip(1 - p, 1e-300, 1)))
    return int(np.argmax(per))


# What a backpropagation chapter plays (its ``requires``): any number of inputs (a wide input
# layer shows its strongest, as a wide hidden layer does), 1 to 4 hidden layers of at most 64
# units, a binary or softmax output of at most 10 classes, or a regression.
GRAPH_PLAYS = {"input_dim": None, "max_hidden_layers": MAX_HIDDEN_LAYERS, "max_width": MAX_WIDTH,
               "max_classes": MAX_CLASSES, "classification": False}
