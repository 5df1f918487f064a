"""How a scene finds its trace: $MLP_TRACE, or its default (a bundled trace, or a file)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mlp.bundled import bundled_path
from mlp.trace import Trace, TraceError, load_trace
from scenes.toolkit.style import MAX_CLASSES

ENV_VAR = "MLP_TRACE"


class SceneTraceError(SystemExit):
    """Raised when a scene cannot play the trace it was given. Prints one line, exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(2)
        self.message = message

    def __str__(self) -> str:
        return self.message


def default_trace_path(name: str) -> Path:
    """assets/<name>.npz of a bundled trace (mlp.bundled names them all), or, for a name
    ending in .npz, that file (relative to the current folder): a scene of one's own may set
    ``default_trace = "my-run.npz"``."""
    return Path(name) if name.endswith(".npz") else bundled_path(name)


def scene_trace(scene: str, default: str, env: str | None = ENV_VAR) -> Trace:
    """Load the trace a scene plays: the file named by $MLP_TRACE, else assets/<default>.npz.

    On any problem, prints one line naming the scene and the problem and exits with code 2,
    so the manim CLI ends without a traceback.
    """
    path = os.environ.get(env) if env else None
    path = Path(path) if path else default_trace_path(default)
    try:
        return load_trace(path)
    except TraceError as e:
        fail(scene, str(e))


def fail(scene: str, message: str):
    """Stop the scene with one line on stderr (exit code 2)."""
    text = f"{scene}: {message}"
    print(text, file=sys.stderr)
    raise SceneTraceError(text)


# What an input-plane scene plays at most: hidden layers, units in a layer, classes.
PLAYS = {"max_hidden_layers": 6, "max_width": 64, "max_classes": MAX_CLASSES}
# What a chapter that draws the network's output, or only the strongest of a wide layer's
# units (scenes.toolkit.units), plays: any width and depth, inputs seen through their view.
ANY_NETWORK = {"min_hidden_layers": 1, "max_classes": MAX_CLASSES, "input_dim": None,
               "min_input_dim": 2}


def mismatch(trace: Trace, *, sizes=None, hidden_layers=None, output=None,
             input_dim: int | None = 2, min_input_dim: int | None = None,
             min_hidden: int | None = None,
             min_hidden_layers: int | None = None, max_hidden_layers: int | None = None,
             max_width: int | None = None,
             max_first_width: int | None = None, max_classes: int | None = None,
             input_map: str | None = None, classification: bool = True) -> str | None:
    """What ``trace`` lacks to fit a scene's requirements, in one line, or None if it fits.

    ``sizes`` is an exact architecture such as [2, 3, 1]; ``hidden_layers`` an exact count
    of hidden layers (``min_hidden_layers`` the fewest); ``output`` 'binary' or 'softmax';
    the ``max_`` bounds cap the hidden
    layers, the units of any hidden layer (of the first one: ``max_first_width``) and the
    classes (``PLAYS`` holds the usual ones); ``input_dim`` the exact number of inputs
    (``min_input_dim`` the fewest); ``input_map`` the map applied to the inputs
    before the first layer (None: any); ``classification`` whether the scene draws classes
    (a regression trace, whose output is a number, does not fit such a scene).
    """
    where = trace.path or "trace"
    got = f"{where} has sizes {trace.sizes} ({trace.output} output)"
    hidden = len(trace.sizes) - 2
    if classification and not trace.kind.classification:
        return f"draws classes, but {got} fits a number (a regression)"
    if sizes is not None and list(sizes) != trace.sizes:
        return f"needs a {'-'.join(map(str, sizes))} network, but {got}"
    if hidden_layers is not None and hidden != hidden_layers:
        return f"needs {hidden_layers} hidden layer(s), but {got}"
    if min_hidden is not None and hidden > 0 and trace.sizes[1] < min_hidden:
        return f"needs a hidden layer of at least {min_hidden} units, but {got}"
    if output is not None and trace.output != output:
        return f"needs a {output} output, but {got}"
    if min_hidden_layers is not None and hidden < min_hidden_layers:
        return f"needs at least {min_hidden_layers} hidden layer(s), but {got}"
    if max_hidden_layers is not None and not 1 <= hidden <= max_hidden_layers:
        return f"needs 1 to {max_hidden_layers} hidden layers, but {got}"
    if max_width is not None and max(trace.sizes[1:-1], default=0) > max_width:
        return f"needs hidden layers of at most {max_width} units, but {got}"
    classes = 2 if trace.output == "binary" else trace.sizes[-1]
    if max_classes is not None and classes > max_classes:
        return f"needs at most {max_classes} classes, but {got}"
    if input_dim is not None and trace.sizes[0] != input_dim:
        shape = {1: " (a curve of x)", 2: " (a plane)"}.get(input_dim, "")
        return f"needs {input_dim}-D inputs{shape}, but {got}"
    if min_input_dim is not None and trace.sizes[0] < min_input_dim:
        return f"needs at least {min_input_dim} inputs, but {got}"
    if input_map is not None and trace.input_map != input_map:
        return f"needs input map {input_map!r}, but {where} has input map {trace.input_map!r}"
    if max_first_width is not None and hidden > 0 and trace.sizes[1] > max_first_width:
        return f"needs a first hidden layer of at most {max_first_width} units, but {got}"
    return None


def require(scene: str, trace: Trace, **requirements) -> Trace:
    """Check that ``trace`` fits the scene (:func:`mismatch`'s ``requirements``), or stop
    with one line saying what it needs."""
    problem = mismatch(trace, **requirements)
    if problem:
        fail(scene, problem)
    return trace
