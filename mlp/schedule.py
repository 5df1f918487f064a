"""Which training steps get a snapshot: every k steps, or M of them, evenly or geometrically."""

from __future__ import annotations

import numpy as np

SPACINGS = ("even", "geometric")


def snapshot_steps(
    total: int, every: int | None = None, count: int | None = None, spacing: str = "geometric"
) -> np.ndarray:
    """Sorted, unique steps in [0, total], always holding 0 and total.

    ``every=k`` takes 0, k, 2k, ...; otherwise ``count`` snapshots (at most total + 1) are
    spread evenly, or geometrically: dense early, where most of the movement is.
    """
    if total < 0:
        raise ValueError(f"the number of steps must be >= 0, got {total}")
    if every is not None and count is not None:
        raise ValueError("give either every or count, not both")
    if every is not None:
        if every < 1:
            raise ValueError(f"every must be >= 1, got {every}")
        steps = np.arange(0, total + 1, every)
    else:
        count = 101 if count is None else count
        if count < 2:
            raise ValueError(f"count must be >= 2 (the first and last step), got {count}")
        if spacing not in SPACINGS:
            raise ValueError(f"spacing must be one of {list(SPACINGS)}, got {spacing!r}")
        count = min(count, total + 1)
        if spacing == "even":
            steps = np.round(np.linspace(0, total, count)).astype(np.int64)
        else:
            steps = _geometric(total, count)
    return np.unique(np.append(steps, [0, total])).astype(np.int64)


def _geometric(total: int, count: int) -> np.ndarray:
    """count distinct steps from 0 to total whose gaps grow geometrically.

    Starts from a geometric sequence 1..total and, where rounding makes neighbours collide,
    takes the next integer instead, so exactly ``count`` steps come out whenever
    count <= total + 1.
    """
    if count >= total + 1:
        return np.arange(total + 1)
    raw = np.geomspace(1, total + 1, count) - 1
    steps = np.zeros(count, dtype=np.int64)
    for i in range(1, count):
        # leave room for the steps still to place
        lo = steps[i - 1] + 1
        hi = total - (count - 1 - i)
        steps[i] = min(max(int(round(raw[i])), lo), hi)
    return steps
