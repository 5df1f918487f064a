"""`make assets` rebuilds every bundled trace byte for byte, whatever the CPU's BLAS kernels
and NumPy's vector instructions.

One rebuild of all of them, in a process that computes as another CPU would: OpenBLAS's plain
SSE3 kernels (no fused multiply-add; a matrix product there differs from this machine's in
the last bits) and NumPy's baseline loops only.
"""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline_helpers import ROOT

from mlp.bundled import BUNDLED


def _other_cpu_env() -> dict[str, str]:
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    dispatched = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    return dict(os.environ, OPENBLAS_CORETYPE="Prescott",
                NPY_DISABLE_CPU_FEATURES=" ".join(dispatched))


def test_make_assets_rebuilds_every_bundled_trace_byte_for_byte(tmp_path):
    bundled = sorted(p.stem for p in (ROOT / "assets").glob("*.npz"))
    assert bundled == sorted(BUNDLED) and len(bundled) == 21
    done = subprocess.run([sys.executable, "-m", "explainer.assets", "--out", str(tmp_path)],
                          cwd=ROOT, env=_other_cpu_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    differ = [name for name in bundled
              if (tmp_path / f"{name}.npz").read_bytes()
              != (ROOT / "assets" / f"{name}.npz").read_bytes()]
    assert differ == [], f"rebuilt differently: {differ}"
