"""mlp-explainer train: train a network with the NumPy core and save its trace."""

from __future__ import annotations

import sys

import numpy as np

from explainer.errors import UsageError
from explainer.progress import LateProgress, wanted
from mlp.activations import ACTIVATIONS
from mlp.convergence import check
from mlp.datasets import DATASETS, DEFAULT_TEST_FRACTION, load_dataset
from mlp.init import SCHEMES, initial_parameters, scheme_for
from mlp.network import MLP, OUTPUTS, REDUCTIONS
from mlp.optimizers import OPTIMIZERS
from mlp.presets import PRESETS
from mlp.schedule import SPACINGS, snapshot_steps
from mlp.trace import save_trace
from mlp.train import TrainConfig, train
from scenes.toolkit.words import percent

# The defaults, chosen by scripts/train_defaults.py (see the README): with them every
# built-in dataset is learned at hidden widths 3, 8 and 16,16, each run in about a second.
DEFAULT_OPTIMIZER = "adam"
DEFAULT_LR = {"adam": 0.05, "sgd": 0.1}
DEFAULT_STEPS = 1000
DEFAULT_ACTIVATION = "tanh"

NAME = "train"
HELP = "Train a network and record its trace."


def _hidden(text: str) -> list[int]:
    text = text.strip()
    if text in ("", "none", "0"):
        return []
    try:
        sizes = [int(p) for p in text.split(",")]
    except ValueError:
        raise UsageError(
            f"--hidden: expected widths like 3 or 64,64 (or none), got {text!r}"
        ) from None
    if any(s < 1 for s in sizes):
        raise UsageError(f"--hidden: hidden sizes must be > 0, got {sizes}")
    return sizes


def add_arguments(p) -> None:
    p.add_argument("--preset", choices=sorted(PRESETS),
                   help="a named run that fixes the data, network and learning rate (--seed, "
                   "--steps and the snapshot options still apply); seed-notebook reproduces the "
                   "seed's notebook")
    p.add_argument("--dataset", choices=DATASETS, default="rings")
    p.add_argument("--n", type=int, default=200, help="number of points (default 200)")
    p.add_argument("--noise", type=float, default=None)
    p.add_argument("--classes", type=int, default=3, help="spiral arms (default 3)")
    p.add_argument("--data", help="CSV of x1, ..., xd, label (with --dataset csv; a "
                   "numeric target with --output regression)")
    p.add_argument("--test-fraction", type=float, default=None,
                   help="share of the points held out as a seeded, stratified test set "
                   "(default 0.2 for " + ", ".join(DEFAULT_TEST_FRACTION) + "; none for "
                   "the others)")
    p.add_argument("--feature-map", action="store_true",
                   help="train on the seed's phi(x) = [x1^2, x2^2]")
    p.add_argument("--hidden", default="3", help="hidden widths: 3, 64,64 or none (default 3)")
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default=DEFAULT_ACTIVATION,
                   help=f"hidden units' activation (default {DEFAULT_ACTIVATION})")
    p.add_argument("--output", choices=["auto", *OUTPUTS], default="auto",
                   help="auto: regression for a numeric target, binary for 2 classes, "
                   "softmax for more")
    p.add_argument("--init", choices=["auto", *SCHEMES], default="auto",
                   help="initial weights (default auto: he for relu and leaky_relu, glorot "
                   "for the others)")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default=DEFAULT_OPTIMIZER,
                   help=f"adam, or sgd: gradient descent (full batch unless --batch-size; "
                   f"with --momentum, momentum) (default {DEFAULT_OPTIMIZER})")
    p.add_argument("--lr", type=float, default=None,
                   help="learning rate (default " + ", ".join(
                       f"{v:g} for {k}" for k, v in DEFAULT_LR.items()) + ")")
    p.add_argument("--steps", type=int, default=None,
                   help=f"parameter updates (default {DEFAULT_STEPS}; a preset's own)")
    p.add_argument("--batch-size", type=int, default=None, help="default: full batch")
    p.add_argument("--reduction", choices=REDUCTIONS, default="mean")
    p.add_argument("--momentum", type=float, default=0.0, help="with --optimizer sgd")
    p.add_argument("--beta1", type=float, default=0.9, help="Adam's beta1 (default 0.9)")
    p.add_argument("--beta2", type=float, default=0.999, help="Adam's beta2 (default 0.999)")
    p.add_argument("--eps", type=float, default=1e-8, help="Adam's epsilon (default 1e-8)")
    p.add_argument("--l2", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=None,
                   help="seeds data, initial weights and shuffles (seed-notebook: 44)")
    p.add_argument("--every", type=int, default=None, help="a snapshot every k steps")
    p.add_argument("--snapshots", type=int, default=201, help="number of snapshots (default 201)")
    p.add_argument("--spacing", choices=SPACINGS, default="geometric")
    p.add_argument("--float32", action="store_true", help="store parameters as float32")
    p.add_argument("--out", required=True, help="trace file to write (.npz)")
    p.add_argument("--quiet", action="store_true",
                   help="print nothing but errors: no progress bar, no warning, no summary")


