"""Bad input gets a clear error, and nothing the caller owns is lost."""

import numpy as np
import pytest

from snippets.derivative_examples import function_1, tangent_line
from snippets.gradient import book_numerical_gradient, numerical_gradient, numerical_gradient_batch
from snippets.gradient_descent import exact_descent, gradient_descent
from snippets.neural_net import BOOK_W, SimpleNet, analytic_gradient, cross_entropy_error, max_relative_error, softmax
from snippets.partial_derivative import function_2, partial_derivative


# numerical_gradient ------------------------------------------------------------------

def test_gradient_matches_the_exact_gradient_for_any_shape():
    for x in (np.array([3.0, 4.0]), np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]]), np.arange(24.0).reshape(2, 3, 4)):
        np.testing.assert_allclose(numerical_gradient(lambda w: np.sum(w ** 2), x), 2 * x, atol=1e-6)


def test_gradient_restores_the_array_when_f_raises_midway():
    x = np.array([3.0, 4.0, 5.0])
    calls = []

    def f(v):
        calls.append(v.copy())
        if len(calls) == 4:  # while the second element is shifted by -h
            raise RuntimeError("f failed")
        return function_2(v)

    with pytest.raises(RuntimeError, match="f failed"):
        numerical_gradient(f, x)
    assert calls[3][1] == pytest.approx(3.9999)  # it really was shifted when f raised
    np.testing.assert_array_equal(x, [3.0, 4.0, 5.0])
    # the book's loop, for contrast, leaves it shifted
    y = np.array([3.0, 4.0, 5.0])
    calls.clear()
    with pytest.raises(RuntimeError):
        book_numerical_gradient(f, y)
    assert y[1] != 4.0


def test_gradient_leaves_a_float64_array_as_it_was():
    x = np.array([3.0, 4.0])
    before = x.copy()
    numerical_gradient(function_2, x)
    np.testing.assert_array_equal(x, before)


def test_integer_input_gives_the_float_gradient_and_is_untouched():
    x = np.array([3, 4])
    assert book_numerical_gradient(function_2, x.copy()).tolist() == [25000, 35000]  # the book's bug
    grad = numerical_gradient(function_2, x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [6.0, 8.0], atol=1e-6)
    assert x.dtype.kind == "i" and x.tolist() == [3, 4]


def test_float32_input_is_computed_in_float64():
    x = np.array([3.0, 4.0], dtype=np.float32)
    assert abs(book_numerical_gradient(function_2, x.copy())[0] - 6.0) > 1e-3  # float32 loses digits
    grad = numerical_gradient(function_2, x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [6.0, 8.0], atol=1e-6)
    assert x.dtype == np.float32 and x.tolist() == [3.0, 4.0]


@pytest.mark.parametrize("bad", [np.array([np.nan, 1.0]), np.array([np.inf, 1.0]), [1.0, -np.inf]])
def test_non_finite_input_is_refused(bad):
    with pytest.raises(ValueError, match="x must be finite"):
        numerical_gradient(function_2, bad)


def test_gradient_of_a_function_that_returns_many_numbers_is_refused():
    with pytest.raises(ValueError, match="must return one number.*numerical_gradient_batch"):
        numerical_gradient(function_2, np.array([[3.0, 4.0], [0.0, 2.0]]))


def test_gradient_bad_f_and_h():
    with pytest.raises(TypeError, match="f must be a callable"):
        numerical_gradient("f", np.array([1.0]))
    with pytest.raises(ValueError, match="h=0"):
        numerical_gradient(function_2, np.array([1.0]), h=0)
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        numerical_gradient_batch(function_2, np.array([1.0, 2.0]))


# partial derivatives and tangents --------------------------------------------------------

def test_partial_derivative_does_not_change_x_and_checks_its_index():
    x = np.array([3.0, 4.0])
    assert partial_derivative(function_2, x, 1) == pytest.approx(8.0, abs=1e-9)
    np.testing.assert_array_equal(x, [3.0, 4.0])
    with pytest.raises(ValueError, match="i=2"):
        partial_derivative(function_2, x, 2)


def test_tangent_line_is_the_analytic_tangent():
    for x, slope, intercept in ((5.0, 0.2, -0.25), (10.0, 0.3, -1.0)):
        tf = tangent_line(function_1, x)
        assert tf(0.0) == pytest.approx(intercept, abs=1e-9)
        assert tf(1.0) - tf(0.0) == pytest.approx(slope, abs=1e-9)
    with pytest.raises(TypeError, match="f must be a callable"):
        tangent_line(None, 5.0)


# gradient_descent ---------------------------------------------------------------------------

def test_gradient_descent_never_changes_init_x():
    init_x = np.array([-3.0, 4.0])
    x, path = gradient_descent(function_2, init_x, lr=0.1)
    np.testing.assert_array_equal(init_x, [-3.0, 4.0])
    np.testing.assert_array_equal(path[0], [-3.0, 4.0])
    assert not np.shares_memory(x, init_x)


def test_gradient_descent_follows_the_exact_iterate():
    # one step multiplies x by (1 - 2 lr): 0.8**100 * (-3, 4)
    x, path = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=100)
    np.testing.assert_allclose(x, exact_descent([-3.0, 4.0], 0.1, 100), rtol=1e-5)
    assert path.shape == (101, 2)


