"""Build the explorer page: the trace packed into JSON (binary arrays as base64), the page's
script and style (files of this package) inlined into its template.

The page draws four linked views (the input plane, the hidden space in 3-D, the network
graph, the loss and accuracy curves) with its own forward and backward pass in JavaScript.
A regression's plane is its fitted surface (the scenes' value colours and level lines), and
for one input the plane is the fit: y-hat(x) with each last-hidden-layer unit's weighted
curve; its score is R^2.
A classifier of more than 2 inputs is shown through the inputs' view instead (the fixed view
of mlp.projection.input_view the scenes use, computed here), with the network's prediction
at every point and snapshot (computed here by the core), the selected point (a digit as its
pixels), the hidden space (each hidden layer's points at every snapshot through the
projection above, computed here), the network graph (a wide layer's strongest units and
"+N more", by the scenes' rule), the first layer's templates, the confusion matrix and the
test set's curves; its page holds the points and the weights as bytes (it draws them and
computes nothing from them).
Parameters are embedded at the trace's own precision (float32 traces as float32, float64
as float64), so the page's forward pass is the core's up to rounding in the sums.
"""

from __future__ import annotations

import base64
import html
import json
import os
import tempfile
import zlib
from importlib.resources import files
from pathlib import Path

import numpy as np

from explainer.explore.words import page_words
from mlp.projection import SQUASH_BOX, hidden_projection, meta_normal
from mlp.trace import Trace
from scenes.toolkit import style, words
from scenes.toolkit.words import recorded_lr, step_batch, step_size


class ExploreError(ValueError):
    """A trace the page cannot show: one line saying what it needs and what it got."""


def _b64(a: np.ndarray, dtype) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")


def _square_limits(trace: Trace) -> tuple[list[float], list[float]]:
    (x0, x1), (y0, y1) = trace.data_bounds(0.08)
    half = max(x1 - x0, y1 - y0) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return [cx - half, cx + half], [cy - half, cy + half]


def _projections(trace: Trace) -> list[dict]:
    """For every hidden layer: the projection to 3-D of the final network's activations (the
    one WarpDuringTraining shows for layer 1) and the box the view is framed by."""
    final = trace.model(-1)
    n_hidden = len(trace.sizes) - 2
    out = []
    for layer in range(1, n_hidden + 1):
        H, w_m = final.hidden(trace.X, layer), meta_normal(final, layer)
        proj = hidden_projection(H, w_m)
        Z = proj(H)
        box = SQUASH_BOX.get(trace.activations[layer - 1]) if proj.exact else None
        if box is not None:
            centre = [(box[0] + box[1]) / 2] * 3
            half = (box[1] - box[0]) / 2
            if proj.width == 2:
                centre[2] = 0.0
        else:
            lo, hi = Z.min(axis=0), Z.max(axis=0)
            centre = ((lo + hi) / 2).tolist()
            half = float(max(np.max(hi - lo) / 2, 1e-9)) * 1.1
        out.append({
            "layer": layer, "width": trace.sizes[layer], "exact": proj.exact,
            "basis": proj.basis.ravel().tolist(), "origin": proj.origin.tolist(),
            "description": proj.description.replace("\n", " "), "box": box,
            "centre": centre, "half": half,
            "meta_plane": w_m is not None,
        })
    return out


# The hidden space of a page of more than 2 inputs: each point's view coordinates kept as a
# whole multiple of 2^HIDDEN_QUANTUM (within 2^(HIDDEN_QUANTUM - 1) = 2.4e-7 of the core's)
HIDDEN_QUANTUM = -21


def pack_positions(Z: np.ndarray) -> dict:
    """A hidden layer's view coordinates at every snapshot, Z (S, n, 3), packed for the page:
    each value a whole multiple q of 2^e (e = HIDDEN_QUANTUM, or coarser for a layer reaching
    past 256, so that every q fits in 30 bits: within 2^-29 of the layer's largest |value|);
    each point's run of q over the snapshots as
    its first q, then the differences from one snapshot to the next (the points move little
    between snapshots); the 4 bytes of these int32 numbers in 4 planes (the high bytes are
    mostly zeros), deflated (zlib). :func:`unpack_positions` undoes it."""
    Z = np.asarray(Z, dtype=np.float64)
    S, n, _ = Z.shape
    top = float(np.max(np.abs(Z))) if Z.size else 0.0
    e = HIDDEN_QUANTUM if top <= 2.0 ** 8 else int(np.ceil(np.log2(top))) - 29
    q = np.round(np.ldexp(Z, -e)).astype(np.int64).transpose(1, 2, 0)  # (n, 3, S)
    runs = np.diff(q, axis=2, prepend=0).astype("<i4")
    planes = np.ascontiguousarray(runs.reshape(-1).view(np.uint8).reshape(-1, 4).T)
    return {"shape": [S, n], "exponent": e,
            "deflated": base64.b64encode(zlib.compress(planes.tobytes(), 6)).decode("ascii")}


