"""The handwritten digits chapter and the parts it shows (unit templates, the confusion
matrix, training beside test accuracy), checked against a forward pass written here on the
trace's own weights and against scikit-learn's copy of the digits.

The chapter is planned once (its animations skipped, its beats and mobjects as in a
render); its render at a tiny size is test_every_chapter's.
"""

from __future__ import annotations

import numpy as np
import pytest
from plane_render import asset
from sklearn.datasets import load_digits, load_iris

from mlp.datasets import load_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.schedule import snapshot_steps
from mlp.train import TrainConfig, train
from scenes.digits import HandwrittenDigits
from scenes.hidden_lines import HiddenLinesTraining
from scenes.toolkit.confusion import ConfusionMatrix
from scenes.toolkit.planning import plan
from scenes.toolkit.scores import ScoreCurves
from scenes.toolkit.style import hex_to_rgb
from scenes.toolkit.templates import PixelImage, UnitTemplates, WeightBars, input_image
from scenes.toolkit.words import percent

pytestmark = pytest.mark.xdist_group("digits")


def logits_and_hidden(trace, k, X):
    """The network at snapshot k on X, by hand: sigmoid hidden layers, then the output
    layer's pre-activations; returns (logits, last hidden layer)."""
    h = np.asarray(X, dtype=np.float64)
    layers = len(trace.weights)
    for i in range(layers):
        s = h @ np.asarray(trace.weights[i][k], dtype=np.float64) + trace.biases[i][k]
        if i == layers - 1:
            return s, h
        h = 1.0 / (1.0 + np.exp(-s))


def confusion(y, pred, K):
    out = np.zeros((K, K), dtype=int)
    for a, b in zip(y, pred, strict=True):
        out[a, b] += 1
    return out


@pytest.fixture(scope="module")
def digits():
    return asset("digits-width-16")


@pytest.fixture(scope="module")
def planned(digits):
    return plan(HandwrittenDigits, trace=digits)


