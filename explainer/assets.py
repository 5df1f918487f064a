"""``python -m explainer.assets`` (``make assets``): record the bundled traces under assets/.

The names and recipes are mlp.bundled's; the same seed gives the same bytes, so a rebuilt
asset differs from the committed one only if the core changed. The recipes train with
``fixed_order`` (no BLAS in the arithmetic) and sum the loss exactly, so the bytes do not
depend on the CPU either; they do record the NumPy version that made them
(``meta["producer"]``), and the element-wise exp and log come from NumPy, SciPy and the C
library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mlp.bundled import ASSET_DIR, BUNDLED
from mlp.trace import save_trace
from scenes.toolkit.words import percent


def score_words(trace) -> str:
    """The run's final headline score in words: "accuracy 100%", or "R^2 0.980"."""
    if trace.kind.classification:
        return f"accuracy {percent(trace.accuracy[-1])}"
    return f"R^2 {trace.r2[-1]:.3f}"


def build(names=None, out_dir=ASSET_DIR, quiet: bool = False) -> list:
    written = []
    for name in names or BUNDLED:
        if name not in BUNDLED:
            raise SystemExit(f"unknown asset {name!r}; known: {', '.join(BUNDLED)}")
        trace = BUNDLED[name]()
        path = save_trace(trace, out_dir / f"{name}.npz", float32=True)
        written.append(path)
        if not quiet:
            print(f"{path}: {'-'.join(map(str, trace.sizes))}, {trace.n_snapshots} snapshots, "
                  f"final loss {trace.loss[-1]:.4g}, {score_words(trace)}")
    return written


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m explainer.assets", description=__doc__)
    p.add_argument("names", nargs="*", help="assets to rebuild (default: all)")
    p.add_argument("--out", type=Path, default=ASSET_DIR,
                   help="folder to write them to (default: assets/)")
    args = p.parse_args(argv)
    build(args.names, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