def unpack_positions(packed: dict) -> np.ndarray:
    """The view coordinates (S, n, 3) that :func:`pack_positions` keeps: the page's own
    decoding, in NumPy."""
    S, n = packed["shape"]
    raw = np.frombuffer(zlib.decompress(base64.b64decode(packed["deflated"])), np.uint8)
    runs = np.ascontiguousarray(raw.reshape(4, -1).T).view("<i4").reshape(n, 3, S)
    return np.ldexp(np.cumsum(runs, axis=2, dtype=np.int64).astype(np.float64),
                    packed["exponent"]).transpose(2, 0, 1)


def _hidden_points(trace: Trace, projections: list[dict]) -> None:
    """More than 2 inputs: each hidden layer's points at every snapshot through its
    projection (the final network's, as ``_projections`` gives it), packed into its entry."""
    S, n_hidden = trace.n_snapshots, len(trace.sizes) - 2
    Z = [np.zeros((S, len(trace.X), 3)) for _ in range(n_hidden)]
    views = []
    for pr in projections:
        basis = np.asarray(pr["basis"], dtype=np.float64).reshape(pr["width"], 3)
        views.append((np.asarray(pr["origin"], dtype=np.float64), basis))
    for k in range(S):
        h = trace.model(k).forward(trace.X).h
        for layer in range(1, n_hidden + 1):
            origin, basis = views[layer - 1]
            Z[layer - 1][k] = (np.asarray(h[layer], dtype=np.float64) - origin) @ basis
    for pr, z in zip(projections, Z, strict=True):
        pr["points"] = pack_positions(z)


def check_showable(trace: Trace) -> None:
    """Refuse, in one line, a trace the page cannot draw."""
    where = trace.path or "trace"
    if trace.is_regression and trace.sizes[0] > 2:
        raise ExploreError(f"{where}: sizes[0]: expected at most 2 inputs for a regression "
                           f"(the page draws its fitted surface), found {trace.sizes[0]}")
    if trace.sizes[0] == 1 and not trace.is_regression:
        raise ExploreError(f"{where}: sizes[0]: expected 2 or more inputs for a classifier "
                           f"(the page draws the input plane, or the inputs' view), found 1")
    if max(trace.sizes) > 1000:
        raise ExploreError(f"{where}: sizes: expected layers of at most 1000 units (the page "
                           f"draws every unit), found {max(trace.sizes)}")


def pull_points(trace: Trace) -> int:
    """How many points a step's mean gradient is over in WhoPullsTheLines: the mini-batch's
    size when the trace records its batches (every batch of a run has one size), else all."""
    batch, _ = step_batch(trace, int(trace.steps[0]))
    return len(trace.X) if batch is None else len(batch)


def _fit_limits(trace: Trace, samples: int = 201) -> tuple[list[float], list[float]]:
    """A regression of one input: the x range of the data and a y range holding the data,
    the fit and every last-hidden-layer unit's weighted curve at every snapshot."""
    x = trace.X[:, 0]
    pad = 0.04 * max(float(np.ptp(x)), 1e-9)
    xs = np.linspace(float(x.min()) - pad, float(x.max()) + pad, samples)[:, None]
    lo, hi = float(np.min(trace.y)), float(np.max(trace.y))
    last = len(trace.sizes) - 2
    for k in range(trace.n_snapshots):
        values = [trace.predict_proba(k, xs).ravel()]
        if last:
            values.append((trace.hidden(k, last, xs) * trace.weights[-1][k][:, 0]).ravel())
        v = np.concatenate(values)
        lo, hi = min(lo, float(v.min())), max(hi, float(v.max()))
    margin = 0.06 * max(hi - lo, 1e-9)
    return [float(xs[0, 0]), float(xs[-1, 0])], [lo - margin, hi + margin]


