"""The class palette stays distinguishable for colour-blind viewers.

Each colour is seen as a viewer with protanopia, deuteranopia or tritanopia sees it (the
full-severity matrices of Machado, Oliveira and Fernandes 2009, applied in linear sRGB), and
every pair of the ten classes must stay apart in CIELAB (CIE76 distance, the conversion
written here), both at full colour (the data points) and as faint as the heatmap draws a
confident region over the background; and every class colour must stand out from the
background.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from scenes.toolkit.style import BACKGROUND, CLASS_COLORS, FOREGROUND, MAX_CLASSES, class_color

MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
    "typical": np.eye(3),
}


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def _lab(srgb: np.ndarray, vision) -> np.ndarray:
    lin = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    lin = np.clip(lin @ np.asarray(vision, dtype=float).T, 0, 1)
    xyz = lin @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                          [0.0193, 0.1192, 0.9505]]).T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", list(MACHADO))
@pytest.mark.parametrize("strength, least", [(1.0, 12.0), (0.55, 7.5)])
def test_every_pair_of_classes_stays_apart(vision, strength, least):
    bg = _rgb(BACKGROUND)
    labs = [_lab(bg + strength * (_rgb(c) - bg), MACHADO[vision]) for c in CLASS_COLORS]
    gaps = {(i, j): float(np.linalg.norm(labs[i] - labs[j]))
            for i, j in itertools.combinations(range(len(labs)), 2)}
    assert min(gaps.values()) > least, sorted(gaps.items(), key=lambda kv: kv[1])[:3]


def test_ten_classes_none_white_and_the_seeds_two_unchanged():
    assert MAX_CLASSES == len(CLASS_COLORS) == 10
    assert len(set(CLASS_COLORS)) == 10 and FOREGROUND not in CLASS_COLORS
    assert CLASS_COLORS[:2] == ["#4C8BF5", "#F0524D"]  # the seed's blue and red
    assert [class_color(k) for k in range(10)] == CLASS_COLORS


@pytest.mark.parametrize("vision", list(MACHADO))
def test_every_class_colour_stands_out_from_the_background(vision):
    bg = _lab(_rgb(BACKGROUND), MACHADO[vision])
    gaps = {c: float(np.linalg.norm(_lab(_rgb(c), MACHADO[vision]) - bg)) for c in CLASS_COLORS}
    assert min(gaps.values()) > 40.0, sorted(gaps.items(), key=lambda kv: kv[1])[:3]


def test_weight_colours_cannot_be_taken_for_class_colours():
    from scenes.toolkit.style import NEGATIVE, POSITIVE

    typical = MACHADO["typical"]
    for sign in (POSITIVE, NEGATIVE):
        for c in CLASS_COLORS:
            assert np.linalg.norm(_lab(_rgb(sign), typical) - _lab(_rgb(c), typical)) > 25
    for vision in MACHADO.values():  # and the two signs stay apart for every viewer
        assert np.linalg.norm(_lab(_rgb(POSITIVE), vision) - _lab(_rgb(NEGATIVE), vision)) > 20
