"""Whether a hyperplane can put each class on its own side: what the scenes may claim of a
representation (the inputs, or a hidden layer) beyond what the trained network did."""

from __future__ import annotations

import numpy as np


def linearly_separable(H, y) -> bool:
    """Whether some plane w . h + b = 0 has every point of class 1 strictly on one side and
    every other point strictly on the other. ``H`` (n, k) the points, ``y`` (n,) labels.

    Solved as a linear program, not by training a classifier that might stop short: the
    widest margin t of a plane with |w_j| <= 1 over the coordinates scaled to a unit range
    (maximise t with s_i (w . h_i + b) >= t, s_i = +1 for class 1 and -1 else). The
    program always has a solution (w = 0 gives t = 0), however close the classes come
    (saturated tanh units put points within 1e-6 of each other, where asking for a margin
    of 1 leaves the solver stuck); the answer is True only when the plane it returns puts
    every point strictly on its side, checked here, and False when the widest margin is
    within the solver's tolerance of 0 (1e-7 of the range).

    >>> linearly_separable([[0, 0], [1, 1]], [0, 1])
    True
    >>> linearly_separable([[0, 0], [1, 1], [0, 1], [1, 0]], [0, 0, 1, 1])   # XOR
    False
    """
    from scipy.optimize import linprog

    H = np.asarray(H, dtype=np.float64)
    y = np.asarray(y)
    if H.ndim != 2 or len(H) != len(y):
        raise ValueError(f"H must be (n, k) with n = len(y) = {len(y)}, got shape {H.shape}")
    s = np.where(y == 1, 1.0, -1.0)
    if np.all(s == s[0]):
        return True
    span = np.ptp(H, axis=0)
    Hs = (H - H.min(axis=0)) / np.where(span > 0, span, 1.0)
    n, k = Hs.shape
    # variables w (k), b, t: minimise -t subject to t - s_i (w . h_i + b) <= 0
    A = np.column_stack([-s[:, None] * Hs, -s, np.ones(n)])
    cost = np.zeros(k + 2)
    cost[-1] = -1.0
    # |w_j| <= 1 keeps w . h within [-k, k]; a b beyond that puts every point on one side
    bounds = [(-1.0, 1.0)] * k + [(-k - 1.0, k + 1.0), (None, 1.0)]
    done = linprog(cost, A_ub=A, b_ub=np.zeros(n), bounds=bounds, method="highs")
    if done.status != 0:
        raise RuntimeError(f"the separability program did not finish: {done.message}")
    w, b = done.x[:k], done.x[k]
    return bool(np.min(s * (Hs @ w + b)) > 0.0)
