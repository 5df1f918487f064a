"""A scene's beats: one idea each, declared once with its name and its caption.

A beat is a section of the video (a slide of the deck) with one caption over it, from where
it starts to where it ends. Scenes declare them with :meth:`Beats.beat`; everything a beat
does beyond playing its body (the section, the subtitle, the record the pipeline reads)
happens in :meth:`Beats.start_beat` and :meth:`Beats.end_beat`, so a new duty of every beat
(holding until its caption is read, speaking it) is added there, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from manim import Scene


@dataclass(frozen=True)
class Beat:
    """One beat of a scene: ``name`` (its section and slide), ``caption`` (the plain-words
    subtitle over it), and ``start``/``end`` in seconds of the scene's clock (``end`` is None
    while it plays)."""

    name: str
    caption: str
    start: float
    end: float | None = None

    @property
    def duration(self) -> float:
        return 0.0 if self.end is None else self.end - self.start


class Beats(Scene):
    """A scene that declares its beats: ``with self.beat(name, caption): ...``.

    ``played_beats`` lists the :class:`Beat` s played so far, in order. Each beat opens a section
    named ``name`` (manim's ``--save_sections``; manim-slides makes each section a slide) and
    puts ``caption`` on screen-reader subtitles for exactly the beat's span. A beat whose body
    plays nothing adds no caption and no record (manim drops the empty section too).

    Examples
    --------
    ::

        class ShowBeats(Beats):
            def construct(self):
                with self.beat("square", "A square appears."):
                    self.play(Create(Square()))
    """

    def __init__(self, *args, **kwargs) -> None:
        self.played_beats: list[Beat] = []
        super().__init__(*args, **kwargs)

    @contextmanager
    def beat(self, name: str, caption: str) -> Iterator[Beat]:
        """Play the body as the beat ``name`` with ``caption`` over it."""
        started = Beat(name, caption, self.time)
        self.start_beat(started)
        yield started
        self.end_beat(started)

    def start_beat(self, beat: Beat) -> None:
        """Where every beat begins: its own section (a slide of the deck)."""
        self.next_section(beat.name)

    def end_beat(self, beat: Beat) -> None:
        """Where every beat ends: its caption, timed on the scene's clock after the body has
        run, so it lasts exactly the beat's animations and waits at any pace; then its record."""
        elapsed = self.time - beat.start
        if elapsed <= 0:
            return
        self.add_subcaption(beat.caption, duration=elapsed, offset=-elapsed)
        self.played_beats.append(Beat(beat.name, beat.caption, beat.start, self.time))
