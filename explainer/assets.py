"""The bundled traces under assets/: each one's recipe, and the command that records them all.

``python -m explainer.assets`` (``make assets``) rebuilds every trace; the same seed gives
the same bytes, so a rebuilt asset differs from the committed one only if the core changed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial

from mlp.presets import linear_classifier, seed_notebook, warp_example
from mlp.trace import Trace, save_trace
from scenes.toolkit.traces import ASSETS as ASSET_DIR

WIDTHS = tuple(range(5, 55, 5))

# name -> recipe. Scenes name their default trace by these keys (assets/<name>.npz).
ASSETS: dict[str, Callable[[], Trace]] = {
    "seed-notebook": seed_notebook,
    "blobs-linear": partial(linear_classifier, "blobs"),
    "circles-linear": partial(linear_classifier, "circles"),
    "circles-feature-map": partial(linear_classifier, "circles", feature_map=True),
    **{f"seed-width-{w}": partial(seed_notebook, hidden=w, count=61) for w in WIDTHS},
    "wedge-width-2": partial(warp_example, "wedge", hidden=2, seed=0, lr=2.0, steps=3000),
    "moons-width-8": partial(warp_example, "moons", hidden=8, seed=0, lr=2.0, steps=3000),
}


def build(names=None, out_dir=ASSET_DIR, quiet: bool = False) -> list:
    written = []
    for name in names or ASSETS:
        if name not in ASSETS:
            raise SystemExit(f"unknown asset {name!r}; known: {', '.join(ASSETS)}")
        trace = ASSETS[name]()
        path = save_trace(trace, out_dir / f"{name}.npz", float32=True)
        written.append(path)
        if not quiet:
            print(f"{path}: {'-'.join(map(str, trace.sizes))}, {trace.n_snapshots} snapshots, "
                  f"final loss {trace.loss[-1]:.4g}, accuracy {100 * trace.accuracy[-1]:.0f}%")
    return written


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m explainer.assets", description=__doc__)
    p.add_argument("names", nargs="*", help="assets to rebuild (default: all)")
    args = p.parse_args(argv)
    build(args.names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
