from __future__ import annotations

import io
import json
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
from scipy.special import expit
from sklearn.metrics import log_loss

from mlp.presets import linear_classifier, seed_notebook
from mlp.trace import Trace, TraceError, load_trace, save_trace


@pytest.fixture(scope="module")
def trace() -> Trace:
    return seed_notebook(steps=200, count=21)


def _rewrite(src: Path, dst: Path, change: dict[str, object]) -> Path:
    """Copy a trace archive, replacing (value) or dropping (None) some entries."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            name = info.filename.removesuffix(".npy")
            if name in change:
                continue
            zout.writestr(info, zin.read(info))
        for name, value in change.items():
            if value is None:
                continue
            if isinstance(value, bytes):
                zout.writestr(f"{name}.npy", value)
            else:
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.asarray(value), allow_pickle=True)
                zout.writestr(f"{name}.npy", buf.getvalue())
    return dst


def _meta(path: Path) -> dict:
    with zipfile.ZipFile(path) as z, z.open("meta.npy") as f:
        return json.loads(np.lib.format.read_array(f).tobytes())


def _meta_array(meta: dict) -> np.ndarray:
    return np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)


def test_round_trip_keeps_every_array(trace, tmp_path):
    path = save_trace(trace, tmp_path / "t.npz")
    back = load_trace(path)
    assert back.sizes == [2, 3, 1] and back.activations == ["sigmoid"]
    for a, b in zip(trace.weights + trace.biases + trace.grad_weights + trace.grad_biases,
                    back.weights + back.biases + back.grad_weights + back.grad_biases,
                    strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(back.X, trace.X)
    np.testing.assert_array_equal(back.y, trace.y)
    np.testing.assert_array_equal(back.loss, trace.loss)
    assert back.meta["preset"] == "seed-notebook" and back.meta["reduction"] == "sum"


def test_same_seed_same_bytes_and_save_load_save_is_identical(tmp_path):
    a = save_trace(seed_notebook(steps=100, count=11), tmp_path / "a.npz")
    b = save_trace(seed_notebook(steps=100, count=11), tmp_path / "b.npz")
    assert a.read_bytes() == b.read_bytes()
    c = save_trace(load_trace(a), tmp_path / "c.npz")
    assert c.read_bytes() == a.read_bytes()
    d = save_trace(seed_notebook(steps=100, count=11, seed=45), tmp_path / "d.npz")
    assert d.read_bytes() != a.read_bytes()


def test_float32_storage(trace, tmp_path):
    p64 = save_trace(trace, tmp_path / "t64.npz")
    p32 = save_trace(trace, tmp_path / "t32.npz", float32=True)
    back = load_trace(p32)
    assert back.meta["dtype"] == "float32" and back.weights[0].dtype == np.float64
    np.testing.assert_allclose(back.weights[0], trace.weights[0], rtol=1e-6)
    assert p32.stat().st_size < p64.stat().st_size


def test_saving_is_atomic_and_leaves_no_temporary_file(trace, tmp_path, monkeypatch):
    path = tmp_path / "t.npz"
    save_trace(trace, path)
    before = path.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(np.lib.format, "write_array", boom)
    with pytest.raises(OSError, match="disk full"):
        save_trace(seed_notebook(steps=10, count=3), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.npz"]


def test_a_saved_trace_is_readable_by_others(trace, tmp_path):
    old = os.umask(0o022)
    try:
        path = save_trace(trace, tmp_path / "t.npz")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_interpolation_between_snapshots(trace):
    W_lo, _ = trace.params_at(3)
    W_hi, _ = trace.params_at(4)
    W_mid, b_mid = trace.params_at(3.25)
    np.testing.assert_allclose(W_mid[0], 0.75 * W_lo[0] + 0.25 * W_hi[0])
    np.testing.assert_array_equal(trace.params_at(-5)[0][0], trace.weights[0][0])
    np.testing.assert_array_equal(trace.params_at(99)[0][1], trace.weights[1][-1])
    assert trace.step_at(3.5) == (trace.steps[3] + trace.steps[4]) / 2
    assert trace.position_of_step(trace.step_at(7.3)) == pytest.approx(7.3)
    assert trace.snapshot_at(3.6) == 4


def _forward_by_hand(W, b, X):
    """The seed's 2-3-1 forward pass written out: (hidden (n, 3), y-hat (n,))."""
    h = expit(X @ W[0] + b[0])
    return h, expit(h @ W[1] + b[1])[:, 0]


