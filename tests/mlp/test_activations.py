from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlp.activations import ACTIVATIONS, DERIVATIVES, check_activation

NAMES = sorted(ACTIVATIONS)


def test_one_table_for_functions_and_derivatives():
    assert set(ACTIVATIONS) == set(DERIVATIVES) == {
        "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "identity"}


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference(name):
    s = np.array([-3.1, -0.7, -0.05, 0.05, 0.4, 2.3])
    eps = 1e-6
    g = ACTIVATIONS[name]
    numeric = (g(s + eps) - g(s - eps)) / (2 * eps)
    assert np.allclose(DERIVATIVES[name](s, g(s)), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", NAMES)
def test_extreme_pre_activations_stay_finite_and_silent(name):
    s = np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = ACTIVATIONS[name](s)
        d = DERIVATIVES[name](s, h)
    assert np.all(np.isfinite(h)) and np.all(np.isfinite(d))


def test_known_values():
    assert ACTIVATIONS["sigmoid"](np.array([0.0]))[0] == 0.5
    assert ACTIVATIONS["softplus"](np.array([1000.0]))[0] == 1000.0
    assert ACTIVATIONS["leaky_relu"](np.array([-2.0]))[0] == pytest.approx(-0.02)
    assert ACTIVATIONS["relu"](np.array([-2.0, 3.0])).tolist() == [0.0, 3.0]


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="activation must be one of .* got 'gelu'"):
        check_activation("gelu")
