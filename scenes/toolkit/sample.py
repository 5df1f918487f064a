"""The points a scene draws of a trace's data: all of them up to DISPLAY_POINTS, past that a
seeded, stratified sample of that many, and the words that say so.

A cloud of 50,000 circles costs the camera 25 times one of 2,000 and shows no more: past a
few thousand the dots cover each other. Every scene that draws the data cloud draws
``display_sample(trace)``: at most DISPLAY_POINTS points, chosen by the rule the core's
recorders sample a big data set by (mlp.datasets.stratified_indices: each class, or each
quintile of a regression's target, kept in proportion, every class represented, the same
points for the same trace every time). The scores on screen stay the whole trace's own
(trace.accuracy, trace.loss): the sample is only what is drawn.

When the trace itself keeps a sample of a bigger set (its ``meta["sample"]``), the note
counts the whole set: "2,000 of 60,000 points shown".

No manim here: the scenes and the tests import it alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlp.datasets import stratified_indices
from mlp.trace import Trace
from scenes.toolkit.language import grouped, ngettext

DISPLAY_POINTS = 2000  # the most points a scene draws of one set
DISPLAY_SEED = 0  # the display sample's seed: the same points every render


@dataclass(frozen=True)
class DisplaySample:
    """The points drawn of one set of a trace: ``index`` (k,) sorted indices into the
    trace's X (or X_test), ``X`` (k, d) and ``y`` (k,) those points, ``total`` the number
    of points the set had in all (the trace's meta.sample "of" when it keeps a sample)."""

    index: np.ndarray
    X: np.ndarray
    y: np.ndarray
    total: int

    @property
    def shown(self) -> int:
        return len(self.index)

    @property
    def partial(self) -> bool:
        """Whether fewer points are drawn than the set had."""
        return self.shown < self.total

    def note(self, noun: str = "points") -> str | None:
        """"2,000 of 50,000 points shown" (``noun`` "points"), "300 of 360 test images
        shown" (``noun`` "test images"), or None when every point is drawn: one whole
        sentence per noun, in the language of $MLP_LANGUAGE.

        >>> DisplaySample(np.arange(3), np.zeros((3, 2)), np.zeros(3), 1200).note()
        '3 of 1,200 points shown'
        >>> DisplaySample(np.arange(3), np.zeros((3, 2)), np.zeros(3), 3).note() is None
        True
        """
        if noun not in NOTE_NOUNS:
            raise ValueError(f"noun must be one of {', '.join(NOTE_NOUNS)}, got {noun!r}")
        if not self.partial:
            return None
        shown, total = grouped(self.shown), grouped(self.total)
        if noun == "test images":
            return ngettext("{shown} of {total} test image shown",
                            "{shown} of {total} test images shown",
                            self.total).format(shown=shown, total=total)
        return ngettext("{shown} of {total} point shown", "{shown} of {total} points shown",
                        self.total).format(shown=shown, total=total)


# what a note may count: the points of a plane, or the test images of an image chapter
NOTE_NOUNS = ("points", "test images")


def display_sample(trace: Trace, limit: int = DISPLAY_POINTS, *,
                   test: bool = False) -> DisplaySample:
    """The training points (or with ``test`` the test points) a scene draws of ``trace``:
    all of them when there are at most ``limit``, else a seeded (DISPLAY_SEED), stratified
    sample of ``limit`` (mlp.datasets.stratified_indices, the recorders' rule)."""
    X, y = (trace.X_test, trace.y_test) if test else (trace.X, trace.y)
    if X is None:
        raise ValueError(f"{trace.path or 'the trace'} has no test set to draw")
    total = trace.n_test_total if test else trace.n_total
    idx = stratified_indices(y, int(limit), DISPLAY_SEED,
                             regression=not trace.kind.classification)
    return DisplaySample(idx, X[idx], y[idx], max(int(total), len(idx)))