def _value_scale(trace: Trace) -> dict:
    """A regression's colours, as the scenes draw them (scenes.toolkit.surface): the value
    scale's anchors over the targets' range, its level lines, and each point's colour bin."""
    from scenes.toolkit.surface import (
        VALUE_ANCHORS,
        VALUE_BINS,
        hex_of,
        level_values,
        target_range,
        value_rgb,
    )

    lo, hi = target_range(trace)
    u = np.clip((np.asarray(trace.y, dtype=np.float64) - lo) / (hi - lo), 0, 1)
    bins = np.minimum((u * VALUE_BINS).astype(int), VALUE_BINS - 1)
    colours = [hex_of(value_rgb(lo + (hi - lo) * (b + 0.5) / VALUE_BINS, lo, hi))
               for b in range(VALUE_BINS)]
    return {"lo": lo, "hi": hi, "anchors": list(VALUE_ANCHORS), "levels": level_values(lo, hi),
            "dot": _b64(bins, "<i4"), "dot_colors": colours}


def _class_names(trace: Trace) -> list[str] | None:
    """The classes' names the trace's file gives (its data set's, or an imported classifier's
    labels), or None (the page then calls them class 0, class 1, ...)."""
    if not trace.kind.classification:
        return None
    if trace.class_names:
        return list(trace.class_names)
    names = words.class_names(trace)
    return None if names == [f"class {k}" for k in range(len(names))] else names


def wide(trace: Trace) -> bool:
    """Whether the page shows the trace through its inputs' view (more than 2 inputs)."""
    return trace.sizes[0] > 2


