"""4.3.2 "직접 해 보기 / Try it yourself": the answer the page folds under the code task
runs, and shows what the task asks the reader to find."""

import numpy as np
import pytest

from support import run_answer

STEPS = (1.0, 0.1, 0.01)


@pytest.fixture(scope="module")
def answer():
    return run_answer("derivative_examples", "answer_secant_line", "answer_secant_line_demo")


def test_the_answer_prints_a_slope_of_0_2_plus_h_over_100_for_each_h(answer):
    _, printed = answer
    lines = printed.splitlines()
    assert len(lines) == len(STEPS)
    for line, h in zip(lines, STEPS):
        shown_h, slope = (float(part.split("=")[1]) for part in line.split())
        assert shown_h == h
        assert slope - 0.2 == pytest.approx(0.01 * h, rel=1e-6)  # f''(5)/2 * h


def test_the_secant_passes_through_both_points(answer):
    namespace, _ = answer
    f = namespace["function_1"]
    for h in STEPS:
        line = namespace["secant_line"](f, 5.0, h)
        assert line(5.0) == pytest.approx(f(5.0), abs=1e-12)
        assert line(5.0 + h) == pytest.approx(f(5.0 + h), abs=1e-12)


@pytest.mark.parametrize("h", [1e-1, 1e-2, 1e-3])
def test_the_secant_slope_approaches_the_tangent_slope_in_order_h(answer, h):
    """For sin at 1 the slope is cos 1 - h/2 sin 1 + O(h²)."""
    namespace, _ = answer
    line = namespace["secant_line"](np.sin, 1.0, h)
    error = line(1.0) - line(0.0) - np.cos(1.0)
    assert error / h == pytest.approx(-np.sin(1.0) / 2, rel=0.05)


@pytest.fixture(scope="module")
def sin_tangent():
    return run_answer("derivative_examples", "answer_sin_tangent")


def test_the_sin_tangent_slope_is_cos_1_up_to_the_central_truncation_error(sin_tangent):
    """The central difference of sin at 1 with h = 1e-4 is cos 1 - h²/6 cos 1 + O(h⁴): the
    answer prints that slope and cos 1."""
    _, printed = sin_tangent
    slope, exact = (float(v) for v in printed.split())
    assert exact == np.cos(1.0)
    assert slope - exact == pytest.approx(-(1e-4) ** 2 / 6 * np.cos(1.0), rel=0.01)


def test_the_sin_tangent_touches_the_curve_at_1(sin_tangent):
    namespace, _ = sin_tangent
    tf = namespace["tf"]
    assert tf(1.0) == pytest.approx(np.sin(1.0), abs=1e-12)
    # a tangent, not a secant: near 1 the curve stays within O(t²) of it
    for t in (0.99, 1.01):
        assert abs(tf(t) - np.sin(t)) < 0.01 ** 2
