"""Shared by every test: one BLAS thread per process.

The suite runs as two pytest workers on two cores. NumPy's OpenBLAS would start a thread
per core in each worker, and its threads spin while they wait for each other: on a busy
machine a 10,000-point training step then took twenty times as long as on one thread.
Each worker, and every process a test starts (the manim CLI, render workers), computes on
one thread.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from threadpoolctl import threadpool_limits  # noqa: E402  (a scikit-learn dependency)

threadpool_limits(1)  # for BLAS libraries already loaded before the variables were set
