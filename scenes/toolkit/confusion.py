"""The confusion matrix through training, for K classes: how often each class is taken for
each other, the one way every chapter draws it.

Row i is the points of true class i, column j those the network predicts as class j, so
the diagonal holds the points it gets right. Each cell shows its count and is shaded by
the count's share of its row on the value scale (surface.value_rgb: a viridis colour is a
value), so a row reads the same whatever its class's size. Rows and columns are labelled
with the classes' names, as text; the titles "true" and "predicted" are said in the language
of $MLP_LANGUAGE.
"""

from __future__ import annotations

import numpy as np
from manim import LEFT, UP, Square, VGroup

from mlp.trace import Trace
from scenes.toolkit.language import pgettext
from scenes.toolkit.readouts import NumberText, caption, name_text
from scenes.toolkit.style import BACKGROUND, FOREGROUND, MUTED
from scenes.toolkit.surface import hex_of, value_rgb
from scenes.toolkit.words import class_names, n_classes


def confusion_data(trace: Trace, on: str = "test") -> tuple[np.ndarray, np.ndarray]:
    """The points a confusion matrix counts: the test set (``on="test"``; the training
    set when the trace has none) or the training set (``on="training"``)."""
    if on not in ("test", "training"):
        raise ValueError(f"on must be 'test' or 'training', got {on!r}")
    if on == "test" and trace.has_test:
        return trace.X_test, trace.y_test
    return trace.X, trace.y


def confusion_counts(trace: Trace, k: int, on: str = "test") -> np.ndarray:
    """Counts (K, K) at snapshot ``k``: row i, column j is how many points of class i the
    network predicts as class j."""
    X, y = confusion_data(trace, on)
    K = n_classes(trace)
    pred = trace.model(k).predict(X)
    counts = np.zeros((K, K), dtype=np.int64)
    np.add.at(counts, (np.asarray(y, dtype=np.int64), np.asarray(pred, dtype=np.int64)), 1)
    return counts


def most_confused(counts: np.ndarray) -> tuple[int, int, int] | None:
    """The largest off-diagonal cell: (true class, predicted class, count), the first in
    row order among equals; None when every point is right."""
    off = np.array(counts, dtype=np.int64)
    np.fill_diagonal(off, 0)
    if not off.any():
        return None
    i, j = np.unravel_index(int(np.argmax(off)), off.shape)
    return int(i), int(j), int(off[i, j])


class ConfusionMatrix(VGroup):
    """The trace's confusion matrix at a position (:func:`confusion_counts` of
    ``trace.snapshot_at(pos)``), on the test set by default (``on``).

    Parts: ``cells`` (K x K Squares, row-major), ``numbers`` (their counts, NumberText, or
    empty with ``numbers=False``), ``row_names`` and ``column_names`` (Text), ``titles``
    ("true" and "predicted"). State: ``counts`` (K, K) on screen, ``snapshot``.

    Examples
    --------
    ::

        class ShowConfusion(Scene):
            def construct(self):
                trace = load_trace("assets/digits-width-16.npz")
                self.add(ConfusionMatrix(trace).set_position(trace.n_snapshots - 1))
    """

    def __init__(self, trace: Trace, *, on: str = "test", cell: float = 0.3,
                 font_size: float = 14, numbers: bool = True, name_width: float = 0.9,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace, self.on = trace, on
        K = n_classes(trace)
        self.K = K
        self.cells = VGroup(*(Square(cell, stroke_color=BACKGROUND, stroke_width=1,
                                     fill_opacity=1.0) for _ in range(K * K)))
        self.cells.arrange_in_grid(rows=K, cols=K, buff=0)
        self.numbers = VGroup(*(NumberText("0", font_size=font_size) for _ in range(K * K))
                              if numbers else ())
        names = class_names(trace)
        self.row_names = VGroup(*(name_text(n, name_width, font_size=font_size, color=MUTED)
                                  for n in names))
        self.column_names = VGroup(*(name_text(n, cell * 0.95 if len(n) > 1 else name_width,
                                               font_size=font_size, color=MUTED)
                                     for n in names))
        for i, text in enumerate(self.row_names):
            text.next_to(self.cells[i * K], LEFT, buff=0.08)
        for j, text in enumerate(self.column_names):
            text.next_to(self.cells[j], UP, buff=0.06)
        self.titles = VGroup(caption(pgettext("confusion matrix", "true"), font_size=font_size,
                                     color=MUTED),
                             caption(pgettext("confusion matrix", "predicted"),
                                     font_size=font_size, color=MUTED))
        self.titles[0].rotate(np.pi / 2).next_to(self.row_names, LEFT, buff=0.1)
        self.titles[1].next_to(self.column_names, UP, buff=0.08)
        self.add(self.cells, self.numbers, self.row_names, self.column_names, self.titles)
        self.snapshot = None
        self.set_position(0.0)

    def set_position(self, pos: float) -> ConfusionMatrix:
        k = self.trace.snapshot_at(pos)
        if k == self.snapshot:
            return self
        self.snapshot = k
        self.counts = confusion_counts(self.trace, k, self.on)
        rows = np.maximum(self.counts.sum(axis=1, keepdims=True), 1)
        share = self.counts / rows
        colours = value_rgb(share, 0.0, 1.0)
        for idx, square in enumerate(self.cells):
            i, j = divmod(idx, self.K)
            square.set_fill(hex_of(colours[i, j]), opacity=1.0)
            if len(self.numbers):
                number = self.numbers[idx]
                number.set_text(str(int(self.counts[i, j])))
                number.set_fill(BACKGROUND if share[i, j] > 0.55 else FOREGROUND)
                number.move_to(square)
        return self

