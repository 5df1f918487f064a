"""JSON lines: a plain trace format any framework can write in a few lines.

Line 1 is a header: the architecture, the activations and the training data. Every further
line is one snapshot: its step, each layer's weights and biases and, optionally, their
gradients, the loss and the accuracy. Weights are (in, out) unless the header says
``"weights_layout": "out_in"`` (PyTorch's Linear.weight), in which case they are transposed.
See docs/trace-format.md ("JSON lines") for the fields and snippets for Keras and JAX.

Reading is strict, because the file comes from elsewhere: every problem raises a TraceError
whose message names the file and line, the field, what was expected and what was found.
Nothing is unpickled or executed, and sizes are checked before anything is allocated.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from mlp.activations import ACTIVATIONS, aliases
from mlp.importers.common import SnapshotLog, jsonable, save_checked
from mlp.network import INPUT_MAPS, OUTPUTS, REDUCTIONS
from mlp.outputs import RECORDS as OUTPUT_RECORDS
from mlp.trace import MAX_BYTES, MAX_LAYERS, MAX_POINTS, MAX_SNAPSHOTS, MAX_WIDTH, Trace, TraceError

FORMAT = "mlp-explainer-jsonl"
# Version 2 added regression outputs, the loss's name and a test set; version 1 is read too.
VERSION = 2
VERSIONS = (1, 2)
NEW_IN_2 = ("loss", "X_test", "y_test")
MAX_LINE_BYTES = 256 * 2**20
LAYOUTS = ("in_out", "out_in")
# Names other frameworks use for the trace's activations.
ALIASES = aliases()
HEADER_FIELDS = {"format", "version", "sizes", "activations", "output", "input_map",
                 "weights_layout", "reduction", "X", "y", "producer", "dataset", "training",
                 "meta", *NEW_IN_2}
SNAPSHOT_FIELDS = {"step", "weights", "biases", "grad_weights", "grad_biases", "loss",
                   "accuracy"}


class _Line:
    """One line's context: every failure names the file, the line number and the field."""

    def __init__(self, path: Path, lineno: int) -> None:
        self.where = f"{path}:{lineno}"

    def fail(self, field: str, expected: str, found: str):
        raise TraceError(self.where, field, expected, found)

    def numbers(self, field: str, value, shape: tuple) -> np.ndarray:
        """``value`` as a float64 array of exactly ``shape`` with finite entries."""
        if value is None:
            self.fail(field, f"numbers of shape {shape}", "null")
        try:
            a = np.asarray(value)
        except (ValueError, OverflowError):
            self.fail(field, f"a nested list of shape {shape}", "rows of different lengths")
        if a.dtype.kind not in "iuf":
            what = {"b": "true/false", "U": "text", "O": "ragged rows, null or huge numbers"}
            self.fail(field, f"numbers of shape {shape}", what.get(a.dtype.kind, str(a.dtype)))
        if a.shape != shape:
            self.fail(field, f"shape {shape}", f"shape {a.shape}")
        a = a.astype(np.float64)
        if not np.all(np.isfinite(a)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
            self.fail(field, "finite numbers", f"{a[bad]} at index {list(bad)}")
        return a

    def number(self, field: str, value, lo: float = -math.inf, hi: float = math.inf) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(field, "a number", _short(value))
        if not math.isfinite(value):
            self.fail(field, "a finite number", str(value))
        if not lo <= value <= hi:
            self.fail(field, f"a number in [{lo}, {hi}]", str(value))
        return float(value)

    def layers(self, field: str, value, shapes: list[tuple]) -> list[np.ndarray]:
        if not isinstance(value, list) or len(value) != len(shapes):
            self.fail(field, f"a list of {len(shapes)} arrays (one per layer)",
                      f"a list of {len(value)}" if isinstance(value, list) else _short(value))
        return [self.numbers(f"{field}[{i}]", v, s)
                for i, (v, s) in enumerate(zip(value, shapes, strict=True))]


def _short(value) -> str:
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _lines(path: Path):
    """(line number, text) for each non-blank line, reading at most MAX_LINE_BYTES a line."""
    try:
        f = path.open("rb")
    except FileNotFoundError:
        raise TraceError(path, "file", "an existing JSON-lines file", "no such file") from None
    except IsADirectoryError:
        raise TraceError(path, "file", "a JSON-lines file", "a directory") from None
    except OSError as e:
        raise TraceError(path, "file", "a readable JSON-lines file", e.strerror) from None
    with f:
        lineno = 0
        while True:
            raw = f.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > MAX_LINE_BYTES:
                raise TraceError(f"{path}:{lineno}", "line",
                                 f"at most {MAX_LINE_BYTES} bytes", "a longer line")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise TraceError(f"{path}:{lineno}", "line", "UTF-8 text",
                                 "bytes that are not UTF-8") from None
            if text.strip():
                yield lineno, text


def _parse(ctx: _Line, text: str) -> dict:
    try:
        # NaN and Infinity parse, so that the field holding them is the one named.
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        ctx.fail("line", "one JSON object", f"invalid JSON ({e.msg} at column {e.colno})")
    except RecursionError:
        ctx.fail("line", "one JSON object", "nesting too deep")
    if not isinstance(obj, dict):
        ctx.fail("line", "one JSON object", f"a JSON {type(obj).__name__}")
    return obj


def _missing_or(value) -> str:
    return "nothing (the field is missing)" if value is None else _short(value)


def _check_header_fields(ctx: _Line, h: dict) -> None:
    """The header names this format and version and holds only fields it defines."""
    if "step" in h and "format" not in h:
        ctx.fail("format", f'a header line first ({{"format": "{FORMAT}", ...}})',
                 "a snapshot line")
    if h.get("format") != FORMAT:
        ctx.fail("format", repr(FORMAT), _short(h.get("format")))
    if h.get("version") not in VERSIONS:
        ctx.fail("version", "1 or 2 (this program reads versions 1 and 2)",
                 _short(h.get("version")))
    unknown = sorted(set(h) - HEADER_FIELDS)
    if unknown:
        ctx.fail(unknown[0], f"header fields from {sorted(HEADER_FIELDS)}", "an unknown field")
    new = [k for k in NEW_IN_2 if k in h] + (["output"] if h.get("output") == "regression"
                                              else [])
    if h["version"] == 1 and new:
        ctx.fail("version", f"2 for a header with {new[0]!r} "
                 f"{'regression' if new[0] == 'output' else ''}".rstrip(), "1")


def _sizes(ctx: _Line, h: dict) -> list[int]:
    """The layer widths, checked before anything of that size is read or allocated."""
    sizes = h.get("sizes")
    if sizes is None:
        ctx.fail("sizes", "the layer widths, e.g. [2, 8, 1]", "nothing (the field is missing)")
    if (not isinstance(sizes, list) or not 2 <= len(sizes) <= MAX_LAYERS + 1
            or not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes)):
        ctx.fail("sizes", f"a list of 2 to {MAX_LAYERS + 1} integer widths", _short(sizes))
    if not all(1 <= s <= MAX_WIDTH for s in sizes):
        ctx.fail("sizes", f"widths between 1 and {MAX_WIDTH}", _short(sizes))
    per_snapshot = 8 * sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if per_snapshot > MAX_BYTES:
        ctx.fail("sizes", f"at most {MAX_BYTES} bytes of parameters",
                 f"{per_snapshot} bytes per snapshot for {_short(sizes)}")
    return sizes


