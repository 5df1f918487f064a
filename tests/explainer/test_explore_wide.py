"""The explorer on networks of more than two inputs (Iris 4-8-3, digits 64-16-10), drawn in
headless Chromium: the points sit where an independent numpy discriminant view puts them,
the confusion matrix is the one an independent numpy forward pass gives, a clicked digit
shows its 8x8 pixels, and a sampled trace says how many of its points are shown."""

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
