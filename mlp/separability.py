"""Whether a hyperplane can put each class on its own side: what the scenes may claim of a
representation (the inputs, or a hidden layer) beyond what the trained network did."""

from __future__ import annotations

import numpy as np


def linearly_separable(H, y) -> bool:
    """Whether some plane w . h + b = 0 has every point of class 1 strictly on one side and
    every other point strictly on the other. ``H`` (n, k) the points, ``y`` (n,) labels.

    Solved exactly as a linear program (is there w, b with s_i (w . h_i + b) >= 1, s_i = +1
    for class 1 and -1 else?), not by training a classifier that might stop short.

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
    # scale each coordinate to a unit range so that the program is well conditioned
    span = np.ptp(H, axis=0)
    Hs = (H - H.min(axis=0)) / np.where(span > 0, span, 1.0)
    A = -s[:, None] * np.column_stack([Hs, np.ones(len(Hs))])
    done = linprog(np.zeros(Hs.shape[1] + 1), A_ub=A, b_ub=-np.ones(len(Hs)),
                   bounds=[(None, None)] * (Hs.shape[1] + 1), method="highs")
    if done.status not in (0, 2):
        raise RuntimeError(f"the separability program did not finish: {done.message}")
    return done.status == 0
