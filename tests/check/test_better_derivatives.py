"""Better numerical derivatives: the error model's algebra, the complex step and
its limits, Richardson's order, relative errors, and the count of evaluations."""

import math
from pathlib import Path

import numpy as np
import pytest

from snippets._checks import StepTooSmallError
from snippets.better_derivatives import (
    EPS,
    FINE_STEPS,
    Counted,
    central_best_h,
    central_model,
    complex_step,
    evaluations,
    facts,
    forward_best_h,
    forward_model,
    loss_without_guard,
    method_errors,
    methods_figure,
    relative_error,
    relu,
    richardson,
    seconds_per_gradient,
    typical_best_step,
    x_abs_x,
)
from snippets.derivative import numerical_diff
from snippets.gradient import numerical_gradient
from snippets.neural_net import BOOK_W, SimpleNet, analytic_gradient, cross_entropy_error, softmax

DOCS = Path(__file__).resolve().parents[2] / "docs"
SIN_1 = np.sin(1.0), -np.sin(1.0), -np.cos(1.0)
X, T = np.array([0.6, 0.9]), np.array([0, 0, 1])


# The error model ------------------------------------------------------------------------

@pytest.mark.parametrize("f0, f2", [SIN_1[:2], (1.0, 1.0), (3.0, 0.01)])
def test_forward_best_h_is_where_the_forward_model_is_smallest(f0, f2):
    hs = np.logspace(-12, -2, 20001)
    errors = np.array([forward_model(h, f0, f2) for h in hs])
    h = forward_best_h(f0, f2)
    assert hs[errors.argmin()] == pytest.approx(h, rel=2e-3)
    # its value there: sqrt(2 eps |f| |f''|)
    assert forward_model(h, f0, f2) == pytest.approx(math.sqrt(2 * EPS * abs(f0) * abs(f2)))


@pytest.mark.parametrize("f0, f3", [(SIN_1[0], SIN_1[2]), (1.0, 1.0), (3.0, 0.01)])
def test_central_best_h_is_where_the_central_model_is_smallest(f0, f3):
    hs = np.logspace(-9, -1, 16001)
    errors = np.array([central_model(h, f0, f3) for h in hs])
    h = central_best_h(f0, f3)
    assert hs[errors.argmin()] == pytest.approx(h, rel=2e-3)
    # its value there: 3 eps |f| / 4h*
    assert central_model(h, f0, f3) == pytest.approx(3 * EPS * abs(f0) / (4 * h))


def test_the_model_predicts_the_measured_valley_within_ten_times():
    values = facts()
    for way in ("forward", "central"):
        assert 0.1 < values[f"{way}_typical_h"] / values[f"{way}_h"] < 10
        assert 0.1 < values[f"{way}_typical_error"] / values[f"{way}_error"] < 10


def test_the_measured_valleys_are_the_ones_4_3_1_reports():
    from snippets import derivative
    values, reported = facts(), derivative.facts()
    for way in ("forward", "central"):
        assert values[f"measured_{way}_h"] == reported[f"{way}_best_h"]
        low, high = values[f"{way}_valley_low"], values[f"{way}_valley_high"]
        assert high == pytest.approx(10 * low) and low <= values[f"measured_{way}_h"] < high
        assert low <= values[f"{way}_typical_h"] < high
        # the predicted h* is a little to the right of the typical valley
        assert 1 < values[f"{way}_h"] / values[f"{way}_typical_h"] < 3
    assert values["book_h_ratio_measured"] == pytest.approx(reported["h_ratio"])


def test_model_inputs_are_checked():
    with pytest.raises(ValueError, match="h must be a finite number > 0"):
        forward_model(-1e-8, 1.0, 1.0)
    with pytest.raises(TypeError, match="f0 must be real numbers"):
        central_best_h("1", 1.0)


def test_typical_best_step_takes_the_median_and_skips_nan():
    hs = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    errors = [np.nan, 1.0, 100.0, 5.0, 6.0, 7.0]
    # a lone lucky 1.0 among large errors is not typical
    assert typical_best_step(hs, [9.0, 9.0, 0.001, 9.0, 9.0, 9.0], width=1) == (2.0, 9.0)
    assert typical_best_step(hs, errors, width=1) == (3.0, 5.0)  # median(1, 100, 5)
    with pytest.raises(ValueError, match="must be of one shape"):
        typical_best_step(hs, errors[:3])


