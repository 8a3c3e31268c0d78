"""4.4's "Try it yourself": the answer on the page shows what the task asks."""

import contextlib
import io
import math

import numpy as np
import pytest

from sitegen.sources import section


def run(name: str) -> list[str]:
    """Run a section of snippets/gradient.py as the page does; its printed lines."""
    namespace = {"__name__": "page"}
    exec("from snippets.gradient import *", namespace)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(section("gradient", name), namespace)
    return out.getvalue().splitlines()


def test_answer_steepest_finds_the_direction_of_minus_the_gradient():
    steepest, minus_grad, origin = run("answer_steepest")
    found, rate = map(float, steepest.removeprefix("steepest way down:").split())
    angle, norm = map(float, minus_grad.removeprefix("-grad f:").split())
    to_origin = float(origin.removeprefix("to the origin:"))
    assert abs(found - angle) <= 0.5  # found by trying directions every 0.5 degrees
    assert angle == pytest.approx(math.degrees(math.atan2(-6, -2)), abs=0.05)  # -∇f = (-2, -6)
    assert rate == pytest.approx(-math.sqrt(40), rel=1e-4) and norm == pytest.approx(-math.sqrt(40), rel=1e-4)
    assert to_origin == -135.0 and abs(found - to_origin) > 20  # the way to the minimum is not the steepest


def test_prediction_sum_has_a_gradient_of_ones_in_the_shape_of_w():
    rows = [np.array(line.strip(" []").split(), dtype=float) for line in run("experiment_sum")]
    assert np.array(rows).shape == (2, 3)
    np.testing.assert_allclose(rows, 1.0, atol=1e-9)


def test_prediction_h_a_tiny_h_is_worse():
    errors = {}
    for line in run("experiment_h"):
        h, grad = line.split(" ", 1)
        errors[float(h)] = max(abs(float(g) - e) for g, e in zip(grad.strip("[]").split(","), (6, 8)))
    assert errors[1e-12] > 1e6 * errors[1e-4]
    assert min(errors, key=errors.get) == 1e-2  # a quadratic: no truncation error, the largest h wins


def test_answer_step_against_the_gradient_lowers_f_and_along_it_raises_f():
    lines = run("answer_step")
    (start, f_start), (down, f_down), (up, f_up) = [
        (np.array(line.split("]")[0].strip("[").split(), dtype=float), float(line.split("]")[1])) for line in lines]
    x = np.array([3.0, 4.0])
    np.testing.assert_array_equal(start, x)
    assert f_start == 25.0
    exact_grad = 2 * x  # ∇(x0² + x1²) = (2 x0, 2 x1)
    np.testing.assert_allclose(down, x - 0.1 * exact_grad, rtol=1e-9)  # (2.4, 3.2)
    np.testing.assert_allclose(up, x + 0.1 * exact_grad, rtol=1e-9)  # (3.6, 4.8)
    assert f_down == pytest.approx(np.sum((0.8 * x) ** 2), rel=1e-9) and f_down < f_start  # 16: down
    assert f_up == pytest.approx(np.sum((1.2 * x) ** 2), rel=1e-9) and f_up > f_start  # 36: up
