"""The JSON-lines format: exact round trips, and one clear line for every malformed line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mlp.importers import jsonl
from mlp.importers.jsonl import import_jsonl, read_jsonl, write_jsonl
from mlp.presets import seed_notebook
from mlp.trace import TraceError, load_trace


@pytest.fixture(scope="module")
def trace():
    return seed_notebook(steps=60, count=7)


@pytest.fixture()
def run_file(trace, tmp_path) -> Path:
    return write_jsonl(trace, tmp_path / "run.jsonl")


def _assert_same_run(a, b):
    for name in ("X", "y", "steps", "loss", "accuracy"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    for pair in (("weights", "weights"), ("biases", "biases"),
                 ("grad_weights", "grad_weights"), ("grad_biases", "grad_biases")):
        for x, y in zip(getattr(a, pair[0]), getattr(b, pair[1]), strict=True):
            np.testing.assert_array_equal(x, y)
    assert (a.sizes, a.activations, a.output) == (b.sizes, b.activations, b.output)


def test_round_trip_is_exact(trace, run_file, tmp_path):
    back = read_jsonl(run_file)
    _assert_same_run(trace, back)
    assert back.meta["producer"] == trace.meta["producer"]
    assert back.meta["reduction"] == trace.meta["reduction"] == "sum"  # the seed's
    assert back.meta["import"]["from"] == "JSON lines"
    out = tmp_path / "t.npz"
    import_jsonl(run_file, out)
    _assert_same_run(trace, load_trace(out))
    # and back out again: the same lines
    again = write_jsonl(load_trace(out), tmp_path / "again.jsonl")
    assert again.read_text().splitlines()[1:] == run_file.read_text().splitlines()[1:]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _write(path: Path, objs) -> Path:
    path.write_text("".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs))
    return path


def test_out_in_layout_is_transposed_and_aliases_map(trace, run_file, tmp_path):
    objs = _lines(run_file)
    objs[0]["weights_layout"] = "out_in"
    objs[0]["activations"] = ["logistic"]
    for o in objs[1:]:
        o["weights"] = [np.array(w).T.tolist() for w in o["weights"]]
        o["grad_weights"] = [np.array(w).T.tolist() for w in o["grad_weights"]]
    back = read_jsonl(_write(tmp_path / "torchish.jsonl", objs))
    _assert_same_run(trace, back)
    assert back.meta["import"]["activations"]["original"] == ["logistic"]
    assert "transposed" in back.meta["import"]["weights"]


def test_loss_and_accuracy_may_be_left_to_the_core(trace, run_file, tmp_path):
    objs = _lines(run_file)
    for o in objs[1:]:
        del o["loss"], o["accuracy"], o["grad_weights"], o["grad_biases"]
    back = read_jsonl(_write(tmp_path / "bare.jsonl", objs))
    np.testing.assert_allclose(back.loss, trace.loss, rtol=1e-12)
    np.testing.assert_array_equal(back.accuracy, trace.accuracy)
    assert not back.has_gradients
    assert "computed by mlp-explainer" in back.meta["import"]["loss"]


def _set(line: int, key: str, value):
    def change(objs):
        objs[line - 1][key] = value
    return change


def _drop(line: int, key: str):
    def change(objs):
        del objs[line - 1][key]
    return change


def _raw(line: int, text: str):
    def change(objs):
        objs[line - 1] = text
    return change


def _nan_in_weights(objs):
    objs[2]["weights"][0][1][2] = float("nan")  # json.dumps writes NaN


def _ragged(objs):
    objs[1]["weights"][0][1] = [1.0]


def _swap_header(objs):
    objs[0], objs[1] = objs[1], objs[0]


MALFORMED = [
    # (change, line, field, part of the message)
    (_raw(3, '{"step": 1, "weights": [[1, 2], '), 3, "line", "invalid JSON"),
    (_raw(2, "[1, 2, 3]"), 2, "line", "a JSON list"),
    (_set(2, "weights", [[[0.0] * 3], [[0.0]] * 3]), 2, "weights[0]",
     "shape (2, 3), found shape (1, 3)"),
    (_set(4, "biases", [[0.0, 0.0], [0.0]]), 4, "biases[0]", "shape (3,), found shape (2,)"),
    (_set(2, "weights", [[[0.0] * 3] * 2]), 2, "weights", "a list of 2 arrays"),
    (_ragged, 2, "weights[0]", "rows of different lengths"),
    (_set(3, "biases", [["a", "b", "c"], [0.0]]), 3, "biases[0]", "text"),
    (_drop(4, "biases"), 4, "biases", "missing"),
    (_drop(2, "step"), 2, "step", "missing"),
    (_drop(1, "X"), 1, "X", "missing"),
    (_drop(1, "sizes"), 1, "sizes", "missing"),
    (_drop(1, "output"), 1, "output", "missing"),
    (_drop(5, "grad_biases"), 5, "grad_biases", "come together"),
    (_drop(5, "loss"), 5, "loss", "as in the first snapshot (line 2)"),
    (_nan_in_weights, 3, "weights[0]", "finite numbers, found nan at index [1, 2]"),
    (_set(4, "loss", float("nan")), 4, "loss", "a finite number, found nan"),
    (_set(4, "loss", float("inf")), 4, "loss", "a finite number, found inf"),
    (_set(3, "accuracy", 1.5), 3, "accuracy", "in [0.0, 1.0]"),
    (_set(1, "sizes", [2, 10**12, 1]), 1, "sizes", "widths between 1 and 100000"),
    (_set(1, "sizes", [2, 100000, 100000, 1]), 1, "sizes", "bytes of parameters"),
    (_set(1, "sizes", [2] * 100), 1, "sizes", "a list of 2 to 65"),
    (_set(1, "activations", ["gelu"]), 1, "activations[0]", '"gelu"'),
    (_set(1, "activations", []), 1, "activations", "a list of 1 names"),
    (_set(1, "output", "sigmoid"), 1, "output", "one of ['binary', 'softmax', 'regression']"),
    (_set(1, "version", 3), 1, "version", "found 3"),
    (_set(1, "y", [0, 1]), 1, "y", "shape (200,)"),
    (_set(1, "weights_layout", "column_major"), 1, "weights_layout", "in_out"),
    (_set(1, "reduction", "median"), 1, "reduction", "one of ['mean', 'sum']"),
    (_set(1, "producer", "keras"), 1, "producer", "a JSON object"),
    (_set(1, "colour", "red"), 1, "colour", "an unknown field"),
    (_set(3, "grads", []), 3, "grads", "an unknown field"),
    (_set(4, "step", 1), 4, "step", "steps strictly increase"),
    (_set(2, "step", -1), 2, "step", "an integer >= 0"),
    (_set(2, "step", 1.5), 2, "step", "an integer >= 0"),
    (_swap_header, 1, "format", "a header line first"),
    (_raw(3, json.dumps({"format": "mlp-explainer-jsonl"})), 3, "format", "a second header"),
]


@pytest.mark.parametrize("change, line, field, says", MALFORMED,
                         ids=[f"line{m[1]}-{m[2]}-{i}" for i, m in enumerate(MALFORMED)])
def test_malformed_line_names_line_and_field(run_file, tmp_path, change, line, field, says):
    objs = _lines(run_file)
    change(objs)
    bad = _write(tmp_path / "bad.jsonl", objs)
    with pytest.raises(TraceError) as err:
        read_jsonl(bad)
    message = str(err.value)
    assert message.startswith(f"{bad}:{line}: {field}: expected "), message
    assert says in message, message
    assert "\n" not in message


def test_y_label_out_of_range_names_the_entry(run_file, tmp_path):
    objs = _lines(run_file)
    objs[0]["y"][17] = 2
    with pytest.raises(TraceError, match=r":1: y\[17\]: expected a class label 0 to 1, found 2"):
        read_jsonl(_write(tmp_path / "bad.jsonl", objs))


def test_infinity_in_the_data(run_file, tmp_path):
    objs = _lines(run_file)
    objs[0]["X"][3][1] = float("inf")
    with pytest.raises(TraceError, match=r":1: X: expected finite numbers, found inf at "
                                         r"index \[3, 1\]"):
        read_jsonl(_write(tmp_path / "bad.jsonl", objs))


def test_blank_lines_are_skipped_and_counted(run_file, tmp_path):
    objs = _lines(run_file)
    objs.insert(2, "")
    objs[4]["biases"] = [[0.0], [0.0]]
    with pytest.raises(TraceError, match=r"bad.jsonl:5: biases\[0\]"):
        read_jsonl(_write(tmp_path / "bad.jsonl", objs))


def test_a_line_longer_than_the_limit(run_file, tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 5000)
    with pytest.raises(TraceError, match=r"run.jsonl:1: line: expected at most 5000 bytes"):
        read_jsonl(run_file)


def test_not_utf8(tmp_path):
    path = tmp_path / "bin.jsonl"
    path.write_bytes(b"\x80\x04\x95 pickled bytes\n")
    with pytest.raises(TraceError, match=r"bin.jsonl:1: line: expected UTF-8 text"):
        read_jsonl(path)


@pytest.mark.parametrize("text, says", [
    ("", "file: expected a header line and at least one snapshot line, found an empty file"),
    ("\n\n", "found an empty file"),
])
def test_empty_file(tmp_path, text, says):
    path = tmp_path / "empty.jsonl"
    path.write_text(text)
    with pytest.raises(TraceError, match=says):
        read_jsonl(path)


def test_header_only(run_file, tmp_path):
    objs = _lines(run_file)[:1]
    with pytest.raises(TraceError, match="at least one snapshot line after the header"):
        read_jsonl(_write(tmp_path / "head.jsonl", objs))


def test_missing_file(tmp_path):
    with pytest.raises(TraceError, match="no such file"):
        read_jsonl(tmp_path / "nope.jsonl")


def test_failed_import_leaves_no_output(run_file, tmp_path):
    objs = _lines(run_file)
    objs[-1]["loss"] = None  # a null loss on the last line only
    out = tmp_path / "out.npz"
    with pytest.raises(TraceError):
        import_jsonl(_write(tmp_path / "bad.jsonl", objs), out)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "run.jsonl"]


def test_the_documented_example_converts(tmp_path):
    """The example file in docs/trace-format.md ("JSON lines") is a valid run."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "trace-format.md").read_text()
    section = doc[doc.index("## JSON lines"):]
    block = section[section.index("```json") + len("```json"):]
    block = block[:block.index("```")]
    decoder, objs, i = json.JSONDecoder(), [], 0
    while block[i:].strip():
        i += len(block[i:]) - len(block[i:].lstrip())
        obj, i = decoder.raw_decode(block, i)
        objs.append(obj)
    trace = read_jsonl(_write(tmp_path / "example.jsonl", objs))
    assert trace.sizes == [2, 2, 1] and trace.steps.tolist() == [0, 10]
    assert trace.meta["producer"] == {"name": "my-notebook", "version": "1"}
    np.testing.assert_array_equal(trace.weights[1][1], [[1.2], [-0.8]])
