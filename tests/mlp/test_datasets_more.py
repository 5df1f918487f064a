"""Regression data sets, scikit-learn's bundled ones, the CSV's numeric targets, and the
seeded, stratified splits and samples: checked against scikit-learn's own loaders."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import datasets as skd

from mlp.datasets import (
    BUNDLED_SKLEARN,
    REGRESSION,
    REGRESSION_1D,
    load_dataset,
    read_table,
    stratified_indices,
)


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_sets_are_seeded_shaped_and_split(name):
    a = load_dataset(name, n=150, seed=3)
    b = load_dataset(name, n=150, seed=3)
    c = load_dataset(name, n=150, seed=4)
    d = 1 if name in REGRESSION_1D else 2
    assert a.regression and a.X.shape == (120, d) and a.X_test.shape == (30, d)
    assert a.y.dtype == np.float64 and a.y_test.shape == (30,)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.X, c.X)
    assert a.spec["feature_names"] == (["x"] if d == 1 else ["x1", "x2"])
    assert a.spec["n_train"] == 120 and a.spec["n_test"] == 30
    # stratified by the target's quintiles: each quintile of the whole data keeps its share
    y = np.concatenate([a.y, a.y_test])
    edges = np.quantile(y, [0.2, 0.4, 0.6, 0.8])
    per_bin = np.bincount(np.searchsorted(edges, a.y_test, side="right"), minlength=5)
    assert np.all(np.abs(per_bin - 6) <= 1)


def test_a_curve_follows_its_formula_within_the_noise():
    data = load_dataset("sine", n=400, noise=0.0, seed=1, test_fraction=0)
    np.testing.assert_allclose(data.y, np.sin(data.X[:, 0]), atol=1e-15)
    assert data.X.min() >= -np.pi and data.X.max() <= np.pi and data.X_test is None
    step = load_dataset("step", n=400, noise=0.0, seed=1, test_fraction=0)
    np.testing.assert_array_equal(step.y, (step.X[:, 0] > 0).astype(float))


@pytest.mark.parametrize("name", BUNDLED_SKLEARN)
def test_scikit_learns_sets_keep_their_names_and_are_split_by_class(name):
    ref = getattr(skd, f"load_{name}")()
    data = load_dataset(name, seed=0)
    n, d = ref.data.shape
    assert data.spec["feature_names"] == [str(f) for f in ref.feature_names]
    assert data.spec["class_names"] == [str(c) for c in ref.target_names]
    assert len(data.X) + len(data.X_test) == n and data.X.shape[1] == d
    assert len(data.X_test) == int(np.ceil(0.2 * n))
    for c in range(len(ref.target_names)):
        share = np.mean(ref.target == c) * len(data.X_test)
        assert abs(np.sum(data.y_test == c) - share) <= 1
    if name == "digits":
        # pixel scale kept: every training row is one of scikit-learn's images, as it is
        rows = {tuple(r) for r in ref.data}
        assert all(tuple(r) in rows for r in data.X)
        assert data.X.min() == 0 and data.X.max() == 16
        assert data.spec["image_shape"] == [8, 8] and "standardised" not in data.spec
    else:
        # standardised with the training split's own mean and spread
        np.testing.assert_allclose(data.X.mean(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(data.X.std(axis=0), 1, atol=1e-12)
        mean = np.asarray(data.spec["standardised"]["mean"])
        scale = np.asarray(data.spec["standardised"]["scale"])
        raw = data.X_test * scale + mean
        rows = {tuple(np.round(r, 6)) for r in ref.data}
        assert all(tuple(np.round(r, 6)) in rows for r in raw)


def test_a_csv_with_many_inputs_and_a_numeric_target(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("height,width,depth,price\n1,2,3,0.5\n2,2,1,-1.25\n0,1,1,3\n")
    X, y, names = read_table(p, regression=True)
    assert X.tolist() == [[1, 2, 3], [2, 2, 1], [0, 1, 1]] and y.tolist() == [0.5, -1.25, 3]
    assert names == ["height", "width", "depth"] and y.dtype == np.float64
    data = load_dataset("csv", path=p, regression=True, test_fraction=0)
    assert data.regression and data.spec["feature_names"] == names


@pytest.mark.parametrize("label", ["inf", "nan", "-inf"])
@pytest.mark.parametrize("regression", [False, True])
def test_a_csv_label_that_is_not_finite_is_one_line(tmp_path, label, regression):
    p = tmp_path / "d.csv"
    p.write_text(f"1,2,0\n3,4,{label}\n")
    with pytest.raises(ValueError) as e:
        read_table(p, regression=regression)
    assert str(e.value).startswith(f"{p}:2: expected ") and "\n" not in str(e.value)
    assert label in str(e.value)


@pytest.mark.parametrize("regression", [False, True])
def test_a_stratified_sample_keeps_each_group_in_proportion(regression):
    rng = np.random.default_rng(0)
    y = rng.normal(size=5000) if regression else rng.choice(4, 5000, p=[0.1, 0.2, 0.3, 0.4])
    idx = stratified_indices(y, 500, seed=7, regression=regression)
    assert len(idx) == 500 == len(set(idx.tolist())) and np.all(np.diff(idx) > 0)
    np.testing.assert_array_equal(idx, stratified_indices(y, 500, seed=7,
                                                          regression=regression))
    assert not np.array_equal(idx, stratified_indices(y, 500, seed=8, regression=regression))
    if regression:
        groups = np.searchsorted(np.quantile(y, [0.2, 0.4, 0.6, 0.8]), y, side="right")
    else:
        groups = y
    whole = np.bincount(groups) / len(y)
    assert np.all(np.abs(np.bincount(groups[idx]) - 500 * whole) <= 1)


def test_a_stratified_sample_keeps_a_class_too_rare_for_its_share():
    # 3 points of class 2 in 30,000: their share of 1,000 is 0.1, yet one of them is kept
    y = np.repeat([0, 1, 2], [20_000, 9_997, 3])
    idx = stratified_indices(y, 1000, seed=0)
    counts = np.bincount(y[idx], minlength=3)
    assert len(idx) == 1000 == len(set(idx.tolist()))
    assert counts[2] == 1
    assert np.all(np.abs(counts[:2] - 1000 * np.bincount(y)[:2] / len(y)) < 1)