def test_derived_quantities_come_from_the_model_at_that_position(trace):
    last = trace.n_snapshots - 1
    W = [w[last] for w in trace.weights]
    b = [v[last] for v in trace.biases]
    h, _ = _forward_by_hand(W, b, trace.X)
    np.testing.assert_allclose(trace.hidden(last), h, rtol=1e-12)
    # position 2.5: halfway between snapshots 2 and 3, parameter by parameter
    grid = trace.predict_grid(2.5, (-3, 3), (-2, 2), (7, 5))
    assert grid.shape == (5, 7)
    W = [(w[2] + w[3]) / 2 for w in trace.weights]
    b = [(v[2] + v[3]) / 2 for v in trace.biases]
    gx, gy = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2, 2, 5))  # row 0 at y = -2
    _, p = _forward_by_hand(W, b, np.column_stack([gx.ravel(), gy.ravel()]))
    np.testing.assert_allclose(grid, p.reshape(5, 7), rtol=1e-12)
    # per-example gradients: the seed's closed forms, x_i delta_i^T and delta_i
    dW, db = trace.per_example_gradients(0)
    assert dW[0].shape == (200, 2, 3) and db[1].shape == (200, 1)
    W = [w[0] for w in trace.weights]
    b = [v[0] for v in trace.biases]
    h, y_hat = _forward_by_hand(W, b, trace.X)
    delta = (y_hat - trace.y)[:, None] * W[1][:, 0] * h * (1 - h)
    np.testing.assert_allclose(dW[0], trace.X[:, :, None] * delta[:, None, :], rtol=1e-10)
    np.testing.assert_allclose(db[0], delta, rtol=1e-10)
    np.testing.assert_allclose(dW[1][:, :, 0], (y_hat - trace.y)[:, None] * h, rtol=1e-10)
    # the notebook's gradient is the sum of the per-example ones
    np.testing.assert_allclose(dW[0].sum(axis=0), trace.grad_weights[0][0], rtol=1e-10)


