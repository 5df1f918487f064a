"""The explorer on networks of more than two inputs (Iris 4-8-3, digits 64-16-10, breast
cancer 30-16-8-1), drawn in headless Chromium: the points sit where an independent numpy
discriminant view puts them, the confusion matrix is the one an independent numpy forward
pass gives, a clicked digit shows its 8x8 pixels, a sampled trace says how many of its
points are shown; the hidden space places each point where a numpy forward pass and the
projection written here put it, and the graph draws the units the rule written here (and
the scenes' own) picks, with "+N more", the features' names, or a digit's pixels."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from explainer.cli import main
from explainer.explore import write_page
from mlp.trace import load_trace, save_trace

pytestmark = pytest.mark.xdist_group("explore_wide")


def _trained(folder, dataset, hidden):
    out = folder / f"{dataset}.npz"
    assert main(["train", "--dataset", dataset, "--hidden", str(hidden), "--steps", "60",
                 "--out", str(out)]) == 0
    return load_trace(out)


@pytest.fixture(scope="module")
def iris(tmp_path_factory):
    folder = tmp_path_factory.mktemp("iris")
    trace = _trained(folder, "iris", 8)
    # as a recorder that kept a sample of a bigger set writes it (the page says so)
    trace.meta["sample"] = {"of": 5000, "seed": 0}
    save_trace(trace, folder / "sampled.npz")
    trace = load_trace(folder / "sampled.npz")
    return trace, write_page(trace, folder / "iris.html")


@pytest.fixture(scope="module")
def digits(tmp_path_factory):
    folder = tmp_path_factory.mktemp("digits")
    trace = _trained(folder, "digits", 16)
    return trace, write_page(trace, folder / "digits.html")


def _payload(path):
    text = path.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="trace-data">(.*?)</script>', text,
                     re.S).group(1)
    return json.loads(data)


def _discriminant_view(X, y):
    """Fisher's discriminant plane, written here from its definition: the top eigenvectors
    of (S_w + r I)^-1 S_b (r = 1e-6 of the mean within-class variance, the core's documented
    shrinkage), unit length, each turned so that its largest entry is positive."""
    mean = X.mean(axis=0)
    d = X.shape[1]
    Sw, Sb = np.zeros((d, d)), np.zeros((d, d))
    for c in np.unique(y):
        Xc = X[y == c]
        Sw += (Xc - Xc.mean(axis=0)).T @ (Xc - Xc.mean(axis=0))
        Sb += len(Xc) * np.outer(Xc.mean(axis=0) - mean, Xc.mean(axis=0) - mean)
    Sw += 1e-6 * np.trace(Sw) / d * np.eye(d)
    values, vectors = np.linalg.eig(np.linalg.solve(Sw, Sb))
    order = np.argsort(values.real)[::-1][:2]
    B = vectors[:, order].real
    B /= np.linalg.norm(B, axis=0)
    B *= np.sign(B[np.argmax(np.abs(B), axis=0), [0, 1]])
    return (X - mean) @ B


def _predicted(trace, k, X):
    """The class an independent forward pass (tanh hidden layers, the largest logit) gives
    at snapshot k."""
    h = X
    for i, (W, b) in enumerate(zip(trace.weights, trace.biases, strict=True)):
        h = h @ W[k] + b[k]
        if i < len(trace.weights) - 1:
            h = np.tanh(h)
    return np.argmax(h, axis=1)


def _opened(page, path, hash_=""):
    page.goto(path.as_uri() + hash_)
    page.wait_for_selector("body[data-ready='1']")


@pytest.mark.parametrize("which", ["iris", "digits"])
def test_the_points_sit_in_the_discriminant_view_and_the_page_draws_them(request, page,
                                                                          which):
    trace, path = request.getfixturevalue(which)
    assert trace.activations == ["tanh"] and trace.sizes[0] > 2
    D = _payload(path)
    Z = np.frombuffer(base64.b64decode(D["view"]["Z"]), "<f8").reshape(-1, 2)
    want = _discriminant_view(trace.X, trace.y)
    np.testing.assert_allclose(Z, want, atol=1e-6 * np.ptp(want))
    _opened(page, path)
    np.testing.assert_array_equal(np.array(page.evaluate("() => explorer.inputsView()")),
                                  Z.ravel())
    note = page.locator("#inputs-note").text_content()
    assert f"{trace.sizes[0]} inputs seen through their discriminant view (LDA): LD1 and LD2" \
        in note
    assert page.locator("[data-view='plane']").is_hidden()
    # the view is drawn: each point's centre on screen has its predicted class's hue
    drawn = page.evaluate("""() => {
      const c = document.getElementById('inputs'), r = c.getBoundingClientRect();
      const ctx = c.getContext('2d'), out = [];
      for (let i = 0; i < 12; i++) {
        const [x, y] = explorer.pointOnScreen(i);
        const px = ctx.getImageData(Math.floor(x - r.left), Math.floor(y - r.top), 1, 1);
        out.push(Array.from(px.data));
      }
      return out;
    }""")
    background = np.array([int(D["colors"]["background"][k:k + 2], 16) for k in (1, 3, 5)])
    assert all(np.abs(np.array(px[:3]) - background).sum() > 30 for px in drawn)


@pytest.mark.parametrize("which", ["iris", "digits"])
def test_the_confusion_matrix_is_the_forward_pass_on_the_test_set(request, page, which):
    trace, path = request.getfixturevalue(which)
    _opened(page, path)
    K = trace.sizes[-1]
    for k in (0, trace.n_snapshots // 3, trace.n_snapshots - 1):
        want = np.zeros((K, K), dtype=int)
        np.add.at(want, (trace.y_test, _predicted(trace, k, trace.X_test)), 1)
        got = np.array(page.evaluate("(k) => explorer.confusion(k)", k))
        np.testing.assert_array_equal(got, want)
    page.evaluate("(k) => explorer.setPosition(k)", trace.n_snapshots - 1)
    right = int(np.trace(want))
    assert (f"on the {len(trace.X_test)} points of the test set at step {trace.steps[-1]}"
            in page.locator("#confusion-note").text_content())
    assert f"{right} of {len(trace.X_test)} right" in page.locator("#confusion-note").text_content()
    assert page.locator("#readout-test").text_content() == \
        f"test {100 * trace.test_accuracy[-1]:.1f}%"


def test_a_sampled_trace_says_how_many_points_are_shown(iris, page):
    trace, path = iris
    _opened(page, path)
    assert f"{len(trace.X)} of 5,000 points shown" in page.locator("#inputs-note").text_content()


def test_clicking_a_digit_shows_its_pixels(digits, page):
    trace, path = digits
    _opened(page, path)
    # the point farthest on screen from any other, so the click can only be its
    screen = np.array(page.evaluate(
        "(n) => Array.from({length: n}, (_, i) => explorer.pointOnScreen(i))", len(trace.X)))
    gaps = np.linalg.norm(screen[:, None] - screen[None], axis=2)
    np.fill_diagonal(gaps, np.inf)
    i = int(np.argmax(gaps.min(axis=1)))
    page.mouse.click(*screen[i])
    assert page.evaluate("() => explorer.state.point") == i
    title = page.locator("#image-title").text_content()
    assert title.startswith(f"Point {i}: class {trace.y[i]}, predicted ")
    box = page.evaluate("() => explorer.imageBox()")
    assert (box["rows"], box["cols"]) == (8, 8)
    pixels = np.array(page.evaluate("""(b) => {
      const c = document.getElementById('image'), ctx = c.getContext('2d'), out = [];
      for (let r = 0; r < b.rows; r++) for (let q = 0; q < b.cols; q++)
        out.push(ctx.getImageData(Math.floor(b.ox + (q + 0.5) * b.cell),
                                  Math.floor(b.oy + (r + 0.5) * b.cell), 1, 1).data[0]);
      return out;
    }""", box))
    lo, hi = trace.X.min(), trace.X.max()
    assert (lo, hi) == (0, 16)  # the digits' own pixel scale, 0 to 16
    np.testing.assert_array_equal(pixels, np.round(255 * (trace.X[i] - lo) / (hi - lo)))


# ---------------------------------------------------------------- the hidden space and graph
@pytest.fixture(scope="module")
def cancer(tmp_path_factory):
    """scikit-learn's 30-16-8-1 tanh MLPClassifier on the breast cancer set (standardised),
    by Adam: two hidden layers, a binary output, the 30 features by name."""
    from sklearn.neural_network import MLPClassifier

    from mlp.datasets import load_dataset
    from mlp.importers.sklearn import record_sklearn

    folder = tmp_path_factory.mktemp("cancer")
    data = load_dataset("breast_cancer", seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(16, 8), activation="tanh", solver="adam",
                        learning_rate_init=0.01, random_state=0)
    trace = record_sklearn(clf, data.X, data.y, epochs=12, snapshots=6, dataset=data.spec,
                           X_test=data.X_test, y_test=data.y_test)
    save_trace(trace, folder / "cancer.npz")
    trace = load_trace(folder / "cancer.npz")
    return trace, write_page(trace, folder / "cancer.html")


def _hidden(trace, k, layer):
    """Hidden layer ``layer``'s tanh activations at snapshot k, by a forward pass written here."""
    h = trace.X
    for i in range(layer):
        h = np.tanh(h @ trace.weights[i][k] + trace.biases[i][k])
    return h


