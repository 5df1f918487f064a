"""One mapping from values to colours for every scene (a colour means one thing everywhere),
and the one font."""

from __future__ import annotations

import numpy as np

BACKGROUND = "#101418"
FOREGROUND = "#E8ECF1"
MUTED = "#8A94A6"

# Every plain text on screen (Pango); TeX keeps its own.
FONT = "DejaVu Sans"

# Classes: the seed's outer circle (class 0) blue, the inner circle (class 1) red.
CLASS_COLORS = ["#4C8BF5", "#F0524D", "#3CB371", "#F2B705", "#B36AE2", "#20B2AA"]

# Hidden units: one colour each, distinct from the class colours.
UNIT_COLORS = ["#FFB000", "#2EC4B6", "#E056FD", "#A3E635", "#FF7F50", "#7DD3FC", "#F472B6",
               "#C4B5FD"]

# Weights by sign (the size goes into the stroke width), gradients in their own colour.
POSITIVE = "#58C4DD"
NEGATIVE = "#FC6255"
GRADIENT = "#FFD23F"
META_CLASSIFIER = "#FFFFFF"


def class_color(label: int) -> str:
    return CLASS_COLORS[int(label) % len(CLASS_COLORS)]


def unit_color(i: int) -> str:
    return UNIT_COLORS[int(i) % len(UNIT_COLORS)]


def sign_color(value: float) -> str:
    return POSITIVE if value >= 0 else NEGATIVE


def hex_to_rgb(color: str) -> np.ndarray:
    """'#RRGGBB' to floats in [0, 1], shape (3,).

    >>> hex_to_rgb("#FF8000").tolist()
    [1.0, 0.5019607843137255, 0.0]
    """
    c = color.lstrip("#")
    return np.array([int(c[i:i + 2], 16) / 255 for i in (0, 2, 4)])
