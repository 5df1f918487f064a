"""A scene's narrative beats: each one a section (a slide of the deck) with one caption over it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from manim import Scene


@contextmanager
def beat(scene: Scene, name: str, text: str) -> Iterator[None]:
    """Play the body as beat ``name``: ``scene.next_section(name)``, then one subtitle entry
    with ``text`` from where the beat starts to where it ends.

    The caption is timed on the scene's own clock after the body has run, so it lasts exactly
    the beat's animations and waits at any pace. A body that plays nothing adds no caption
    (manim drops the empty section too).

    Examples
    --------
    ::

        class Example(Scene):
            def construct(self):
                with beat(self, "square", "A square appears."):
                    self.play(Create(Square()))
                    self.wait()
    """
    scene.next_section(name)
    start = scene.time
    yield
    elapsed = scene.time - start
    if elapsed > 0:
        scene.add_subcaption(text, duration=elapsed, offset=-elapsed)
