"""Better numerical derivatives, "직접 해 보기 / Try it yourself": the answers the page folds
under the two coding tasks run, and show what the tasks ask the reader to find."""

import numpy as np
import pytest

from support import run_answer

X, T = np.array([0.6, 0.9]), np.array([0, 0, 1])


@pytest.fixture(scope="module")
def extrapolated():
    return run_answer("better_derivatives", "answer_forward_richardson", "answer_forward_richardson_demo")


def test_forward_richardson_is_the_combination_of_the_task(extrapolated):
    namespace, _ = extrapolated
    forward_richardson = namespace["forward_richardson"]
    h = 0.25
    by_hand = 2 * (np.exp(h / 2) - 1) / (h / 2) - (np.exp(h) - 1) / h
    assert forward_richardson(np.exp, 0.0, h) == pytest.approx(by_hand, rel=1e-14)


@pytest.mark.parametrize("h", [1e-2, 3e-3, 1e-3])
def test_the_extrapolated_error_is_minus_h2_over_12_times_f3(extrapolated, h):
    """2F(h/2) - F(h) = f' - h²/12 f''' + O(h³); for sin at 1, f''' = -cos 1."""
    namespace, _ = extrapolated
    error = namespace["forward_richardson"](np.sin, 1.0, h) - np.cos(1.0)
    assert error / h ** 2 == pytest.approx(np.cos(1.0) / 12, rel=0.02)


def test_the_demo_prints_a_first_order_and_a_second_order_error(extrapolated):
    _, printed = extrapolated
    rows = [dict(field.split("=") for field in line.split()) for line in printed.splitlines()]
    assert [float(row["h"]) for row in rows] == [1e-2, 1e-3, 1e-4]
    forward = [float(row["forward"]) for row in rows]
    better = [float(row["extrapolated"]) for row in rows]
    for h, f, b in zip((1e-2, 1e-3, 1e-4), forward, better):
        assert f == pytest.approx(h / 2 * np.sin(1.0), rel=0.05)  # |h/2 f''|
        assert b == pytest.approx(h ** 2 / 12 * np.cos(1.0), rel=0.1)  # |h²/12 f'''|
    # a tenth of h: a tenth of the forward error, a hundredth of the extrapolated one
    assert forward[0] / forward[1] == pytest.approx(10, rel=0.05)
    assert better[0] / better[1] == pytest.approx(100, rel=0.05)


@pytest.fixture(scope="module")
def forgotten_t():
    return run_answer("better_derivatives", "answer_forgotten_t")


def softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def test_the_buggy_gradient_is_x_outer_y(forgotten_t):
    namespace, _ = forgotten_t
    net = namespace["net"]
    y = softmax(X @ net.W)
    assert np.allclose(namespace["gradient_without_t"](net, X, T), np.outer(X, y), rtol=1e-14)


def test_the_bug_lands_in_probably_wrong_and_only_in_the_correct_column(forgotten_t):
    namespace, printed = forgotten_t
    largest = printed.split("]]")[-1]
    errors = np.array([float(v) for v in printed.replace("[", " ").replace("]", " ").split()[:-1]]).reshape(2, 3)
    net = namespace["net"]
    y = softmax(X @ net.W)
    guard = 1e-7 / (y[2] + 1e-7)
    # the other columns keep only the 1e-7 guard's share; the correct class changes sign
    assert np.allclose(errors[:, :2], guard, rtol=0.02)
    assert (errors[:, 2] > 1).all()
    assert float(largest) == pytest.approx(errors.max(), rel=1e-6) and float(largest) > 1e-2
    # the two columns of the correct class: x y3 against about x (y3 - 1)
    assert float(largest) == pytest.approx(1 / max(y[2], 1 - y[2]), rel=1e-3)
