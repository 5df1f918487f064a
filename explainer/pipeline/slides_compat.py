"""manim-slides' ``Slide`` on every Manim we support: as released on 0.21, adapted on 0.22.

manim-slides 5.7.0 (the newest release) was written for Manim 0.21's configuration. On
0.22 its ``Slide`` fails three ways: ``__init__`` sets ``config["write_to_movie"]`` (removed
in 0.22; a Cairo render writes its movie by default anyway), ``render`` sets
``config["max_files_cached"] = float("inf")`` (0.22 takes an int, -1 for no limit) and reads
``config["flush_cache"]`` (removed; a flush is never asked for here). ``Slide`` below skips
those two methods of manim-slides' own and does the same work with 0.22's options; every
other method is manim-slides'.

On Manim 0.21 this module is exactly ``from manim_slides import Slide``. Remove it (and
import ``Slide`` from manim_slides again in slides.WRAPPER) with the first manim-slides
release after 5.7.0 that renders on Manim 0.22; tests/explainer/test_slides_compat.py
fails on that release, as a reminder.
"""

from __future__ import annotations

from typing import Any

from manim import config
from manim_slides import Slide as _Slide

# The options manim-slides 5.7.0 sets, which Manim 0.22 no longer has.
NEEDS_ADAPTING = not {"write_to_movie", "flush_cache"} <= set(config)

if not NEEDS_ADAPTING:
    Slide = _Slide
else:

    class Slide(_Slide):
        """manim_slides.Slide without its Manim 0.21 options."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # skip _Slide.__init__ (config["write_to_movie"] = True): the Cairo renderer
            # writes the partial movies manim-slides joins unless told otherwise
            super(_Slide, self).__init__(*args, **kwargs)

        def render(self, *args: Any, **kwargs: Any) -> None:
            # _Slide.render, with -1 for "keep every partial movie" and no flush_cache
            max_files_cached = config["max_files_cached"]
            config["max_files_cached"] = -1
            try:
                super(_Slide, self).render(*args, **kwargs)
            finally:
                config["max_files_cached"] = max_files_cached
            self._save_slides(use_cache=not (config["disable_caching"] or self.disable_caching),
                              flush_cache=self.flush_cache,
                              skip_reversing=self.skip_reversing)
