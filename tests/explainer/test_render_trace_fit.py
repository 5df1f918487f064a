"""`mlp-explainer render --trace T` renders the chapters that can play T and names the others,
each with its scene's own line; a trace no chapter can play is one line and exit code 2.

What each chapter plays is written out here again, from the README's table and the
chapters' documented rules (the test's own statement, not the scenes' code), and the
skipped chapters must be exactly those the statement rules out, with exactly the lines it
predicts.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from explainer.cli import main
from explainer.pipeline.fit import split_story
from explainer.pipeline.run import ROOT
from explainer.story import STORY
from mlp.network import MLP
from mlp.trace import load_trace, save_trace
from mlp.train import TrainConfig, train

FLAGS = ["--resolution", "256,144", "--fps", "5"]


def _why(sizes, output, input_map, path) -> dict[str, str | None]:
    """scene -> the line it refuses the trace with (None: it plays it), from the rules:

    - LinearClassifier, CirclesAreNotSeparable: a 2-1 network, binary output, no input map;
    - FeatureMap: a 2-1 network, binary output, input map 'square';
    - ThreeClassifiers: as the input-plane scenes, and a first hidden layer of at most 8;
    - OpeningQuestion: 2-D inputs (it shows the data alone);
    - BecomeANetwork: one hidden layer of at most 8 units, a binary output, 2-D inputs;
    - WhoPullsTheLines: at least 1 hidden layer of any width (a wide first layer draws its
      strongest lines), at most 10 classes, 2-D inputs, no input map;
    - ComputationalGraph, ChainRulePath: 1 to 4 hidden layers of at most 64 units, at most 10
      classes, any number of inputs (they draw the strongest of a wide input layer), no input
      map;
    - HiddenLinesTraining: at least 1 hidden layer of any width, at most 10 classes, 2-D
      inputs, any input map (a wide layer shows its strongest units);
    - the warps: at least 1 hidden layer of any width, at most 10 classes, at least 2 inputs
      (more are seen through their view), no input map;
    - DecisionBoundary: the same with any input map;
    - BumpsAddUp: one hidden layer and a regression output (of one input);
    - HandwrittenDigits: a classifier on image inputs (a recorded image shape) with a test
      set;
    - the chapters that play their own bundled traces are never left out.
    """
    got = f"{path} has sizes {sizes} ({output} output)"
    hidden = len(sizes) - 2
    classes = 2 if output == "binary" else sizes[-1]

    def plane(max_layers, maps=("identity",), inputs=2):
        if not 1 <= hidden <= max_layers:
            return f"needs 1 to {max_layers} hidden layers, but {got}"
        if max(sizes[1:-1]) > 64:
            return f"needs hidden layers of at most 64 units, but {got}"
        if classes > 10:
            return f"needs at most 10 classes, but {got}"
        if inputs is not None and sizes[0] != inputs:
            return f"needs 2-D inputs (a plane), but {got}"
        if maps is not None and input_map not in maps:
            return f"needs input map 'identity', but {path} has input map {input_map!r}"
        return None

    def linear(want_map):
        if sizes != [2, 1]:
            return f"needs a 2-1 network, but {got}"
        if output != "binary":
            return f"needs a binary output, but {got}"
        if input_map != want_map:
            return f"needs input map {want_map!r}, but {path} has input map {input_map!r}"
        return None

    network = ((f"needs 1 hidden layer(s), but {got}" if hidden != 1 else None)
               or (f"needs a binary output, but {got}" if output != "binary" else None)
               or plane(1) or (f"needs a first hidden layer of at most 8 units, but {got}"
                               if sizes[1] > 8 else None))

    def any_network(two_d, maps=("identity",)):
        if hidden < 1:
            return f"needs at least 1 hidden layer(s), but {got}"
        if classes > 10:
            return f"needs at most 10 classes, but {got}"
        if two_d and sizes[0] != 2:
            return f"needs 2-D inputs (a plane), but {got}"
        if sizes[0] < 2:
            return f"needs at least 2 inputs, but {got}"
        if maps is not None and input_map not in maps:
            return f"needs input map 'identity', but {path} has input map {input_map!r}"
        return None

    # DecisionBoundary draws the output, not the units: any width and depth, any inputs
    boundary = any_network(False, maps=None)
    three = plane(6) or (f"needs a first hidden layer of at most 8 units, but {got}"
                         if sizes[1] > 8 else None)
    return {"LinearClassifier": linear("identity"), "CirclesAreNotSeparable": linear("identity"),
            "FeatureMap": linear("square"), "ThreeClassifiers": three,
            "BecomeANetwork": network,
            "OpeningQuestion": (f"needs 2-D inputs (a plane), but {got}" if sizes[0] != 2
                                else None),
            "HiddenLinesTraining": any_network(True, maps=None), "DecisionBoundary": boundary,
            "HiddenSpaceWarp": any_network(False), "WarpDuringTraining": any_network(False),
            "ComputationalGraph": plane(4, inputs=None), "ChainRulePath": plane(4, inputs=None),
            "WhoPullsTheLines": any_network(True),
            "BumpsAddUp": (f"needs 1 hidden layer(s), but {got}" if hidden != 1
                           else f"needs a regression output, but {got}"),
            "HandwrittenDigits": (f"needs image inputs (a trace that records their image "
                                  f"shape), but {path} has {sizes[0]} inputs and no image "
                                  "shape")}


def expected_skips(path, sizes, output, input_map="identity") -> dict[str, str]:
    rules = _why(sizes, output, input_map, path)
    return {ch.scene: rules[ch.scene] for ch in STORY
            if ch.plays_trace and rules[ch.scene] is not None}


def make_trace(path, sizes, *, input_map="identity", seed=0):
    """A short run of the core on random points (labels from a fixed rule), saved to path."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, sizes[0]))
    classes = 2 if sizes[-1] == 1 else sizes[-1]
    y = (np.floor((np.arctan2(X[:, 1], X[:, 0]) + np.pi) / (2 * np.pi) * classes)
         .astype(int) % classes)
    W = [rng.normal(0, 0.5, (a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    b = [np.zeros(n) for n in sizes[1:]]
    model = MLP(W, b, "tanh", "binary" if sizes[-1] == 1 else "softmax", input_map)
    trace = train(model, X, y, TrainConfig(lr=0.1, steps=4), np.array([0, 2, 4]),
                  meta={"dataset": {"name": "test"}})
    save_trace(trace, path)
    return load_trace(path)


SHAPES = {
    "five layers": ([2, 3, 4, 4, 4, 4, 1], "identity"),
    "wide first layer, 3 classes": ([2, 12, 3], "identity"),
    "the seed's shape": ([2, 3, 1], "identity"),
    "logistic regression": ([2, 1], "identity"),
    "feature map": ([2, 1], "square"),
    "deep with a feature map": ([2, 5, 5, 1], "square"),
    "seven layers": ([2, 3, 3, 3, 3, 3, 3, 3, 1], "identity"),
    "nine classes": ([2, 6, 9], "identity"),
    "three inputs": ([3, 4, 1], "identity"),
    "three inputs, five layers": ([3, 3, 4, 4, 4, 4, 1], "identity"),
    "wider than 64": ([2, 65, 1], "identity"),
}


@pytest.mark.parametrize("name", SHAPES)
def test_every_chapter_left_out_is_one_its_scene_refuses(tmp_path, name):
    sizes, input_map = SHAPES[name]
    path = tmp_path / "t.npz"
    trace = make_trace(path, sizes, input_map=input_map)
    expected = expected_skips(trace.path, sizes, trace.output, input_map)
    players = [ch for ch in STORY if ch.plays_trace]
    if len(expected) == len(players):
        with pytest.raises(ValueError, match="none of the .* chapters that play a trace"):
            split_story(list(STORY), trace, ROOT)
        return
    kept, skipped = split_story(list(STORY), trace, ROOT)
    assert {s.scene: s.reason for s in skipped} == expected
    assert [ch.scene for ch in kept] == [ch.scene for ch in STORY if ch.scene not in expected]


def test_render_names_each_skipped_chapter_and_renders_the_rest(tmp_path, capsys):
    trace_path = tmp_path / "deep.npz"
    sizes = [2, 3, 4, 4, 4, 4, 1]  # five hidden layers: beyond the graph's four
    make_trace(trace_path, sizes)
    asked = ["LinearClassifier", "FeatureMap", "ThreeClassifiers", "ComputationalGraph",
             "ChainRulePath"]
    out = tmp_path / "out"
    code = main(["render", "--trace", str(trace_path), "--scenes", ",".join(asked), *FLAGS,
                 "--out", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    rules = _why(sizes, "binary", "identity", str(trace_path))
    skipped = [line for line in err.splitlines() if "skipped" in line]
    assert skipped == [f"mlp-explainer render: skipped {s}: {rules[s]}"
                       for s in asked if rules[s]]
    assert [s for s in asked if not rules[s]] == ["ThreeClassifiers"]
    assert "Traceback" not in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert [c["scene"] for c in manifest["clips"]] == ["ThreeClassifiers"]
    assert (out / "clips" / "ThreeClassifiers.mp4").is_file()
    assert [(s["scene"], s["reason"]) for s in manifest["skipped"]] == \
        [(s, rules[s]) for s in asked if rules[s]]
    assert "failed" not in manifest
    # the chapters that could play it make the joined explainer
    assert [c["scene"] for c in manifest["explainer"]["chapters"]] == ["ThreeClassifiers"]


def test_a_trace_no_chapter_can_play_is_one_line_and_exit_2(tmp_path, capsys):
    trace_path = tmp_path / "three-inputs-no-hidden-layer.npz"
    make_trace(trace_path, [3, 1])
    out = tmp_path / "out"
    code = main(["render", "--trace", str(trace_path), *FLAGS, "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    players = sum(ch.plays_trace for ch in STORY)
    assert len(err) == 1, err
    assert err[0].startswith(f"mlp-explainer: error: --trace {trace_path}: none of the "
                             f"{players} chapters that play a trace can play it")
    assert "needs 1 hidden layer" in err[0] or "hidden layer(s)" in err[0]
    assert not (out / "clips").exists()


def test_demo_refuses_a_trace_its_scene_cannot_play_in_one_line(tmp_path, capsys):
    trace_path = tmp_path / "flat.npz"
    make_trace(trace_path, [2, 1])
    code = main(["demo", "--trace", str(trace_path), "--media-dir", str(tmp_path / "m")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"mlp-explainer: error: --trace: HiddenLinesTraining cannot play it: "
                   f"needs at least 1 hidden layer(s), but {trace_path.resolve()} has sizes "
                   f"[2, 1] "
                   f"(binary output)"]
