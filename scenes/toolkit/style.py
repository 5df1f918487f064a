"""The visual grammar every chapter follows: one mapping from values to colours (a colour
means one thing everywhere), one font, one layout.

Layout of the 16:9 frame (14.2 x 8 units):

- the picture (the input plane, or a 3-D scene's stage, ``STAGE``) on the left;
- the panel on the right, from ``PANEL_LEFT`` to the frame's edge: at its top the chapter's
  title (readouts.Heading: ``TITLE_SIZE`` in ``FONT``, left-aligned at ``PANEL_LEFT``, its
  top at ``PANEL_TOP``), under it what the beat states (a formula), then the readouts (the
  training clock, the loss curve, legends), all in the panel and in ``FONT``;
- every clip opens on its title and its picture, never on an empty frame.
"""

from __future__ import annotations

import numpy as np

BACKGROUND = "#101418"
FOREGROUND = "#E8ECF1"
MUTED = "#8A94A6"

# Every plain text on screen (Pango); TeX keeps its own.
FONT = "DejaVu Sans"

# The layout (see above): the panel's left edge and top, the title's size, and the stage
# where a 3-D scene's picture must fit (x0, x1, y0, y1), left of the panel.
PANEL_LEFT = 0.9
PANEL_TOP = 3.55
TITLE_SIZE = 30
STAGE = (-6.8, 0.4, -3.7, 3.7)
PANEL_WIDTH = 5.8

# How many of the hidden lines put a point on their kept side (0 to 3 and more), from dim
# to bright: grey shades, apart from every class and unit colour.
REGION_COLORS = ["#5B6475", "#8A94A6", "#C3CAD6", "#FFFFFF"]

# Classes, up to 10, one palette for every scene and the explorer's page (which takes it from
# here): the seed's outer circle (class 0) blue and inner circle (class 1) red, then Okabe and
# Ito's colour-blind-safe palette (bluish green, yellow, sky blue, orange, reddish purple),
# its black made a light grey to show on the dark background (white is the boundary's
# colour), then Paul Tol's purple and ColorBrewer's light green, the two that keep the
# palette's least distance. The seed's blue and red stand in for Okabe-Ito's blue and
# vermillion; tests/scenes/test_style.py checks every pair stays apart, and every colour
# from the background, for the three colour-blind vision types.
CLASS_COLORS = ["#4C8BF5", "#F0524D", "#009E73", "#F0E442", "#56B4E9", "#E69F00", "#CC79A7",
                "#BBBBBB", "#AA4499", "#B2DF8A"]
MAX_CLASSES = len(CLASS_COLORS)

# Hidden units: one colour each, distinct from the class colours.
UNIT_COLORS = ["#FFB000", "#2EC4B6", "#E056FD", "#A3E635", "#FF7F50", "#7DD3FC", "#F472B6",
               "#C4B5FD"]

# Weights by sign (the size goes into the stroke width), gradients in their own colour. The
# signs are a violet and a brown that no class colour is near (a class colour means a class,
# never a sign): tests/scenes/test_style.py keeps them apart from every class colour.
POSITIVE = "#7B61FF"
NEGATIVE = "#A0522D"
GRADIENT = "#FFD23F"
META_CLASSIFIER = "#FFFFFF"


def class_color(label: int) -> str:
    """Class ``label``'s colour (labels 0 to MAX_CLASSES - 1; past that the palette repeats)."""
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


# A weight's value as a colour, for a unit's weights drawn as an image: diverging, centred
# at 0 (WEIGHT_ZERO, a grey just lighter than the background), to the sign colours' hues at
# +-scale, lightened at the ends so that a strong weight stands out from the dark frame.
WEIGHT_ZERO = "#262C35"
WEIGHT_POSITIVE_END = "#B3A6FF"  # POSITIVE's violet, lighter
WEIGHT_NEGATIVE_END = "#E0A070"  # NEGATIVE's brown, lighter


def weight_rgb(values, scale: float) -> np.ndarray:
    """Colours (..., 3) in [0, 1] of weights on the diverging scale centred at 0:
    WEIGHT_ZERO at 0, POSITIVE at scale / 2 and WEIGHT_POSITIVE_END at +scale (and beyond),
    NEGATIVE at -scale / 2 and WEIGHT_NEGATIVE_END at -scale; linear between.

    >>> weight_rgb([0.0, 2.0, -2.0], 2.0).round(3).tolist() == [
    ...     hex_to_rgb(WEIGHT_ZERO).round(3).tolist(),
    ...     hex_to_rgb(WEIGHT_POSITIVE_END).round(3).tolist(),
    ...     hex_to_rgb(WEIGHT_NEGATIVE_END).round(3).tolist()]
    True
    """
    v = np.asarray(values, dtype=np.float64)
    u = np.clip(np.abs(v) / max(float(scale), 1e-12), 0.0, 1.0)[..., None]
    zero = hex_to_rgb(WEIGHT_ZERO)
    out = np.empty(v.shape + (3,))
    for sign, mid, end in ((1, POSITIVE, WEIGHT_POSITIVE_END),
                           (-1, NEGATIVE, WEIGHT_NEGATIVE_END)):
        mid, end = hex_to_rgb(mid), hex_to_rgb(end)
        low = zero + (mid - zero) * np.minimum(u * 2, 1.0)
        high = mid + (end - mid) * np.clip(u * 2 - 1, 0.0, 1.0)
        colour = np.where(u <= 0.5, low, high)
        side = (v >= 0) if sign > 0 else (v < 0)
        out[side] = colour[side]
    return out


def pixel_rgb(values, lo: float, hi: float) -> np.ndarray:
    """Colours (..., 3) of an image input's pixel values: grey from the background (lo) to
    the foreground (hi), as ink on the dark frame."""
    u = np.clip((np.asarray(values, dtype=np.float64) - lo) / max(hi - lo, 1e-12), 0, 1)
    dark, light = hex_to_rgb(WEIGHT_ZERO), hex_to_rgb(FOREGROUND)
    return dark + (light - dark) * u[..., None]
