"""PyTorch: a recorder called inside the user's own training loop.

It records an ``nn.Sequential`` of ``nn.Linear`` layers with supported activations between
them. PyTorch stores ``Linear.weight`` as (out, in); the trace stores (in, out), so every
weight (and its gradient) is transposed. torch is imported only when a recorder is built:
this module imports without it, and the trace it writes is plain NumPy.

Architecture mapping:

- hidden activations: the module each activation record names (mlp.activations), e.g.
  ``nn.Sigmoid`` -> "sigmoid", ``nn.Tanh`` -> "tanh", ``nn.ReLU`` -> "relu", ``nn.SiLU``
  -> "silu", ``nn.LeakyReLU`` -> "leaky_relu" (only with negative_slope 0.01, the core's),
  ``nn.Softplus`` -> "softplus" (only with beta 1 and threshold >= 20; PyTorch switches to
  the identity above the threshold, where the two differ by less than 2.1e-9),
  ``nn.Identity`` or nothing between two Linear layers -> "identity";
- the output: one unit is a "binary" output, K >= 2 units a "softmax" output. The model may
  end in logits (nothing after the last Linear, for ``BCEWithLogitsLoss`` or
  ``CrossEntropyLoss``), in ``nn.Sigmoid`` (one unit) or in ``nn.Softmax``/``nn.LogSoftmax``
  over the last dimension (K units): the trace stores the same network either way, and its
  probabilities are the sigmoid/softmax of the last Linear layer's output. Given
  ``loss_fn=F.mse_loss`` (or ``nn.MSELoss()``, ``F.l1_loss``, ``nn.L1Loss()``), one unit
  ending in nothing is a "regression" output, and the trace records that loss by name
  ("mse", "l1"), since its gradients and the loss passed at each snapshot are of it.
- ``nn.Dropout`` anywhere is accepted: it changes no weight, so the trace holds the network
  as evaluated (``model.eval()``, dropout off) and ``meta["import"]["dropout"]`` lists each
  one, its place and its rate. A loss measured in training mode had dropout on.
- anything else (a convolution, normalisation, a custom module) is refused with one line
  naming the module.

Where to call ``snapshot``: after ``loss.backward()`` and before ``optimizer.step()``, the
parameters, their ``.grad`` and the loss all belong to the same moment (the trace's own
convention: a snapshot at step t holds the parameters after t updates and the gradient the
next update uses). Called after ``optimizer.step()``, the weights are one update ahead of
the ``.grad`` and the loss: they are recorded as they are found.
"""

from __future__ import annotations

import numpy as np

from mlp.activations import RECORDS, Activation, from_framework
from mlp.importers.common import SnapshotLog, check_data, encode_labels, encode_targets, jsonable
from mlp.outputs import for_units
from mlp.trace import Trace, save_trace

FINAL = ("Sigmoid", "Softmax", "LogSoftmax")
# PyTorch's loss functions and modules -> (the trace's output kind, its loss name).
LOSS_FUNCTIONS = {
    "mse_loss": ("regression", "mse"), "MSELoss": ("regression", "mse"),
    "l1_loss": ("regression", "l1"), "L1Loss": ("regression", "l1"),
    "cross_entropy": ("softmax", "cross_entropy"), "CrossEntropyLoss": ("softmax", "cross_entropy"),
    "nll_loss": ("softmax", "cross_entropy"), "NLLLoss": ("softmax", "cross_entropy"),
    "binary_cross_entropy_with_logits": ("binary", "cross_entropy"),
    "BCEWithLogitsLoss": ("binary", "cross_entropy"),
    "binary_cross_entropy": ("binary", "cross_entropy"), "BCELoss": ("binary", "cross_entropy"),
}


def read_loss_fn(loss_fn) -> tuple[str, str, str | None]:
    """(output kind, the trace's loss name, the module's reduction or None) of a PyTorch loss
    function or module, or a ValueError naming the ones the trace can hold."""
    name = getattr(loss_fn, "__name__", None) or type(loss_fn).__name__
    if name not in LOSS_FUNCTIONS:
        raise ValueError(f"cannot map the loss {name}: expected one of "
                         f"{', '.join(sorted(LOSS_FUNCTIONS))}")
    kind, loss = LOSS_FUNCTIONS[name]
    reduction = getattr(loss_fn, "reduction", None)
    if reduction is not None and reduction not in ("mean", "sum"):
        raise ValueError(f"the loss {name} has reduction={reduction!r}; expected 'mean' or "
                         f"'sum' (one number per batch)")
    return kind, loss, reduction


