"""The bundled traces under assets/: each one's name and the recipe that records it.

Scenes name their default trace by these names, the story lists the ones each chapter
plays, and ``make assets`` (``python -m explainer.assets``) records them all from here.
The same seed gives the same bytes, so a rebuilt asset differs from the committed one only
if the core changed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from mlp.presets import (
    curve_example,
    digits_example,
    linear_classifier,
    seed_notebook,
    story_example,
    warp_example,
)
from mlp.trace import Trace


def _asset_dir() -> Path:
    """Where the bundled traces are: the copy an installed wheel carries inside the package
    (mlp/assets/), else the checkout's assets/ (their source, which ``make assets`` writes)."""
    here = Path(__file__).resolve().parent
    installed = here / "assets"
    return installed if installed.is_dir() else here.parent / "assets"


ASSET_DIR = _asset_dir()

SEED_NOTEBOOK = "seed-notebook"
# The width progression: the seed's run with 5, 10, ..., 50 hidden units.
WIDTHS = tuple(range(5, 55, 5))
WIDTH_TRACES = tuple(f"seed-width-{w}" for w in WIDTHS)
# The story's runs beyond the seed's network: two hidden units that cannot hold the inner
# circle, three classes of the spiral (a softmax output), two hidden layers on the rings.
TWO_UNITS = "seed-width-2"
MANY_CLASSES = "spiral-width-8"
DEPTH = "rings-depth-3-3"
# A curve of one input fitted by eight sigmoid units (a regression): the units' steps add up.
CURVE = "sine-width-8"
# Real data: a 64-16-10 softmax network on scikit-learn's handwritten digits, with a test set.
DIGITS = "digits-width-16"

# name -> recipe (assets/<name>.npz is what the recipe records).
BUNDLED: dict[str, Callable[[], Trace]] = {
    SEED_NOTEBOOK: seed_notebook,
    "blobs-linear": partial(linear_classifier, "blobs"),
    "circles-linear": partial(linear_classifier, "circles"),
    "circles-feature-map": partial(linear_classifier, "circles", feature_map=True),
    **{name: partial(seed_notebook, hidden=w, count=61)
       for w, name in zip(WIDTHS, WIDTH_TRACES, strict=True)},
    "wedge-width-2": partial(warp_example, "wedge", hidden=2, seed=0, lr=2.0, steps=3000),
    "moons-width-8": partial(warp_example, "moons", hidden=8, seed=0, lr=2.0, steps=3000),
    TWO_UNITS: partial(seed_notebook, hidden=2),
    MANY_CLASSES: partial(story_example, "spiral", hidden=(8,)),
    DEPTH: partial(story_example, "rings", hidden=(3, 3)),
    CURVE: partial(curve_example, "sine", hidden=8),
    DIGITS: partial(digits_example, hidden=16),
}


def bundled_path(name: str) -> Path:
    """assets/<name>.npz for a bundled trace's name; ValueError naming the known ones else.

    >>> bundled_path("seed-notebook").name
    'seed-notebook.npz'
    """
    if name not in BUNDLED:
        raise ValueError(f"bundled trace must be one of {', '.join(BUNDLED)}, got {name!r}")
    return ASSET_DIR / f"{name}.npz"
