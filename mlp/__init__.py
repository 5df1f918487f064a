"""mlp: a NumPy multilayer perceptron that records its own training into traces."""

from __future__ import annotations

from mlp.network import MLP
from mlp.trace import Trace, TraceError, load_trace, save_trace

__all__ = ["MLP", "Trace", "TraceError", "load_trace", "save_trace"]
