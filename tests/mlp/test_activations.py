from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from mlp.activations import (
    ACTIVATIONS,
    DERIVATIVES,
    RECORDS,
    activation,
    aliases,
    check_activation,
    framework_names,
    from_framework,
)
from mlp.init import initial_parameters

NAMES = sorted(ACTIVATIONS)


def test_one_table_for_functions_and_derivatives():
    assert set(ACTIVATIONS) == set(DERIVATIVES) == set(RECORDS) == {
        "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "silu", "identity"}
    for name, record in RECORDS.items():
        assert record.name == name
        assert ACTIVATIONS[name] is record.function and DERIVATIVES[name] is record.derivative


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference(name):
    s = np.array([-3.1, -1.3, -0.7, -0.05, 0.05, 0.4, 2.3])
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


@pytest.mark.parametrize("name", NAMES)
def test_writes_into_the_given_buffer(name):
    s = np.linspace(-4, 4, 9)
    out = np.empty_like(s)
    assert ACTIVATIONS[name](s, out=out) is out
    np.testing.assert_array_equal(out, ACTIVATIONS[name](s))


@pytest.mark.parametrize("name", NAMES)
def test_output_range_holds_the_values_and_its_finite_ends_are_reached(name):
    lo, hi = RECORDS[name].output_range
    s = np.linspace(-60, 60, 1_200_001)
    h = ACTIVATIONS[name](s)
    assert lo <= h.min() and h.max() <= hi
    # a finite end is the infimum/supremum: approached to within the grid's resolution
    if np.isfinite(lo):
        assert h.min() - lo < 1e-9
    if np.isfinite(hi):
        assert hi - h.max() < 1e-9
    assert RECORDS[name].box == ((lo, hi) if np.isfinite(lo) and np.isfinite(hi) else None)


def test_known_values():
    assert ACTIVATIONS["sigmoid"](np.array([0.0]))[0] == 0.5
    assert ACTIVATIONS["softplus"](np.array([1000.0]))[0] == 1000.0
    assert ACTIVATIONS["leaky_relu"](np.array([-2.0]))[0] == pytest.approx(-0.02)
    assert ACTIVATIONS["relu"](np.array([-2.0, 3.0])).tolist() == [0.0, 3.0]
    # SiLU(1) = 1 / (1 + e^-1)
    assert ACTIVATIONS["silu"](np.array([1.0]))[0] == pytest.approx(0.7310585786300049)


@pytest.mark.parametrize("name", sorted(framework_names("sklearn").values()))
def test_scikit_learn_names_compute_the_same_function(name):
    from sklearn.neural_network._base import ACTIVATIONS as SK

    s = np.linspace(-5, 5, 41).reshape(-1, 1)
    theirs = s.copy()
    returned = SK[RECORDS[name].sklearn](theirs)  # in place (some versions also return it)
    theirs = theirs if returned is None else returned
    np.testing.assert_allclose(theirs, ACTIVATIONS[name](s), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", sorted(framework_names("torch").values()))
def test_pytorch_names_compute_the_same_function(name):
    module = getattr(torch.nn, RECORDS[name].torch)()
    if RECORDS[name].torch_mismatch is not None:
        assert RECORDS[name].torch_mismatch(module) is None, "the default module differs"
    s = np.linspace(-5, 5, 41)
    theirs = module(torch.tensor(s, dtype=torch.float64)).numpy()
    np.testing.assert_allclose(theirs, ACTIVATIONS[name](s), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", sorted(framework_names("sklearn").values()))
def test_init_gain_is_scikit_learns_glorot_factor(name):
    from sklearn.neural_network import MLPClassifier

    fan_in, fan_out = 300, 200
    clf = MLPClassifier(activation=RECORDS[name].sklearn)
    clf._random_state = np.random.RandomState(0)
    theirs, _ = clf._init_coef(fan_in, fan_out, np.float64)
    ours, _ = initial_parameters([fan_in, fan_out], "glorot", 0, name)
    # both draw uniform(-bound, bound): their extremes agree to within the sampling error
    assert np.abs(ours[0]).max() == pytest.approx(np.abs(theirs).max(), rel=1e-3)


def test_framework_lookups():
    assert from_framework("sklearn", "logistic") is RECORDS["sigmoid"]
    assert from_framework("torch", "SiLU") is RECORDS["silu"]
    assert from_framework("keras", "linear") is RECORDS["identity"]
    assert from_framework("torch", "GELU") is None
    assert aliases() == {"logistic": "sigmoid", "linear": "identity", "none": "identity",
                         "swish": "silu"}
    assert activation("silu") is RECORDS["silu"]


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="activation must be one of .* got 'gelu'"):
        check_activation("gelu")
    with pytest.raises(ValueError, match="got 'gelu'"):
        activation("gelu")
