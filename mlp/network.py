"""The multilayer perceptron: forward pass, backward pass and per-example gradients.

Conventions (the seed notebook's and scikit-learn's): a layer's weight matrix has shape
(in, out) and its bias shape (out,), so a layer computes ``s = h @ W + b``. Column i of the
first weight matrix, with b[i], is hidden unit i's line ``w_i . x + b_i = 0`` in the input
plane. ``sizes`` lists the widths from input to output: ``[2, 3, 1]`` is the seed's network,
``[2, 1]`` (no hidden layer) is logistic regression.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mlp.activations import ACTIVATIONS, DERIVATIVES, check_activation
from mlp.outputs import RECORDS as OUTPUT_RECORDS
from mlp.outputs import output as output_record

OUTPUTS = tuple(OUTPUT_RECORDS)
REDUCTIONS = ("mean", "sum")

# Fixed maps applied to the input before the first layer. "square" is the seed's
# feature map phi(x) = [x1^2, x2^2].
INPUT_MAPS = {
    "identity": lambda X: X,
    "square": lambda X: X * X,
}


@dataclass
class Forward:
    """What the forward pass keeps for the backward pass, in the seed's names.

    ``h[0]`` is the (mapped) input, shape (n, sizes[0]). For layer i (0-based),
    ``s[i] = h[i] @ W[i] + b[i]`` is its pre-activation, shape (n, sizes[i+1]), and
    ``h[i+1]`` its activation. The last ``h`` holds the output: shape (n, 1) for a binary
    output (P(y=1)), (n, K) for softmax (the class probabilities), (n, 1) for a regression
    (the fitted value y-hat).
    """

    s: list[np.ndarray]
    h: list[np.ndarray]


@dataclass
class Gradients:
    """dL/dW and dL/db per layer (same shapes as W and b), and the deltas.

    ``deltas[i]`` is dL/ds for layer i, shape (n, sizes[i+1]), already scaled by the
    reduction (divided by n for ``mean``).
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    deltas: list[np.ndarray]


def product(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None,
            fixed_order: bool = False) -> np.ndarray:
    """The matrix product a @ b, shapes (n, k) @ (k, m) -> (n, m), written into ``out``.

    With ``fixed_order`` the k terms of each entry are multiplied element-wise and summed by
    NumPy's own ``add.reduce`` along a contiguous axis, never by a BLAS: a BLAS picks its
    summation order, and whether it fuses multiply-adds, by CPU, so its last bit can differ
    from one machine to another; NumPy's order depends on the shapes alone. It costs an
    (n, m, k) temporary, so it suits the small networks of the bundled traces.

    >>> a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0], [10.0]])
    >>> product(a, b, fixed_order=True).tolist()
    [[21.0], [43.0]]
    """
    if not fixed_order:
        return np.matmul(a, b, out=out)
    terms = np.empty((a.shape[0], b.shape[1], a.shape[1]))  # C order: k is contiguous
    np.multiply(a[:, None, :], b.T[None, :, :], out=terms)
    return np.add.reduce(terms, axis=2, out=out)


def _as_float(a, name: str, ndim: int) -> np.ndarray:
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {arr.shape}")
    return arr


