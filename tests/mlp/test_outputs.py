"""Output kinds: each loss and its gradient against finite differences and PyTorch, the
network's backward pass through every kind, and what each record lets the words say."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import mean_squared_error, r2_score

from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.outputs import LOSS_NAMES, MAX_CLASSES, RECORDS, output

# (output kind, loss, output units)
CASES = [("binary", "cross_entropy", 1), ("softmax", "cross_entropy", 4),
         ("regression", "squared_error", 1), ("regression", "mse", 1),
         ("regression", "l1", 1)]


def _targets(kind: str, n: int, k: int, rng) -> np.ndarray:
    if kind == "regression":
        return rng.normal(size=n)
    return rng.integers(0, 2 if k == 1 else k, n)


def _torch_loss(kind: str, loss: str, z: torch.Tensor, y: np.ndarray) -> torch.Tensor:
    """PyTorch's own loss on logits / outputs z (n, K), mean over the examples."""
    if kind == "binary":
        return F.binary_cross_entropy_with_logits(z[:, 0], torch.tensor(y, dtype=z.dtype))
    if kind == "softmax":
        return F.cross_entropy(z, torch.tensor(y))
    t = torch.tensor(y, dtype=z.dtype)
    if loss == "squared_error":
        return 0.5 * F.mse_loss(z[:, 0], t)
    return {"mse": F.mse_loss, "l1": F.l1_loss}[loss](z[:, 0], t)


def _case(kind: str, loss: str, k: int, n: int, seed: int):
    """Outputs z (n, k), targets y, the output kind's record and the loss's."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, k)) * 2
    record = output(kind)
    return z, _targets(kind, n, k, rng), record, record.loss_named(loss)


@pytest.mark.parametrize("kind,loss,k", CASES)
def test_loss_and_its_gradient_at_the_output_match_pytorch(kind, loss, k):
    z, y, record, L = _case(kind, loss, k, 9, 3)
    p = record.link(z)
    zt = torch.tensor(z, requires_grad=True)
    ref = _torch_loss(kind, loss, zt, y)
    ref.backward()
    assert np.mean(L.per_example(z, p, y)) == pytest.approx(ref.item(), rel=1e-12, abs=1e-14)
    delta = L.delta(z, p, y, np.empty_like(z)) / len(y)
    np.testing.assert_allclose(delta, zt.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("kind,loss,k", CASES)
def test_gradient_at_the_output_matches_central_differences(kind, loss, k):
    z, y, record, L = _case(kind, loss, k, 5, 4)
    total = lambda zz: L.per_example(zz, record.link(zz), y).sum()  # noqa: E731
    numeric = np.zeros_like(z)
    eps = 1e-6
    for idx in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (total(up) - total(down)) / (2 * eps)
    np.testing.assert_allclose(L.delta(z, record.link(z), y, np.empty_like(z)), numeric,
                               rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("kind,loss,k", CASES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_backward_through_a_network_matches_pytorch_autograd(kind, loss, k, reduction):
    sizes = [3, 5, 4, k]
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(1), "tanh")
    model = MLP(W, b, "tanh", kind, loss=loss)
    rng = np.random.default_rng(2)
    X = rng.normal(size=(11, 3))
    y = _targets(kind, 11, k, rng)
    g = model.gradients(X, y, reduction)
    Wt = [torch.tensor(w, requires_grad=True) for w in W]
    bt = [torch.tensor(v, requires_grad=True) for v in b]
    h = torch.tensor(X)
    for i in range(2):
        h = torch.tanh(h @ Wt[i] + bt[i])
    z = h @ Wt[2] + bt[2]
    ref = _torch_loss(kind, loss, z, y) * (len(y) if reduction == "sum" else 1)
    ref.backward()
    assert model.loss(X, y, reduction) == pytest.approx(ref.item(), rel=1e-12)
    for ours, theirs in zip(g.weights + g.biases, Wt + bt, strict=True):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-9, atol=1e-13)


def test_regression_output_is_the_identity_of_the_last_layer():
    rng = np.random.default_rng(5)
    W, b = [rng.normal(size=(2, 3)), rng.normal(size=(3, 1))], [rng.normal(size=3),
                                                                rng.normal(size=1)]
    model = MLP(W, b, "relu", "regression")
    X = rng.normal(size=(6, 2))
    by_hand = (np.maximum(X @ W[0] + b[0], 0) @ W[1] + b[1])[:, 0]
    np.testing.assert_allclose(model.predict_proba(X), by_hand, rtol=1e-14)
    np.testing.assert_allclose(model.predict(X), by_hand, rtol=1e-14)
    y = by_hand + rng.normal(size=6)
    s = model.scores(X, y)
    assert s["r2"] == pytest.approx(r2_score(y, by_hand), rel=1e-12)
    assert s["rmse"] == pytest.approx(np.sqrt(mean_squared_error(y, by_hand)), rel=1e-12)
    assert model.loss(X, y) == pytest.approx(mean_squared_error(y, by_hand) / 2, rel=1e-12)
    with pytest.raises(ValueError, match="a regression has no accuracy"):
        model.accuracy(X, y)


def test_each_record_says_what_its_words_may_say():
    assert [o.name for o in RECORDS.values()] == ["binary", "softmax", "regression"]
    assert output("binary").classification and output("softmax").classification
    assert not output("regression").classification
    assert output("regression").metric == "R^2" and output("softmax").metric == "accuracy"
    assert output("regression").metrics == ("r2", "rmse")
    assert output("regression").loss.name == "squared_error"
    assert set(LOSS_NAMES) == {"cross_entropy", "squared_error", "mse", "l1"}
    assert output("softmax").n_classes(4) == 4 and output("binary").n_classes(1) == 2
    assert output("regression").n_classes(1) == 0


@pytest.mark.parametrize("kind,units,says", [
    ("binary", 2, "a binary output has 1 unit, got 2"),
    ("softmax", 1, "a softmax output has 2 to 10 units, got 1"),
    ("softmax", MAX_CLASSES + 1, "a softmax output has 2 to 10 units, got 11"),
    ("regression", 2, "a regression output has 1 unit, got 2"),
])
def test_a_network_whose_last_layer_does_not_fit_its_kind_is_refused(kind, units, says):
    with pytest.raises(ValueError, match=f"^{says}$"):
        MLP([np.zeros((2, units))], [np.zeros(units)], [], kind)


def test_a_loss_of_another_kind_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match=r"a softmax output's loss must be one of "
                                         r"\['cross_entropy'\], got 'mse'"):
        MLP([np.zeros((2, 3))], [np.zeros(3)], [], "softmax", loss="mse")
