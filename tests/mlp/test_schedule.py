from __future__ import annotations

import numpy as np
import pytest

from mlp.schedule import snapshot_steps


def test_every_k_steps_includes_the_last():
    assert snapshot_steps(25, every=10).tolist() == [0, 10, 20, 25]


@pytest.mark.parametrize("total,count", [(1000, 11), (1000, 201), (30, 31), (7, 50), (1, 2)])
def test_even_and_geometric_give_count_distinct_steps(total, count):
    for spacing in ("even", "geometric"):
        s = snapshot_steps(total, count=count, spacing=spacing)
        assert s[0] == 0 and s[-1] == total
        assert np.all(np.diff(s) > 0)
        assert len(s) == min(count, total + 1)


def test_geometric_is_dense_early():
    s = snapshot_steps(1000, count=50, spacing="geometric")
    assert np.sum(s <= 100) > np.sum(s >= 900) * 3
    gaps = np.diff(s)
    assert gaps[:5].max() < gaps[-5:].min()


@pytest.mark.parametrize(
    "kwargs,match",
    [({"every": 0}, "every must be >= 1"), ({"count": 1}, "count must be >= 2"),
     ({"count": 5, "spacing": "log"}, "spacing must be one of"),
     ({"every": 2, "count": 3}, "either every or count")],
)
def test_bad_schedules(kwargs, match):
    with pytest.raises(ValueError, match=match):
        snapshot_steps(100, **kwargs)