def _signed(B):
    """Each column turned so that its largest entry is positive."""
    return B * np.sign(B[np.argmax(np.abs(B), axis=0), np.arange(B.shape[1])])


def _view(trace, layer):
    """The fixed projection of the scenes, written here from its definition: of the final
    network's activations H, centred on their mean, the 3 principal axes (the top right
    singular vectors); the last hidden layer of a binary network along the output's weights
    w_m, then the 2 principal axes of H with w_m taken out."""
    H = _hidden(trace, trace.n_snapshots - 1, layer)
    mean = H.mean(axis=0)
    C = H - mean
    if layer == len(trace.sizes) - 2 and trace.output == "binary":
        w = trace.weights[-1][-1][:, 0] / np.linalg.norm(trace.weights[-1][-1][:, 0])
        B = np.column_stack([w, np.linalg.svd(C - np.outer(C @ w, w))[2][:2].T])
    else:
        B = np.linalg.svd(C)[2][:3].T
    return mean, _signed(B)


@pytest.mark.parametrize("which, layer", [("iris", 1), ("digits", 1), ("cancer", 1),
                                          ("cancer", 2)])
def test_the_hidden_view_places_each_point_at_its_activations(request, page, which, layer):
    trace, path = request.getfixturevalue(which)
    assert trace.activations == ["tanh"] * (len(trace.sizes) - 2)
    _opened(page, path, f"#layer={layer}" if layer > 1 else "")
    mean, B = _view(trace, layer)
    S = trace.n_snapshots
    for k in (0, S // 2, S - 1):
        want = (_hidden(trace, k, layer) - mean) @ B
        got = np.array(page.evaluate("([k, l]) => explorer.hiddenView(k, l)", [k, layer]))
        np.testing.assert_allclose(got.reshape(-1, 3), want, rtol=0, atol=1e-6)
    # the view drawn at the step shown is that one: each point where the camera puts it
    page.evaluate("(k) => explorer.setPosition(k)", S // 2)
    want = (_hidden(trace, S // 2, layer) - mean) @ B
    view = page.evaluate("""() => {
      const r = document.getElementById('hidden').getBoundingClientRect();
      return {w: r.width, h: r.height, yaw: explorer.state.yaw, pitch: explorer.state.pitch,
              screen: explorer.hiddenOnScreen()};
    }""")
    D = _payload(path)
    pr = D["projections"][layer - 1]
    u, v, q = (want - np.array(pr["centre"])).T
    cy, sy, cp, sp = (np.cos(view["yaw"]), np.sin(view["yaw"]), np.cos(view["pitch"]),
                      np.sin(view["pitch"]))
    scale = 0.27 * min(view["w"], view["h"]) / pr["half"]
    up = cp * q - sp * (sy * u + cy * v)
    screen = np.column_stack([view["w"] / 2 + scale * (cy * u - sy * v),
                              view["h"] / 2 - scale * up])
    np.testing.assert_allclose(np.array(view["screen"]).reshape(-1, 2), screen, atol=1e-3)
    note = page.locator("#hidden-note").text_content()
    width = trace.sizes[layer]
    named = ("seen in 3D: along w_m, and the 2 principal components of h across it"
             if (which, layer) == ("cancer", 2) else "seen through their 3 principal components")
    assert note.startswith(f"hidden layer {layer}, {width} units: {width} hidden units {named}")
    assert f"at its activations at step {trace.steps[S // 2]}" in note
    assert page.locator("[data-view='hidden']").is_visible()
    # the axes are named outside the box's middle, where the points are
    axes = page.evaluate("() => explorer.hiddenAxes()")
    middle = np.median(screen, axis=0)
    assert all(np.hypot(a["x"] - middle[0], a["y"] - middle[1]) > 40 for a in axes)


def _strongest(strength, count=7):
    """The ``count`` largest, the lower index first among equals, in index order."""
    if len(strength) <= 8:
        return list(range(len(strength)))
    return sorted(int(j) for j in np.argsort(-strength, kind="stable")[:count])


def _rule(trace):
    """The units the graph draws, by the rule written here: an input's spread over the data
    times its outgoing weights' norm; a hidden unit's incoming weights' norm times its
    outgoing ones'; all at the last snapshot; the outputs all."""
    W = [w[-1] for w in trace.weights]
    shown = [_strongest(trace.X.std(axis=0) * np.linalg.norm(W[0], axis=1))]
    for layer in range(1, len(W)):
        shown.append(_strongest(np.linalg.norm(W[layer - 1], axis=0)
                                * np.linalg.norm(W[layer], axis=1)))
    return shown + [list(range(trace.sizes[-1]))]


@pytest.mark.parametrize("which", ["iris", "digits", "cancer"])
def test_the_graph_draws_the_strongest_units_by_the_scenes_rule(request, page, which):
    from scenes.toolkit import units

    trace, path = request.getfixturevalue(which)
    _opened(page, path)
    shown = page.evaluate("() => explorer.graphShown()")
    assert shown == _rule(trace)
    # the scenes' own choice (scenes.toolkit.units, as network_graph.shown_units takes it)
    W = units.last_weights(trace)
    for layer, drawn in enumerate(shown[:-1]):
        if trace.sizes[layer] > 8:
            spread = trace.X.std(axis=0) if layer == 0 else None
            assert drawn == units.strongest(units.unit_strength(W, layer, spread), 7)
    nodes = page.evaluate("() => explorer.graphNodes()")
    for layer, size in enumerate(trace.sizes):
        more = [g["name"] for g in nodes if g["layer"] == layer and g["unit"] < 0]
        assert more == ([f"+{size - 7} more"] if size > 8 and layer < len(trace.sizes) - 1
                        else [])
    names = trace.feature_names
    inputs = [g for g in nodes if g["layer"] == 0 and g["unit"] >= 0]
    assert [g["unit"] for g in inputs] == shown[0]
    for g in inputs:
        if trace.image_shape:
            assert g["name"] is None  # an image's inputs are its pixels
        else:
            full = names[g["unit"]]
            assert g["name"] == full or (g["name"].endswith("…")
                                         and full.startswith(g["name"][:-1]))
    assert page.locator("[data-view='graph']").is_visible()
    note = page.locator("#graph-note").text_content()
    if trace.sizes[0] > 8:
        assert (f"inputs: the 7 strongest of {trace.sizes[0]} (spread over the data × "
                f"outgoing weights' norm, at step {trace.steps[-1]}), "
                f"+{trace.sizes[0] - 7} more") in note


def test_the_graph_draws_a_digit_as_the_clicked_points_pixels(digits, page):
    trace, path = digits
    i = 7
    _opened(page, path, f"#point={i}")
    box = page.evaluate("() => explorer.graphPixels()")
    assert (box["rows"], box["cols"]) == (8, 8)
    nodes = [g for g in page.evaluate("() => explorer.graphNodes()")
             if g["layer"] == 0 and g["unit"] >= 0]
    centres = np.array([[box["ox"] + (c + 0.5) * box["cell"], box["oy"] + (r + 0.5) * box["cell"]]
                        for r in range(8) for c in range(8)])
    # the cells no line from a drawn input crosses, sampled at their centres
    free = []
    for q, p in enumerate(centres):
        if q in [g["unit"] for g in nodes]:
            continue
        gaps = []
        for g in nodes:
            a, b = centres[g["unit"]], np.array([g["x"], g["y"]])
            t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0, 1)
            gaps.append(np.linalg.norm(p - a - t * (b - a)))
        if min(gaps) > 3:
            free.append(q)
    assert len(free) > 20
    got = np.array(page.evaluate("""(pts) => {
      const ctx = document.getElementById('graph').getContext('2d');
      const dpr = window.devicePixelRatio || 1;
      return pts.map(([x, y]) =>
        ctx.getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data[0]);
    }""", centres[free].tolist()))
    lo, hi = trace.X.min(), trace.X.max()
    np.testing.assert_array_equal(got, np.round(255 * (trace.X[i, free] - lo) / (hi - lo)))


def test_the_hidden_points_are_kept_to_their_quantum():
    """The packed points come back within 2^-22 of what was packed, and a layer reaching
    past 256 within 2^-29 of its largest value (a coarser quantum, every number still
    within 32 bits)."""
    from explainer.explore.page import pack_positions, unpack_positions

    rng = np.random.default_rng(3)
    walk = np.cumsum(rng.normal(0, 0.05, size=(9, 40, 3)), axis=0)
    for Z, bound in ((walk, 2.0 ** -22), (4000 * walk, 4000 * np.abs(walk).max() * 2.0 ** -29)):
        back = unpack_positions(pack_positions(Z))
        assert back.shape == Z.shape
        assert 0 < np.abs(back - Z).max() <= bound
