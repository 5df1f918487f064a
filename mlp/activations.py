"""Activation functions and their derivatives, keyed by the names configs and traces use."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import expit

LEAKY_SLOPE = 0.01


def sigmoid(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The logistic function, stable for any s (expit never overflows)."""
    return expit(s, out=out)


def tanh(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.tanh(s, out=out)


def relu(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.maximum(s, 0.0, out=out)


def leaky_relu(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    # max(s, slope * s) is s where s > 0 and slope * s elsewhere, since 0 < slope < 1
    out = np.multiply(s, LEAKY_SLOPE, out=out)
    return np.maximum(s, out, out=out)


def softplus(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """log(1 + e^s), computed as logaddexp so that large |s| neither overflows nor loses digits."""
    return np.logaddexp(0.0, s, out=out)


def identity(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    if out is None:
        return s
    np.copyto(out, s)
    return out


# Each derivative is dh/ds written in terms of what the forward pass cached: the
# pre-activation s and the activation h = g(s). The backward pass only multiplies by it,
# so relu's may be a boolean mask (True is 1), which saves a float array per layer.
def _d_sigmoid(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return h * (1.0 - h)


def _d_tanh(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return 1.0 - h * h


def _d_relu(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return s > 0  # a 0/1 mask: multiplying by it is multiplying by the derivative


def _d_leaky_relu(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return np.where(s > 0, 1.0, LEAKY_SLOPE)


def _d_softplus(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return expit(s)


def _d_identity(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return np.ones_like(s)


# An activation takes s and, optionally, an array to write g(s) into (a training loop reuses
# its buffers from step to step instead of allocating new ones).
Activation = Callable[..., np.ndarray]
Derivative = Callable[[np.ndarray, np.ndarray], np.ndarray]

ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "softplus": softplus,
    "identity": identity,
}

DERIVATIVES: dict[str, Derivative] = {
    "sigmoid": _d_sigmoid,
    "tanh": _d_tanh,
    "relu": _d_relu,
    "leaky_relu": _d_leaky_relu,
    "softplus": _d_softplus,
    "identity": _d_identity,
}


def check_activation(name: str) -> str:
    """Return name if it is a known activation, else raise ValueError naming the choices."""
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return name
