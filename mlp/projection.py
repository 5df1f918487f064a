"""The projection of a hidden layer to 3-D: what the warp scenes and the explorer page show.

A layer of k <= 3 units is shown as it is; a wider one through a linear map whose first
axis is the meta classifier's normal w_m and whose other two are the principal components
of the hidden activations across it. The scenes and the explorer both take it from here,
so they show the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlp.activations import RECORDS

# The box each bounded activation squashes into (the seed's unit cube for sigmoid), and the
# value a hidden line w_i . x + b_i = 0 takes there (h_i = 1/2 for sigmoid).
SQUASH_BOX = {name: a.box for name, a in RECORDS.items() if a.box is not None}


@dataclass
class Projection:
    """A linear map from the hidden space R^k to the 3D view: z = (h - origin) @ basis.

    ``basis`` (k, 3) has orthonormal columns (a zero column pads a 2-unit layer); ``origin``
    (k,). For k <= 3 the view axes are the hidden units themselves; ``description`` says
    on screen what the axes are otherwise.
    """

    basis: np.ndarray
    origin: np.ndarray
    description: str
    exact: bool

    def __call__(self, H: np.ndarray) -> np.ndarray:
        return (np.asarray(H, dtype=np.float64) - self.origin) @ self.basis

    @property
    def width(self) -> int:
        return self.basis.shape[0]

    def plane(self, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
        """The view-space plane n . z + d = 0 where the hidden-space plane w . h + b = 0 meets
        the view (the whole plane when the view is exact, k <= 3)."""
        w = np.asarray(w, dtype=np.float64).ravel()
        return self.basis.T @ w, float(w @ self.origin + b)


def hidden_projection(H: np.ndarray, w_m: np.ndarray | None = None) -> Projection:
    """The projection of hidden activations H (n, k) to 3-D.

    k = 2 or 3: the identity (padded with a zero axis for k = 2). k > 3: the first axis is the
    meta classifier's normal w_m (so its plane w_m . h + b_m = 0 is a plane in the view and
    every point keeps its side), the other two are the principal components of H across w_m;
    the origin is the mean of H.

    >>> hidden_projection(np.eye(3)).exact
    True
    >>> hidden_projection(np.random.default_rng(0).normal(size=(50, 6)), np.ones(6)).basis.shape
    (6, 3)
    """
    H = np.asarray(H, dtype=np.float64)
    k = H.shape[1]
    if k <= 3:
        return Projection(np.eye(k, 3), np.zeros(k), "", exact=True)
    mu = H.mean(axis=0)
    C = H - mu
    if w_m is None or not np.any(w_m):
        _, _, Vt = np.linalg.svd(C, full_matrices=False)
        basis = Vt[:3].T
        text = f"{k} hidden units seen through their 3 principal components"
    else:
        n = np.asarray(w_m, dtype=np.float64).ravel()
        n = n / np.linalg.norm(n)
        rest = C - np.outer(C @ n, n)
        _, _, Vt = np.linalg.svd(rest, full_matrices=False)
        basis = np.column_stack([n, Vt[0], Vt[1]])
        text = (f"{k} hidden units seen in 3D: along w_m,\nand the 2 principal components "
                "of h across it")
    # a fixed sign convention, so that the picture does not flip between runs
    signs = np.sign(basis[np.argmax(np.abs(basis), axis=0), np.arange(3)])
    return Projection(basis * signs, mu, text, exact=False)


def layer_projection(model, X: np.ndarray, layer: int) -> Projection:
    """The projection of hidden layer ``layer`` (1-based) of ``model`` on inputs X: the last
    hidden layer of a binary network is seen along its meta classifier's normal w_m (the
    output layer's weights), every other layer through its principal components.

    >>> from mlp.network import MLP
    >>> m = MLP([np.eye(2, 5), np.ones((5, 4)), np.ones((4, 1))], [np.zeros(5), np.zeros(4),
    ...         np.zeros(1)])
    >>> X = np.random.default_rng(0).normal(size=(20, 2))
    >>> [layer_projection(m, X, i).width for i in (1, 2)]
    [5, 4]
    """
    return hidden_projection(model.hidden(X, layer), meta_normal(model, layer))


def meta_normal(model, layer: int) -> np.ndarray | None:
    """The meta classifier's normal w_m (the output layer's weights) when hidden layer
    ``layer`` (1-based) is the last one of a binary network, the layer seen along it;
    None for every other layer."""
    last = layer == len(model.weights) - 1
    return model.weights[layer][:, 0] if last and model.output == "binary" else None
