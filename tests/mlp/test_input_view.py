"""The fixed linear view of the inputs: principal components and Fisher's discriminant view,
checked against scikit-learn's PCA and LinearDiscriminantAnalysis."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

from mlp.datasets import load_dataset
from mlp.projection import input_view


def _same_direction(a: np.ndarray, b: np.ndarray) -> float:
    return abs(float(a @ b) / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.mark.parametrize("name", ["wine", "breast_cancer", "digits"])
def test_principal_components_are_scikit_learns(name):
    X = load_dataset(name, seed=0).X
    view = input_view(X, kind="pca")
    ref = PCA(n_components=2, svd_solver="full").fit(X)
    for i in range(2):
        assert _same_direction(view.basis[:, i], ref.components_[i]) == pytest.approx(1, abs=1e-9)
    np.testing.assert_allclose(view.share, ref.explained_variance_ratio_, rtol=1e-9)
    np.testing.assert_allclose(np.abs(view(X)), np.abs(ref.transform(X)), atol=1e-8)
    assert view.name == "principal components" and view.axes == ("PC1", "PC2")
    assert f"{100 * sum(ref.explained_variance_ratio_):.0f}% of the variance" in \
        view.description


@pytest.mark.parametrize("name", ["iris", "wine"])
def test_the_discriminant_view_spans_scikit_learns(name):
    data = load_dataset(name, seed=0)
    view = input_view(data.X, data.y)
    assert view.kind == "lda" and view.axes == ("LD1", "LD2")
    ref = LinearDiscriminantAnalysis(solver="eigen").fit(data.X, data.y)
    for i in range(2):
        assert _same_direction(view.basis[:, i], ref.scalings_[:, i]) == pytest.approx(
            1, abs=1e-5)
    np.testing.assert_allclose(view.share, ref.explained_variance_ratio_[:2], atol=1e-6)


def test_two_classes_get_their_discriminant_axis_and_a_principal_one_across_it():
    data = load_dataset("breast_cancer", seed=0)
    view = input_view(data.X, data.y, kind="lda")
    ref = LinearDiscriminantAnalysis(solver="eigen").fit(data.X, data.y)
    assert _same_direction(view.basis[:, 0], ref.scalings_[:, 0]) == pytest.approx(1, abs=1e-5)
    assert abs(view.basis[:, 0] @ view.basis[:, 1]) < 1e-12
    assert view.axes == ("LD1", "PC1 across LD1")
    # auto picks principal components for two classes and for a regression
    assert input_view(data.X, data.y).kind == "pca"
    assert input_view(data.X, np.linspace(0, 1, len(data.X))).kind == "pca"


@pytest.mark.parametrize("kind", ["pca", "lda"])
def test_the_view_is_fixed_whatever_the_row_order_and_lifts_onto_its_plane(kind):
    data = load_dataset("wine", seed=0)
    view = input_view(data.X, data.y, kind)
    order = np.random.default_rng(1).permutation(len(data.X))
    again = input_view(data.X[order], data.y[order], kind)
    np.testing.assert_allclose(view.basis, again.basis, atol=1e-10)
    for col in view.basis.T:  # signs fixed: each axis's largest entry is positive
        assert col[np.argmax(np.abs(col))] > 0
    Z = np.random.default_rng(2).normal(size=(7, 2))
    lifted = view.lift(Z)
    np.testing.assert_allclose(view(lifted), Z, atol=1e-10)
    # the lifted points lie on the plane through the mean spanned by the two axes
    offsets = (lifted - data.X.mean(axis=0)).T
    coef = np.linalg.lstsq(view.basis, offsets, rcond=None)[0]
    np.testing.assert_allclose(view.basis @ coef, offsets, atol=1e-9)


def test_two_inputs_are_shown_as_they_are_and_a_trace_keeps_one_view():
    view = input_view(np.array([[1.0, 2.0], [3.0, -1.0]]))
    assert view.exact and view.kind == "identity"
    np.testing.assert_array_equal(view([[1.0, 2.0]]), [[1.0, 2.0]])
    from tests.mlp.test_trace_v2 import _run

    t = _run("iris", steps=5)
    assert t.input_view() is t.input_view() and t.input_view().kind == "lda"
    np.testing.assert_array_equal(t.input_view().basis, input_view(t.X, t.y).basis)
