"""The first hidden layer's lines over a decision boundary, and what the two have in common,
measured: the share of the boundary that lies near one of the lines, and whether the
boundary closes inside the plane (then n lines make an n-sided shape, the seed's triangle).
"""

from __future__ import annotations

import numpy as np
from manim import VGroup

from scenes.toolkit.language import N_, _, translate
from scenes.toolkit.plane import ClassifierLine
from scenes.toolkit.style import unit_color
from scenes.toolkit.words import percent

NEAR = 0.04      # near a line: within 4% of the plane's width
ALONG = 0.8      # the boundary runs along the lines when this share of it is near one
LINES_SHOWN = 8  # more lines than this would hide the shading they are drawn over
# what n lines around a closed boundary make, the whole sentence (translated where said)
SHAPES = {
    3: N_("The {n} hidden lines over the shading: the boundary runs along them. {n} lines, so "
          "a triangle."),
    4: N_("The {n} hidden lines over the shading: the boundary runs along them. {n} lines, so "
          "a four-sided shape."),
    5: N_("The {n} hidden lines over the shading: the boundary runs along them. {n} lines, so "
          "a pentagon."),
    6: N_("The {n} hidden lines over the shading: the boundary runs along them. {n} lines, so "
          "a hexagon."),
}


def near_share(segments: np.ndarray, W: np.ndarray, b: np.ndarray, width: float) -> float:
    """The share of the boundary (segments (m, 2, 2), by length) whose midpoints lie within
    NEAR * width of some line w_i . x + b_i = 0 (W (2, n), b (n,))."""
    segs = np.asarray(segments, dtype=np.float64).reshape(-1, 2, 2)
    if not len(segs):
        return 0.0
    mid = segs.mean(axis=1)
    length = np.linalg.norm(segs[:, 1] - segs[:, 0], axis=1)
    dist = np.abs(mid @ W + b) / np.linalg.norm(W, axis=0)
    near = dist.min(axis=1) <= NEAR * width
    return float(length[near].sum() / max(length.sum(), 1e-12))


def closed_inside(segments: np.ndarray, xlim, ylim) -> bool:
    """Whether the boundary stays clear of the plane's edges (a closed curve inside it)."""
    segs = np.asarray(segments, dtype=np.float64).reshape(-1, 2)
    if not len(segs):
        return False
    pad = 0.02 * (xlim[1] - xlim[0])
    return bool(np.all((segs[:, 0] > xlim[0] + pad) & (segs[:, 0] < xlim[1] - pad)
                       & (segs[:, 1] > ylim[0] + pad) & (segs[:, 1] < ylim[1] - pad)))


def lines_over_boundary(frame, trace, segments) -> tuple[VGroup, str, float]:
    """The first layer's lines at the last snapshot (one ClassifierLine each, no arrows),
    the caption saying what they share with the boundary ``segments``, and that share."""
    Ws, bs = trace.params_at(trace.n_snapshots - 1)
    W, b = np.asarray(Ws[0]), np.asarray(bs[0])
    n = W.shape[1]
    lines = VGroup(*(ClassifierLine(frame, W[:, i], b[i], color=unit_color(i), stroke_width=3,
                                    show_normal=False) for i in range(n)))
    share = near_share(segments, W, b, frame.xlim[1] - frame.xlim[0])
    if share >= ALONG and closed_inside(segments, frame.xlim, frame.ylim) and n in SHAPES:
        said = translate(SHAPES[n]).format(n=n)
    elif trace.output == "softmax":
        said = _("Over the {k} regions, the first layer's {n} lines: {share} of the borders "
                 "follow one closely.").format(k=trace.sizes[-1], n=n, share=percent(share))
    else:
        said = _("The {n} hidden lines over the shading: {share} of the boundary runs near "
                 "one of them.").format(n=n, share=percent(share))
    return lines, said, share
