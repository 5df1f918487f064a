"""Adam against torch.optim.Adam, with PyTorch computing its own loss and gradients."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from networks import untrained

from mlp.datasets import make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train

TORCH_ACT = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}


def torch_run(W, b, activation, X, y, output, steps, lr, betas, eps, l2=0.0):
    """Full-batch Adam in float64 PyTorch from (W, b); returns parameters after each step
    and the gradient at each of those parameters (the last one at the final parameters)."""
    Ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in W]
    bs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in b]
    Xt = torch.tensor(X, dtype=torch.float64)
    yt = torch.tensor(y)
    opt = torch.optim.Adam(Ws + bs, lr=lr, betas=betas, eps=eps)

    def objective():
        h = Xt
        for i, (w, v) in enumerate(zip(Ws, bs, strict=True)):
            h = h @ w + v
            if i < len(Ws) - 1:
                h = TORCH_ACT[activation](h)
        if output == "binary":
            loss = torch.nn.functional.binary_cross_entropy_with_logits(h[:, 0], yt.double())
        else:
            loss = torch.nn.functional.cross_entropy(h, yt)
        return loss + 0.5 * l2 * sum((w * w).sum() for w in Ws)

    params, grads = [], []
    for t in range(steps + 1):
        opt.zero_grad()
        objective().backward()
        grads.append([p.grad.detach().numpy().copy() for p in Ws + bs])
        params.append([p.detach().numpy().copy() for p in Ws + bs])
        if t < steps:
            opt.step()
    return params, grads


@pytest.mark.parametrize("activation,dataset,hidden", [
    ("tanh", "moons", [5]), ("relu", "spiral", [6, 4]), ("sigmoid", "xor", [3]),
])
def test_adam_steps_equal_torch(activation, dataset, hidden):
    X, y, output, W, b = untrained(dataset, hidden, activation, data_seed=3, init_seed=7)
    lr, betas, eps, steps = 0.05, (0.8, 0.99), 1e-7, 4
    want, want_grads = torch_run(W, b, activation, X, y, output, steps, lr, betas, eps)
    config = TrainConfig(lr=lr, steps=steps, optimizer="adam", beta1=betas[0],
                         beta2=betas[1], eps=eps)
    trace = train(MLP(W, b, activation, output), X, y, config, np.arange(steps + 1))
    L = len(W)
    for t in range(steps + 1):
        ours = [trace.weights[i][t] for i in range(L)] + [trace.biases[i][t] for i in range(L)]
        for a, w in zip(ours, want[t], strict=True):
            np.testing.assert_allclose(a, w, rtol=0, atol=1e-12)
        # the recorded gradient is the gradient at the snapshot's own parameters
        ours_g = ([trace.grad_weights[i][t] for i in range(L)]
                  + [trace.grad_biases[i][t] for i in range(L)])
        for a, w in zip(ours_g, want_grads[t], strict=True):
            np.testing.assert_allclose(a, w, rtol=0, atol=1e-12)


def test_one_adam_step_with_l2_equals_torch_with_the_penalty_in_its_loss():
    X, y, _ = make_dataset("circles", n=40, seed=0)
    W, b = initial_parameters([2, 4, 1], "he", np.random.default_rng(0), "relu")
    want, _ = torch_run(W, b, "relu", X, y, "binary", 1, 0.01, (0.9, 0.999), 1e-8, l2=0.3)
    config = TrainConfig(lr=0.01, steps=1, optimizer="adam", l2=0.3)
    model = MLP(W, b, "relu", "binary")
    train(model, X, y, config, np.array([0, 1]))
    for a, w in zip(model.weights + model.biases, want[1], strict=True):
        np.testing.assert_allclose(a, w, rtol=0, atol=1e-12)


def test_the_trace_records_adams_settings_and_no_plain_rate():
    X, y, _ = make_dataset("moons", n=30, seed=0)
    W, b = initial_parameters([2, 3, 1], "glorot", np.random.default_rng(0), "tanh")
    config = TrainConfig(lr=0.02, steps=3, optimizer="adam", beta1=0.85, eps=1e-6)
    trace = train(MLP(W, b, "tanh", "binary"), X, y, config, np.array([0, 3]))
    tr = trace.meta["training"]
    assert tr["optimizer"] == "adam" and tr["optimizer_lr"] == 0.02
    assert tr["betas"] == [0.85, 0.999] and tr["eps"] == 1e-6
    assert "lr" not in tr and "momentum" not in tr  # not w <- w - lr * grad


@pytest.mark.parametrize("config,match", [
    (TrainConfig(optimizer="rmsprop"), "optimizer must be one of"),
    (TrainConfig(optimizer="adam", momentum=0.9), "momentum is an sgd setting"),
    (TrainConfig(optimizer="adam", beta2=1.0), "beta2 must be in"),
    (TrainConfig(optimizer="adam", eps=0.0), "eps must be > 0"),
])
def test_bad_adam_settings_are_refused(config, match):
    model = MLP([np.ones((2, 1))], [np.zeros(1)], [], "binary")
    with pytest.raises(ValueError, match=match):
        train(model, np.ones((4, 2)), np.array([0, 1, 0, 1]), config,
              np.array([0, config.steps]))
