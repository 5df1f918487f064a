"""Activation functions: one record each, holding everything the core, the scenes and the
importers need to know about it, keyed by the name configs and traces use.

Adding an activation is one record here (its function and derivative side by side, its
range, its symbol, its initialisation gain, other frameworks' names for it) plus its tests.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

LEAKY_SLOPE = 0.01

# An activation takes s and, optionally, an array to write g(s) into (a training loop reuses
# its buffers from step to step instead of allocating new ones). Its derivative is dh/ds
# written in terms of what the forward pass cached: the pre-activation s and the activation
# h = g(s). The backward pass only multiplies by it, so relu's may be a boolean mask (True
# is 1), which saves a float array per layer.
Function = Callable[..., np.ndarray]
Derivative = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Activation:
    """One activation and what every layer of the project needs to know about it.

    name: the trace's name (``meta.activations``, ``--activation``).
    function: g(s, out=None), element-wise, any shape; derivative: dh/ds from (s, h = g(s)).
    output_range: (lo, hi) bounds of g's values, +-inf where unbounded; a bounded
        activation squashes the hidden space into the box [lo, hi]^k.
    tex: its symbol in MathTex (``\\sigma``); said: its name in plain captions and speech;
        derivative_tex: its derivative in MathTex, in terms of the activation.
    init_gain: the numerator of the Glorot-uniform bound sqrt(init_gain / (fan_in + fan_out))
        (scikit-learn's choice: 2 for the logistic function, 6 for the others).
    init_scheme: the initialisation suited to it (mlp.init.SCHEMES, ``--init auto``): He
        (2015) for the rectifiers, whose half-zero output halves the variance each layer;
        Glorot (2010) for the saturating and smooth ones.
    sklearn, torch, keras: what MLPClassifier(activation=...), torch.nn (a module class) and
        keras.activations call it, or None where that framework has no exact counterpart.
    torch_options: the module's options the trace's function assumes, for messages;
        torch_mismatch(module) says how a module's options differ from them, or None.
    aliases: further names a trace file written elsewhere may use for it.
    """

    name: str
    function: Function
    derivative: Derivative
    output_range: tuple[float, float]
    tex: str
    said: str
    derivative_tex: str
    init_gain: float
    init_scheme: str = "glorot"
    sklearn: str | None = None
    torch: str | None = None
    keras: str | None = None
    torch_options: str = ""
    torch_mismatch: Callable[[object], str | None] | None = None
    aliases: tuple[str, ...] = ()

    def __call__(self, s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        return self.function(s, out=out)

    @property
    def box(self) -> tuple[float, float] | None:
        """The output range when it is bounded on both sides (the box g squashes into).

        >>> SIGMOID.box, RELU.box
        ((0.0, 1.0), None)
        """
        lo, hi = self.output_range
        return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) else None

    @property
    def torch_label(self) -> str | None:
        """The PyTorch module as messages name it, e.g. ``LeakyReLU(0.01)``."""
        if self.torch is None:
            return None
        return f"{self.torch}({self.torch_options})" if self.torch_options else self.torch


def sigmoid(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The logistic function, stable for any s (expit never overflows)."""
    return expit(s, out=out)


def _d_sigmoid(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return h * (1.0 - h)


SIGMOID = Activation(
    "sigmoid", sigmoid, _d_sigmoid, (0.0, 1.0), r"\sigma", "sigma",
    r"\sigma' = (1 - \sigma)\,\sigma", init_gain=2.0,
    sklearn="logistic", torch="Sigmoid", keras="sigmoid")


def tanh(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.tanh(s, out=out)


def _d_tanh(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return 1.0 - h * h


TANH = Activation(
    "tanh", tanh, _d_tanh, (-1.0, 1.0), r"\tanh", "tanh", r"\tanh' = 1 - \tanh^2",
    init_gain=6.0, sklearn="tanh", torch="Tanh", keras="tanh")


def relu(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.maximum(s, 0.0, out=out)


def _d_relu(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return s > 0  # a 0/1 mask: multiplying by it is multiplying by the derivative


RELU = Activation(
    "relu", relu, _d_relu, (0.0, math.inf), r"\mathrm{relu}", "relu",
    r"\mathrm{relu}'(s) = [s > 0]", init_gain=6.0, init_scheme="he",
    sklearn="relu", torch="ReLU", keras="relu")


def leaky_relu(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    # max(s, slope * s) is s where s > 0 and slope * s elsewhere, since 0 < slope < 1
    out = np.multiply(s, LEAKY_SLOPE, out=out)
    return np.maximum(s, out, out=out)


def _d_leaky_relu(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return np.where(s > 0, 1.0, LEAKY_SLOPE)


def _torch_leaky_mismatch(module) -> str | None:
    if module.negative_slope != LEAKY_SLOPE:
        return (f"the trace's leaky_relu has negative_slope {LEAKY_SLOPE}, found "
                f"{module.negative_slope}")
    return None


# Keras's leaky_relu has a negative slope of 0.2 by default, not the core's 0.01.
LEAKY_RELU = Activation(
    "leaky_relu", leaky_relu, _d_leaky_relu, (-math.inf, math.inf), r"\mathrm{leaky\ relu}",
    "leaky_relu", rf"\mathrm{{leaky\ relu}}'(s) = 1 \text{{ if }} s > 0 \text{{ else }} "
    rf"{LEAKY_SLOPE}", init_gain=6.0, init_scheme="he", torch="LeakyReLU",
    torch_options=f"{LEAKY_SLOPE}", torch_mismatch=_torch_leaky_mismatch)


def softplus(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """log(1 + e^s), computed as logaddexp so that large |s| neither overflows nor loses digits."""
    return np.logaddexp(0.0, s, out=out)


def _d_softplus(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return expit(s)


def _torch_softplus_mismatch(module) -> str | None:
    # Above its threshold PyTorch switches to the identity; from 20 on the two differ by
    # less than 2.1e-9.
    if module.beta != 1 or module.threshold < 20:
        return (f"the trace's softplus is log(1 + e^s), PyTorch's with beta 1 and threshold "
                f">= 20; found beta {module.beta}, threshold {module.threshold}")
    return None


SOFTPLUS = Activation(
    "softplus", softplus, _d_softplus, (0.0, math.inf), r"\mathrm{softplus}", "softplus",
    r"\mathrm{softplus}' = \sigma", init_gain=6.0, torch="Softplus",
    keras="softplus", torch_options="beta=1", torch_mismatch=_torch_softplus_mismatch)


def silu(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """s * sigmoid(s) (also called swish): smooth, unbounded above, dips below 0."""
    return np.multiply(s, expit(s), out=out)


def _d_silu(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    # d/ds s sigma(s) = sigma + s sigma (1 - sigma) = sigma + h (1 - sigma)
    sig = expit(s)
    return sig + h * (1.0 - sig)


# SiLU's minimum, at the s where its derivative vanishes (s = -1.2785...).
SILU_MIN = -0.27846454276107385

SILU = Activation(
    "silu", silu, _d_silu, (SILU_MIN, math.inf), r"\mathrm{SiLU}", "SiLU",
    r"\mathrm{SiLU}'(s) = \sigma(s)\,(1 + s\,(1 - \sigma(s)))", init_gain=6.0,
    torch="SiLU", keras="silu", aliases=("swish",))


def identity(s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    if out is None:
        return s
    np.copyto(out, s)
    return out


def _d_identity(s: np.ndarray, h: np.ndarray) -> np.ndarray:
    return np.ones_like(s)


IDENTITY = Activation(
    "identity", identity, _d_identity, (-math.inf, math.inf), r"\mathrm{identity}",
    "identity", r"\mathrm{identity}' = 1", init_gain=6.0,
    sklearn="identity", torch="Identity", keras="linear", aliases=("none",))

# Every activation, in the order messages list them.
RECORDS: dict[str, Activation] = {a.name: a for a in (
    SIGMOID, TANH, RELU, LEAKY_RELU, SOFTPLUS, SILU, IDENTITY)}

# The tables the forward and backward passes index (scikit-learn's layout).
ACTIVATIONS: dict[str, Function] = {name: a.function for name, a in RECORDS.items()}
DERIVATIVES: dict[str, Derivative] = {name: a.derivative for name, a in RECORDS.items()}


def check_activation(name: str) -> str:
    """Return name if it is a known activation, else raise ValueError naming the choices."""
    if name not in RECORDS:
        raise ValueError(f"activation must be one of {sorted(RECORDS)}, got {name!r}")
    return name


def activation(name: str) -> Activation:
    """The record of the activation called ``name`` in traces (ValueError if unknown)."""
    return RECORDS[check_activation(name)]


def from_framework(framework: str, name: str) -> Activation | None:
    """The record another framework calls ``name`` ("sklearn", "torch" or "keras"), or None.

    >>> from_framework("sklearn", "logistic").name, from_framework("keras", "linear").name
    ('sigmoid', 'identity')
    """
    for a in RECORDS.values():
        if getattr(a, framework) == name:
            return a
    return None


def framework_names(framework: str) -> dict[str, str]:
    """{that framework's name: the trace's name} for every activation it has."""
    return {getattr(a, framework): a.name for a in RECORDS.values()
            if getattr(a, framework) is not None}


def aliases() -> dict[str, str]:
    """Names a trace file written elsewhere may use -> the trace's names: scikit-learn's and
    Keras's where they differ from the trace's, and each record's further aliases."""
    found = {}
    for a in RECORDS.values():
        for other in (a.sklearn, a.keras, *a.aliases):
            if other is not None and other != a.name:
                found[other] = a.name
    return found
