"""Linear separability, checked against scikit-learn's hard-margin linear SVM."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.svm import SVC

from mlp.datasets import make_dataset
from mlp.separability import linearly_separable


def svm_separates(H, y) -> bool:
    H = (H - H.min(axis=0)) / np.ptp(H, axis=0)
    return SVC(kernel="linear", C=1e6).fit(H, y).score(H, y) == 1.0


CASES = {
    "blobs far apart": lambda: make_dataset("blobs", n=100, seed=0)[:2],
    "circles": lambda: make_dataset("circles", n=100, seed=0)[:2],
    "circles squared": lambda: (lambda X, y: (X * X, y))(*make_dataset("circles", n=100,
                                                                       seed=0)[:2]),
    "xor": lambda: make_dataset("xor", n=100, seed=0)[:2],
    "moons": lambda: make_dataset("moons", n=100, seed=0)[:2],
    "3-D, a plane apart": lambda: (lambda X: (X, (X @ [1.0, -2.0, 0.5] > 0.1).astype(int)))(
        np.random.default_rng(1).normal(size=(80, 3))),
    "one class": lambda: (np.random.default_rng(2).normal(size=(10, 2)), np.ones(10, int)),
}


@pytest.mark.parametrize("name", CASES)
def test_separable_exactly_when_a_hard_margin_svm_makes_no_mistake(name):
    X, y = CASES[name]()
    expected = True if len(set(y.tolist())) == 1 else svm_separates(X, y)
    assert linearly_separable(X, y) == expected


def test_both_answers_occur():
    answers = {linearly_separable(*CASES[n]()) for n in CASES}
    assert answers == {True, False}


def test_shapes_are_checked():
    with pytest.raises(ValueError, match="H must be"):
        linearly_separable(np.zeros((3, 2)), [0, 1])


def test_answers_on_a_saturated_hidden_layer():
    """A tanh network on breast cancer, trained by scikit-learn, saturates its units: points
    of both classes sit within 1e-6 of the same corner, where a program asking for a margin
    of 1 stopped without an answer. The answer must still be the hard-margin SVM's."""
    from sklearn.neural_network import MLPClassifier

    from mlp.datasets import load_dataset

    data = load_dataset("breast_cancer", seed=0)
    clf = MLPClassifier(hidden_layer_sizes=(16, 8), activation="tanh",
                        learning_rate_init=0.01, random_state=0)
    for _ in range(300):
        clf.partial_fit(data.X, data.y, classes=[0, 1])
    H = data.X
    for W, b in zip(clf.coefs_[:-1], clf.intercepts_[:-1], strict=True):  # its own weights
        H = np.tanh(H @ W + b)
    assert np.mean(np.abs(H) > 1 - 1e-4) > 0.5  # the case described: mostly saturated
    assert linearly_separable(H, data.y) == svm_separates(H, data.y)
