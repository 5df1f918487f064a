"""Whether a recorded run learned: its final accuracy and where its loss was heading.

A run *learned* when its final training accuracy reaches LEARNED_ACCURACY (for a
regression: its final R^2 on the training set reaches the same value). A run that did
not gets one line saying so, naming the accuracy and what the loss was doing over the last
tenth of the steps, which tells the usual remedies apart:

- ``barely moved`` (by less than MOVED of its first value over the whole run): the steps
  are too small;
- ``still falling`` (by more than TOL a step, on average, over the last tenth: the
  tolerance scikit-learn's MLPClassifier stops at): it stopped too early;
- ``rising`` (by more than TOL a step): the steps are too large;
- ``levelled off`` (neither): it is stuck where it is;
- ``not finite``: the run diverged.

Only the snapshots are read, so a trace loaded from a file gets the same verdict as the
run that wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LEARNED_ACCURACY = 0.95
TOL = 1e-4  # loss change per step
MOVED = 0.01  # relative change of the loss over the whole run
RECENT = 0.1  # the last tenth of the steps

HINTS = {
    "still falling": "more steps or a larger learning rate may help",
    "levelled off": "a wider network, another learning rate or another seed may help",
    "rising": "a smaller learning rate may help",
    "barely moved": "a larger learning rate may help",
    "not finite": "a smaller learning rate may help",
}


@dataclass(frozen=True)
class Convergence:
    """The verdict on one run. ``recent_change`` and ``total_change`` are relative changes of
    the loss (negative: it fell) over the last tenth of the steps and over the whole run."""

    final_accuracy: float
    steps: int
    trend: str
    recent_change: float
    total_change: float
    metric: str = "accuracy"

    @property
    def learned(self) -> bool:
        return self.trend != "not finite" and self.final_accuracy >= LEARNED_ACCURACY

    def warning(self) -> str | None:
        """One line for a run that did not learn, None for one that did."""
        if self.learned:
            return None
        how = {"still falling": f"was still falling ({100 * self.recent_change:+.1f}% over "
                                "the last tenth of the steps)",
               "levelled off": "had levelled off",
               "rising": f"was rising ({100 * self.recent_change:+.1f}% over the last tenth "
                         "of the steps)",
               "barely moved": f"barely moved ({100 * self.total_change:+.2g}% in all)",
               "not finite": "is not finite"}[self.trend]
        score = (f"{100 * self.final_accuracy:.1f}% training accuracy"
                 if self.metric == "accuracy" else
                 f"training {self.metric} {self.final_accuracy:.3f}")
        return (f"the run did not learn: {score} after {self.steps} steps, and the loss "
                f"{how}; {HINTS[self.trend]}")

    def as_dict(self) -> dict:
        score = "final_accuracy" if self.metric == "accuracy" else "final_score"
        return {"learned": self.learned, "metric": self.metric, score: self.final_accuracy,
                "trend": self.trend, "recent_change": self.recent_change,
                "total_change": self.total_change, "warning": self.warning()}


def check(steps, loss, accuracy, metric: str = "accuracy") -> Convergence:
    """The verdict on a run from its snapshots: steps (S,), loss (S,), accuracy (S,) (or
    the output kind's headline score, named by ``metric``: "R^2" for a regression)."""
    steps = np.asarray(steps)
    loss = np.asarray(loss, dtype=np.float64)
    first, last = int(steps[0]), int(steps[-1])
    # the latest snapshot at least a tenth of the run before the end (the first one at worst)
    k = int(np.searchsorted(steps, last - RECENT * (last - first), side="right")) - 1
    k = min(max(k, 0), len(steps) - 1)
    if k == len(steps) - 1 and len(steps) > 1:
        k -= 1
    end = float(loss[-1])
    recent = _relative(float(loss[k]), end)
    total = _relative(float(loss[0]), end)
    per_step = (end - float(loss[k])) / max(int(steps[-1] - steps[k]), 1)
    if not np.isfinite(end):
        trend = "not finite"
    elif abs(total) < MOVED:
        trend = "barely moved"
    elif per_step < -TOL:
        trend = "still falling"
    elif per_step > TOL:
        trend = "rising"
    else:
        trend = "levelled off"
    return Convergence(float(accuracy[-1]), last - first, trend, recent, total, metric)


def _relative(before: float, after: float) -> float:
    if not (np.isfinite(before) and np.isfinite(after)):
        return float("nan")
    return (after - before) / before if before > 0 else 0.0
