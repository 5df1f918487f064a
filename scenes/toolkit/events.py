"""A training run's events, found in its trace: where the loss stalls (a plateau), where it
drops fastest, the snapshot from which every point stays on its side (the last one crosses),
and the rest of the run. A chapter that plays a run plays one beat per event, each saying
what the trace shows in that stretch, so a long run is never one caption.

``training_segments(trace)`` returns consecutive :class:`Segment` s from snapshot 0 to the
last; every number in a caption is the trace's at the segment's ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlp.trace import Trace
from scenes.toolkit.words import percent, step_unit

PLATEAU_SPREAD = 0.03  # a plateau: the loss stays within 3% of the run's whole range
PLATEAU_LENGTH = 0.08  # ... for at least 8% of the snapshots
DROP_WINDOW = 0.10     # the drop: the steepest fall over 10% of the snapshots
DROP_SHARE = 0.30      # ... when it is at least 30% of the run's range


@dataclass(frozen=True)
class Segment:
    """Snapshots ``start`` to ``end`` of a run, its ``kind`` ("start", "plateau", "drop",
    "cross", "end") and the ``caption`` that says what happens in it."""

    start: int
    end: int
    kind: str
    caption: str


def plateau(loss: np.ndarray) -> tuple[int, int] | None:
    """The longest run of snapshots [a, b] over which the loss stays within PLATEAU_SPREAD
    of its range, when it lasts PLATEAU_LENGTH of the run; else None."""
    L = np.asarray(loss, dtype=np.float64)
    span = float(L.max() - L.min())
    if span <= 0:
        return None
    best, a = (0, 0), 0
    for b in range(len(L)):
        while L[a:b + 1].max() - L[a:b + 1].min() > PLATEAU_SPREAD * span:
            a += 1
        if b - a > best[1] - best[0]:
            best = (a, b)
    return best if best[1] - best[0] >= PLATEAU_LENGTH * len(L) else None


def drop(loss: np.ndarray) -> tuple[int, int] | None:
    """The window [a, b] of DROP_WINDOW of the snapshots where the loss falls most (by how
    much it falls, times the share of its value it loses), when it loses at least
    DROP_SHARE of its value there and DROP_SHARE of the run's range; else None."""
    L = np.maximum(np.asarray(loss, dtype=np.float64), 1e-12)
    w = max(2, int(round(DROP_WINDOW * len(L))))
    if len(L) <= w:
        return None
    fall = L[:-w] - L[w:]
    a = int(np.argmax(fall * fall / L[:-w]))
    fall = L[a] - L[a + w]
    if fall >= DROP_SHARE * L[a] and fall >= DROP_SHARE * float(L.max() - L.min()):
        return a, a + w
    return None


def crossing(accuracy: np.ndarray) -> int:
    """The first snapshot from which the accuracy stays at its final value or above."""
    acc = np.asarray(accuracy, dtype=np.float64)
    below = np.nonzero(acc < acc[-1])[0]
    return int(below[-1] + 1) if len(below) else 0


def training_segments(trace: Trace) -> list[Segment]:
    """The run cut at its events, in order, each with its caption."""
    last = trace.n_snapshots - 1
    marks: dict[int, set[str]] = {}
    flat = plateau(trace.loss)
    if flat:
        marks.setdefault(flat[0], set()).add("start")
        marks.setdefault(flat[1], set()).add("plateau")
    # the crossing is a classifier's (a regression's score is no share of points right)
    c = crossing(trace.accuracy) if trace.kind.classification else 0
    steep = drop(trace.loss)
    if steep:
        a, b = steep
        if flat and flat[0] < a < flat[1]:  # a drop does not start inside a plateau
            a = flat[1]
        end = c if a < c <= b else b  # the crossing inside the drop ends it
        L = trace.loss
        if end > a and L[a] - L[end] >= DROP_SHARE * L[a]:
            marks.setdefault(a, set()).add("start")
            marks.setdefault(end, set()).add("drop")
    if c > 0:
        marks.setdefault(c, set()).add("cross")
    marks.setdefault(last, set()).add("end")
    unit = step_unit(trace)
    segments, prev = [], 0
    for end in sorted(marks):
        if end <= prev:
            continue
        kinds = marks[end]
        kind = next(k for k in ("cross", "drop", "plateau", "end", "start") if k in kinds)
        text = _caption(kinds, trace, prev, end, unit, first=not segments,
                        after=segments[-1].kind if segments else None)
        segments.append(Segment(prev, end, kind, text))
        prev = end
    return segments


def _last_right(t: Trace) -> str:
    """The moment the last wrong point comes right: on a plane of inputs it is seen to cross
    the boundary to its class's side; in a view of more inputs there is no side to see."""
    return ("the last point crosses to its side" if t.sizes[0] == 2
            else "the last training point is classified right")


def _caption(kinds: set[str], t: Trace, a: int, b: int, unit: str, first: bool,
             after: str | None = None) -> str:
    L, acc = t.loss, t.accuracy
    sa, sb = int(t.steps[a]), int(t.steps[b])
    la, lb = float(L[a]), float(L[b])
    moves = "falls" if lb < la else "rises" if lb > la else "stays"
    Unit = unit.capitalize()
    # a crossing is a classifier's only (a regression records no share of points right)
    crossed = "" if "cross" not in kinds else (
        (_last_right(t) + ": 100% right") if acc[b] >= 1.0 else
        f"{percent(float(acc[b]))} right, as right as this run gets")
    if "drop" in kinds and la - lb >= DROP_SHARE * la:  # a drop only when it drops
        text = (f"{'A' if first else 'Then a'} drop: by {unit} {sb}, the loss {moves} from "
                f"{la:.3f} to {lb:.3f}")
        return text + (f", and {crossed}." if "cross" in kinds else ".")
    if "cross" in kinds and "drop" in kinds:
        return f"{Unit}s {sa} to {sb}: the loss {moves} from {la:.3f} to {lb:.3f}; {crossed}."
    if "plateau" in kinds:
        return (f"{Unit}s {sa} to {sb}: a plateau. The loss barely moves, {la:.3f} to "
                f"{lb:.3f}.")
    if "cross" in kinds:
        return f"{Unit} {sb}: {crossed}."
    if "end" in kinds:
        return f"On to {unit} {sb}: the loss {moves}, to {lb:.4f}."
    if after == "plateau" and lb < la:
        return f"Off the plateau: by {unit} {sb}, the loss is down to {lb:.3f}."
    if first:
        return f"At first, by {unit} {sb}, the loss {moves} from {la:.3f} to {lb:.3f}."
    return f"{Unit}s {sa} to {sb}: the loss {moves} from {la:.3f} to {lb:.3f}."