# The complex step -------------------------------------------------------------------------

@pytest.mark.parametrize("h", [1e-8, 1e-20, 1e-100, 1e-200, 1e-300])
def test_complex_step_has_no_cancellation(h):
    assert abs(complex_step(np.sin, 1.0, h) - np.cos(1.0)) <= np.spacing(np.cos(1.0))
    assert abs(complex_step(np.exp, 0.5, h) - np.exp(0.5)) <= np.spacing(np.exp(0.5))


def test_complex_step_works_on_arrays_of_points():
    x = np.array([0.0, 1.0, 2.0])
    assert (abs(complex_step(np.sin, x) - np.cos(x)) <= np.spacing(abs(np.cos(x)))).all()


def test_complex_step_is_wrong_or_fails_where_f_is_not_analytic():
    assert complex_step(np.abs, 2.0) == 0.0  # the truth is 1
    assert complex_step(x_abs_x, 2.0) == 2.0  # the truth is 2|x| = 4
    assert complex_step(x_abs_x, -2.0) == 2.0  # the truth is 4 as well
    with pytest.raises(TypeError, match="not supported between instances of 'complex'"):
        complex_step(relu, 2.0)
    with pytest.raises(TypeError, match="not supported between instances"):
        complex_step(lambda x: max(x, 0.0), 2.0)
    assert relu(-1.0) == 0.0 and relu(3.0) == 3.0


@pytest.mark.parametrize("x, slope", [(2.0, 1.0), (-2.0, 0.0)])
def test_numpy_complex_compares_real_parts_first(x, slope):
    """No TypeError with numpy's complex: a comparison branches on the real part."""
    assert complex_step(relu, np.float64(x)) == slope
    assert complex_step(lambda z: np.maximum(z, 0.0), x) == slope
    assert complex_step(lambda z: np.max([z, 0.0]), x) == slope
    assert complex_step(lambda z: z if z.real > 0 else 0 * z, x) == slope
    # on arrays, relu's `if` cannot decide, but np.where can
    assert complex_step(lambda z: np.where(z > 0, z, 0.0), np.array([x])).tolist() == [slope]
    # == sees the imaginary part: a test for equality with x fails
    assert complex_step(lambda z: z * z if z == x else 0 * z, np.float64(x)) == 0.0


@pytest.mark.parametrize("x, error, message", [
    (1 + 2j, TypeError, "x must be real numbers, got complex"),
    (True, TypeError, "x must be real numbers, got bool"),
    (math.nan, ValueError, "x must be finite"),
])
def test_complex_step_refuses_a_point_that_is_not_real(x, error, message):
    with pytest.raises(error, match=message):
        complex_step(np.sin, x)


def test_complex_step_refuses_a_bad_step():
    with pytest.raises(TypeError, match="h must be a number, got bool"):
        complex_step(np.sin, 1.0, True)
    with pytest.raises(ValueError, match="h must be a finite number > 0"):
        complex_step(np.sin, 1.0, 0.0)


# Richardson -------------------------------------------------------------------------------

def test_richardson_error_is_minus_h4_over_480_times_the_fifth_derivative():
    for h in (0.2, 0.1, 0.05):
        error = richardson(np.sin, 1.0, h) - np.cos(1.0)
        # sin''''' = cos; the next term is O(h^6)
        assert error == pytest.approx(-h ** 4 / 480 * np.cos(1.0), rel=0.02)
    ratio = (richardson(np.sin, 1.0, 0.1) - np.cos(1.0)) / (richardson(np.sin, 1.0, 0.05) - np.cos(1.0))
    assert ratio == pytest.approx(16, rel=0.01)


def test_richardson_checks_its_point_like_numerical_diff():
    with pytest.raises(StepTooSmallError, match="rounds back"):
        richardson(np.sin, 1e13)
    with pytest.raises(TypeError, match="f must be a callable"):
        richardson(None, 1.0)


def test_the_central_difference_shows_inside_the_complex_step_line():
    _, central, _, complex_line = methods_figure().axes[0].get_lines()
    assert complex_line.get_zorder() < central.get_zorder()
    assert complex_line.get_linewidth() > 3 * central.get_linewidth()
    assert complex_line.get_alpha() < 1
    assert facts()["complex_matches_central"]


