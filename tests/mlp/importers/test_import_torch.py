"""PyTorch runs as traces, with real torch on the CPU: at every snapshot the trace's network
gives the model's own output, and the recorded gradients are the parameters' .grad."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from mlp.datasets import make_dataset
from mlp.importers.torch import TorchRecorder, map_sequential

torch.set_num_threads(1)  # the suite runs two workers on two cores


def _train(model, X, y, *, steps: int, schedule, loss_fn, lr=0.3, momentum=0.5, **rec_kw):
    """The documented loop: snapshot after backward, before the optimizer's step. Keeps the
    model's own output and .grad at each snapshot as the references."""
    torch.manual_seed(0)
    dtype = next(model.parameters()).dtype
    Xt = torch.tensor(X, dtype=dtype)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    rec = TorchRecorder(model, Xt, y, optimizer=opt, **rec_kw)
    refs = {}
    for step in range(steps + 1):
        opt.zero_grad()
        out = model(Xt)
        loss = loss_fn(out)
        loss.backward()
        if step in schedule:
            rec.snapshot(step, loss=loss.item())
            refs[step] = {
                "out": out.detach().numpy().astype(np.float64),
                "grads": [p.grad.detach().numpy().astype(np.float64) for p in model.parameters()],
                "loss": loss.item(),
            }
        if step < steps:
            opt.step()
    return rec.trace(), refs


@pytest.fixture(scope="module")
def binary_run():
    X, y, spec = make_dataset("moons", n=200, seed=0)
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1)).double()
    yt = torch.tensor(y, dtype=torch.float64)
    trace, refs = _train(
        model, X, yt, steps=120, schedule={0, 1, 2, 5, 10, 30, 60, 120},
        loss_fn=lambda out: nn.functional.binary_cross_entropy_with_logits(out[:, 0], yt),
        dataset=spec)
    return X, y, trace, refs


def test_binary_logits_model_matches_its_output_at_every_snapshot(binary_run):
    X, y, trace, refs = binary_run
    assert trace.sizes == [2, 8, 1] and trace.output == "binary"
    assert trace.activations == ["tanh"]
    assert trace.steps.tolist() == sorted(refs)
    for k, step in enumerate(trace.steps):
        model_p = 1.0 / (1.0 + np.exp(-refs[int(step)]["out"][:, 0]))
        np.testing.assert_allclose(trace.model(k).predict_proba(X), model_p, rtol=0, atol=1e-10)
    assert not np.allclose(refs[0]["out"], refs[120]["out"])


def test_recorded_gradients_are_grad_transposed(binary_run):
    X, y, trace, refs = binary_run
    assert trace.has_gradients
    for k, step in enumerate(trace.steps):
        g = refs[int(step)]["grads"]  # weight0, bias0, weight1, bias1 as PyTorch holds them
        for i in range(2):
            np.testing.assert_array_equal(trace.grad_weights[i][k], g[2 * i].T)
            np.testing.assert_array_equal(trace.grad_biases[i][k], g[2 * i + 1])


def test_grad_is_the_cores_gradient_at_the_same_snapshot(binary_run):
    """Snapshot placement is consistent: parameters, .grad and loss belong to one moment."""
    X, y, trace, refs = binary_run
    for k, step in enumerate(trace.steps):
        g = trace.model(k).gradients(X, y)
        for i in range(2):
            np.testing.assert_allclose(g.weights[i], trace.grad_weights[i][k], atol=1e-12)
        assert trace.loss[k] == refs[int(step)]["loss"]
        assert trace.loss[k] == pytest.approx(trace.model(k).loss(X, y), abs=1e-12)