def build_trace(args, progress=None):
    if args.every is not None and args.every < 1:
        raise UsageError(f"--every: expected a number of steps >= 1, got {args.every}")
    if args.snapshots < 2:
        raise UsageError(f"--snapshots: expected at least 2 (the first and last step), "
                         f"got {args.snapshots}")
    count = None if args.every else args.snapshots
    if args.preset:
        kw = {"every": args.every, "count": count, "spacing": args.spacing}
        if args.seed is not None:
            kw["seed"] = args.seed
        if args.steps is not None:
            kw["steps"] = args.steps
        return PRESETS[args.preset](**kw)
    if args.momentum and args.optimizer != "sgd":
        raise UsageError(f"--momentum: only --optimizer sgd has momentum, got --optimizer "
                         f"{args.optimizer}")
    seed = 0 if args.seed is None else args.seed
    steps = DEFAULT_STEPS if args.steps is None else args.steps
    if args.test_fraction is not None and not 0 <= args.test_fraction < 1:
        raise UsageError(f"--test-fraction: expected a share from 0 up to (not including) 1, "
                         f"got {args.test_fraction}")
    data = load_dataset(args.dataset, n=args.n, noise=args.noise, seed=seed,
                        classes=args.classes if args.dataset == "spiral" else None,
                        path=args.data,
                        regression=args.output == "regression",
                        test_fraction=args.test_fraction)
    X, y, spec = data.X, data.y, data.spec
    output = args.output
    if data.regression and output not in ("auto", "regression"):
        raise UsageError(f"--output {output}: --dataset {args.dataset} has a numeric target; "
                         f"use regression")
    if not data.regression and output == "regression":
        raise UsageError(f"--output regression: --dataset {args.dataset} has class labels; "
                         f"use binary or softmax")
    n_classes = 0 if data.regression else int(y.max()) + 1
    if output == "auto":
        output = ("regression" if data.regression else
                  "binary" if n_classes <= 2 else "softmax")
    if output == "binary" and n_classes > 2:
        raise UsageError(f"--output binary: the data has {n_classes} classes; use softmax")
    sizes = [X.shape[1], *_hidden(args.hidden), 1 if output != "softmax" else n_classes]
    scheme = scheme_for(args.activation) if args.init == "auto" else args.init
    W, b = initial_parameters(sizes, scheme, np.random.default_rng(seed), args.activation)
    model = MLP(W, b, args.activation, output, "square" if args.feature_map else "identity")
    lr = DEFAULT_LR[args.optimizer] if args.lr is None else args.lr
    config = TrainConfig(lr=lr, steps=steps, batch_size=args.batch_size,
                         reduction=args.reduction, momentum=args.momentum, l2=args.l2,
                         shuffle_seed=seed, optimizer=args.optimizer, beta1=args.beta1,
                         beta2=args.beta2, eps=args.eps)
    schedule = snapshot_steps(steps, every=args.every, count=count, spacing=args.spacing)
    meta = {"dataset": spec, "seed": seed, "init": {"scheme": scheme}}
    return train(model, X, y, config, schedule, meta, progress=progress, X_test=data.X_test,
                 y_test=data.y_test)


def summary_line(trace) -> str:
    """What the run reached: the loss and the output kind's scores, on the test set too."""
    def scores(pre: str) -> str:
        if trace.kind.classification:
            return f"accuracy {percent(getattr(trace, pre + 'accuracy')[-1], 1)}"
        return (f"R^2 {getattr(trace, pre + 'r2')[-1]:.4f}, "
                f"RMSE {getattr(trace, pre + 'rmse')[-1]:.4g}")

    text = (f"{trace.n_snapshots} snapshots, final loss {trace.loss[-1]:.6g}, "
            f"{scores('')}")
    if trace.has_test:
        text += f"; test loss {trace.test_loss[-1]:.6g}, {scores('test_')}"
    return text


def run(args) -> int:
    if wanted(args.quiet):
        with LateProgress(DEFAULT_STEPS if args.steps is None else args.steps) as bar:
            trace = build_trace(args, progress=bar)
    else:
        trace = build_trace(args)
    path = save_trace(trace, args.out, float32=args.float32)
    if args.quiet:
        return 0
    print(f"wrote {path}: {summary_line(trace)}")
    diverged = trace.meta["training"].get("diverged_at")
    if diverged is not None:
        warning = (f"the run diverged: its loss or weights were not finite at step "
                   f"{diverged}, so the trace ends at step {int(trace.steps[-1])}, the last "
                   f"finite snapshot; a smaller learning rate may help")
    else:
        warning = check(trace.steps, trace.loss, trace.score, trace.kind.metric).warning()
    if warning:
        print(f"mlp-explainer: warning: {warning}", file=sys.stderr)
    return 0