def test_lr_10_freezes_where_x_plus_h_equals_x():
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0, step_num=100)
    assert 1e12 < np.max(np.abs(x)) < 1e14
    assert x[0] + 1e-4 == x[0]
    np.testing.assert_array_equal(numerical_gradient(function_2, x), [0.0, 0.0])
    assert np.max(np.abs(exact_descent([-3.0, 4.0], 10.0, 100))) > 1e127


@pytest.mark.parametrize("lr", [0, 0.0, -0.1, np.nan, np.inf, "0.1"])
def test_bad_learning_rate_is_refused(lr):
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        gradient_descent(function_2, np.array([1.0, 1.0]), lr=lr)


@pytest.mark.parametrize("step_num", [-1, 2.5, "10"])
def test_bad_step_num_is_refused(step_num):
    with pytest.raises(ValueError, match="step_num must be an integer >= 0"):
        gradient_descent(function_2, np.array([1.0, 1.0]), step_num=step_num)


def test_zero_steps_returns_the_start():
    x, path = gradient_descent(function_2, [1.0, 2.0], step_num=0)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    assert path.shape == (1, 2)


def test_a_non_finite_iterate_names_the_step():
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(FloatingPointError, match=r"at step 2 \(lr=1.0\)"):
            gradient_descent(lambda x: np.exp(np.sum(x ** 2)), np.array([3.0, 3.0]), lr=1.0)


def test_non_finite_start_is_refused():
    with pytest.raises(ValueError, match="init_x must be finite"):
        gradient_descent(function_2, [np.nan, 1.0])


# softmax, cross-entropy, SimpleNet -------------------------------------------------------------

def test_softmax_is_overflow_safe_and_sums_to_one():
    with np.errstate(over="raise", invalid="raise"):  # underflow to 0 is fine
        y = softmax(np.array([[1000.0, 1000.0, 1000.0], [0.0, 0.0, 1e308]]))
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    np.testing.assert_allclose(y[0], 1 / 3)


@pytest.mark.parametrize("shape", [(), (2, 2, 3)])
def test_softmax_names_a_bad_shape(shape):
    with pytest.raises(ValueError, match=f"got shape {shape}".replace("(", r"\(").replace(")", r"\)")):
        softmax(np.zeros(shape))


def test_cross_entropy_one_hot_and_labels_agree_for_one_sample_and_a_batch():
    y = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
    one_hot = np.array([[0, 1, 0], [0, 0, 1]])
    expected = -(np.log(0.7 + 1e-7) + np.log(0.4 + 1e-7)) / 2
    assert cross_entropy_error(y, one_hot) == pytest.approx(expected)
    assert cross_entropy_error(y, np.array([1, 2])) == pytest.approx(expected)
    assert cross_entropy_error(y[0], one_hot[0]) == pytest.approx(-np.log(0.7 + 1e-7))
    assert cross_entropy_error(y[0], 1) == pytest.approx(-np.log(0.7 + 1e-7))


def test_cross_entropy_guard_keeps_log_zero_finite():
    assert cross_entropy_error(np.array([1.0, 0.0]), np.array([0, 1])) == pytest.approx(-np.log(1e-7))


@pytest.mark.parametrize("y_shape, t", [((1, 3), np.array([0, 1])), ((2, 3), np.zeros((2, 4))), ((3,), np.array([0, 1]))])
def test_cross_entropy_names_both_shapes(y_shape, t):
    with pytest.raises(ValueError) as error:
        cross_entropy_error(np.full(y_shape, 1 / 3), t)
    assert f"y {y_shape}" in str(error.value) and f"t {t.shape}" in str(error.value)


def test_simple_net_weights_given_or_seeded():
    np.testing.assert_array_equal(SimpleNet(BOOK_W).W, BOOK_W)
    assert SimpleNet(BOOK_W).W is not BOOK_W  # its own copy
    np.testing.assert_array_equal(SimpleNet(seed=7).W, SimpleNet(seed=7).W)
    assert not np.array_equal(SimpleNet(seed=7).W, SimpleNet(seed=8).W)
    with pytest.raises(ValueError, match=r"shape \(2, 3\), got \(3, 2\)"):
        SimpleNet(np.zeros((3, 2)))


def test_the_lambda_works_only_on_the_real_weights():
    net, x, t = SimpleNet(BOOK_W), np.array([0.6, 0.9]), np.array([0, 0, 1])
    f = lambda w: net.loss(x, t)  # noqa: E731
    dW = numerical_gradient(f, net.W)
    np.testing.assert_array_equal(net.W, BOOK_W)  # restored
    np.testing.assert_array_equal(numerical_gradient(f, net.W.copy()), np.zeros((2, 3)))
    # the book's printed dW is the analytic gradient; ours agrees to the 1e-7 guard
    book_dW = [[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]]
    np.testing.assert_allclose(analytic_gradient(net, x, t), book_dW, atol=1e-8)
    y3 = softmax(net.predict(x))[2]
    assert max_relative_error(dW, analytic_gradient(net, x, t)) == pytest.approx(1e-7 / (y3 + 1e-7), rel=0.05)
    assert dW[1, 2] < 0 < dW[0, 0] and np.argmax(np.abs(dW)) == 5  # w23 grows, w11 shrinks, w23 matters most


def test_max_relative_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        max_relative_error(np.zeros(2), np.zeros(3))