def test_metadata_records_producer_and_mapping(binary_run):
    *_, trace, _ = binary_run
    m = trace.meta
    assert m["producer"] == {"name": "pytorch", "version": torch.__version__,
                             "numpy": np.__version__}
    assert m["import"]["activations"]["original"] == ["Tanh"]
    assert m["import"]["activations"]["final_original"] == "none (logits)"
    assert "transposed" in m["import"]["weights"]
    assert m["import"]["dtype"] == "float64"
    assert m["training"]["optimizer"] == "SGD" and m["training"]["optimizer_lr"] == 0.3
    assert "lr" not in m["training"]  # with momentum, not w <- w - lr * grad
    assert m["training"]["momentum"] == 0.5 and m["training"]["steps"] == 120


def test_softmax_model_with_every_supported_activation():
    X, y, _ = make_dataset("spiral", n=90, classes=3, seed=0)
    torch.manual_seed(2)
    model = nn.Sequential(
        nn.Linear(2, 6), nn.LeakyReLU(0.01),
        nn.Sequential(nn.Linear(6, 5), nn.Softplus()),
        nn.Linear(5, 4), nn.Identity(),
        nn.Linear(4, 4, bias=False), nn.ReLU(),
        nn.Linear(4, 5), nn.Sigmoid(),
        nn.Linear(5, 5), nn.SiLU(),
        nn.Linear(5, 3), nn.Softmax(dim=1),
    ).double()
    yt = torch.tensor(y)
    trace, refs = _train(model, X, yt, steps=20, schedule={0, 4, 20}, lr=0.5,
                         loss_fn=lambda out: nn.functional.nll_loss(torch.log(out), yt))
    assert trace.activations == ["leaky_relu", "softplus", "identity", "relu", "sigmoid",
                                 "silu"]
    assert trace.output == "softmax" and trace.sizes == [2, 6, 5, 4, 4, 5, 5, 3]
    assert trace.meta["import"]["activations"]["final_original"] == "Softmax"
    assert trace.meta["import"]["bias_free_layers"] == [3]
    for k, step in enumerate(trace.steps):
        np.testing.assert_allclose(trace.model(k).predict_proba(X), refs[int(step)]["out"],
                                   rtol=0, atol=1e-10)
        np.testing.assert_array_equal(trace.biases[3][k], 0.0)
        np.testing.assert_array_equal(trace.grad_weights[4][k], refs[int(step)]["grads"][7].T)


def test_float32_model_is_recorded_exactly_as_its_float32_parameters():
    X, y, _ = make_dataset("blobs", n=50, seed=0)
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1), nn.Sigmoid())
    yt = torch.tensor(y, dtype=torch.float32)
    trace, refs = _train(model, X, yt, steps=5, schedule={0, 5}, momentum=0.0,
                         loss_fn=lambda out: nn.functional.binary_cross_entropy(out[:, 0], yt))
    assert trace.meta["training"]["lr"] == pytest.approx(0.3)
    np.testing.assert_array_equal(trace.weights[0][-1],
                                  model[0].weight.detach().numpy().astype(np.float64).T)
    assert trace.meta["import"]["dtype"] == "float32"
    for k, step in enumerate(trace.steps):  # float32 arithmetic on torch's side
        np.testing.assert_allclose(trace.model(k).predict_proba(X), refs[int(step)]["out"][:, 0],
                                   rtol=0, atol=1e-6)


@pytest.mark.parametrize("model, named", [
    (nn.Sequential(nn.Linear(2, 3), nn.AlphaDropout(0.1), nn.ReLU(), nn.Linear(3, 1)),
     "AlphaDropout"),
    (nn.Sequential(nn.Conv1d(1, 1, 1), nn.Linear(2, 1)), "Conv1d"),
    (nn.Sequential(nn.Linear(2, 3), nn.GELU(), nn.Linear(3, 1)), "GELU"),
    (nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.2), nn.Linear(3, 1)), "negative_slope"),
    (nn.Sequential(nn.Linear(2, 3), nn.Softplus(beta=2), nn.Linear(3, 1)), "beta 2"),
    (nn.Sequential(nn.Linear(2, 3), nn.Softplus(threshold=1), nn.Linear(3, 1)), "threshold 1"),
    (nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Linear(3, 1)), "BatchNorm1d"),
    (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Tanh(), nn.Linear(3, 1)), "two activations"),
    (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.Sigmoid()), "multilabel"),
    (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1), nn.Tanh()), "follows the output"),
    (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.Softmax(dim=0)), "dim=0"),
    (nn.Sequential(nn.Linear(2, 3), nn.Linear(4, 1)), "takes 4 inputs"),
    (nn.Linear(2, 1), "nn.Sequential"),
])
def test_refuses_an_unmappable_module_in_one_line(model, named):
    with pytest.raises(ValueError, match=named) as err:
        map_sequential(model)
    assert "\n" not in str(err.value)