def _activations(ctx: _Line, h: dict, sizes: list[int]) -> list[str]:
    """The trace's names of the hidden activations (other frameworks' names mapped)."""
    acts = h.get("activations")
    if not isinstance(acts, list) or len(acts) != len(sizes) - 2:
        ctx.fail("activations", f"a list of {len(sizes) - 2} names (one per hidden layer)",
                 _missing_or(acts))
    mapped = []
    for i, a in enumerate(acts):
        name = ALIASES.get(a, a) if isinstance(a, str) else None
        if name not in ACTIVATIONS:
            ctx.fail(f"activations[{i}]", f"one of {sorted(ACTIVATIONS)} (or "
                     f"{', '.join(sorted(ALIASES))})", _short(a))
        mapped.append(name)
    return mapped


def _output(ctx: _Line, h: dict, sizes: list[int]) -> str:
    output = h.get("output")
    if output not in OUTPUTS:
        ctx.fail("output", f"one of {list(OUTPUTS)}", _missing_or(output))
    problem = OUTPUT_RECORDS[output].units_problem(sizes[-1])
    if problem:
        lo, hi = OUTPUT_RECORDS[output].units
        want = f"{lo}" if lo == hi else f"{lo} to {hi}"
        ctx.fail("sizes", f"{want} output unit(s) for a {output} output",
                 f"{sizes[-1]} in {_short(sizes)}")
    return output


