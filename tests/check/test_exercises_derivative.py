"""4.3.1 "직접 해 보기 / Try it yourself": the answer the page folds under the code task
runs, and shows what the task asks the reader to find."""

import numpy as np
import pytest

from support import run_answer

H = 1e-4


@pytest.fixture(scope="module")
def answer():
    return run_answer("derivative", "answer_backward_diff", "answer_backward_diff_demo")


def test_the_answer_prints_forward_backward_their_mean_and_the_central_difference(answer):
    _, printed = answer
    (forward, backward), (mean, central) = [[float(v) for v in line.split()] for line in printed.splitlines()]
    assert forward - 10 == pytest.approx(H, rel=1e-6)  # 2x + h
    assert backward - 10 == pytest.approx(-H, rel=1e-6)  # 2x - h: the error is -h
    assert mean == pytest.approx(central, rel=1e-12)  # the mean is the central difference


def test_the_backward_difference_is_the_formula_of_the_task(answer):
    namespace, _ = answer
    backward_diff = namespace["backward_diff"]
    assert backward_diff(np.exp, 0.0, 0.5) == (np.exp(0.0) - np.exp(-0.5)) / 0.5


@pytest.mark.parametrize("h", [1e-2, 1e-3, 1e-4])
def test_the_backward_difference_error_is_of_order_h(answer, h):
    """For sin at 1 the error is -h/2 f''(1) + O(h²) = +h/2 sin 1 + O(h²)."""
    namespace, _ = answer
    error = namespace["backward_diff"](np.sin, 1.0, h) - np.cos(1.0)
    assert error / h == pytest.approx(np.sin(1.0) / 2, rel=0.01)


def test_the_backward_difference_checks_its_input_like_forward_diff(answer):
    """The answer on the page is plain; the snippets API's backward_diff checks its input."""
    from snippets.derivative import backward_diff, square
    with pytest.raises(ValueError, match="rounds back"):
        backward_diff(square, 5.0, 10e-50)
    namespace, _ = answer
    assert backward_diff(np.sin, 1.0, 1e-3) == namespace["backward_diff"](np.sin, 1.0, 1e-3)


@pytest.fixture(scope="module")
def sweep():
    _, printed = run_answer("derivative", "answer_h_sweep")
    rows = [dict(part.split("=") for part in line.split()) for line in printed.splitlines()]
    return [float(row["h"]) for row in rows], [float(row["error"]) for row in rows]


def test_the_sweep_prints_h_from_1e_2_down_a_hundredfold_at_a_time(sweep):
    hs, errors = sweep
    assert hs == [10.0 ** -k for k in range(2, 13, 2)]
    assert all(e > 0 for e in errors)


def test_the_sweep_errors_follow_the_truncation_error_for_large_h(sweep):
    """For h = 1e-2 and 1e-4 the central difference's error of sin at 1 is h²/6 cos 1
    (printed to two digits)."""
    hs, errors = sweep
    for h, error in zip(hs[:2], errors[:2]):
        assert error == pytest.approx(h ** 2 / 6 * np.cos(1.0), rel=0.06)


def test_the_sweep_has_a_valley_inside_the_list(sweep):
    """Truncation error on the left of the smallest error, rounding error on the right: the
    smallest error is neither end, and it only grows after it."""
    _, errors = sweep
    best = errors.index(min(errors))
    assert 0 < best < len(errors) - 1
    assert all(a > b for a, b in zip(errors[:best], errors[1:best + 1]))
    assert all(a < b for a, b in zip(errors[best:], errors[best + 1:]))
    # the last h is far below the valley: its error is rounding error of order eps/h
    assert errors[-1] > 1e3 * min(errors)
