"""Fixed linear views: of a hidden layer in 3-D, and of the inputs in a plane.

A layer of k <= 3 units is shown as it is; a wider one through a linear map whose first
axis is the meta classifier's normal w_m and whose other two are the principal components
of the hidden activations across it.

Inputs of more than 2 features are shown through one fixed linear view (:func:`input_view`):
their 2 principal components, or a discriminant view (Fisher's LDA) that best separates
K classes. It is computed once from the training data, deterministic with its signs fixed,
and named, so that the screen can say what its axes are. The scenes and the explorer both
take these views from here, so they show the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import eigh

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


VIEWS = ("auto", "pca", "lda")


@dataclass(frozen=True)
class InputView:
    """A fixed linear view of the inputs: z = (x - origin) @ basis, z in the plane.

    ``basis`` (d, 2): the axes as directions in input space (unit length; orthonormal for
    principal components, not always for a discriminant view); ``origin`` (d,): the data's
    mean. ``kind`` is "identity" (d <= 2: the inputs themselves), "pca" or "lda"; ``name``
    says it on screen ("principal components", "discriminant view (LDA)"), ``axes`` names
    the two axes ("PC1", "PC2"), ``share`` is the fraction each axis holds of the data's
    variance (principal components) or of the classes' separation (discriminant view),
    ``exact`` whether the view loses nothing (d <= 2).
    """

    basis: np.ndarray
    origin: np.ndarray
    kind: str
    name: str
    axes: tuple[str, str]
    share: tuple[float, float]
    exact: bool

    def __call__(self, X) -> np.ndarray:
        """The view's coordinates (n, 2) of inputs X (n, d)."""
        return (np.asarray(X, dtype=np.float64) - self.origin) @ self.basis

    def lift(self, Z) -> np.ndarray:
        """Inputs on the plane through the data's mean spanned by the view's axes whose view
        coordinates are Z (n, 2): the slice of input space the view shows exactly.
        ``view(view.lift(Z)) == Z`` for every Z."""
        Z = np.asarray(Z, dtype=np.float64)
        return self.origin + Z @ np.linalg.pinv(self.basis)

    @property
    def description(self) -> str:
        """One line for the screen: what is shown, and how much of it."""
        d = len(self.origin)
        if self.exact:
            return "the inputs themselves"
        what = "of the variance" if self.kind == "pca" else "of the separation between classes"
        return (f"{d} inputs seen through their {self.name}: {self.axes[0]} and "
                f"{self.axes[1]} ({100 * sum(self.share):.0f}% {what})")


def _fix_signs(basis: np.ndarray) -> np.ndarray:
    """Each column turned so that its largest entry (the first of equals) is positive."""
    lead = np.argmax(np.abs(basis), axis=0)
    signs = np.sign(basis[lead, np.arange(basis.shape[1])])
    return basis * np.where(signs == 0, 1.0, signs)


def _pca(C: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``count`` principal axes (d, count) of centred data C and the fraction of
    the variance along each."""
    _, sv, Vt = np.linalg.svd(C, full_matrices=False)
    total = float(np.sum(sv ** 2))
    share = sv[:count] ** 2 / total if total > 0 else np.zeros(count)
    axes = Vt[:count].T
    if axes.shape[1] < count:  # fewer points than axes: pad with unit vectors across them
        axes = np.column_stack([axes, np.linalg.svd(np.eye(C.shape[1]) - axes @ axes.T)[0][
            :, :count - axes.shape[1]]])
        share = np.concatenate([share, np.zeros(count - len(share))])
    return axes, share


def _lda(X: np.ndarray, y: np.ndarray, mean: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fisher's discriminant directions: the w maximising between-class over within-class
    scatter, w' S_b w / w' S_w w (S_w shrunk by 1e-6 of its mean variance, so that constant
    features, such as a digit's border pixels, leave it invertible). Returns the unit
    directions (d, m), m = min(K - 1, d), and each one's share of the separation."""
    classes = np.unique(y)
    d = X.shape[1]
    Sw = np.zeros((d, d))
    Sb = np.zeros((d, d))
    for c in classes:
        Xc = X[y == c]
        mc = Xc.mean(axis=0)
        D = Xc - mc
        Sw += D.T @ D
        Sb += len(Xc) * np.outer(mc - mean, mc - mean)
    ridge = 1e-6 * max(np.trace(Sw) / d, 1e-12)
    values, vectors = eigh(Sb, Sw + ridge * np.eye(d))
    order = np.argsort(values)[::-1][:min(len(classes) - 1, d)]
    W = vectors[:, order]
    W = W / np.linalg.norm(W, axis=0)
    lam = np.clip(values[order], 0, None)
    return W, lam / lam.sum() if lam.sum() > 0 else lam


def input_view(X, y=None, kind: str = "auto") -> InputView:
    """The fixed linear view of inputs X (n, d) in a plane.

    d <= 2: the inputs themselves (a zero second axis for d = 1). Otherwise ``kind``
    "pca": the 2 principal components; "lda": Fisher's discriminant view of the class
    labels y (for 2 classes, its one discriminant axis and the principal component across
    it); "auto": "lda" when class labels y of at least 3 classes are given, else "pca".
    The axes' signs are fixed (each axis's largest entry positive), so the same data gives
    the same view whatever its row order.

    >>> v = input_view(np.random.default_rng(0).normal(size=(50, 4)))
    >>> v.kind, v.axes, v.basis.shape
    ('pca', ('PC1', 'PC2'), (4, 2))
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or len(X) < 1:
        raise ValueError(f"X must have shape (n, d) with n >= 1, got {X.shape}")
    if kind not in VIEWS:
        raise ValueError(f"kind must be one of {list(VIEWS)}, got {kind!r}")
    n, d = X.shape
    if d <= 2:
        basis = np.eye(d, 2)
        names = ("x1", "x2") if d == 2 else ("x", "")
        return InputView(basis, np.zeros(d), "identity", "inputs", names, (1.0, 0.0), True)
    mean = X.mean(axis=0)
    C = X - mean
    labels = None if y is None else np.asarray(y)
    if kind == "auto":
        kind = ("lda" if labels is not None and labels.dtype.kind in "iu"
                and len(np.unique(labels)) >= 3 else "pca")
    if kind == "pca":
        axes, share = _pca(C, 2)
        return InputView(_fix_signs(axes), mean, "pca", "principal components",
                         ("PC1", "PC2"), tuple(float(s) for s in share), False)
    if labels is None or len(np.unique(labels)) < 2:
        raise ValueError("a discriminant view needs class labels y of at least 2 classes")
    W, share = _lda(X, labels, mean)
    W = _fix_signs(W)
    if W.shape[1] == 1:  # two classes: the one discriminant axis, then PC1 across it
        w = W[:, 0]
        across, _ = _pca(C - np.outer(C @ w, w), 1)
        W = np.column_stack([w, _fix_signs(across)[:, 0]])
        share = np.array([1.0, 0.0])
        axes = ("LD1", "PC1 across LD1")
    else:
        W, share = W[:, :2], share[:2]
        axes = ("LD1", "LD2")
    return InputView(W, mean, "lda", "discriminant view (LDA)", axes,
                     tuple(float(s) for s in share), False)
