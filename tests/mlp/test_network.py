from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlp.activations import ACTIVATIONS
from mlp.init import initial_parameters
from mlp.network import MLP


def _model(sizes, activation, output, seed=0):
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(seed), "tanh")
    # push weights away from zero so relu kinks and saturations are exercised
    W = [w * 2.0 for w in W]
    return MLP(W, b, activation, output)


def _data(n, d, k, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)
    return X, y


def _numeric_gradient(model, X, y, reduction, eps=1e-6):
    """Central finite differences of the loss for every weight and bias."""
    grads = []
    for params in (model.weights, model.biases):
        layer_grads = []
        for P in params:
            G = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                old = P[idx]
                P[idx] = old + eps
                up = model.loss(X, y, reduction)
                P[idx] = old - eps
                down = model.loss(X, y, reduction)
                P[idx] = old
                G[idx] = (up - down) / (2 * eps)
            layer_grads.append(G)
        grads.append(layer_grads)
    return grads


@pytest.mark.parametrize("output,k", [("binary", 2), ("softmax", 3)])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("depth", [0, 1, 2, 3])
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_backward_matches_central_finite_differences(activation, depth, reduction, output, k):
    sizes = [3] + [4, 3, 5][:depth] + [1 if output == "binary" else k]
    model = _model(sizes, activation, output, seed=depth)
    X, y = _data(7, 3, k)
    analytic = model.gradients(X, y, reduction)
    num_W, num_b = _numeric_gradient(model, X, y, reduction)
    for a, n in zip(analytic.weights + analytic.biases, num_W + num_b, strict=True):
        assert a.shape == n.shape
        np.testing.assert_allclose(a, n, rtol=1e-5, atol=1e-7)


def test_deltas_are_dL_ds_with_the_documented_shapes():
    model = _model([2, 4, 3, 1], "tanh", "binary")
    X, y = _data(6, 2, 2)
    g = model.gradients(X, y, "mean")
    assert [d.shape for d in g.deltas] == [(6, 4), (6, 3), (6, 1)]
    fwd = model.forward(X)
    np.testing.assert_allclose(g.deltas[-1][:, 0], (fwd.h[-1][:, 0] - y) / 6)


def _seed_closed_forms(W, b, w_m, b_m, x, y):
    """The seed's per-example formulas for the 2-3-1 sigmoid network (W rows are w_i)."""
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    h = sig(W @ x + b)
    y_hat = sig(w_m @ h + b_m)
    delta = (y_hat - y) * w_m * (1 - h) * h
    return {
        "w_m": (y_hat - y) * h,
        "b_m": y_hat - y,
        "W": np.outer(delta, x),
        "b": delta,
    }


def test_2_3_1_backward_equals_the_seeds_closed_forms():
    rng = np.random.default_rng(3)
    W1, b1, W2, b2 = rng.uniform(0, 1, (2, 3)), rng.uniform(0, 1, 3), rng.uniform(0, 1, (3, 1)), \
        rng.uniform(0, 1, 1)
    model = MLP([W1, W2], [b1, b2], "sigmoid", "binary")
    X = rng.normal(size=(5, 2)) * 2
    y = np.array([0, 1, 1, 0, 1])
    dW, db = model.per_example_gradients(X, y)
    for i in range(len(X)):
        ref = _seed_closed_forms(W1.T, b1, W2[:, 0], b2[0], X[i], y[i])
        np.testing.assert_allclose(dW[1][i][:, 0], ref["w_m"], rtol=1e-12)
        np.testing.assert_allclose(db[1][i][0], ref["b_m"], rtol=1e-12)
        # the seed's W is (3, 2) with rows w_i; ours is (2, 3) with columns w_i
        np.testing.assert_allclose(dW[0][i].T, ref["W"], rtol=1e-12)
        np.testing.assert_allclose(db[0][i], ref["b"], rtol=1e-12)
    summed = model.gradients(X, y, "sum")
    np.testing.assert_allclose(summed.weights[0], dW[0].sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize(
    "output,columns,y",
    [("binary", [[1.0], [-1.0]], [0, 1]),
     ("softmax", [[1.0, -1.0, 0.0, 0.5], [-1.0, 1.0, 0.0, -0.5]], [1, 0])],
)
def test_huge_pre_activations_give_finite_loss_and_gradients(output, columns, y):
    # logits of about +-2e6, every example confidently wrong
    W = [np.array([[1000.0, -1000.0]]), np.array(columns) * 1000.0]
    b = [np.zeros(2), np.zeros(W[1].shape[1])]
    model = MLP(W, b, "identity", output)
    X = np.array([[1.0], [-1.0]])
    y = np.array(y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = model.loss(X, y)
        g = model.gradients(X, y)
        p = model.predict_proba(X)
    assert np.isfinite(loss) and loss > 1e5
    assert all(np.all(np.isfinite(a)) for a in g.weights + g.biases)
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))


def test_zero_hidden_layers_is_logistic_regression():
    model = MLP([np.array([[2.0], [-1.0]])], [np.array([0.5])], [], "binary")
    X = np.array([[1.0, 1.0], [0.0, 2.0]])
    expected = 1 / (1 + np.exp(-(X @ [2.0, -1.0] + 0.5)))
    np.testing.assert_allclose(model.predict_proba(X), expected)


def test_hidden_layer_access_and_errors():
    model = _model([2, 3, 4, 1], "relu", "binary")
    X = np.ones((5, 2))
    assert model.hidden(X, 1).shape == (5, 3) and model.hidden(X, 2).shape == (5, 4)
    with pytest.raises(ValueError, match="layer must be between 1 and 2"):
        model.hidden(X, 3)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"weights": [np.ones((2, 3))], "biases": [np.ones(2)]}, "biases\\[0\\] must have 3"),
        ({"weights": [np.ones((2, 3)), np.ones((2, 1))], "biases": [np.ones(3), np.ones(1)]},
         "weights\\[1\\] must have 3 rows"),
        ({"weights": [np.ones((2, 2))], "biases": [np.ones(2)]}, "binary output has 1 unit"),
        ({"weights": [np.ones((2, 1))], "biases": [np.ones(1)], "output": "poisson"},
         "output must be one of"),
    ],
)
def test_bad_architecture_is_refused_with_a_message(kwargs, match):
    kwargs.setdefault("activations", [])
    with pytest.raises(ValueError, match=match):
        MLP(**kwargs)


def test_fixed_order_product_is_the_matrix_product():
    from mlp.network import product

    rng = np.random.default_rng(7)
    for n, k, m in [(5, 1, 3), (7, 3, 1), (200, 50, 1), (3, 200, 50)]:
        a, b = rng.normal(size=(n, k)), rng.normal(size=(k, m))
        want = [[sum(a[i, j] * b[j, c] for j in range(k)) for c in range(m)] for i in range(n)]
        out = np.empty((n, m))
        assert product(a, b, out=out, fixed_order=True) is out
        np.testing.assert_allclose(out, want, rtol=1e-12, atol=1e-12)
    # on a transposed view too, as the backward pass calls it
    h = rng.normal(size=(9, 4))
    d = rng.normal(size=(9, 2))
    np.testing.assert_allclose(product(h.T, d, fixed_order=True), np.einsum("ni,no->io", h, d),
                               rtol=1e-12)
