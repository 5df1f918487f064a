"""The trace file: snapshots of a training run, the contract between the model and the scenes.

A trace is an ``.npz`` (a zip of ``.npy`` arrays, never pickled) holding a JSON metadata
record, the training data (and optionally a test set) and, for every snapshot, each layer's
weights, biases, their gradients, the loss and the output kind's scores (accuracy, or R^2
and RMSE), on the training set and on the test set. See docs/trace-format.md.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mlp.activations import ACTIVATIONS
from mlp.network import INPUT_MAPS, MLP, OUTPUTS, REDUCTIONS
from mlp.outputs import RECORDS as OUTPUT_RECORDS

FORMAT = "mlp-explainer-trace"
# Version 2 added regression outputs, the loss's name, a test set and a sample of the
# points; a trace that uses none of them is written as version 1, byte for byte as before,
# so that programs reading version 1 still read it. Both versions are read.
VERSION = 2
VERSIONS = (1, 2)
# Metadata keys that must be JSON objects when present.
OBJECT_KEYS = ("dataset", "training", "producer", "import", "init", "sample")

# Sane limits: anything past these is a broken or hostile file, not a training run.
MAX_LAYERS = 64
MAX_WIDTH = 100_000
MAX_POINTS = 1_000_000
MAX_SNAPSHOTS = 1_000_000
MAX_BYTES = 4 * 2**30
MAX_META_BYTES = 1 * 2**20

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same run gives the same bytes


class TraceError(ValueError):
    """A trace file that cannot be used: one line naming file, field, expected and found."""

    def __init__(self, path, field: str, expected: str, found: str) -> None:
        self.path, self.field, self.expected, self.found = str(path), field, expected, found
        super().__init__(f"{path}: {field}: expected {expected}, found {found}")


@dataclass
class Trace:
    """A recorded training run.

    Arrays (S snapshots, L layers, n examples):
      ``X`` (n, d) float64 training inputs, ``y`` (n,) int64 labels (float64 targets for a
      regression),
      ``steps`` (S,) int64 strictly increasing training steps,
      ``weights[i]`` (S, sizes[i], sizes[i+1]), ``biases[i]`` (S, sizes[i+1]),
      ``grad_weights``/``grad_biases``: the same shapes, or None when the producer had none,
      ``loss`` (S,) the mean loss on the whole training set (``meta["loss"]`` names it),
      ``accuracy`` (S,) in [0, 1] for a classification (None for a regression),
      ``r2`` and ``rmse`` (S,) for a regression (None for a classification).
    A test set, when the trace has one: ``X_test`` (m, d), ``y_test`` (m,) and at every
    snapshot ``test_loss`` and ``test_accuracy`` (or ``test_r2``, ``test_rmse``).
    When ``meta["sample"]`` is present, X (and X_test) are a seeded, stratified sample of a
    larger set (``n_total`` points) and the scores are those of the whole set.
    ``meta`` is the JSON metadata record (architecture, training, dataset, producer).
    """

    meta: dict
    X: np.ndarray
    y: np.ndarray
    steps: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    loss: np.ndarray
    accuracy: np.ndarray | None
    grad_weights: list[np.ndarray] | None = None
    grad_biases: list[np.ndarray] | None = None
    path: str | None = field(default=None, compare=False)
    r2: np.ndarray | None = None
    rmse: np.ndarray | None = None
    X_test: np.ndarray | None = None
    y_test: np.ndarray | None = None
    test_loss: np.ndarray | None = None
    test_accuracy: np.ndarray | None = None
    test_r2: np.ndarray | None = None
    test_rmse: np.ndarray | None = None
    _views: dict = field(default_factory=dict, compare=False, repr=False)

    def input_view(self, kind: str = "auto"):
        """The fixed linear view of the inputs in a plane (mlp.projection.input_view of the
        training data and its labels), computed once per trace and kind: the same one for
        every scene and the page."""
        from mlp.projection import input_view

        if kind not in self._views:
            labels = self.y if self.kind.classification else None
            self._views[kind] = input_view(self.X, labels, kind)
        return self._views[kind]

    # --------------------------------------------------------------- metadata
    @property
    def sizes(self) -> list[int]:
        return list(self.meta["sizes"])

    @property
    def activations(self) -> list[str]:
        return list(self.meta["activations"])

    @property
    def output(self) -> str:
        return self.meta["output"]

    @property
    def kind(self):
        """The output kind's record (mlp.outputs): its loss, its metric, its words."""
        return OUTPUT_RECORDS[self.output]

    @property
    def is_regression(self) -> bool:
        return not self.kind.classification

    @property
    def loss_name(self) -> str:
        """The loss the recorded ``loss`` and gradients are of (``meta["loss"]``)."""
        return self.meta.get("loss") or self.kind.loss.name

    @property
    def score(self) -> np.ndarray:
        """The output kind's headline score at every snapshot: accuracy, or R^2."""
        return self.accuracy if self.kind.classification else self.r2

    @property
    def test_score(self) -> np.ndarray | None:
        """The headline score on the test set at every snapshot, or None without one."""
        return self.test_accuracy if self.kind.classification else self.test_r2

    @property
    def has_test(self) -> bool:
        return self.X_test is not None

    @property
    def n_total(self) -> int:
        """How many training points there were in all (more than ``len(X)`` when X is a
        sample of them)."""
        return int(self.meta.get("sample", {}).get("of", len(self.X)))

    @property
    def n_test_total(self) -> int:
        """How many test points there were in all (0 without a test set)."""
        if not self.has_test:
            return 0
        return int(self.meta.get("sample", {}).get("test_of", len(self.X_test)))

    @property
    def feature_names(self) -> list[str] | None:
        """The inputs' names (``meta.dataset.feature_names``), or None."""
        return self.meta.get("dataset", {}).get("feature_names")

    @property
    def class_names(self) -> list[str] | None:
        """The classes' names in label order (``meta.dataset.class_names``), or None."""
        return self.meta.get("dataset", {}).get("class_names")

    @property
    def image_shape(self) -> tuple[int, int] | None:
        """(rows, columns) when each input is an image (8, 8 for the digits), else None."""
        shape = self.meta.get("dataset", {}).get("image_shape")
        return tuple(shape) if shape else None

    @property
    def input_map(self) -> str:
        return self.meta.get("input_map", "identity")

    @property
    def n_snapshots(self) -> int:
        return len(self.steps)

    @property
    def has_gradients(self) -> bool:
        return self.grad_weights is not None

    # ------------------------------------------------------ snapshots and time
    def _position(self, pos: float) -> tuple[int, float]:
        """Split a continuous position in [0, S-1] into a snapshot index and a fraction."""
        last = self.n_snapshots - 1
        pos = min(max(float(pos), 0.0), float(last))
        k = min(int(np.floor(pos)), max(last - 1, 0))
        return k, pos - k

    def params_at(self, pos: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Weights and biases at a fractional snapshot position, linearly interpolated.

        ``pos`` runs from 0 (the first snapshot) to S-1 (the last); 2.5 is halfway between
        snapshots 2 and 3. Positions outside are clamped.
        """
        k, t = self._position(pos)
        if self.n_snapshots == 1 or t == 0.0:
            return [W[k] for W in self.weights], [b[k] for b in self.biases]
        lerp = lambda a: (1.0 - t) * a[k] + t * a[k + 1]  # noqa: E731
        return [lerp(W) for W in self.weights], [lerp(b) for b in self.biases]

    def model(self, k: int) -> MLP:
        """The network exactly as it was at snapshot k (negative k counts from the end)."""
        k = range(self.n_snapshots)[k]
        return self.model_at(k)

    def model_at(self, pos: float) -> MLP:
        """The network at a fractional snapshot position (interpolated parameters)."""
        W, b = self.params_at(pos)
        return MLP(W, b, self.activations, self.output, self.input_map, self.loss_name)

    def step_at(self, pos: float) -> float:
        """The training step at a fractional position (linear between snapshot steps)."""
        k, t = self._position(pos)
        if self.n_snapshots == 1:
            return float(self.steps[0])
        return float((1 - t) * self.steps[k] + t * self.steps[k + 1])

    def snapshot_at(self, pos: float) -> int:
        """The snapshot whose recorded numbers (step, loss, accuracy) describe position pos."""
        return int(np.clip(np.round(pos), 0, self.n_snapshots - 1))

    def position_of_step(self, step: float) -> float:
        """Inverse of ``step_at``: the fractional position where training reaches ``step``."""
        return float(np.interp(step, self.steps, np.arange(self.n_snapshots)))

    # ----------------------------------------------------- derived quantities
    def hidden(self, pos: float, layer: int = 1, X=None) -> np.ndarray:
        """Hidden layer ``layer`` (1-based) activations of X (default: the training data)."""
        return self.model_at(pos).hidden(self.X if X is None else X, layer)

    def predict_proba(self, pos: float, X=None) -> np.ndarray:
        return self.model_at(pos).predict_proba(self.X if X is None else X)

    def predict_grid(
        self, pos: float, xlim: tuple[float, float], ylim: tuple[float, float], resolution=100
    ) -> np.ndarray:
        """Output on a grid over the plane, one vectorised forward pass.

        Returns shape (ny, nx) for a binary output (P(y=1)) or a regression (y-hat), or
        (ny, nx, K) for softmax; row 0 is ``ylim[0]``. ``resolution`` is an int or (nx, ny).
        """
        nx, ny = (resolution, resolution) if np.isscalar(resolution) else resolution
        gx, gy = np.meshgrid(np.linspace(*xlim, nx), np.linspace(*ylim, ny))
        p = self.predict_proba(pos, np.column_stack([gx.ravel(), gy.ravel()]))
        return p.reshape(ny, nx, *p.shape[1:])

    def per_example_gradients(self, pos: float, X=None, y=None):
        """Each example's own dL/dW and dL/db at position pos (see MLP.per_example_gradients)."""
        X, y = (self.X, self.y) if X is None else (X, y)
        return self.model_at(pos).per_example_gradients(X, y)

    def data_bounds(self, margin: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
        """x and y ranges of the training data, widened by ``margin`` of their span."""
        lo, hi = self.X[:, :2].min(axis=0), self.X[:, :2].max(axis=0)
        pad = (hi - lo) * margin
        return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (
            float(lo[1] - pad[1]),
            float(hi[1] + pad[1]),
        )

    def summary(self) -> dict:
        """What ``mlp-explainer inspect`` prints: architecture, training and the end state,
        with the verdict of mlp.convergence (a ``warning`` line for a run that did not learn)."""
        from mlp.convergence import check

        m = self.meta
        out = {
            "path": self.path,
            "sizes": self.sizes,
            "activations": self.activations,
            "output": self.output,
            "loss": self.loss_name,
            "input_map": self.input_map,
            "dataset": m.get("dataset", {}),
            "n_examples": int(len(self.X)),
            "n_total": self.n_total,
            "training": m.get("training", {}),
            "producer": m.get("producer", {}),
            "snapshots": self.n_snapshots,
            "first_step": int(self.steps[0]),
            "last_step": int(self.steps[-1]),
            "first_loss": float(self.loss[0]),
            "final_loss": float(self.loss[-1]),
            "has_gradients": self.has_gradients,
            "convergence": check(self.steps, self.loss, self.score,
                                 self.kind.metric).as_dict(),
        }
        for name in self.kind.metrics:
            out[f"final_{name}"] = float(getattr(self, name)[-1])
        if self.has_test:
            out["n_test"] = int(len(self.X_test))
            out["n_test_total"] = self.n_test_total
            out["final_test_loss"] = float(self.test_loss[-1])
            for name in self.kind.metrics:
                out[f"final_test_{name}"] = float(getattr(self, f"test_{name}")[-1])
        return out

    def needs_version(self) -> int:
        """The lowest format version that holds this trace (1 unless it has a regression
        output, a test set or a sample of the points)."""
        if self.is_regression or self.has_test or "sample" in self.meta:
            return 2
        if self.meta.get("loss", "cross_entropy") != "cross_entropy":
            return 2
        return 1


# ---------------------------------------------------------------------- saving
def _arrays(trace: Trace, float32: bool) -> dict[str, np.ndarray]:
    fdt = np.float32 if float32 else np.float64
    label = np.int64 if trace.kind.classification else np.float64
    out = {
        "X": np.asarray(trace.X, dtype=np.float64),
        "y": np.asarray(trace.y, dtype=label),
        "steps": np.asarray(trace.steps, dtype=np.int64),
        "loss": np.asarray(trace.loss, dtype=np.float64),
    }
    for name in trace.kind.metrics:
        out[name] = np.asarray(getattr(trace, name), dtype=np.float64)
    if trace.has_test:
        out["X_test"] = np.asarray(trace.X_test, dtype=np.float64)
        out["y_test"] = np.asarray(trace.y_test, dtype=label)
        for name in ("loss", *trace.kind.metrics):
            out[f"test_{name}"] = np.asarray(getattr(trace, f"test_{name}"), dtype=np.float64)
    for i, (W, b) in enumerate(zip(trace.weights, trace.biases, strict=True)):
        out[f"W{i}"] = np.asarray(W, dtype=fdt)
        out[f"b{i}"] = np.asarray(b, dtype=fdt)
    if trace.has_gradients:
        for i, (gW, gb) in enumerate(zip(trace.grad_weights, trace.grad_biases, strict=True)):
            out[f"gW{i}"] = np.asarray(gW, dtype=fdt)
            out[f"gb{i}"] = np.asarray(gb, dtype=fdt)
    return out


def save_trace(trace: Trace, path, float32: bool = False) -> Path:
    """Write ``trace`` to ``path`` atomically (a temporary file, then a rename).

    The bytes depend only on the trace: zip entries carry a fixed date and the metadata is
    written with sorted keys. ``float32=True`` stores parameters and gradients in float32.
    """
    path = Path(path)
    meta = dict(trace.meta)
    meta["format"], meta["version"] = FORMAT, trace.needs_version()
    meta["has_gradients"] = trace.has_gradients
    meta["dtype"] = "float32" if float32 else "float64"
    meta_bytes = json.dumps(meta, sort_keys=True, separators=(",", ":")).encode()
    arrays = {"meta": np.frombuffer(meta_bytes, dtype=np.uint8), **_arrays(trace, float32)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:  # name the file the caller asked for, not the temporary one
        raise OSError(e.errno, f"cannot write a trace there ({e.strerror})", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, arr in arrays.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, buf.getvalue())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a trace is ordinary data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    trace.meta = {k: v for k, v in meta.items()}
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------- loading
def _describe(a: np.ndarray) -> str:
    return f"{a.dtype} array of shape {a.shape}"


def _json_type(value) -> str:
    """A JSON value's kind as JSON names it (array, string, number, ...)."""
    return {list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}.get(type(value), type(value).__name__)


class _Reader:
    """Reads and checks one trace file; every failure is a TraceError naming the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, expected: str, found: str):
        raise TraceError(self.path, field, expected, found)

    def open(self) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
        if not self.path.exists():
            self.fail("file", "an existing trace file (.npz)", "no such file")
        if self.path.is_dir():
            self.fail("file", "a trace file (.npz)", "a directory")
        try:
            zf = zipfile.ZipFile(self.path)
            entries = {i.filename: i for i in zf.infolist()}
        except (zipfile.BadZipFile, OSError, EOFError) as e:
            self.fail("file", "an .npz archive (a zip of .npy arrays)", f"unreadable data ({e})")
        total = sum(i.file_size for i in entries.values())
        if total > MAX_BYTES:
            self.fail("file", f"at most {MAX_BYTES} bytes of arrays", f"{total} bytes declared")
        return zf, entries

    def array(self, zf, entries, name: str, required: bool = True) -> np.ndarray | None:
        info = entries.get(f"{name}.npy")
        if info is None:
            if required:
                self.fail(name, "an array in the trace", "it is missing")
            return None
        try:
            with zf.open(info) as f:
                version = np.lib.format.read_magic(f)
                read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                               else np.lib.format.read_array_header_2_0)
                shape, _, dtype = read_header(f)
                if dtype.hasobject:
                    self.fail(name, "a numeric array", "a pickled object array (refused)")
                nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
                if nbytes > MAX_BYTES:
                    self.fail(name, f"at most {MAX_BYTES} bytes", f"shape {shape} declared")
            with zf.open(info) as f:
                return np.lib.format.read_array(f, allow_pickle=False)
        except TraceError:
            raise
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as e:
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            self.fail(name, "a readable .npy array", f"a damaged entry ({msg})")

    def meta(self, raw: np.ndarray) -> dict:
        if raw.dtype != np.uint8 or raw.ndim != 1:
            self.fail("meta", "UTF-8 JSON bytes (uint8, 1-D)", _describe(raw))
        if raw.size > MAX_META_BYTES:
            self.fail("meta", f"at most {MAX_META_BYTES} bytes", f"{raw.size} bytes")
        try:
            meta = json.loads(raw.tobytes().decode())
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            self.fail("meta", "a JSON object", f"invalid JSON ({e})")
        if not isinstance(meta, dict):
            self.fail("meta", "a JSON object", type(meta).__name__)
        if meta.get("format") != FORMAT:
            self.fail("meta.format", repr(FORMAT), repr(meta.get("format")))
        if meta.get("version") not in VERSIONS:
            self.fail("meta.version", f"1 or 2 (this program reads versions "
                      f"{', '.join(map(str, VERSIONS))})", repr(meta.get("version")))
        for key in OBJECT_KEYS:
            if key in meta and not isinstance(meta[key], dict):
                self.fail(f"meta.{key}", "a JSON object", f"a JSON {_json_type(meta[key])}")
        sizes = meta.get("sizes")
        if (
            not isinstance(sizes, list)
            or not 2 <= len(sizes) <= MAX_LAYERS + 1
            or not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes)
            or not all(1 <= s <= MAX_WIDTH for s in sizes)
        ):
            self.fail(
                "meta.sizes",
                f"a list of 2 to {MAX_LAYERS + 1} widths between 1 and {MAX_WIDTH}",
                repr(sizes)[:80],
            )
        acts = meta.get("activations")
        if not isinstance(acts, list) or len(acts) != len(sizes) - 2:
            self.fail("meta.activations",
                      f"a list of {len(sizes) - 2} names (one per hidden layer)", repr(acts)[:80])
        for a in acts:
            if a not in ACTIVATIONS:
                self.fail("meta.activations", f"names from {sorted(ACTIVATIONS)}", repr(a))
        out = meta.get("output")
        outputs = OUTPUTS if meta["version"] >= 2 else ("binary", "softmax")
        if out not in outputs:
            self.fail("meta.output", f"one of {list(outputs)}", repr(out))
        kind = OUTPUT_RECORDS[out]
        problem = kind.units_problem(sizes[-1])
        if problem:
            lo, hi = kind.units
            want = f"{lo}" if lo == hi else f"{lo} to {hi}"
            self.fail("meta.sizes", f"{want} output unit(s) for a {out} output", str(sizes[-1]))
        loss = meta.get("loss", kind.loss.name)
        names = [x.name for x in kind.losses]
        if loss not in names:
            self.fail("meta.loss", f"one of {names} for a {out} output", repr(loss))
        if meta.get("input_map", "identity") not in INPUT_MAPS:
            self.fail("meta.input_map", f"one of {sorted(INPUT_MAPS)}", repr(meta.get("input_map")))
        red = meta.get("reduction", "mean")
        if red not in REDUCTIONS:
            self.fail("meta.reduction", f"one of {list(REDUCTIONS)}", repr(red))
        if not isinstance(meta.get("has_gradients"), bool):
            self.fail("meta.has_gradients", "true or false", repr(meta.get("has_gradients")))
        self.dataset_names(meta, sizes, kind)
        self.sample(meta)
        return meta

    def dataset_names(self, meta: dict, sizes: list[int], kind) -> None:
        """meta.dataset's feature_names, class_names and image_shape, when present, fit the
        network: one name per input and per class, and rows x columns = the inputs."""
        ds = meta.get("dataset", {})
        d, k = sizes[0], kind.n_classes(sizes[-1])
        for key, count in (("feature_names", d), ("class_names", k)):
            if key not in ds:
                continue
            names = ds[key]
            if (not isinstance(names, list) or len(names) != count
                    or not all(isinstance(x, str) for x in names)):
                what = "inputs" if key == "feature_names" else "classes"
                self.fail(f"meta.dataset.{key}", f"a list of {count} names (one per "
                          f"{what[:-1] if count == 1 else what})", repr(names)[:80])
        if "image_shape" in ds:
            shape = ds["image_shape"]
            if (not isinstance(shape, list) or len(shape) != 2
                    or not all(isinstance(x, int) and not isinstance(x, bool) and x > 0
                               for x in shape) or shape[0] * shape[1] != d):
                self.fail("meta.dataset.image_shape", f"[rows, columns] with rows x columns "
                          f"= {d} inputs", repr(shape)[:80])

    def sample(self, meta: dict) -> None:
        """meta.sample, when present: {"of": N, "seed": s, ...} with whole numbers."""
        if "sample" not in meta:
            return
        for key in ("of", "seed", "test_of"):
            v = meta["sample"].get(key)
            if key == "test_of" and v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                self.fail(f"meta.sample.{key}", "a whole number >= 0", repr(v)[:80])

    def numeric(self, name: str, a: np.ndarray, shape: tuple, kind: str) -> np.ndarray:
        if a.shape != shape:
            self.fail(name, f"shape {shape}", f"shape {a.shape}")
        if kind == "f":
            if a.dtype.kind != "f":
                self.fail(name, "a float array", _describe(a))
            if not np.all(np.isfinite(a)):
                bad = np.argwhere(~np.isfinite(a))[0]
                where = tuple(int(i) for i in bad)
                self.fail(name, "finite values", f"{a[where]} at index {where}")
            return a.astype(np.float64)
        if a.dtype.kind not in "iu":
            self.fail(name, "an integer array", _describe(a))
        return a.astype(np.int64)

    def score(self, name: str, a: np.ndarray, S: int) -> np.ndarray:
        """One score per snapshot: an accuracy in [0, 1], an R^2 <= 1 or an RMSE >= 0."""
        a = self.numeric(name, a, (S,), "f")
        lo, hi = {"accuracy": (0.0, 1.0), "r2": (-np.inf, 1.0),
                  "rmse": (0.0, np.inf)}[name.removeprefix("test_")]
        if np.any((a < lo) | (a > hi)):
            want = {(0.0, 1.0): "values in [0, 1]", (-np.inf, 1.0): "values <= 1",
                    (0.0, np.inf): "values >= 0"}[(lo, hi)]
            self.fail(name, want, f"range [{a.min()}, {a.max()}]")
        return a


    def data(self, zf, entries, meta: dict, x: str, y: str, train_n: int | None = None):
        """X (n, d) and its targets: class labels of the output's classes, or finite values.
        A test set (``train_n`` given) must have the training set's inputs and targets."""
        sizes = meta["sizes"]
        kind = OUTPUT_RECORDS[meta["output"]]
        X = self.array(zf, entries, x)
        train = "" if train_n is None else ", as the training set X"
        if X.ndim != 2 or X.shape[1] != sizes[0]:
            self.fail(x, f"shape (n, {sizes[0]}){train}", f"shape {X.shape}")
        n = X.shape[0]
        if not 1 <= n <= MAX_POINTS:
            self.fail(x, f"1 to {MAX_POINTS} examples", str(n))
        X = self.numeric(x, X, (n, sizes[0]), "f")
        if kind.classification:
            Y = self.numeric(y, self.array(zf, entries, y), (n,), "i")
            k = kind.n_classes(sizes[-1])
            if Y.min() < 0 or Y.max() >= k:
                same = ", as for the training set" if train else ""
                self.fail(y, f"labels from 0 to {k - 1}{same}",
                          f"labels from {Y.min()} to {Y.max()}")
        else:
            Y = self.numeric(y, self.array(zf, entries, y), (n,), "f")
        return X, Y


def load_trace(path) -> Trace:
    """Read and validate a trace; any problem raises TraceError. Never unpickles anything."""
    path = Path(path)
    r = _Reader(path)
    zf, entries = r.open()
    with zf:
        meta = r.meta(r.array(zf, entries, "meta"))
        sizes = meta["sizes"]
        kind = OUTPUT_RECORDS[meta["output"]]
        X, y = r.data(zf, entries, meta, "X", "y")
        n = len(X)
        if "sample" in meta and meta["sample"]["of"] < n:
            r.fail("meta.sample.of", f"at least the {n} points in X", str(meta["sample"]["of"]))
        steps = r.array(zf, entries, "steps")
        if steps.ndim != 1 or not 1 <= len(steps) <= MAX_SNAPSHOTS:
            r.fail("steps", f"a 1-D array of 1 to {MAX_SNAPSHOTS} steps", _describe(steps))
        S = len(steps)
        steps = r.numeric("steps", steps, (S,), "i")
        if steps[0] < 0 or np.any(np.diff(steps) <= 0):
            r.fail("steps", "strictly increasing steps >= 0", f"{steps[:8].tolist()}...")
        loss = r.numeric("loss", r.array(zf, entries, "loss"), (S,), "f")
        scores = {name: r.score(name, r.array(zf, entries, name), S) for name in kind.metrics}
        test = {}
        if "X_test.npy" in entries or "y_test.npy" in entries:
            test["X_test"], test["y_test"] = r.data(zf, entries, meta, "X_test", "y_test", n)
            m = len(test["X_test"])
            if "sample" in meta and meta["sample"].get("test_of", m) < m:
                r.fail("meta.sample.test_of", f"at least the {m} points in X_test",
                       str(meta["sample"]["test_of"]))
            test["test_loss"] = r.numeric("test_loss", r.array(zf, entries, "test_loss"),
                                          (S,), "f")
            for name in kind.metrics:
                key = f"test_{name}"
                test[key] = r.score(key, r.array(zf, entries, key), S)
        layers = {}
        prefixes = ["W", "b"] + (["gW", "gb"] if meta["has_gradients"] else [])
        for pre in prefixes:
            layers[pre] = []
            for i in range(len(sizes) - 1):
                shape = (S, sizes[i], sizes[i + 1]) if pre.endswith("W") else (S, sizes[i + 1])
                name = f"{pre}{i}"
                layers[pre].append(r.numeric(name, r.array(zf, entries, name), shape, "f"))
        known = ({"meta", "X", "y", "steps", "loss", *scores, *test}
                 | {f"{p}{i}" for p in ("W", "b", "gW", "gb") for i in range(len(sizes) - 1)})
        extra = [k for k in entries if k.removesuffix(".npy") not in known]
        if extra:
            r.fail("file", "only the documented arrays", f"unknown entries {sorted(extra)[:4]}")
    return Trace(
        meta=meta, X=X, y=y, steps=steps, weights=layers["W"], biases=layers["b"],
        loss=loss, accuracy=scores.get("accuracy"), grad_weights=layers.get("gW"),
        grad_biases=layers.get("gb"), path=str(path), r2=scores.get("r2"),
        rmse=scores.get("rmse"), **test,
    )