class MLP:
    """A fully connected network with hand-written backpropagation.

    Parameters
    ----------
    weights, biases:
        Lists with one entry per layer: ``weights[i]`` of shape (sizes[i], sizes[i+1]),
        ``biases[i]`` of shape (sizes[i+1],). Copied.
    activations:
        One name per hidden layer (keys of ``mlp.activations.ACTIVATIONS``), or a single name
        used for every hidden layer.
    output:
        An output kind of ``mlp.outputs``: ``"binary"`` (one sigmoid unit, binary
        cross-entropy), ``"softmax"`` (2 to 10 units, cross-entropy) or ``"regression"``
        (one identity unit, half the squared error).
    input_map:
        ``"identity"`` or ``"square"`` (the seed's feature map phi).
    loss:
        The loss the gradients are of: one of the output kind's losses (None: its own,
        ``cross_entropy`` or ``squared_error``); a regression may also take ``mse`` or
        ``l1``, as a PyTorch run trained with them records.
    """

    def __init__(
        self,
        weights: list,
        biases: list,
        activations: str | list[str] = "sigmoid",
        output: str = "binary",
        input_map: str = "identity",
        loss: str | None = None,
    ) -> None:
        if len(weights) != len(biases) or not weights:
            raise ValueError(
                f"need one bias per weight matrix and at least one layer, "
                f"got {len(weights)} weights and {len(biases)} biases"
            )
        self.weights = [_as_float(W, f"weights[{i}]", 2).copy() for i, W in enumerate(weights)]
        self.biases = [
            _as_float(b, f"biases[{i}]", 1).copy() for i, b in enumerate(map(np.ravel, biases))
        ]
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            if b.shape[0] != W.shape[1]:
                raise ValueError(f"biases[{i}] must have {W.shape[1]} entries, got {b.shape[0]}")
            if i and W.shape[0] != self.weights[i - 1].shape[1]:
                raise ValueError(
                    f"weights[{i}] must have {self.weights[i - 1].shape[1]} rows, got {W.shape[0]}"
                )
        n_hidden = len(self.weights) - 1
        if isinstance(activations, str):
            activations = [activations] * n_hidden
        if len(activations) != n_hidden:
            raise ValueError(
                f"need one activation per hidden layer ({n_hidden}), got {list(activations)}"
            )
        self.activations = [check_activation(a) for a in activations]
        kind = output_record(output)
        problem = kind.units_problem(self.sizes[-1])
        if problem:
            raise ValueError(problem)
        if input_map not in INPUT_MAPS:
            raise ValueError(f"input_map must be one of {sorted(INPUT_MAPS)}, got {input_map!r}")
        self.output = output
        self.kind = kind
        self.loss_record = kind.loss_named(loss)
        self.input_map = input_map

    # ------------------------------------------------------------------ shape
    @property
    def sizes(self) -> list[int]:
        return [self.weights[0].shape[0]] + [W.shape[1] for W in self.weights]

    @property
    def n_layers(self) -> int:
        return len(self.weights)

    def copy(self) -> MLP:
        return MLP(self.weights, self.biases, self.activations, self.output, self.input_map,
                   self.loss_name)

    @property
    def loss_name(self) -> str:
        """The trace's name of the loss the gradients are of (``meta.loss``)."""
        return self.loss_record.name

    # ---------------------------------------------------------------- forward
    def forward(self, X, reuse: Forward | None = None, fixed_order: bool = False) -> Forward:
        """Run the forward pass on X, shape (n, sizes[0]), keeping every s and h.

        ``reuse``: a Forward returned by an earlier call on an input of the same shape; its
        arrays are overwritten instead of allocated again (a training loop's buffers).
        ``fixed_order``: sum every product in an order that does not depend on the machine
        (see :func:`product`).
        """
        h0 = INPUT_MAPS[self.input_map](_as_float(X, "X", 2))
        n = h0.shape[0]
        if reuse is None or reuse.h[0].shape != h0.shape:
            s = [np.empty((n, W.shape[1])) for W in self.weights]
            h = [h0] + [np.empty_like(z) for z in s]
        else:
            s, h = reuse.s, reuse.h
            h[0] = h0
        for i, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            product(h[i], W, out=s[i], fixed_order=fixed_order)
            s[i] += b
            if i < len(self.activations):
                ACTIVATIONS[self.activations[i]](s[i], out=h[i + 1])
            else:
                self.kind.link(s[i], out=h[i + 1])
        return Forward(s=s, h=h)

    def logits(self, X) -> np.ndarray:
        """The output layer's pre-activation, shape (n, sizes[-1])."""
        return self.forward(X).s[-1]

    def predict_proba(self, X) -> np.ndarray:
        """The network's output: P(y=1 | x), shape (n,), for a binary output; class
        probabilities (n, K) for softmax; the fitted value y-hat (n,) for a regression."""
        return self.kind.values(self.forward(X).h[-1])

    def predict(self, X, threshold: float = 0.5) -> np.ndarray:
        """Class labels (int64) for a classification, fitted values for a regression."""
        return self.kind.predict(self.forward(X).h[-1], threshold)

    def hidden(self, X, layer: int = 1) -> np.ndarray:
        """Activations of hidden layer ``layer`` (1-based, as h_1 in the seed), shape (n, width)."""
        if not 1 <= layer <= len(self.activations):
            raise ValueError(
                f"layer must be between 1 and {len(self.activations)} (the hidden layers), "
                f"got {layer}"
            )
        return self.forward(X).h[layer]

    # ------------------------------------------------------------------- loss
    def loss_from_logits(self, z: np.ndarray, y: np.ndarray, reduction: str = "mean") -> float:
        """The loss (``loss_record``) computed from the last pre-activation z: a cross-entropy
        from the logits, so no probability of 0 or 1 is ever logged, or a regression's error.

        The per-example losses are summed exactly (``math.fsum``: the correctly rounded sum,
        whatever their order), so the loss depends on z alone.
        """
        p = self.kind.link(z)
        per = self.loss_record.per_example(z, p, np.asarray(y))
        total = math.fsum(per.tolist())
        return total / len(per) if reduction == "mean" else total

    def loss(self, X, y, reduction: str = "mean") -> float:
        """Mean (or summed) loss of the network on (X, y)."""
        return self.loss_from_logits(self.logits(X), np.asarray(y), reduction)

    def accuracy(self, X, y) -> float:
        """The fraction of X classified as y (a classification only)."""
        if not self.kind.classification:
            raise ValueError("a regression has no accuracy; see scores() for R^2 and RMSE")
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def scores(self, X, y) -> dict[str, float]:
        """The output kind's scores on (X, y): {"accuracy"}, or {"r2", "rmse"}."""
        return self.kind.scores(self.forward(X).h[-1], np.asarray(y))

    # --------------------------------------------------------------- backward
    def _output_delta(self, fwd: Forward, y: np.ndarray, out: np.ndarray) -> np.ndarray:
        """dL_i/ds at the output for each example: y-hat - y (the seed's shared factor) for
        the cross-entropies and half the squared error; the loss record's own otherwise."""
        return self.loss_record.delta(fwd.s[-1], fwd.h[-1], y, out)

    def backward(
        self, fwd: Forward, y, reduction: str = "mean", reuse: Gradients | None = None,
        fixed_order: bool = False,
    ) -> Gradients:
        """Backpropagate from the loss to every W and b, reusing what ``fwd`` cached.

        The output delta is the loss's gradient at the output (y-hat - y for the core's
        losses); each layer's delta is the next one's carried back
        through W and multiplied element-wise by the activation's derivative, and
        dL/dW[i] = h[i]^T delta[i], dL/db[i] = sum of delta[i] over the batch.
        ``reuse``: Gradients from an earlier call of the same shapes, overwritten in place.
        ``fixed_order``: as in :meth:`forward`.
        """
        if reduction not in REDUCTIONS:
            raise ValueError(f"reduction must be one of {list(REDUCTIONS)}, got {reduction!r}")
        y = np.asarray(y)
        if reuse is None or reuse.deltas[-1].shape != fwd.s[-1].shape:
            reuse = Gradients(weights=[np.empty_like(W) for W in self.weights],
                              biases=[np.empty_like(b) for b in self.biases],
                              deltas=[np.empty_like(z) for z in fwd.s])
        dW, db, deltas = reuse.weights, reuse.biases, reuse.deltas
        delta = self._output_delta(fwd, y, deltas[-1])
        if reduction == "mean":
            delta /= len(y)
        for i in range(self.n_layers - 1, -1, -1):
            delta = deltas[i]
            product(fwd.h[i].T, delta, out=dW[i], fixed_order=fixed_order)
            delta.sum(axis=0, out=db[i])
            if i:
                product(delta, self.weights[i].T, out=deltas[i - 1], fixed_order=fixed_order)
                deltas[i - 1] *= DERIVATIVES[self.activations[i - 1]](fwd.s[i - 1], fwd.h[i])
        return reuse

    def gradients(self, X, y, reduction: str = "mean") -> Gradients:
        return self.backward(self.forward(X), y, reduction)

    def per_example_gradients(self, X, y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Each example's own gradient of its loss: weights[i] (n, in, out), biases[i] (n, out).

        Their sum over the examples is the ``sum``-reduced batch gradient.
        """
        fwd = self.forward(X)
        g = self.backward(fwd, y, reduction="sum")
        dW = [np.einsum("ni,no->nio", fwd.h[i], d) for i, d in enumerate(g.deltas)]
        return dW, [d.copy() for d in g.deltas]