def test_the_chapter_says_the_runs_own_accuracies_counts_and_mistake(digits, planned):
    t = digits
    k = t.n_snapshots - 1
    train_logits, _ = logits_and_hidden(t, k, t.X)
    test_logits, H = logits_and_hidden(t, k, t.X_test)
    train_acc = np.mean(train_logits.argmax(axis=1) == t.y)
    test_acc = np.mean(test_logits.argmax(axis=1) == t.y_test)
    assert train_acc == pytest.approx(t.accuracy[k], abs=1e-12)
    assert test_acc == pytest.approx(t.test_accuracy[k], abs=1e-12)
    assert test_acc < train_acc < 1  # the gap is there, and no "100%" is due
    counts = confusion(t.y_test, test_logits.argmax(axis=1), 10)
    off = counts - np.diag(np.diag(counts))
    i, j = np.unravel_index(off.argmax(), off.shape)

    captions = " ".join(b.caption for b in planned.played_beats)
    sk = load_digits()
    assert f"{len(sk.images):,} handwritten digits" in captions
    assert "8x8 pixels" in captions and sk.images.shape[1:] == (8, 8)
    assert f"{len(t.X):,} images train the network; {len(t.X_test):,} more" in captions
    assert percent(train_acc, 1) in captions and percent(test_acc, 1) in captions
    assert f"{np.trace(counts)} of {counts.sum()} test images on the diagonal" in captions
    assert f'most often "{i}" read as "{j}" ({off[i, j]} times)' in captions
    assert train_acc - test_acc > 0.02  # a gap worth the word
    assert f"The gap, {percent(train_acc - test_acc, 1)}, is overfitting" in captions
    # nearer its own class's mean hidden activations than any other's
    centres = np.stack([H[t.y_test == c].mean(axis=0) for c in range(10)])
    nearest = np.argmin(((H[:, None] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert f"{percent(np.mean(nearest == t.y_test))} end nearer their own" in captions

    # on screen at the end: the confusion matrix of the test set and both scores
    shown = {type(m): m for top in planned.mobjects for m in top.get_family()}
    np.testing.assert_array_equal(shown[ConfusionMatrix].counts, counts)
    scores = [m for top in planned.mobjects for m in top.get_family()
              if isinstance(m, ScoreCurves)]
    assert scores[-1].shown == (percent(train_acc, 1), percent(test_acc, 1))
    assert scores[-1].y_min > 0  # the end zoomed in, so the gap can be seen


def test_a_template_is_its_units_weights_as_an_image_and_an_input_is_its_pixels(digits):
    t = digits
    k = 12
    templates = UnitTemplates(t).set_position(k)
    W = np.asarray(t.weights[0][k], dtype=np.float64)
    scale = max(np.abs(w).max() for w in t.weights[0])
    zero = hex_to_rgb("#262C35") * 255
    for j in (0, 7, 15):
        w = W[:, j].reshape(8, 8)  # row r, column c is pixel 8 r + c of the image
        np.testing.assert_allclose(templates.values(k)[j], w)
        rgb = templates.cells[j].image.pixel_array[..., :3].astype(float)
        blue_minus_red = rgb[..., 2] - rgb[..., 0]
        strong = np.abs(w) > 0.3 * scale
        assert strong.any()
        # violet (more blue than red) where the unit wants ink, brown where it wants none
        assert np.all(np.sign(blue_minus_red[strong]) == np.sign(w[strong]))
        # a weight near 0 is near the zero colour, and the stronger the weight, the farther
        near = np.abs(w) < 0.02 * scale
        assert np.all(np.abs(rgb[near] - zero).max(axis=-1) <= 12)
        far = np.linalg.norm(rgb - zero, axis=-1)
        order = np.argsort(np.abs(w).ravel())
        assert np.all(np.diff(far.ravel()[order][w.ravel()[order] > 0]) >= -2)
    # a digit's image: the brighter the pixel, the more ink scikit-learn's copy has there
    sk = load_digits()
    row = int(np.flatnonzero((sk.data == t.X[0]).all(axis=1))[0])
    image = input_image(t, t.X[0])
    grey = image.image.pixel_array[..., 0].astype(int)
    ink = sk.images[row]
    assert image.shape == (8, 8)
    pairs = np.argsort(ink.ravel(), kind="stable")
    assert np.all(np.diff(grey.ravel()[pairs]) >= 0)
    assert grey[ink == 0].max() < grey[ink == 16].min()


@pytest.fixture(scope="module")
def iris_run():
    """A short 4-8-3 run on scikit-learn's iris, with its test set and feature names."""
    data = load_dataset("iris", seed=0)
    W, b = initial_parameters([4, 8, 3], "glorot", np.random.default_rng(0), "sigmoid")
    config = TrainConfig(lr=0.05, steps=40, reduction="mean", optimizer="adam")
    return train(MLP(W, b, "sigmoid", "softmax"), data.X, data.y, config,
                 snapshot_steps(40, count=5), {"dataset": data.spec},
                 X_test=data.X_test, y_test=data.y_test)


def test_hidden_lines_plays_images_as_templates_and_named_inputs_as_bars(
        digits, iris_run):
    scene = plan(HiddenLinesTraining, trace=digits)
    family = [m for top in scene.mobjects for m in top.get_family()]
    templates = next(m for m in family if isinstance(m, UnitTemplates))
    assert len(templates.cells) == 16 and all(isinstance(c, PixelImage)
                                             for c in templates.cells)
    # at the end of training the images are the last snapshot's weights
    W = np.asarray(digits.weights[0][-1], dtype=np.float64)
    np.testing.assert_allclose(templates.values(templates.pos)[3], W[:, 3].reshape(8, 8))
    assert "8x8 image" in scene.played_beats[0].caption
    assert any(isinstance(m, ScoreCurves) for m in family)  # the trace has a test set

    scene = plan(HiddenLinesTraining, trace=iris_run)
    family = [m for top in scene.mobjects for m in top.get_family()]
    templates = next(m for m in family if isinstance(m, UnitTemplates))
    assert all(isinstance(c, WeightBars) for c in templates.cells)
    names = load_iris().feature_names
    assert [n.full_name for n in templates.names[:4]] == names
    W = np.asarray(iris_run.weights[0][-1], dtype=np.float64)
    bars = templates.cells[2].bars
    # a bar per input, right for a positive weight, left for a negative one
    axis = templates.cells[2].axis.get_center()[0]
    for bar, w in zip(bars, W[:, 2], strict=True):
        assert np.sign(bar.get_center()[0] - axis) == np.sign(w)


def test_what_needs_images_or_a_test_set_says_so_in_one_line():
    seed = asset("seed-notebook")
    line = HandwrittenDigits.refusal(seed)
    assert line.startswith("needs image inputs") and "\n" not in line
    assert HandwrittenDigits.refusal(asset("digits-width-16")) is None
    assert HiddenLinesTraining.refusal(asset("digits-width-16")) is None
    assert HiddenLinesTraining.refusal(seed) is None
    with pytest.raises(ValueError, match="test set"):
        ScoreCurves(seed)
    # a binary network's matrix is 2 by 2, over its training points when it has no test set
    m = ConfusionMatrix(seed, numbers=False).set_position(seed.n_snapshots - 1)
    logits, _ = logits_and_hidden(seed, seed.n_snapshots - 1, seed.X)
    np.testing.assert_array_equal(m.counts, confusion(seed.y, (logits[:, 0] > 0).astype(int), 2))