class Custom(nn.Module):
    def forward(self, x):
        return x


def test_refuses_a_custom_module_naming_it():
    with pytest.raises(ValueError, match=r"cannot map module 1 \(Custom\(\)\)"):
        map_sequential(nn.Sequential(nn.Linear(2, 2), Custom(), nn.Linear(2, 1)))


def _tiny():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1)).double()
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return model, X, np.array([0, 1, 1])


def test_missing_grad_at_one_snapshot_gives_a_trace_without_gradients():
    model, X, y = _tiny()
    rec = TorchRecorder(model, X, y)
    rec.snapshot(0)  # before any backward pass: no .grad
    model(torch.tensor(X)).sum().backward()
    rec.snapshot(1)
    with pytest.warns(UserWarning, match="absent at steps"):
        trace = rec.trace()
    assert not trace.has_gradients
    assert "absent at steps [0]" in trace.meta["import"]["gradients"]
    strict = TorchRecorder(model, X, y, gradients="require")
    model.zero_grad(set_to_none=True)
    with pytest.raises(ValueError, match="no gradients"):
        strict.snapshot(0)


def test_steps_must_increase_and_loss_given_everywhere_or_nowhere():
    model, X, y = _tiny()
    rec = TorchRecorder(model, X, y)
    rec.snapshot(5, loss=0.5)
    with pytest.raises(ValueError, match="strictly increasing"):
        rec.snapshot(5, loss=0.4)
    with pytest.raises(ValueError, match="at every snapshot or at none"):
        rec.snapshot(6)


def test_labels_must_fit_the_output():
    model, X, _ = _tiny()
    with pytest.raises(ValueError, match="labels 0 to 1"):
        TorchRecorder(model, X, np.array([0, 1, 2]))


def test_reading_a_torch_trace_needs_no_torch(binary_run, tmp_path):
    *_, trace, _ = binary_run
    path = tmp_path / "torch.npz"
    from mlp.trace import save_trace

    save_trace(trace, path)
    code = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def guard(name, *a, **k):\n"
        "    if name == 'torch' or name.startswith('torch.'):\n"
        "        raise ImportError('torch is blocked')\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = guard\n"
        "import mlp.importers.torch, mlp.importers.sklearn, mlp.importers.jsonl\n"
        "from mlp.trace import load_trace\n"
        f"t = load_trace({str(path)!r})\n"
        "print(t.meta['producer']['name'], t.model(-1).predict_proba(t.X).shape)\n"
        "assert not any(m == 'torch' or m.startswith('torch.') for m in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "pytorch (200,)"


def test_a_summed_loss_is_recorded_as_such():
    X, y, _ = make_dataset("blobs", n=40, seed=1)
    torch.manual_seed(4)
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).double()
    yt = torch.tensor(y, dtype=torch.float64)
    trace, refs = _train(model, X, yt, steps=3, schedule={0, 3}, reduction="sum",
                         loss_fn=lambda out: nn.functional.binary_cross_entropy_with_logits(
                             out[:, 0], yt, reduction="sum"))
    assert trace.meta["reduction"] == "sum"
    for k in range(trace.n_snapshots):
        g = trace.model(k).gradients(X, y, reduction="sum")
        np.testing.assert_allclose(trace.grad_weights[0][k], g.weights[0], atol=1e-12)