def test_recorded_loss_and_accuracy_are_those_of_each_snapshots_weights(trace):
    for k in (0, trace.n_snapshots // 2, trace.n_snapshots - 1):
        W = [w[k] for w in trace.weights]
        b = [v[k] for v in trace.biases]
        _, y_hat = _forward_by_hand(W, b, trace.X)
        assert trace.loss[k] == pytest.approx(log_loss(trace.y, y_hat, labels=[0, 1]),
                                              rel=1e-9)
        assert trace.accuracy[k] == np.mean((y_hat >= 0.5) == trace.y)


def test_feature_map_trace_predicts_through_phi():
    t = linear_classifier("circles", feature_map=True, steps=50, count=5)
    assert t.input_map == "square"
    w, b = t.weights[0][-1][:, 0], t.biases[0][-1][0]
    x = np.array([[0.5, -1.5]])
    expected = 1 / (1 + np.exp(-((x**2) @ w + b)))
    np.testing.assert_allclose(t.predict_proba(t.n_snapshots - 1, x), expected)


# ----------------------------------------------------------------- bad traces
@pytest.fixture()
def good(trace, tmp_path) -> Path:
    return save_trace(trace, tmp_path / "good.npz")


def _bad_meta(good: Path, **changes) -> dict:
    meta = _meta(good)
    for k, v in changes.items():
        if v is None:
            meta.pop(k)
        else:
            meta[k] = v
    return {"meta": _meta_array(meta)}


class Evil:
    def __reduce__(self):
        return (Path.touch, (Path(EVIL_MARKER),))


EVIL_MARKER = ""


@pytest.mark.parametrize(
    "name,make,field,expected",
    [
        ("missing weights", lambda g: {"W1": None}, "W1", "an array in the trace"),
        ("missing loss", lambda g: {"loss": None}, "loss", "an array in the trace"),
        ("unknown version", lambda g: _bad_meta(g, version=99), "meta.version", "1"),
        ("wrong format", lambda g: _bad_meta(g, format="other"), "meta.format", "mlp-explainer"),
        ("missing sizes", lambda g: _bad_meta(g, sizes=None), "meta.sizes", "a list of"),
        ("bad activation", lambda g: _bad_meta(g, activations=["swish"]), "meta.activations",
         "names from"),
        ("meta not json", lambda g: {"meta": np.frombuffer(b"{nope", np.uint8)}, "meta",
         "a JSON object"),
        ("shape mismatch", lambda g: {"W0": np.zeros((21, 3, 3))}, "W0", "shape (21, 2, 3)"),
        ("nan", lambda g: {"b1": np.full((21, 1), np.nan)}, "b1", "finite values"),
        ("inf in X", lambda g: {"X": np.vstack([np.full((1, 2), np.inf), np.zeros((199, 2))])},
         "X", "finite values"),
        ("steps not increasing", lambda g: {"steps": np.r_[np.arange(20), 5]}, "steps",
         "strictly increasing"),
        ("labels out of range", lambda g: {"y": np.full(200, 3)}, "y", "labels from 0 to 1"),
        ("int weights", lambda g: {"W1": np.zeros((21, 3, 1), dtype=np.int64)}, "W1",
         "a float array"),
        ("damaged entry", lambda g: {"W0": b"\x93NUMPY garbage"}, "W0", "a readable .npy"),
        ("huge declared size", lambda g: {"W0": _huge_header()}, "W0", "at most"),
        ("unknown entry", lambda g: {"extra": np.zeros(3)}, "file", "only the documented"),
    ],
)
def test_bad_traces_name_the_field(good, tmp_path, name, make, field, expected):
    bad = _rewrite(good, tmp_path / "bad.npz", make(good))
    with pytest.raises(TraceError) as e:
        load_trace(bad)
    assert e.value.field == field
    assert expected in e.value.expected
    message = str(e.value)
    assert message.startswith(str(bad)) and "\n" not in message


def _huge_header() -> bytes:
    header = {"descr": "<f8", "fortran_order": False, "shape": (10**6, 10**6, 10)}
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, header)
    return buf.getvalue()


def test_a_pickled_object_array_is_refused_and_never_executed(good, tmp_path, monkeypatch):
    global EVIL_MARKER
    marker = tmp_path / "executed"
    EVIL_MARKER = str(marker)
    payload = np.array([Evil(), 1], dtype=object)
    assert pickle.dumps(payload)  # a real pickle payload
    bad = _rewrite(good, tmp_path / "bad.npz", {"W0": payload})
    with pytest.raises(TraceError) as e:
        load_trace(bad)
    assert e.value.field == "W0" and "pickled object array" in e.value.found
    bad_meta = _rewrite(good, tmp_path / "bad2.npz", {"meta": payload})
    with pytest.raises(TraceError):
        load_trace(bad_meta)
    assert not marker.exists()


@pytest.mark.parametrize("cut", [10, 200, 2000, -100])
def test_a_truncated_file_is_a_trace_error(good, tmp_path, cut):
    data = good.read_bytes()
    bad = tmp_path / "cut.npz"
    bad.write_bytes(data[:cut])
    with pytest.raises(TraceError) as e:
        load_trace(bad)
    assert "\n" not in str(e.value)


def test_not_a_zip_and_missing_file(tmp_path):
    p = tmp_path / "x.npz"
    p.write_text("hello")
    with pytest.raises(TraceError, match="x.npz: file: expected an .npz archive"):
        load_trace(p)
    with pytest.raises(TraceError, match="no such file"):
        load_trace(tmp_path / "nope.npz")