def _choice(ctx: _Line, h: dict, field: str, default: str, choices) -> str:
    value = h.get(field, default)
    if value not in choices:
        ctx.fail(field, f"one of {list(choices)}", _short(value))
    return value


def _data(ctx: _Line, h: dict, sizes: list[int], output: str,
          x: str = "X", t: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """The training (or test) data X (n, sizes[0]) and its targets y (n,): class labels,
    or a regression's numbers."""
    X = h.get(x)
    if not isinstance(X, list) or not 1 <= len(X) <= MAX_POINTS:
        ctx.fail(x, f"a list of 1 to {MAX_POINTS} points",
                 f"{len(X)} points" if isinstance(X, list) else _missing_or(X))
    X = ctx.numbers(x, X, (len(X), sizes[0]))
    y = h.get(t)
    kind = OUTPUT_RECORDS[output]
    what = "labels" if kind.classification else "targets"
    if not isinstance(y, list):
        ctx.fail(t, f"a list of {len(X)} {what}", _missing_or(y))
    y = ctx.numbers(t, y, (len(X),))
    if not kind.classification:
        return X, y
    n_classes = kind.n_classes(sizes[-1])
    if np.any(y != np.round(y)) or y.min() < 0 or y.max() >= n_classes:
        bad = int(np.argmax((y != np.round(y)) | (y < 0) | (y >= n_classes)))
        ctx.fail(f"{t}[{bad}]", f"a class label 0 to {n_classes - 1}", f"{y[bad]:g}")
    return X, y.astype(np.int64)


def _header(ctx: _Line, h: dict) -> dict:
    """Validate the header line, field by field in the order a reader needs them."""
    _check_header_fields(ctx, h)
    sizes = _sizes(ctx, h)
    mapped = _activations(ctx, h, sizes)
    output = _output(ctx, h, sizes)
    input_map = h.get("input_map", "identity")
    if input_map not in INPUT_MAPS:
        ctx.fail("input_map", f"one of {sorted(INPUT_MAPS)}", _short(input_map))
    reduction = _choice(ctx, h, "reduction", "mean", REDUCTIONS)
    layout = _choice(ctx, h, "weights_layout", "in_out", LAYOUTS)
    loss = _choice(ctx, h, "loss", OUTPUT_RECORDS[output].loss.name,
                   [x.name for x in OUTPUT_RECORDS[output].losses])
    X, y = _data(ctx, h, sizes, output)
    X_test = y_test = None
    if "X_test" in h or "y_test" in h:
        for key in ("X_test", "y_test"):
            if key not in h:
                ctx.fail(key, "a value (X_test and y_test come together)",
                         "nothing (the field is missing)")
        X_test, y_test = _data(ctx, h, sizes, output, "X_test", "y_test")
    for key in ("producer", "dataset", "training", "meta"):
        if key in h and not isinstance(h[key], dict):
            ctx.fail(key, "a JSON object", _short(h[key]))
    return {"sizes": sizes, "activations": mapped, "original": h["activations"],
            "output": output, "input_map": input_map, "reduction": reduction,
            "layout": layout, "X": X, "y": y, "loss": loss, "X_test": X_test,
            "y_test": y_test,
            "producer": h.get("producer"), "dataset": h.get("dataset"),
            "training": h.get("training"), "meta": h.get("meta")}


class _Snapshots:
    """Reads the snapshot lines after a header into a SnapshotLog, line by line.

    Every line must carry the same optional fields as the first one (a trace has a loss, an
    accuracy and gradients at every snapshot or at none), and the total size is checked
    before a line's arrays are built.
    """

    def __init__(self, head: dict, log: SnapshotLog) -> None:
        sizes = head["sizes"]
        self.pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
        # the shapes as the file stores them: (in, out), or (out, in) to be transposed
        self.given = [(a, b) if head["layout"] == "in_out" else (b, a) for a, b in self.pairs]
        self.transpose = head["layout"] == "out_in"
        self.per_snapshot = 8 * sum(a * b + b for a, b in self.pairs)
        self.log = log
        self.first: dict | None = None  # which optional fields the first snapshot had

    def _fields(self, ctx: _Line, snap: dict) -> int:
        """Check the line's fields and its step; return the step."""
        if "format" in snap:
            ctx.fail("format", "one header line, at the top", "a second header line")
        unknown = sorted(set(snap) - SNAPSHOT_FIELDS)
        if unknown:
            ctx.fail(unknown[0], f"snapshot fields from {sorted(SNAPSHOT_FIELDS)}",
                     "an unknown field")
        for key in ("step", "weights", "biases"):
            if key not in snap:
                ctx.fail(key, "a value (every snapshot has step, weights, biases)",
                         "nothing (the field is missing)")
        step, log = snap["step"], self.log
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            ctx.fail("step", "an integer >= 0", _short(step))
        if log.steps and step <= log.steps[-1]:
            ctx.fail("step", f"a step after {log.steps[-1]} (steps strictly increase)", str(step))
        if len(log) + 1 > MAX_SNAPSHOTS:
            ctx.fail("step", f"at most {MAX_SNAPSHOTS} snapshots", "more")
        if (len(log) + 1) * self.per_snapshot * (2 if "grad_weights" in snap else 1) > MAX_BYTES:
            ctx.fail("weights", f"at most {MAX_BYTES} bytes of snapshots in all", "more")
        return step

    def _gradients(self, ctx: _Line, snap: dict):
        """(grad_weights, grad_biases) as the file gives them, or (None, None)."""
        if "grad_weights" not in snap and "grad_biases" not in snap:
            return None, None
        for key in ("grad_weights", "grad_biases"):
            if key not in snap:
                ctx.fail(key, "a value (grad_weights and grad_biases come together)",
                         "nothing (the field is missing)")
        return (ctx.layers("grad_weights", snap["grad_weights"], self.given),
                ctx.layers("grad_biases", snap["grad_biases"], [(s,) for _, s in self.pairs]))

    def _same_as_first(self, ctx: _Line, lineno: int, present: dict) -> None:
        if self.first is None:
            self.first = dict(present, line=lineno)
            return
        for key, is_here in present.items():
            had = self.first[key]
            if is_here != had:
                field = "grad_weights" if key == "gradients" else key
                ctx.fail(field, f"{'a value' if had else 'no value'}, as in the first snapshot "
                         f"(line {self.first['line']})",
                         "a value" if is_here else "nothing (the field is missing)")

    def add(self, ctx: _Line, lineno: int, snap: dict) -> None:
        step = self._fields(ctx, snap)
        W = ctx.layers("weights", snap["weights"], self.given)
        b = ctx.layers("biases", snap["biases"], [(s,) for _, s in self.pairs])
        gW, gb = self._gradients(ctx, snap)
        if self.transpose:
            W = [w.T for w in W]
            gW = None if gW is None else [g.T for g in gW]
        loss = snap.get("loss")
        if loss is not None:
            loss = ctx.number("loss", loss)
        acc = snap.get("accuracy")
        if acc is not None and not self.log.kind.classification:
            ctx.fail("accuracy", "no accuracy for a regression (its R^2 and RMSE are computed "
                     "from the parameters)", _short(acc))
        if acc is not None:
            acc = ctx.number("accuracy", acc, 0.0, 1.0)
        self._same_as_first(ctx, lineno, {"loss": loss is not None,
                                          "accuracy": acc is not None,
                                          "gradients": gW is not None})
        self.log.add(step, W, b, gW, gb, loss, acc)


def _import_meta(path: Path, head: dict) -> dict:
    """What the trace records of where it came from: the producer, the file, the mapping."""
    meta = {
        "producer": dict(head["producer"] or {"name": "unknown"}),
        "import": {
            "from": "JSON lines",
            "file": path.name,
            "weights": ("(in, out), stored as given" if head["layout"] == "in_out"
                        else "(out, in) in the file: transposed to (in, out)"),
            "activations": {"original": head["original"], "mapped": head["activations"],
                            "output": head["output"]},
        },
    }
    for key in ("dataset", "training"):
        if head[key] is not None:
            meta[key] = head[key]
    if head["meta"]:
        meta["source_meta"] = head["meta"]
    return meta


def read_jsonl(path, *, gradients: str = "auto") -> Trace:
    """Read and validate a JSON-lines run; return its Trace (not yet saved).

    Raises TraceError naming ``path:line``, the field, what was expected and what was found.
    ``gradients`` follows mlp.importers.common.SnapshotLog ("auto", "require", "none").
    """
    path = Path(path)
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise TraceError(path, "file", "a header line and at least one snapshot line",
                         "an empty file")
    ctx = _Line(path, first[0])
    head = _header(ctx, _parse(ctx, first[1]))
    log = SnapshotLog(X=head["X"], y=head["y"], sizes=head["sizes"],
                      activations=head["activations"], output=head["output"],
                      input_map=head["input_map"], gradients=gradients,
                      reduction=head["reduction"], loss=head["loss"], X_test=head["X_test"],
                      y_test=head["y_test"])
    snapshots = _Snapshots(head, log)
    for lineno, text in lines:
        ctx = _Line(path, lineno)
        snapshots.add(ctx, lineno, _parse(ctx, text))
    if not len(log):
        raise TraceError(path, "file", "at least one snapshot line after the header",
                         "only the header")
    return log.trace(_import_meta(path, head))


def import_jsonl(path, out, *, float32: bool = False, gradients: str = "auto") -> Trace:
    """Convert a JSON-lines run at ``path`` into the trace file ``out`` (written whole or not
    at all, after reading back through the same validation as any trace)."""
    trace = read_jsonl(path, gradients=gradients)
    save_checked(trace, out, source=path, float32=float32)
    return trace


def _rows(a: np.ndarray) -> list:
    return np.asarray(a, dtype=np.float64).tolist()


def write_jsonl(trace: Trace, path) -> Path:
    """Write ``trace`` as JSON lines (floats written exactly, so reading it back is exact)."""
    path = Path(path)
    header = {
        "format": FORMAT,
        "version": trace.needs_version(),
        "sizes": trace.sizes,
        "activations": trace.activations,
        "output": trace.output,
        "input_map": trace.input_map,
        "reduction": trace.meta.get("reduction", "mean"),
        "X": _rows(trace.X),
        "y": np.asarray(trace.y).tolist(),
        "producer": jsonable(trace.meta.get("producer", {})),
    }
    if header["version"] == 2:
        header["loss"] = trace.loss_name
    if trace.has_test:
        header["X_test"] = _rows(trace.X_test)
        header["y_test"] = np.asarray(trace.y_test).tolist()
    for key in ("dataset", "training"):
        if isinstance(trace.meta.get(key), dict):
            header[key] = jsonable(trace.meta[key])
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w") as f:
        f.write(json.dumps(header) + "\n")
        for k in range(trace.n_snapshots):
            snap = {
                "step": int(trace.steps[k]),
                "weights": [_rows(W[k]) for W in trace.weights],
                "biases": [_rows(b[k]) for b in trace.biases],
                "loss": float(trace.loss[k]),
            }
            if trace.kind.classification:
                snap["accuracy"] = float(trace.accuracy[k])
            if trace.has_gradients:
                snap["grad_weights"] = [_rows(g[k]) for g in trace.grad_weights]
                snap["grad_biases"] = [_rows(g[k]) for g in trace.grad_biases]
            f.write(json.dumps(snap) + "\n")
    tmp.replace(path)
    return path