def _predictions(trace: Trace, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The network's output at points X at every snapshot: the predicted class (S, n) and
    its probability (S, n), as the core's forward pass gives them."""
    S, n = trace.n_snapshots, len(X)
    cls, prob = np.zeros((S, n), dtype=np.uint8), np.zeros((S, n))
    for k in range(S):
        p = trace.predict_proba(k, X)
        if trace.output == "binary":
            q = p.ravel()
            cls[k], prob[k] = q >= 0.5, np.maximum(q, 1 - q)
        else:
            cls[k], prob[k] = np.argmax(p, axis=1), np.max(p, axis=1)
    return cls, prob


def _pixels(X: np.ndarray, image: bool) -> tuple[str, dict]:
    """The inputs packed for the page, which only shows them (the inputs' view and the
    network's output come computed): as bytes when every value is a whole number from 0 to
    255 (a digit's or an image's pixels, kept exactly); an image's other values as bytes
    over their range (lo + q (hi - lo) / 255: its grey levels); anything else as float64."""
    X = np.asarray(X, dtype=np.float64)
    if X.size and np.all((X >= 0) & (X <= 255) & (X == np.round(X))):
        return _b64(X, np.uint8), {"type": "uint8", "lo": 0.0, "hi": 255.0}
    lo, hi = float(X.min()), float(X.max())
    if image and hi > lo:
        q = np.round((X - lo) / (hi - lo) * 255)
        return _b64(q, np.uint8), {"type": "uint8", "lo": lo, "hi": hi}
    return _b64(X, "<f8"), {"type": "float64"}


def _weight_bytes(W: np.ndarray) -> dict:
    """A layer's weights (S, fan_in, fan_out) as signed bytes q and a scale per snapshot
    and unit: w = q * scale[k, j], scale = max |w| / 127 of unit j at snapshot k (1/254 of
    each unit's range: finer than a screen's colours)."""
    W = np.asarray(W, dtype=np.float64)
    scale = np.abs(W).max(axis=1) / 127  # (S, fan_out)
    safe = np.where(scale > 0, scale, 1.0)
    q = np.round(W / safe[:, None, :]).astype(np.int8)
    return {"q": _b64(q, np.int8), "scale": _b64(scale, "<f4")}


def _wide_payload(trace: Trace) -> dict:
    """What the page shows of a trace of more than 2 inputs: the inputs' view (the one
    mlp.projection.input_view gives the scenes), the network's output at the points at
    every snapshot, the test set's and the images' shape."""
    view = trace.input_view()
    Z = view(trace.X)
    lo, hi = Z.min(axis=0), Z.max(axis=0)
    half = float(max(np.max(hi - lo) / 2, 1e-9)) * 1.08
    mid = (lo + hi) / 2
    cls, prob = _predictions(trace, trace.X)
    out = {
        "view": {"kind": view.kind, "name": view.name, "axes": list(view.axes),
                 "share": list(view.share), "description": view.description,
                 "Z": _b64(Z, "<f8"),
                 "xlim": [float(mid[0] - half), float(mid[0] + half)],
                 "ylim": [float(mid[1] - half), float(mid[1] + half)]},
        "image_shape": list(trace.image_shape) if trace.image_shape else None,
        "n_total": trace.n_total,
        "pred": _b64(cls, np.uint8), "prob": _b64(np.round(prob * 255), np.uint8),
        "test": None,
    }
    if trace.has_test:
        tcls, _ = _predictions(trace, trace.X_test)
        out["test"] = {"n": int(len(trace.X_test)), "n_total": trace.n_test_total,
                       "y": _b64(trace.y_test, "<i4"), "pred": _b64(tcls, np.uint8),
                       "loss": [float(v) for v in trace.test_loss],
                       "accuracy": [float(v) for v in trace.test_accuracy]}
    return out


def page_payload(trace: Trace, title: str | None = None, language: str | None = None) -> dict:
    """Everything the page needs, as JSON-ready data (arrays as base64 little-endian): the
    page speaks ``language`` (default: $MLP_LANGUAGE, else English) unless its URL asks for
    another of its languages (?lang=CODE)."""
    check_showable(trace)
    speaks = page_words(page_language(language))
    many = wide(trace)
    if many:
        extra = _wide_payload(trace)
        xlim, ylim = extra["view"]["xlim"], extra["view"]["ylim"]
        X, x_type = _pixels(trace.X, trace.image_shape is not None)
    else:
        extra = {"view": None}
        xlim, ylim = _fit_limits(trace) if trace.sizes[0] == 1 else _square_limits(trace)
        X, x_type = _b64(trace.X, "<f8"), {"type": "float64"}
    ptype = np.float32 if trace.meta.get("dtype") == "float32" else np.float64
    ptag = "float32" if ptype is np.float32 else "float64"
    grads = trace.has_gradients and not many
    K = 2 if trace.output == "binary" else trace.sizes[-1]
    dataset = trace.meta.get("dataset", {}) or {}
    points = pull_points(trace)
    projections = _projections(trace)
    if many:
        _hidden_points(trace, projections)
    return {
        "format": "mlp-explainer-explore", "version": 1,
        # the title given, else the page says "<the trace's name>: the training run" in its language
        "title": title or None, "trace_name": trace_name(trace), "words": speaks,
        "sizes": trace.sizes, "activations": trace.activations, "output": trace.output,
        "input_map": trace.input_map, "reduction": trace.meta.get("reduction", "mean"),
        "lr": recorded_lr(trace), "pull_points": points,
        "pull_step": step_size(trace, points), "dataset": dataset.get("name"),
        "n": int(len(trace.X)), "S": trace.n_snapshots, "classes": K,
        "steps": [int(s) for s in trace.steps],
        "loss": [float(v) for v in trace.loss],
        # the headline score: accuracy, or a regression's R^2 (and its loss's name)
        "accuracy": [float(v) for v in trace.score],
        "score_name": "accuracy" if trace.kind.classification else "R²",
        "kind": "classification" if trace.kind.classification else "regression",
        "loss_name": trace.loss_name,
        "value": None if trace.kind.classification else _value_scale(trace),
        # names from the trace's file, shown by the page as text only (legend, panel, axes)
        "class_names": _class_names(trace),
        "feature_names": trace.feature_names,
        "dtype": ptag,
        "X": X, "X_packed": x_type,
        "y": _b64(trace.y, "<i4" if trace.kind.classification else "<f8"),
        # more than 2 inputs: the page draws the weights (no forward pass of its own), so
        # they come as bytes, each unit's at each snapshot over its largest |w|
        "W": [_b64(W, ptype) for W in trace.weights] if not many else None,
        "W_bytes": [_weight_bytes(W) for W in trace.weights] if many else None,
        "b": [_b64(b, ptype) for b in trace.biases],
        "gW": [_b64(W, ptype) for W in trace.grad_weights] if grads else None,
        "gb": [_b64(b, ptype) for b in trace.grad_biases] if grads else None,
        "xlim": xlim, "ylim": ylim,
        "projections": projections,
        # more than 2 inputs: each layer's W at the last snapshot, at the trace's precision
        # (the graph picks a wide layer's strongest units by them, as the scenes do)
        "W_last": [_b64(W[-1], ptype) for W in trace.weights] if many else None,
        "colors": {
            "background": style.BACKGROUND, "foreground": style.FOREGROUND,
            "muted": style.MUTED, "classes": style.CLASS_COLORS, "units": style.UNIT_COLORS,
            "positive": style.POSITIVE, "negative": style.NEGATIVE,
            "gradient": style.GRADIENT, "meta": style.META_CLASSIFIER,
        },
        **extra,
    }


def _resource(name: str) -> str:
    place = files("explainer.explore")
    for part in name.split("/"):
        place = place.joinpath(part)
    return place.read_text(encoding="utf-8")


# The page's script: the modules of js/, one job each, joined in this order into one function
# scope (no bundler, no build step). A module uses what the modules before it define; a
# function declared later may be called once the page runs (main.js draws last).
SCRIPT_MODULES = (
    "trace.js",         # the embedded trace decoded; positions between snapshots
    "words.js",         # the page's words in its language (tr, ntr), its numbers
    "model.js",         # the forward and backward pass; a data point's details
    "colours.js",       # class, unit, value and heatmap colours
    "state.js",         # what the page shows, kept in the URL's hash
    "canvas.js",        # the four canvases, sized to the page
    "names.js",         # class and feature names, shown as text only
    "views/plane.js",   # the input plane (or a regression's fit)
    "views/hidden.js",  # the hidden space in 3-D
    "views/graph.js",   # the network graph
    "views/curves.js",  # the loss and score curves
    "views/point.js",   # the selected point's panel
    "views/inputs.js",  # more than 2 inputs: the inputs' view, the output at the points
    "views/image.js",   # more than 2 inputs: the selected point, as an image or by feature
    "views/templates.js",  # more than 2 inputs: the first layer's units' weights
    "views/confusion.js",  # more than 2 inputs: the confusion matrix at the snapshot shown
    "readouts.js",      # the title and the step, loss and score readouts
    "main.js",          # the controls, the play loop, messages, window.explorer; first draw
)


def page_script() -> str:
    """The page's whole script: every module of SCRIPT_MODULES in order, in one closure."""
    body = "\n".join(_resource(f"js/{name}") for name in SCRIPT_MODULES)
    return "(function () {\n  'use strict';\n\n" + body + "})();\n"


def build_page(trace: Trace, title: str | None = None, language: str | None = None) -> str:
    """The whole page: one HTML string with the trace, the script and the style inlined,
    speaking ``language`` (see :func:`page_payload`)."""
    data = page_payload(trace, title, language)
    speaks = data["words"]
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)  # UTF-8, as the page
    # every "<" escaped: no name can end the data's script element early (</script>) or make
    # the parser skip its real end (<!--<script>)
    payload = payload.replace("<", "\\u003c")
    script = page_script().replace("</script", "<\\/script")
    page = _resource("template.html")
    code = speaks["default"]
    words = speaks["languages"].get(code, {}).get("words", {})
    return (page.replace("{{LANG}}", code)
                .replace("{{TITLE}}", html.escape(page_title(trace, title, words)))
                .replace("{{STYLE}}", _resource("explore.css"))
                .replace("{{DATA}}", payload)
                .replace("{{SCRIPT}}", script))


