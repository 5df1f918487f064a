"""Optimisers: how a step turns the gradient into a change of every weight and bias.

Each one updates the parameter arrays in place, one call per step, and keeps its own state
(velocities, running averages) in arrays shaped like the parameters.
"""

from __future__ import annotations

import numpy as np

OPTIMIZERS = ("sgd", "adam")


class SGD:
    """Gradient descent, on the full batch or mini-batches, with optional heavy-ball momentum.

    momentum 0: p <- p - lr * g. Otherwise v <- momentum * v - lr * g; p <- p + v.
    """

    def __init__(self, params: list[np.ndarray], lr: float, momentum: float = 0.0) -> None:
        self.lr, self.momentum = lr, momentum
        self.velocity = [np.zeros_like(p) for p in params] if momentum else None

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if self.velocity is None:
                p -= self.lr * g
            else:
                v = self.velocity[i]
                v *= self.momentum
                v -= self.lr * g
                p += v


class Adam:
    """Adam (Kingma and Ba, 2015), as torch.optim.Adam without weight decay.

    At step t (from 1), for each parameter p with gradient g:
    m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2;
    p <- p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps).
    Every weight gets its own step size, from running averages of its gradient.
    """

    def __init__(self, params: list[np.ndarray], lr: float, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        correction1 = 1.0 - b1 ** self.t
        sqrt_correction2 = np.sqrt(1.0 - b2 ** self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v, strict=True):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            p -= (self.lr / correction1) * m / (np.sqrt(v) / sqrt_correction2 + self.eps)
