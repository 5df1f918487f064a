"""The verdict on a run from its snapshots, on loss curves whose shape is known by design."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.convergence import check

STEPS = np.arange(0, 1001, 10)


def curve(loss_at):
    return np.array([loss_at(t) for t in STEPS], dtype=float)


def test_a_run_that_learned_says_nothing_whatever_its_loss_does():
    falling = curve(lambda t: 0.7 - 3e-4 * t)
    verdict = check(STEPS, falling, np.full(len(STEPS), 0.99))
    assert verdict.learned and verdict.warning() is None and verdict.trend == "still falling"


@pytest.mark.parametrize("loss_at,trend,words", [
    # 0.7 -> 0.4 in a straight line: 3e-4 a step, more than the 1e-4 tolerance
    (lambda t: 0.7 - 3e-4 * t, "still falling", "the loss was still falling (-7.0% over"),
    # flat from step 500 on
    (lambda t: max(0.7 - 6e-4 * t, 0.4), "levelled off", "the loss had levelled off"),
    # down, then up by 5e-4 a step over the last 200
    (lambda t: 0.7 - 5e-4 * t if t <= 800 else 0.3 + 5e-4 * (t - 800), "rising",
     "the loss was rising"),
    # 0.5% in all
    (lambda t: 0.7 * (1 - 5e-6 * t), "barely moved", "the loss barely moved (-0.5% in all)"),
    (lambda t: 0.7 if t < 1000 else np.nan, "not finite", "the loss is not finite"),
])
def test_a_run_that_did_not_learn_says_what_its_loss_was_doing(loss_at, trend, words):
    accuracy = np.full(len(STEPS), 0.6)
    accuracy[-1] = 0.625
    verdict = check(STEPS, curve(loss_at), accuracy)
    assert not verdict.learned and verdict.trend == trend
    line = verdict.warning()
    assert line.startswith("the run did not learn: 62.5% training accuracy after 1000 steps")
    assert words in line and "\n" not in line


def test_the_window_is_the_last_tenth_of_the_steps_whatever_the_spacing():
    steps = np.array([0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000])
    # flat after step 600: the last snapshots (512 and 1000) straddle the tenth, so the
    # window starts at 512 and sees the loss fall 0.05 over 488 steps: about 1e-4 a step
    loss = np.array([min(1.0, 0.7 - 4e-4 * (min(t, 600) - 250)) for t in steps])
    verdict = check(steps, loss, np.full(len(steps), 0.5))
    assert verdict.recent_change == pytest.approx((loss[-1] - loss[-2]) / loss[-2])
    # two snapshots only: the window is the whole run
    two = check(np.array([0, 50]), np.array([0.7, 0.6]), np.array([0.5, 0.5]))
    assert two.trend == "still falling" and two.recent_change == pytest.approx(-1 / 7)
