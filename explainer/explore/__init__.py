"""The explorer: a trace as one self-contained, offline, interactive HTML page.

``build_page(trace)`` returns the page's HTML, ``write_page(trace, path)`` writes it
atomically, and ``explore(trace)`` shows it inline in a notebook.
"""

from __future__ import annotations

from explainer.explore.notebook import explore
from explainer.explore.page import ExploreError, build_page, page_payload, write_page

__all__ = ["ExploreError", "build_page", "explore", "page_payload", "write_page"]
