"""A progress bar for long training runs: shown only once a run has taken a while."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


class LateProgress:
    """Called with the number of steps done; draws a rich bar on stderr once ``delay``
    seconds have passed, so short runs print nothing. Use as a context manager: leaving it
    removes the bar.

    ``console`` and ``clock`` are for tests (a rich Console writing to a buffer, a fake
    clock); by default the bar goes to stderr and time is time.monotonic.
    """

    def __init__(self, total: int, description: str = "training", delay: float = 2.0,
                 console=None, clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.description, self.delay = total, description, delay
        self.console, self.clock = console, clock
        self.start = clock()
        self.bar = None
        self.task = None

    def __call__(self, done: int) -> None:
        if self.bar is None:
            if self.clock() - self.start < self.delay:
                return
            self._show()
        self.bar.update(self.task, completed=done)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        console = self.console or Console(file=sys.stderr)
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("steps"), TimeRemainingColumn(),
                            console=console, transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.description, total=self.total)

    def __enter__(self) -> LateProgress:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def wanted(quiet: bool, stream=None) -> bool:
    """A bar only for a person watching: not with --quiet, and only when stderr is a terminal."""
    stream = sys.stderr if stream is None else stream
    return not quiet and hasattr(stream, "isatty") and stream.isatty()