def _leaves(module, prefix: str = ""):
    """(name, module) for every module of nested nn.Sequential containers, in order."""
    import torch.nn as nn

    for name, child in module.named_children():
        path = f"{prefix}{name}"
        if isinstance(child, nn.Sequential):
            yield from _leaves(child, f"{path}.")
        else:
            yield path, child


def _module_text(name: str, module) -> str:
    return f"module {name} ({module!r})"


def _record(module) -> Activation | None:
    """The activation record of a torch.nn activation module (its exact class), or None."""
    import torch.nn as nn

    kind = type(module).__name__
    found = from_framework("torch", kind)
    return found if found is not None and getattr(nn, kind, None) is type(module) else None


def _unsupported(name: str, module) -> ValueError:
    labels = [a.torch_label for a in RECORDS.values() if a.torch and a.name != "identity"]
    return ValueError(f"cannot map {_module_text(name, module)}: expected Linear, "
                      f"{', '.join(labels)}, Identity or Dropout")


def _check_final(name: str, module, units: int) -> None:
    """A Sigmoid/Softmax/LogSoftmax ending the model must fit the last layer's ``units``."""
    kind = type(module).__name__
    if kind == "Sigmoid":
        if units != 1:
            raise ValueError(f"{_module_text(name, module)} ends a layer of {units} units: "
                             f"independent sigmoids (multilabel) have no counterpart; "
                             f"expected Softmax for {units} classes")
        return
    if units < 2:
        raise ValueError(f"{_module_text(name, module)} over 1 unit; expected Sigmoid "
                         f"or logits for a binary output")
    if module.dim not in (-1, 1):
        raise ValueError(f"{_module_text(name, module)}: expected dim=-1 or 1 (over "
                         f"the classes), found dim={module.dim}")


def _hidden(name: str, module, is_last: bool, pending: Activation | None) -> Activation:
    """The record of a hidden activation between two Linear layers, or a ValueError."""
    found = _record(module)
    if found is None or found.name == "identity":  # e.g. a Softmax before the last layer
        raise _unsupported(name, module)
    if is_last:
        raise ValueError(f"{_module_text(name, module)} follows the output layer; expected "
                         f"logits, Sigmoid or Softmax there")
    problem = found.torch_mismatch(module) if found.torch_mismatch else None
    if problem:
        raise ValueError(f"cannot map {_module_text(name, module)}: {problem}")
    if pending:
        raise ValueError(f"cannot map {_module_text(name, module)}: two activations in a row "
                         f"({pending.torch}, {found.torch}); expected one between Linear "
                         f"layers")
    return found


def map_sequential(model, regression: bool = False) -> dict:
    """Read an nn.Sequential's architecture in the trace's terms, or refuse it.

    Returns {"linears": [nn.Linear, ...], "sizes", "activations", "output",
    "original": [hidden activation class names], "final": the final module's class name
    or None, "dropout": [{"module", "p", "after_layer"}]}. ``regression``: the network
    fits a number (trained with an mse or l1 loss). Raises ValueError naming the first
    module it cannot map.
    """
    import torch.nn as nn

    if not isinstance(model, nn.Sequential):
        raise ValueError(f"expected an nn.Sequential of Linear layers and activations, got "
                         f"{type(model).__name__}")
    items = [(name, m) for name, m in _leaves(model)]
    dropout = [{"module": name, "p": float(m.p), "after_layer": sum(
                type(x) is nn.Linear for _, x in items[:i])}
               for i, (name, m) in enumerate(items) if type(m) is nn.Dropout]
    items = [(name, m) for name, m in items if type(m) is not nn.Dropout]
    linears, acts, original = [], [], []
    pending = None  # the activation seen since the last Linear
    final = None
    for idx, (name, m) in enumerate(items):
        if type(m) is nn.Linear:
            if linears and m.in_features != linears[-1].out_features:
                raise ValueError(f"{_module_text(name, m)} takes {m.in_features} inputs but "
                                 f"the layer before gives {linears[-1].out_features}")
            if linears:
                acts.append(pending.name if pending else "identity")
                original.append(pending.torch if pending else "none")
            linears.append(m)
            pending = None
            continue
        if _record(m) is None and type(m) not in (nn.Softmax, nn.LogSoftmax):
            raise _unsupported(name, m)
        if not linears:
            raise ValueError(f"{_module_text(name, m)} comes before the first Linear layer; "
                             f"expected the model to start with nn.Linear")
        if type(m) is nn.Identity:
            continue
        # only Identity may follow the module that ends the model
        is_last = all(type(x) is nn.Identity for _, x in items[idx + 1:])
        if is_last and type(m).__name__ in FINAL:
            _check_final(name, m, linears[-1].out_features)
            final = type(m).__name__
            continue
        pending = _hidden(name, m, is_last, pending)
    if not linears:
        raise ValueError("the model has no nn.Linear layer")
    sizes = [linears[0].in_features] + [lin.out_features for lin in linears]
    if regression:
        if final is not None:
            raise ValueError(f"the model ends in {final}: a regression's output is the last "
                             f"Linear layer's, with nothing after it")
        if sizes[-1] != 1:
            raise ValueError(f"the last Linear layer has {sizes[-1]} outputs; a regression "
                             f"trace holds one target")
    return {
        "linears": linears,
        "sizes": sizes,
        "activations": acts,
        "output": for_units(sizes[-1], classification=not regression).name,
        "original": original,
        "final": final,
        "dropout": dropout,
    }


