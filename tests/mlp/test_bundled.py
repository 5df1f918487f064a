"""The registry of bundled traces and the assets/ folder name the same traces."""

from __future__ import annotations

import pytest

from mlp.bundled import ASSET_DIR, BUNDLED, WIDTH_TRACES, bundled_path


def test_every_bundled_trace_is_in_assets_and_nothing_else_is():
    assert sorted(p.stem for p in ASSET_DIR.glob("*.npz")) == sorted(BUNDLED)
    assert set(WIDTH_TRACES) <= set(BUNDLED)


def test_an_unknown_name_is_one_line_naming_the_known_ones():
    assert bundled_path("seed-notebook") == ASSET_DIR / "seed-notebook.npz"
    with pytest.raises(ValueError, match=r"one of seed-notebook, .* got 'seed'$"):
        bundled_path("seed")
