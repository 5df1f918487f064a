"""Which units a chapter draws when a layer is too wide to draw them all.

One rule for every chapter that draws units one by one (the graph's nodes, HiddenLinesTraining's
lines and curves, the warps' and WhoPullsTheLines' hidden lines): a layer of more units than
the chapter draws shows its strongest ones (:func:`unit_strength`) and says how many more there
are ("+N more").
"""

from __future__ import annotations

import numpy as np

from mlp.trace import Trace
from scenes.toolkit.language import _


def unit_strength(weights: list[np.ndarray], layer: int,
                  spread: np.ndarray | None = None) -> np.ndarray:
    """The strength of each unit of ``layer`` (0 the inputs, l the l-th hidden layer): how much
    it takes in times how much it passes on. What comes in is, for a hidden unit, the Euclidean
    norm of its incoming weights (its column of ``weights[layer - 1]``) and, for an input, which
    no weight feeds, its standard deviation over the data (``spread``, 1 each when not given:
    an input that never changes counts for nothing); what goes out is the norm of its outgoing
    weights (its row of ``weights[layer]``). Every chapter takes ``weights`` at the trace's
    last snapshot (:func:`last_weights`), so that a trace's strongest units are the same ones
    in every chapter, whichever moment it shows.

    >>> W = [np.array([[1.0, 0.0, 2.0]]), np.array([[3.0], [1.0], [1.0]])]
    >>> unit_strength(W, 1).tolist(), unit_strength(W, 0, np.array([0.5])).tolist()
    ([3.0, 0.0, 2.0], [1.118033988749895])
    """
    outgoing = np.linalg.norm(np.asarray(weights[layer], dtype=float), axis=1)
    if layer == 0:
        incoming = np.ones(len(outgoing)) if spread is None else np.asarray(spread, dtype=float)
    else:
        incoming = np.linalg.norm(np.asarray(weights[layer - 1], dtype=float), axis=0)
    return incoming * outgoing


def strongest(strength: np.ndarray, count: int, include: int | None = None) -> list[int]:
    """The ``count`` largest of ``strength``, in unit order, the lower index first among
    equals; ``include`` (a unit) is kept in place of the weakest of them when it is not among
    them. All the units when there are at most ``count``.

    >>> strongest(np.array([1.0, 3.0, 2.0, 3.0]), 2), strongest(np.array([1.0, 3.0, 2.0]), 2, 0)
    ([1, 3], [0, 1])
    """
    n = len(strength)
    if n <= count:
        return list(range(n))
    keep = [int(j) for j in np.argsort(-np.asarray(strength), kind="stable")[:count]]
    if include is not None and include not in keep:
        keep[-1] = int(include)
    return sorted(keep)


def last_weights(trace: Trace) -> list[np.ndarray]:
    """Each layer's W at the trace's last snapshot: the weights the rule ranks units by."""
    return [np.asarray(w[-1]) for w in trace.weights]


def strongest_units(trace: Trace, layer: int, count: int, include: int | None = None) -> list[int]:
    """Hidden layer ``layer``'s (1-based) ``count`` strongest units (:func:`unit_strength` at
    the trace's last snapshot, :func:`strongest` for ``include`` and ties), in unit order.

    >>> from types import SimpleNamespace
    >>> t = SimpleNamespace(weights=[np.ones((1, 1, 3)), np.array([[[1.0], [3.0], [2.0]]])])
    >>> strongest_units(t, 1, 2)
    [1, 2]
    """
    return strongest(unit_strength(last_weights(trace), layer), count, include)


def more_words(shown: int, width: int) -> str:
    """The "+N more" note of a layer that draws ``shown`` of its ``width`` units ("" when it
    draws them all).

    >>> more_words(8, 128)
    '+120 more'
    """
    return _("+{n} more").format(n=width - shown) if width > shown else ""