def _numpy(t) -> np.ndarray:
    return t.detach().to("cpu").double().numpy().copy()


class TorchRecorder:
    """Records an ``nn.Sequential`` as the user's own loop trains it.

    Example::

        rec = TorchRecorder(model, X, y)              # refuses a module it cannot map
        for step in range(steps + 1):
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            if step in schedule:
                rec.snapshot(step, loss=loss.item())  # weights, biases and their .grad
            if step < steps:
                optimizer.step()
        rec.save("trace.npz")

    ``X`` (n, d) and ``y`` (n,) are the training data the scenes show (tensors or arrays;
    labels are class indices, or 0./1. floats for a binary output; a regression's targets
    are numbers). ``loss_fn``: the loss the loop trains with (``F.mse_loss``,
    ``nn.L1Loss()``, ``F.cross_entropy``, ...); it is needed for a regression, and otherwise
    checked against the network's last layer. ``X_test``, ``y_test``: a test set, scored by
    the core at every snapshot. ``sample``: keep at most that many points of each set in
    the trace (seeded by ``sample_seed``, stratified); the scores are still those of the
    whole sets, and a loss passed to ``snapshot`` is yours for the whole training set.
    ``gradients``: "auto"
    records ``.grad`` when every snapshot has it, "require" refuses a snapshot without it,
    "none" records none. ``loss``: pass it at every snapshot (your own number, recorded as
    given) or at none (the core computes the mean cross-entropy on (X, y)). ``reduction``
    is your loss's: "mean" (PyTorch's default) or "sum", which ``.grad`` then follows.
    ``optimizer``, when given, has its class and first parameter group's settings recorded
    in ``meta["training"]``; ``lr`` is among them only for plain gradient descent (SGD
    without momentum or weight decay), the update rule w <- w - lr * grad that scenes draw.
    """

    def __init__(self, model, X, y, *, gradients: str = "auto", reduction: str | None = None,
                 dataset: dict | None = None, optimizer=None, meta: dict | None = None,
                 loss_fn=None, X_test=None, y_test=None, sample: int | None = None,
                 sample_seed: int = 0) -> None:
        import torch

        kind, loss, fn_reduction = (None, None, None) if loss_fn is None else read_loss_fn(
            loss_fn)
        if reduction is None:
            reduction = fn_reduction or "mean"
        arch = map_sequential(model, regression=kind == "regression")
        if kind is not None and kind != arch["output"]:
            raise ValueError(f"the loss {getattr(loss_fn, '__name__', type(loss_fn).__name__)} "
                             f"is for a {kind} output, but the model's last layer has "
                             f"{arch['sizes'][-1]} unit(s), a {arch['output']} output")
        self.model, self.arch = model, arch
        X_np, y_np = self._data(X, y, arch)
        test = {}
        if X_test is not None or y_test is not None:
            if X_test is None or y_test is None:
                raise ValueError("give X_test and y_test together")
            test = dict(zip(("X_test", "y_test"), self._data(X_test, y_test, arch, "X_test"),
                            strict=True))
        self.log = SnapshotLog(X=X_np, y=y_np, sizes=arch["sizes"],
                               activations=arch["activations"], output=arch["output"],
                               gradients=gradients, reduction=reduction, loss=loss,
                               sample=sample, sample_seed=sample_seed, **test)
        self.dataset, self.meta, self.optimizer = dataset, meta or {}, optimizer
        self.torch_version = torch.__version__
        self.dtype = str(next(model.parameters()).dtype).removeprefix("torch.")

    @staticmethod
    def _data(X, y, arch: dict, name: str = "X"):
        """(X, y) as float64 inputs and the trace's targets, checked against the network."""
        import torch

        X_np = _numpy(X) if isinstance(X, torch.Tensor) else np.asarray(X, dtype=np.float64)
        y_np = y.detach().cpu().numpy() if isinstance(y, torch.Tensor) else np.asarray(y)
        if arch["output"] != "regression":
            try:
                y_np, _ = encode_labels(y_np)
            except ValueError as e:
                raise ValueError(f"{e}; for a regression, pass loss_fn (F.mse_loss or "
                                 f"F.l1_loss) to the recorder") from None
        else:
            y_np = encode_targets(y_np)
        return check_data(X_np, y_np, arch["sizes"], arch["output"], name=name)

    def snapshot(self, step: int, loss: float | None = None,
                 accuracy: float | None = None) -> None:
        """Record the model's parameters now as training step ``step`` (strictly increasing),
        with your loss (and a classifier's accuracy) on the whole training set, if given.

        Gradients are recorded when every Linear layer's weight has a ``.grad``; a bias-free
        Linear layer is recorded with zero biases and zero bias gradients.
        """
        W, b, gW, gb = [], [], [], []
        grads = True
        for lin in self.arch["linears"]:
            W.append(_numpy(lin.weight).T)
            b.append(np.zeros(lin.out_features) if lin.bias is None else _numpy(lin.bias))
            if lin.weight.grad is None or (lin.bias is not None and lin.bias.grad is None):
                grads = False
                continue
            gW.append(_numpy(lin.weight.grad).T)
            gb.append(np.zeros(lin.out_features) if lin.bias is None else _numpy(lin.bias.grad))
        if hasattr(loss, "item"):
            loss = loss.item()
        if hasattr(accuracy, "item"):
            accuracy = accuracy.item()
        self.log.add(step, W, b, gW if grads else None, gb if grads else None, loss, accuracy)

    def trace(self, meta: dict | None = None) -> Trace:
        """The Trace of the snapshots so far (NumPy only); ``meta`` adds to the metadata."""
        arch = self.arch
        info = {
            "from": "PyTorch nn.Sequential",
            "weights": "Linear.weight is (out, in): transposed to (in, out)",
            "activations": {"original": arch["original"], "mapped": arch["activations"],
                            "final_original": arch["final"] or "none (logits)",
                            "output": arch["output"]},
            "dtype": self.dtype,
            "bias_free_layers": [i for i, lin in enumerate(arch["linears"]) if lin.bias is None],
        }
        if arch["dropout"]:
            info["dropout"] = {
                "modules": arch["dropout"],
                "note": "dropout changes no weight: the trace's network is the model in "
                        "eval mode (dropout off); a loss measured in training mode had it on"}
        full = {
            "producer": {"name": "pytorch", "version": self.torch_version,
                         "numpy": np.__version__},
            "training": self._training(),
            "import": info,
        }
        if self.dataset is not None:
            full["dataset"] = self.dataset
        full.update(self.meta)
        full.update(meta or {})
        return self.log.trace(full)

    def _training(self) -> dict:
        """What is known of the training: the steps and, given the optimizer, its settings."""
        training = {"recorded_by": "mlp.importers.torch.TorchRecorder"}
        if self.log.steps:
            training["steps"] = self.log.steps[-1]
        if self.optimizer is not None:
            name = type(self.optimizer).__name__
            training["optimizer"] = name
            group = self.optimizer.param_groups[0]
            for key in ("lr", "momentum", "weight_decay", "betas"):
                if key in group:
                    value = group[key]
                    value = list(value) if isinstance(value, tuple) else value
                    training["optimizer_lr" if key == "lr" else key] = jsonable(value)
            plain = (name == "SGD" and not group.get("momentum") and not group.get("weight_decay")
                     and len(self.optimizer.param_groups) == 1)
            if plain:
                training["lr"] = training["optimizer_lr"]
        return training

    def save(self, path, *, float32: bool = False, meta: dict | None = None):
        """Write the trace to ``path`` (.npz); returns the path."""
        return save_trace(self.trace(meta), path, float32=float32)
