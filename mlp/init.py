"""Seeded schemes for a network's initial weights and biases."""

from __future__ import annotations

import numpy as np

from mlp.activations import RECORDS
from mlp.activations import activation as activation_record

SCHEMES = ("uniform", "glorot", "he")

# The scheme suited to each activation (its record's init_scheme): He (2015) for the
# rectifiers, whose half-zero output halves the variance each layer; Glorot (2010) for the
# saturating and smooth ones.
SCHEME_FOR_ACTIVATION = {name: a.init_scheme for name, a in RECORDS.items()}


def scheme_for(activation: str) -> str:
    """The initialisation scheme suited to ``activation`` (``--init auto``)."""
    if activation not in SCHEME_FOR_ACTIVATION:
        raise ValueError(f"activation must be one of {sorted(SCHEME_FOR_ACTIVATION)}, "
                         f"got {activation!r}")
    return SCHEME_FOR_ACTIVATION[activation]


def check_sizes(sizes) -> list[int]:
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or any(s < 1 for s in sizes):
        raise ValueError(f"sizes must list at least 2 widths, each > 0, got {sizes}")
    return sizes


def initial_parameters(
    sizes,
    scheme: str = "glorot",
    rng: np.random.Generator | np.random.RandomState | int | None = 0,
    activation: str = "sigmoid",
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Draw W[i] (sizes[i], sizes[i+1]) and b[i] (sizes[i+1],) for every layer, in order.

    ``uniform`` draws every entry from uniform(0, 1) (the seed notebook's choice, W then b per
    layer); ``glorot`` is scikit-learn's Glorot uniform (bound sqrt(6 / (fan_in + fan_out)),
    the 6 being the activation's init_gain, 2 for sigmoid units), weights and biases alike;
    ``he`` draws weights from normal(0, sqrt(2 / fan_in)) and sets biases to zero.
    """
    sizes = check_sizes(sizes)
    if scheme not in SCHEMES:
        raise ValueError(f"init scheme must be one of {list(SCHEMES)}, got {scheme!r}")
    if rng is None or isinstance(rng, int | np.integer):
        rng = np.random.default_rng(rng)
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        if scheme == "uniform":
            W = rng.uniform(0.0, 1.0, (fan_in, fan_out))
            b = rng.uniform(0.0, 1.0, (1, fan_out)).ravel()
        elif scheme == "glorot":
            factor = activation_record(activation).init_gain
            bound = np.sqrt(factor / (fan_in + fan_out))
            W = rng.uniform(-bound, bound, (fan_in, fan_out))
            b = rng.uniform(-bound, bound, fan_out)
        else:
            W = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out))
            b = np.zeros(fan_out)
        weights.append(W)
        biases.append(b)
    return weights, biases
