"""explainer: the pipeline and command line that train, import, render and export."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mlp-explainer")
except PackageNotFoundError:  # the packages on the path, not installed
    __version__ = "0+unknown"
