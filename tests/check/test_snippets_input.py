"""Bad input gets a clear error that names the problem."""

import math

import numpy as np
import pytest

from snippets.derivative import best_step, difference_errors, forward_diff, numerical_diff, numerical_diff_bad, square

DIFFS = [numerical_diff, forward_diff]


@pytest.mark.parametrize("diff", DIFFS)
@pytest.mark.parametrize("h", [0, 0.0, -1e-4, math.inf, -math.inf, math.nan, np.float32(10e-50)])
def test_bad_step_is_refused_by_value(diff, h):
    with pytest.raises(ValueError, match="h must be a finite number > 0") as error:
        diff(square, 5.0, h=h)
    assert repr(h) in str(error.value)


@pytest.mark.parametrize("diff", DIFFS)
def test_step_that_is_not_a_number(diff):
    with pytest.raises(TypeError, match="h must be a number"):
        diff(square, 5.0, h="1e-4")


@pytest.mark.parametrize("diff", DIFFS + [numerical_diff_bad])
@pytest.mark.parametrize("f", [None, 3.0, "square"])
def test_f_that_is_not_callable(diff, f):
    with pytest.raises(TypeError, match="f must be a callable"):
        diff(f, 5.0)


def test_difference_errors_checks_both_functions():
    with pytest.raises(TypeError, match="f must be a callable"):
        difference_errors(np.sin, 1.0, 1.0, [1e-4])


def test_best_step_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        best_step([1e-2, 1e-3], [1.0, 2.0, 3.0])


def test_central_difference_is_exact_up_to_rounding_on_a_quadratic():
    # (f(x+h) - f(x-h)) / 2h = 2x exactly for x**2, for every h: only rounding is left.
    for h in (1e-1, 1e-2, 1e-3):
        assert numerical_diff(square, 5.0, h) == pytest.approx(10.0, abs=1e-11)
    # while the forward difference is off by exactly h
    assert forward_diff(square, 5.0, 1e-2) == pytest.approx(10.01, abs=1e-11)


def test_the_bad_difference_is_exactly_zero_because_x_plus_h_is_x():
    assert 5.0 + 10e-50 == 5.0
    assert numerical_diff_bad(square, 5.0) == 0.0
