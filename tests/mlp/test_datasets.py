from __future__ import annotations

import numpy as np
import pytest

from mlp.datasets import CLASSIFICATION_2D, feature_map, make_dataset, read_csv, rings


@pytest.mark.parametrize("name", CLASSIFICATION_2D)
def test_datasets_are_seeded_and_shaped(name):
    X, y, spec = make_dataset(name, n=120, seed=3)
    X2, y2, _ = make_dataset(name, n=120, seed=3)
    X3, _, _ = make_dataset(name, n=120, seed=4)
    assert X.shape == (120, 2) and y.shape == (120,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, X3)
    assert spec["name"] == name and spec["seed"] == 3
    assert len(np.unique(y)) == (3 if name == "spiral" else 2)


def test_rings_follow_the_notebook():
    X, y = rings(100, rng=np.random.RandomState(44))
    r = np.linalg.norm(X, axis=1)
    assert np.all(np.abs(r[y == 0] - 3) < 0.3) and np.all(np.abs(r[y == 1] - 1) < 0.3)
    assert (y == 0).sum() == (y == 1).sum() == 100


def test_feature_map_makes_circles_linearly_separable():
    X, y, _ = make_dataset("circles", n=200, seed=0)
    Z = feature_map(X)
    s = Z.sum(axis=1)  # x1^2 + x2^2: the line z1 + z2 = c separates them
    assert s[y == 1].max() < s[y == 0].min()


def test_csv_with_header(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("x1,x2,label\n0.5,1,0\n-1,2.5,1\n3,3,1\n")
    X, y = read_csv(p)
    assert X.tolist() == [[0.5, 1.0], [-1.0, 2.5], [3.0, 3.0]] and y.tolist() == [0, 1, 1]


@pytest.mark.parametrize(
    "text,match",
    [("1,2,0\n3,4\n", "d.csv:2: expected 3 columns"),
     ("1\n2\n", "d.csv:1: expected at least 2 columns"),
     ("1,2,0\n1,x,1\n", "d.csv:2: expected numbers"),
     ("1,2,0\n1,nan,1\n", "d.csv:2: expected finite"), ("1,2,0\n1,3,0.5\n", "d.csv:2: expected a "
                                                         "class label"),
     ("1,2,0\n1,3,0\n", "expected at least 2 classes")],
)
def test_bad_csv_names_the_line(tmp_path, text, match):
    p = tmp_path / "d.csv"
    p.write_text(text)
    with pytest.raises(ValueError, match=match):
        read_csv(p)


def test_csv_labels_as_a_classifiers_class_names(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("x1,x2,label\n0.5,1,yes\n-1,2.5, no\n3,3,yes\n")
    X, y = read_csv(p, classes=["no", "yes"])
    assert X.tolist() == [[0.5, 1.0], [-1.0, 2.5], [3.0, 3.0]]
    assert y.tolist() == ["yes", "no", "yes"]
    # without a header, the first row is data, even though its label is not a number
    p.write_text("0.5,1,yes\n-1,2.5,no\n")
    assert read_csv(p, classes=np.array(["no", "yes"]))[1].tolist() == ["yes", "no"]
    with pytest.raises(ValueError, match=r"d.csv:2: expected a label among the classifier's "
                                         r"classes \['no', 'yes'\], found 'maybe'"):
        p.write_text("0.5,1,yes\n-1,2.5,maybe\n")
        read_csv(p, classes=["no", "yes"])