def test_method_errors_has_a_row_per_way_and_nan_where_x_plus_h_is_x():
    errors = method_errors(np.sin, np.cos, 1.0, [1e-16, 1e-3])
    assert errors.shape == (4, 2)
    assert np.isnan(errors[:3, 0]).all() and errors[3, 0] <= np.spacing(np.cos(1.0))
    # at h = 1e-3 the complex step has the central difference's h^2 / 6 error
    assert errors[3, 1] == pytest.approx(errors[1, 1], rel=0.01)
    assert FINE_STEPS.size == 1501 and FINE_STEPS[0] == 1e-16 and FINE_STEPS[-1] == pytest.approx(0.1)


# Gradient checking --------------------------------------------------------------------------

def test_relative_error_is_symmetric_and_zero_where_both_are_zero():
    a, b = np.array([1.0, 0.0, -3.0, 0.0]), np.array([1.5, 0.0, 3.0, 1e-300])
    assert relative_error(a, b).tolist() == relative_error(b, a).tolist() == [1 / 3, 0.0, 2.0, 1.0]
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="a must be real numbers"):
        relative_error([True, False], [1.0, 0.0])


def test_loss_without_guard_is_the_loss_without_1e_minus_7():
    net = SimpleNet(BOOK_W)
    y = softmax(net.predict(X))
    assert loss_without_guard(net, X, T) == pytest.approx(-np.log(y[2]), rel=1e-15)
    assert net.loss(X, T) == pytest.approx(-np.log(y[2] + 1e-7), rel=1e-15)
    assert cross_entropy_error(y, T) == net.loss(X, T)
    with pytest.raises(ValueError, match="one-hot"):
        loss_without_guard(net, X, np.array([0, 1, 1]))


def test_the_guard_is_the_whole_relative_error_of_simple_net():
    net = SimpleNet(BOOK_W)
    analytic = analytic_gradient(net, X, T)
    guarded = relative_error(analytic, numerical_gradient(lambda w: net.loss(X, T), net.W))
    unguarded = relative_error(analytic, numerical_gradient(lambda w: loss_without_guard(net, X, T), net.W))
    share = 1e-7 / (softmax(net.predict(X))[2] + 1e-7)
    assert np.allclose(guarded, share, rtol=0.01)  # every element: the same share
    assert 1e-7 < guarded.max() < 1e-6 and unguarded.max() < 1e-8


# The cost -------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 2, 7, 100])
def test_a_gradient_calls_f_exactly_twice_per_parameter(n):
    assert evaluations(n) == 2 * n


def test_counted_passes_values_through_and_counts():
    f = Counted(np.sin)
    assert [f(0.0), f(np.pi / 2)] == [0.0, 1.0] and f.calls == 2
    for way, calls in ((complex_step, 1), (richardson, 4), (numerical_diff, 2)):
        f = Counted(np.sin)
        way(f, 1.0)
        assert f.calls == calls
    with pytest.raises(TypeError, match="f must be a callable"):
        Counted(3.0)


def test_timing_is_positive_and_off_the_pages():
    """Times change from run to run: no page may show one (the site is the same on every build)."""
    assert seconds_per_gradient(10, repeat=1) > 0
    shown = [line for page in DOCS.glob("better_derivatives*.md")
             for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("--8<--")]
    assert shown and not any("timing" in line or "seconds" in line for line in shown)


def test_every_claim_of_the_page_holds():
    values = facts()
    # a numpy bool would print "True" instead of vanishing: claims are Python bools
    assert not any(isinstance(value, np.bool_) for value in values.values())
    claims = {name: value for name, value in values.items() if isinstance(value, bool)}
    assert claims and all(claims.values()), claims
    assert values["evaluations_10000"] == 20000 and values["evaluations_million"] == 2 * 10 ** 6
    assert values["complex_error"] <= values["spacing"]
    # the alt text reads the spacing as mantissa times 10 to the exponent
    assert values["spacing_mantissa"] * 10.0 ** values["spacing_exponent"] == pytest.approx(values["spacing"])
    assert (values["central_calls"], values["richardson_calls"], values["complex_calls"]) == (2, 4, 1)