def trace_name(trace: Trace) -> str:
    """The trace's file name (what the page's title calls the run)."""
    return Path(trace.path).name if trace.path else "trace"


def page_title(trace: Trace, title: str | None = None, words: dict | None = None) -> str:
    """The page's title: the one given, else "<the trace's name>: the training run" (in the
    language of ``words``, a language's translations as :func:`language_words` gives them;
    the page's script says the same)."""
    if title:
        return title
    said = (words or {}).get(DEFAULT_TITLE, DEFAULT_TITLE)
    return (said[0] if isinstance(said, list) else said).replace("{name}", trace_name(trace))


# the words of the page's default title (marked where the page's script says them)
DEFAULT_TITLE = "{name}: the training run"


def page_language(language: str | None = None) -> str:
    """The page's language: ``language``, else $MLP_LANGUAGE, else English; a
    LanguageError of one line for a language without a catalog."""
    from scenes.toolkit.language import ENV_VAR, check_language

    if language is not None:
        return check_language(language, "--language")
    return check_language(os.environ.get(ENV_VAR, "").strip() or "en", ENV_VAR)


def write_page(trace: Trace, path, title: str | None = None, language: str | None = None) -> Path:
    """Write the page to ``path`` atomically (a temporary file in the folder, then a rename)."""
    path = Path(path)
    text = build_page(trace, title, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
