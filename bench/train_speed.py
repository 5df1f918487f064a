"""Training speed: the NumPy core beside scikit-learn's MLPClassifier (and MLPRegressor, for
a regression), in one run.

Same data, architecture, activation, optimiser (full-batch gradient descent, or Adam with
the same rate, betas and epsilon as scikit-learn's ``adam`` solver) and number of steps
(one step is one epoch of the full batch). The core records a snapshot every 10 steps
(parameters, gradients, loss, accuracy); the cost of that recording is measured against
the same run with only the first and last snapshot. Prints times and ratios; best of
--repeat runs each.

Both sides use the same number of BLAS threads, one unless --blas-threads says otherwise:
on a machine shared with other work, OpenBLAS's threads spin waiting for a busy core, which
made the 10,000-point cases many times slower and their ratio meaningless.

    .venv/bin/python bench/train_speed.py [--blas-threads N]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPClassifier, MLPRegressor  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from bench.common import load_average  # noqa: E402
from mlp.datasets import load_dataset, make_dataset, rings  # noqa: E402
from mlp.init import initial_parameters  # noqa: E402
from mlp.network import MLP  # noqa: E402
from mlp.schedule import snapshot_steps  # noqa: E402
from mlp.train import TrainConfig, train  # noqa: E402


def best_of_interleaved(repeat: int, *fns) -> list[float]:
    """Best time of each function over ``repeat`` rounds, the functions taking turns.

    Taking turns spreads any load from other processes over all contenders alike.
    """
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def core_run(X, y, sizes, activation, lr, steps, every, optimizer="sgd", output="binary"):
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(0), activation)
    model = MLP(W, b, activation, output)
    schedule = snapshot_steps(steps, every=every) if every else np.array([0, steps])
    return train(model, X, y, TrainConfig(lr=lr, steps=steps, optimizer=optimizer), schedule)


def sklearn_run(X, y, sizes, activation, lr, steps, optimizer="sgd", output="binary"):
    estimator = MLPRegressor if output == "regression" else MLPClassifier
    clf = estimator(hidden_layer_sizes=tuple(sizes[1:-1]),
                        activation="logistic" if activation == "sigmoid" else activation,
                        solver=optimizer, batch_size=len(X), learning_rate_init=lr,
                        momentum=0.0, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                        alpha=0.0, max_iter=steps, tol=0.0, n_iter_no_change=steps + 1,
                        shuffle=False, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.n_iter_ == steps
    return clf


def case(name, X, y, sizes, activation, lr, steps, repeat, optimizer="sgd", output="binary"):
    t_sk, t_core, t_bare = best_of_interleaved(
        repeat,
        lambda: sklearn_run(X, y, sizes, activation, lr, steps, optimizer, output),
        lambda: core_run(X, y, sizes, activation, lr, steps, 10, optimizer, output),
        lambda: core_run(X, y, sizes, activation, lr, steps, None, optimizer, output),
    )
    estimator = "MLPRegressor " if output == "regression" else "MLPClassifier"
    print(f"{name} (load average {load_average()})")
    print(f"  scikit-learn {estimator}      {t_sk:8.3f} s")
    print(f"  core, snapshot every 10 steps    {t_core:8.3f} s   "
          f"ratio to scikit-learn {t_core / t_sk:.2f}x (target <= 1.0x)")
    print(f"  core, first and last snapshot    {t_bare:8.3f} s   "
          f"recording cost {100 * (t_core / t_bare - 1):+.1f}% (target <= 15%)")
    return t_core / t_sk, t_core / t_bare - 1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--only", choices=["sgd", "adam", "regression"],
                   help="run only this optimiser's cases, or the regression's")
    p.add_argument("--blas-threads", type=int, default=1,
                   help="BLAS threads for both contenders (default 1)")
    args = p.parse_args()
    threadpool_limits(args.blas_threads)
    print(f"BLAS threads: {args.blas_threads}, for both")
    if args.only in (None, "regression"):
        data = load_dataset("sine", n=200, seed=0, test_fraction=0)
        case("Regression, Adam: 1-16-1 tanh, sine (200 points), 2000 full-batch steps",
             data.X, data.y, [1, 16, 1], "tanh", 0.02, 2000, 3 * args.repeat,
             optimizer="adam", output="regression")
        if args.only == "regression":
            return
    if args.only != "adam":
        X, y = rings(100, rng=np.random.RandomState(44))
        # a run of a few tens of milliseconds: more rounds to see past scheduling noise
        case("2-3-1 sigmoid, seed data (200 points), 1000 full-batch steps", X, y, [2, 3, 1],
             "sigmoid", 0.5, 1000, 10 * args.repeat)
        X, y, _ = make_dataset("moons", n=10_000, seed=0)
        case("2-64-64-1 relu, moons (10,000 points), 500 full-batch steps", X, y,
             [2, 64, 64, 1], "relu", 0.1, 500, args.repeat)
    if args.only != "sgd":
        X, y, _ = make_dataset("moons", n=200, seed=0)
        case("Adam: 2-16-16-1 tanh, moons (200 points), 2000 full-batch steps", X, y,
             [2, 16, 16, 1], "tanh", 0.03, 2000, 3 * args.repeat, optimizer="adam")
        X, y, _ = make_dataset("moons", n=10_000, seed=0)
        case("Adam: 2-64-64-1 relu, moons (10,000 points), 500 full-batch steps", X, y,
             [2, 64, 64, 1], "relu", 0.01, 500, args.repeat, optimizer="adam")


if __name__ == "__main__":
    main()
