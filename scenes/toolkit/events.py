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
from scenes.toolkit.language import _, decimal
from scenes.toolkit.words import percent, training_record

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
    # the unit in English: each sentence is chosen for it whole
    unit = "epoch" if training_record(trace).get("step") == "epoch" else "step"
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
    return (_("the last point crosses to its side: {share} right") if t.sizes[0] == 2
            else _("the last training point is classified right: {share} right")).format(
                share=percent(1.0))


def _span(unit: str, a: int, b: int) -> str:
    """"Steps 10 to 40" (or epochs), to begin a sentence."""
    return (_("Epochs {a} to {b}") if unit == "epoch" else _("Steps {a} to {b}")).format(
        a=a, b=b)


def _at(unit: str, b: int) -> str:
    """"Step 40" (or epoch), to begin a sentence."""
    return (_("Epoch {step}") if unit == "epoch" else _("Step {step}")).format(step=b)


def _by(unit: str, b: int) -> str:
    """"by step 40" (or epoch), inside a sentence."""
    return (_("by epoch {step}") if unit == "epoch" else _("by step {step}")).format(step=b)


def _change(la: float, lb: float, digits: int = 3) -> str:
    """What the loss does between two snapshots, as a clause: "the loss falls from 0.693 to
    0.412"."""
    a, b = decimal(la, f".{digits}f"), decimal(lb, f".{digits}f")
    if lb < la:
        return _("the loss falls from {a} to {b}").format(a=a, b=b)
    if lb > la:
        return _("the loss rises from {a} to {b}").format(a=a, b=b)
    return _("the loss stays at {a}").format(a=a)


def _caption(kinds: set[str], t: Trace, a: int, b: int, unit: str, first: bool,
             after: str | None = None) -> str:
    """What a stretch of the run shows, in one sentence. ``unit`` is the trace's own step
    unit in English ("step" or "epoch")."""
    L, acc = t.loss, t.accuracy
    sa, sb = int(t.steps[a]), int(t.steps[b])
    la, lb = float(L[a]), float(L[b])
    # a crossing is a classifier's only (a regression records no share of points right)
    crossed = "" if "cross" not in kinds else (
        _last_right(t) if acc[b] >= 1.0 else
        _("{share} right, as right as this run gets").format(share=percent(float(acc[b]))))
    change, by = _change(la, lb), _by(unit, sb)
    if "drop" in kinds and la - lb >= DROP_SHARE * la:  # a drop only when it drops
        if "cross" in kinds:
            said = (_("A drop: {by}, {change}, and {crossed}.") if first
                    else _("Then a drop: {by}, {change}, and {crossed}."))
        else:
            said = _("A drop: {by}, {change}.") if first else _("Then a drop: {by}, {change}.")
        return said.format(by=by, change=change, crossed=crossed)
    span = _span(unit, sa, sb)
    if "cross" in kinds and "drop" in kinds:
        return _("{span}: {change}; {crossed}.").format(span=span, change=change,
                                                        crossed=crossed)
    if "plateau" in kinds:
        return _("{span}: a plateau. The loss barely moves, {a} to {b}.").format(
            span=span, a=decimal(la, ".3f"), b=decimal(lb, ".3f"))
    if "cross" in kinds:
        return _("{at}: {crossed}.").format(at=_at(unit, sb), crossed=crossed)
    if "end" in kinds:
        loss = decimal(lb, ".4f")
        if lb < la:
            said = (_("On to epoch {step}: the loss falls, to {loss}.") if unit == "epoch"
                    else _("On to step {step}: the loss falls, to {loss}."))
        elif lb > la:
            said = (_("On to epoch {step}: the loss rises, to {loss}.") if unit == "epoch"
                    else _("On to step {step}: the loss rises, to {loss}."))
        else:
            said = (_("On to epoch {step}: the loss stays at {loss}.") if unit == "epoch"
                    else _("On to step {step}: the loss stays at {loss}."))
        return said.format(step=sb, loss=loss)
    if after == "plateau" and lb < la:
        return _("Off the plateau: {by}, the loss is down to {loss}.").format(
            by=by, loss=decimal(lb, ".3f"))
    if first:
        return _("At first, {by}, {change}.").format(by=by, change=change)
    return _("{span}: {change}.").format(span=span, change=change)
