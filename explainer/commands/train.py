"""mlp-explainer train: train a network with the NumPy core and save its trace."""

from __future__ import annotations

import numpy as np

from explainer.errors import UsageError
from mlp.activations import ACTIVATIONS
from mlp.datasets import DATASETS, make_dataset
from mlp.init import SCHEMES, initial_parameters
from mlp.network import MLP, REDUCTIONS
from mlp.presets import PRESETS
from mlp.schedule import SPACINGS, snapshot_steps
from mlp.trace import save_trace
from mlp.train import TrainConfig, train

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
    p.add_argument("--data", help="CSV of x1, x2, label (with --dataset csv)")
    p.add_argument("--feature-map", action="store_true",
                   help="train on the seed's phi(x) = [x1^2, x2^2]")
    p.add_argument("--hidden", default="3", help="hidden widths: 3, 64,64 or none (default 3)")
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="sigmoid")
    p.add_argument("--output", choices=["auto", "binary", "softmax"], default="auto")
    p.add_argument("--init", choices=SCHEMES, default="glorot")
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--batch-size", type=int, default=None, help="default: full batch")
    p.add_argument("--reduction", choices=REDUCTIONS, default="mean")
    p.add_argument("--momentum", type=float, default=0.0)
    p.add_argument("--l2", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=None,
                   help="seeds data, initial weights and shuffles (seed-notebook: 44)")
    p.add_argument("--every", type=int, default=None, help="a snapshot every k steps")
    p.add_argument("--snapshots", type=int, default=201, help="number of snapshots (default 201)")
    p.add_argument("--spacing", choices=SPACINGS, default="geometric")
    p.add_argument("--float32", action="store_true", help="store parameters as float32")
    p.add_argument("--out", required=True, help="trace file to write (.npz)")


def build_trace(args):
    if args.every is not None and args.every < 1:
        raise UsageError(f"--every: expected a number of steps >= 1, got {args.every}")
    if args.snapshots < 2:
        raise UsageError(f"--snapshots: expected at least 2 (the first and last step), "
                         f"got {args.snapshots}")
    count = None if args.every else args.snapshots
    if args.preset:
        kw = {"steps": args.steps, "every": args.every, "count": count, "spacing": args.spacing}
        if args.seed is not None:
            kw["seed"] = args.seed
        return PRESETS[args.preset](**kw)
    seed = 0 if args.seed is None else args.seed
    X, y, spec = make_dataset(args.dataset, n=args.n, noise=args.noise, seed=seed,
                              classes=args.classes, path=args.data)
    n_classes = int(y.max()) + 1
    output = args.output
    if output == "auto":
        output = "binary" if n_classes <= 2 else "softmax"
    if output == "binary" and n_classes > 2:
        raise UsageError(f"--output binary: the data has {n_classes} classes; use softmax")
    sizes = [2, *_hidden(args.hidden), 1 if output == "binary" else n_classes]
    W, b = initial_parameters(sizes, args.init, np.random.default_rng(seed), args.activation)
    model = MLP(W, b, args.activation, output, "square" if args.feature_map else "identity")
    config = TrainConfig(lr=args.lr, steps=args.steps, batch_size=args.batch_size,
                         reduction=args.reduction, momentum=args.momentum, l2=args.l2,
                         shuffle_seed=seed)
    schedule = snapshot_steps(args.steps, every=args.every, count=count, spacing=args.spacing)
    meta = {"dataset": spec, "seed": seed, "init": {"scheme": args.init}}
    return train(model, X, y, config, schedule, meta)


def run(args) -> int:
    trace = build_trace(args)
    path = save_trace(trace, args.out, float32=args.float32)
    print(f"wrote {path}: {trace.n_snapshots} snapshots, final loss "
          f"{trace.loss[-1]:.6g}, accuracy {100 * trace.accuracy[-1]:.1f}%")
    return 0
