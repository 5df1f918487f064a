"""Which hidden units a chapter draws when a layer is too wide to draw them all.

One rule for every chapter that draws units one by one (HiddenLinesTraining's lines and
curves, the warps' hidden lines): a layer of more units than the chapter draws shows its
strongest ones and says how many more there are ("+N more").
"""

from __future__ import annotations

import numpy as np

from mlp.trace import Trace


def strongest_units(trace: Trace, layer: int, count: int) -> list[int]:
    """Hidden layer ``layer``'s (1-based) ``count`` strongest units, in unit order: the units
    whose outgoing weights (their row of the next layer's W) have the largest Euclidean norm
    at the trace's last snapshot, the lower index first among equals; all of the layer's
    units when it has at most ``count``.

    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> t = SimpleNamespace(weights=[None, np.array([[[1.0], [3.0], [2.0]]])])
    >>> strongest_units(t, 1, 2)
    [1, 2]
    """
    W = np.asarray(trace.weights[layer][-1])  # (units, next layer's units)
    if W.shape[0] <= count:
        return list(range(W.shape[0]))
    order = np.argsort(-np.linalg.norm(W, axis=1), kind="stable")
    return sorted(int(j) for j in order[:count])


def more_words(shown: int, width: int) -> str:
    """The "+N more" note of a layer that draws ``shown`` of its ``width`` units ("" when it
    draws them all).

    >>> more_words(8, 128)
    '+120 more'
    """
    return f"+{width - shown} more" if width > shown else ""
