"""One data point's forward and backward pass at one snapshot, from the core, and the
choice of which moment and which point the backpropagation chapters show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlp.network import MLP
from mlp.trace import Trace
from scenes.toolkit.playback import TraceScene
from scenes.toolkit.traces import fail

MAX_HIDDEN = 6


@dataclass
class PointPass:
    """The forward and backward pass of one data point at one snapshot, from the core.

    ``x`` (d,), ``y`` its label, ``h`` (k,) hidden activations, ``y_hat`` the output, ``loss``
    its own cross-entropy; ``grad_W``/``grad_b`` its own dL/dW and dL/db per layer (the core's
    per-example gradients, shapes W[i] and b[i]).
    """

    snapshot: int
    index: int
    x: np.ndarray
    y: int
    h: np.ndarray
    y_hat: float
    loss: float
    grad_W: list[np.ndarray]
    grad_b: list[np.ndarray]


def point_pass(trace: Trace, snapshot: int, index: int) -> PointPass:
    """Forward and backward pass of data point ``index`` at snapshot ``snapshot``."""
    model = trace.model(snapshot)
    X1, y1 = trace.X[index:index + 1], trace.y[index:index + 1]
    fwd = model.forward(X1)
    gW, gb = model.per_example_gradients(X1, y1)
    return PointPass(snapshot, index, trace.X[index].copy(), int(trace.y[index]),
                     fwd.h[1][0].copy(), float(fwd.h[-1][0, 0]), model.loss(X1, y1),
                     [g[0] for g in gW], [g[0] for g in gb])


def is_adam(trace: Trace) -> bool:
    """Whether the trace's steps were Adam's (ours, scikit-learn's or PyTorch's), not lr * grad."""
    optimizer = trace.meta.get("training", {}).get("optimizer")
    return isinstance(optimizer, str) and optimizer.lower().startswith("adam")


def choose_snapshot(trace: Trace) -> int:
    """An early snapshot whose next one is the very next step (so the update shown is one
    gradient step), preferring the latest such: the lines already move with purpose there."""
    gaps = np.diff(trace.steps)
    single = np.flatnonzero(gaps == 1)
    return int(single[-1]) if len(single) else 0


def choose_point(model: MLP, trace: Trace) -> int:
    """The data point with the largest loss under ``model``: it pulls hardest."""
    p = model.predict_proba(trace.X)
    per = -(trace.y * np.log(np.clip(p, 1e-300, 1)) +
            (1 - trace.y) * np.log(np.clip(1 - p, 1e-300, 1)))
    return int(np.argmax(per))


def load_graph_trace(scene: TraceScene) -> Trace:
    trace = scene.load(hidden_layers=1, output="binary", input_dim=2)
    if trace.sizes[1] > MAX_HIDDEN:
        fail(scene.scene_name, f"needs at most {MAX_HIDDEN} hidden units to draw the graph, but "
             f"{trace.path or 'trace'} has sizes {trace.sizes}")
    return trace
