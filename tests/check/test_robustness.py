"""For any input the book's code accepts: the book's answer, or a clear error
that names the problem; never a silently different number. Nothing the
caller owns is left changed."""

import numpy as np
import pytest

from snippets._checks import StepTooSmallError
from snippets.derivative_examples import function_1, tangent_line
from snippets.gradient import book_numerical_gradient, numerical_gradient, numerical_gradient_batch
from snippets.gradient_descent import book_gradient_descent, exact_descent, gradient_descent
from snippets.neural_net import BOOK_W, SimpleNet, analytic_gradient, cross_entropy_error, max_relative_error, softmax
from snippets.partial_derivative import function_2, partial_derivative


def book_nditer_gradient(f, x):
    """The book's common/gradient.py loop: any shape, in place, x's dtype."""
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad


def book_softmax(x):
    """The book's common/functions.py softmax."""
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)
    return np.exp(x) / np.sum(np.exp(x))


def book_cross_entropy_error(y, t):
    """The book's common/functions.py cross_entropy_error."""
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


X, T = np.array([0.6, 0.9]), np.array([0, 0, 1])


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


def test_an_integer_array_is_refused_not_copied():
    x = np.array([3, 4])
    assert book_numerical_gradient(function_2, x.copy()).tolist() == [25000, 35000]  # the book's answer
    with pytest.raises(TypeError, match=r"x must be a float array, got int64: numerical_gradient shifts x in place, "
                                        r"and int64 stores x\[0\] \+ h = 3.0001 as 3"):
        numerical_gradient(function_2, x)
    assert x.dtype.kind == "i" and x.tolist() == [3, 4]
    for bad in (np.array([True, False]), np.array([1 + 0j])):
        with pytest.raises(TypeError, match="x must be a float array"):
            numerical_gradient(function_2, bad)


def test_a_list_is_refused_not_copied():
    with pytest.raises(TypeError, match=r"x must be a numpy array, got list \[3.0, 4.0\]: numerical_gradient shifts x in place"):
        numerical_gradient(function_2, [3.0, 4.0])
    with pytest.raises(TypeError, match="x must be a numpy array, got float"):
        numerical_gradient(lambda w: w ** 2, 3.0)


@pytest.mark.parametrize("dtype", [np.float32, np.longdouble])  # float64: above
def test_every_float_dtype_is_shifted_in_place_giving_the_books_answer(dtype):
    x = np.array([3.0, 4.0], dtype=dtype)
    grad = numerical_gradient(function_2, x)
    assert grad.dtype == dtype and x.dtype == dtype and x.tolist() == [3.0, 4.0]
    np.testing.assert_array_equal(grad, book_numerical_gradient(function_2, x.copy()))  # the book's text
    if dtype != np.longdouble:  # common/gradient.py computes x + h as a Python float
        np.testing.assert_array_equal(grad, book_nditer_gradient(function_2, x.copy()))
    if dtype == np.float32:
        assert abs(grad[0] - 6.0) > 1e-3  # float32 loses digits, in the book too


def test_float16_gives_the_books_answer_or_says_x_plus_h_is_x():
    x = np.array([0.1, 0.2], dtype=np.float16)
    np.testing.assert_array_equal(numerical_gradient(function_2, x), book_nditer_gradient(function_2, x.copy()))
    x = np.array([5.0, 4.0], dtype=np.float16)
    assert book_nditer_gradient(function_2, x.copy()).tolist() == [0.0, 0.0]  # the book's silent zeros
    with pytest.raises(StepTooSmallError, match=r"x\[0\] ± h rounds back to x\[0\] = 5 in float16 "
                                                r"\(np.spacing\(x\[0\]\) = 0.00391, h = 0.0001\)"):
        numerical_gradient(function_2, x)
    assert x.tolist() == [5.0, 4.0]


def test_an_element_where_x_plus_h_is_x_is_named():
    x = np.array([[1.0, 2.0], [3.0, -1.3e12]])
    with pytest.raises(StepTooSmallError, match=r"x\[1, 1\] ± h rounds back to x\[1, 1\] = -1.3e\+12 in float64 "
                                                r"\(np.spacing\(x\[1, 1\]\) = 0.000244, h = 0.0001\)"):
        numerical_gradient(lambda w: np.sum(w ** 2), x)
    # a larger h is fine there
    assert numerical_gradient(lambda w: np.sum(w[0] ** 2), x, h=1.0)[0, 0] == pytest.approx(2.0)


def test_a_read_only_array_is_refused_clearly():
    x = np.array([3.0, 4.0])
    x.flags.writeable = False
    with pytest.raises(ValueError, match=r"x is read-only, but numerical_gradient shifts its elements in place"):
        numerical_gradient(function_2, x)


def test_an_f_that_changes_its_input_is_refused_and_the_array_restored():
    def doubles(v):
        v *= 2
        return function_2(v)

    def sets_last(v):
        v[-1] = 0.0
        return function_2(v)

    for f in (doubles, sets_last):
        x = np.array([3.0, 4.0, 5.0])
        with pytest.raises(ValueError, match=r"f changed x\[\d\] \(.* -> .*\); x is put back, but the gradient of an f "
                                             "that changes its input means nothing"):
            numerical_gradient(f, x)
        assert x.tolist() == [3.0, 4.0, 5.0]
    # also when f changes its input and then raises
    x = np.array([3.0, 4.0])

    def changes_then_fails(v):
        v[1] = 100.0
        raise RuntimeError("boom")

    with pytest.raises(ValueError, match="f changed"):
        numerical_gradient(changes_then_fails, x)
    assert x.tolist() == [3.0, 4.0]


@pytest.mark.parametrize("bad", [np.array([np.nan, 1.0]), np.array([np.inf, 1.0]), np.array([1.0, -np.inf])])
def test_non_finite_input_is_refused(bad):
    with pytest.raises(ValueError, match="x must be finite"):
        numerical_gradient(function_2, bad)


def test_gradient_of_a_function_that_returns_many_numbers_is_refused():
    with pytest.raises(ValueError, match="must return one number.*numerical_gradient_batch"):
        numerical_gradient(function_2, np.array([[3.0, 4.0], [0.0, 2.0]]))


@pytest.mark.parametrize("value, error, message", [
    (np.nan, FloatingPointError, "f returned nan, not a finite number"),
    (np.inf, FloatingPointError, "f returned inf, not a finite number"),
    (1 + 1j, TypeError, "f must return a real number, got complex"),
    ("a", TypeError, "f must return a real number, got str"),
])
def test_gradient_of_a_function_with_a_bad_value_is_refused(value, error, message):
    with pytest.raises(error, match=message):
        numerical_gradient(lambda w: value, np.array([1.0, 2.0]))


def test_gradient_bad_f_and_h():
    with pytest.raises(TypeError, match="f must be a callable"):
        numerical_gradient("f", np.array([1.0]))
    with pytest.raises(ValueError, match="h=0"):
        numerical_gradient(function_2, np.array([1.0]), h=0)
    with pytest.raises(TypeError, match="h must be a number, got bool"):
        numerical_gradient(function_2, np.array([1.0]), h=True)
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        numerical_gradient_batch(function_2, np.array([1.0, 2.0]))


def test_batch_shifts_the_rows_in_place_and_refuses_integers():
    points = np.array([[3.0, 4.0], [0.0, 2.0]], dtype=np.float32)
    grad = numerical_gradient_batch(function_2, points)
    assert grad.dtype == np.float32 and points.tolist() == [[3.0, 4.0], [0.0, 2.0]]
    np.testing.assert_array_equal(grad[0], book_nditer_gradient(function_2, points[0].copy()))
    with pytest.raises(TypeError, match="points must be a float array, got int64"):
        numerical_gradient_batch(function_2, np.array([[3, 4], [0, 2]]))


# partial derivatives and tangents --------------------------------------------------------

def test_partial_derivative_does_not_change_x_and_checks_its_index():
    x = np.array([3.0, 4.0])
    assert partial_derivative(function_2, x, 1) == pytest.approx(8.0, abs=1e-9)
    np.testing.assert_array_equal(x, [3.0, 4.0])
    with pytest.raises(ValueError, match="i=2"):
        partial_derivative(function_2, x, 2)


@pytest.mark.parametrize("i, message", [
    (True, "i must be an integer index, got bool True"),
    (np.True_, "i must be an integer index, got bool"),
    (1.0, "i must be an integer index, got float 1.0"),
    ("1", "i must be an integer index, got str"),
])
def test_partial_derivative_refuses_an_index_that_is_not_an_integer(i, message):
    # True passed as an index: the book-like loop moved every element and returned 14.0
    with pytest.raises(TypeError, match=message):
        partial_derivative(function_2, [3.0, 4.0], i)
    with pytest.raises(ValueError, match="i=-1 is out of range: x has 2 elements, so i must be 0 to 1"):
        partial_derivative(function_2, [3.0, 4.0], -1)
    assert partial_derivative(function_2, [3.0, 4.0], np.int64(1)) == pytest.approx(8.0)


def test_partial_derivative_works_in_the_float_dtype_of_x():
    x = np.array([3.0, 4.0], dtype=np.float32)
    h = 1e-4
    up, down = np.array([3.0 + h, 4.0], dtype=np.float32), np.array([3.0 - h, 4.0], dtype=np.float32)
    assert partial_derivative(function_2, x, 0) == float((function_2(up) - function_2(down)) / (2 * h))
    assert partial_derivative(function_2, [3, 4], 0) == partial_derivative(function_2, [3.0, 4.0], 0)
    with pytest.raises(StepTooSmallError, match=r"x\[0\] ± h rounds back to x\[0\] = 5 in float16"):
        partial_derivative(function_2, np.array([5.0, 4.0], dtype=np.float16), 0)
    # only the element that moves matters
    assert partial_derivative(lambda v: v[1] ** 2, [1e13, 2.0], 1) == pytest.approx(4.0)


@pytest.mark.parametrize("x, error, message", [
    ([[3.0, 4.0]], ValueError, r"x must be one point \(1-D\), got shape \(1, 2\)"),
    ([True, False], TypeError, "x must be real numbers, got list"),
    ([3.0, np.nan], ValueError, r"x must be finite, got nan at x\[1\]"),
])
def test_partial_derivative_names_a_bad_point(x, error, message):
    with pytest.raises(error, match=message):
        partial_derivative(function_2, x, 0)


def test_partial_derivative_refuses_an_f_that_returns_many_numbers():
    with pytest.raises(ValueError, match=r"f must return one number, got shape \(2,\)"):
        partial_derivative(lambda v: v * 2, [3.0, 4.0], 0)


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


def test_gradient_descent_keeps_a_float_dtype():
    x32 = np.array([-3.0, 4.0], dtype=np.float32)
    x, path = gradient_descent(function_2, x32, lr=0.1, step_num=3)
    assert x.dtype == np.float32 and path.dtype == np.float32 and x32.tolist() == [-3.0, 4.0]
    book_x = book_gradient_descent(function_2, x32.copy(), lr=0.1, step_num=3)
    np.testing.assert_array_equal(x, book_x)
    x, _ = gradient_descent(function_2, np.array([-3, 4]), lr=0.1, step_num=3)  # the book fails on ints
    assert x.dtype == np.float64
    with pytest.raises(TypeError, match="init_x must be real numbers, got a bool array"):
        gradient_descent(function_2, np.array([True, False]))


def test_the_book_version_uses_the_books_gradient_and_prints_the_books_lr_10_result():
    assert "book_numerical_gradient" in book_gradient_descent.__code__.co_names
    assert "numerical_gradient" not in book_gradient_descent.__code__.co_names
    x = book_gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0)
    np.testing.assert_allclose(x, [-2.58983747e13, -1.29524862e12], rtol=1e-8)
    assert (x + 1e-4 == x).all()
    np.testing.assert_array_equal(book_numerical_gradient(function_2, x), [0.0, 0.0])
    assert np.max(np.abs(exact_descent([-3.0, 4.0], 10.0, 100))) > 1e127


def test_lr_10_stops_with_an_error_naming_the_step_where_an_element_freezes():
    init_x = np.array([-3.0, 4.0])
    with pytest.raises(StepTooSmallError) as error:
        gradient_descent(function_2, init_x, lr=10.0)
    assert str(error.value).startswith(
        "gradient_descent stopped after 9 steps: x[1] ± h rounds back to x[1] = -1.29525e+12 in float64 "
        "(np.spacing(x[1]) = 0.000244, h = 0.0001)")
    assert init_x.tolist() == [-3.0, 4.0]


@pytest.mark.parametrize("lr", [0, 0.0, -0.1, np.nan, np.inf])
def test_bad_learning_rate_is_refused(lr):
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        gradient_descent(function_2, np.array([1.0, 1.0]), lr=lr)


@pytest.mark.parametrize("lr", ["0.1", True, np.True_, None])
def test_a_learning_rate_that_is_not_a_number_is_refused(lr):
    with pytest.raises(TypeError, match="lr must be a number"):
        gradient_descent(function_2, np.array([1.0, 1.0]), lr=lr)


@pytest.mark.parametrize("step_num, error", [(-1, ValueError), (2.5, TypeError), ("10", TypeError),
                                             (True, TypeError), (np.True_, TypeError)])
def test_bad_step_num_is_refused(step_num, error):
    with pytest.raises(error, match="step_num must be an integer >= 0"):
        gradient_descent(function_2, np.array([1.0, 1.0]), step_num=step_num)


def test_zero_steps_returns_the_start():
    x, path = gradient_descent(function_2, [1.0, 2.0], step_num=0)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    assert path.shape == (1, 2)


def test_a_non_finite_value_names_the_step():
    with np.errstate(over="ignore"):
        with pytest.raises(FloatingPointError, match=r"gradient_descent stopped after 1 step: f returned inf"):
            gradient_descent(lambda x: np.exp(np.sum(x ** 2)), np.array([3.0, 3.0]), lr=1.0)


def test_an_iterate_that_overflows_names_the_step():
    with np.errstate(over="ignore"):
        with pytest.raises(ValueError, match=r"gradient_descent stopped after 1 step: x must be finite, got -?inf"):
            gradient_descent(function_2, np.array([1.0, 1.0]), lr=1e308)


def test_descent_with_an_f_that_changes_its_input_or_returns_many_numbers_names_the_step():
    def doubles(v):
        v *= 2
        return function_2(v)

    init_x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"gradient_descent stopped after 0 steps: f changed x\[0\]"):
        gradient_descent(doubles, init_x)
    assert init_x.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="stopped after 0 steps: f must return one number"):
        gradient_descent(function_2, np.ones((2, 2)))


def test_non_finite_start_is_refused():
    with pytest.raises(ValueError, match="init_x must be finite"):
        gradient_descent(function_2, [np.nan, 1.0])


def test_exact_descent_refuses_a_bool_learning_rate():
    with pytest.raises(TypeError, match="lr must be a number, got bool"):
        exact_descent([-3.0, 4.0], True, 3)


# softmax, cross-entropy, SimpleNet -------------------------------------------------------------

def test_softmax_is_overflow_safe_and_sums_to_one():
    with np.errstate(over="raise", invalid="raise"):  # underflow to 0 is fine
        y = softmax(np.array([[1000.0, 1000.0, 1000.0], [0.0, 0.0, 1e308]]))
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    np.testing.assert_allclose(y[0], 1 / 3)


@pytest.mark.parametrize("shape", [(), (2, 2, 3), (0,)])
def test_softmax_names_a_bad_shape(shape):
    with pytest.raises(ValueError, match=f"got shape {shape}".replace("(", r"\(").replace(")", r"\)")):
        softmax(np.zeros(shape))


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_softmax_computes_in_the_dtype_of_its_input_like_the_book(dtype):
    for a in (np.array([0.3, 2.9, 4.0], dtype=dtype), np.array([[0.3, 2.9, 4.0], [1.0, -1.0, 0.5]], dtype=dtype)):
        y = softmax(a)
        assert y.dtype == dtype
        np.testing.assert_array_equal(y, book_softmax(a))
    assert softmax(np.array([1, 2, 3])).dtype == np.float64


def test_softmax_refuses_nan_plus_inf_and_bools_but_takes_minus_inf():
    np.testing.assert_array_equal(softmax(np.array([-np.inf, 0.0])), [0.0, 1.0])  # as in the book
    with pytest.raises(ValueError, match=r"a must not hold nan or \+inf, got nan at a\[1\]"):
        softmax(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match=r"a must not hold nan or \+inf, got inf at a\[0, 0\]"):
        softmax(np.array([[np.inf, 0.0]]))
    with pytest.raises(ValueError, match="a row of only -inf"):
        softmax(np.array([[0.0, 1.0], [-np.inf, -np.inf]]))
    with pytest.raises(TypeError, match="a must be real numbers, got a bool array"):
        softmax(np.array([True, False]))


def test_cross_entropy_one_hot_and_labels_agree_for_one_sample_and_a_batch():
    y = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
    one_hot = np.array([[0, 1, 0], [0, 0, 1]])
    expected = -(np.log(0.7 + 1e-7) + np.log(0.4 + 1e-7)) / 2
    assert cross_entropy_error(y, one_hot) == pytest.approx(expected)
    assert cross_entropy_error(y, np.array([1, 2])) == pytest.approx(expected)
    assert cross_entropy_error(y, one_hot.astype(bool)) == pytest.approx(expected)
    assert cross_entropy_error(y, one_hot.astype(float)) == pytest.approx(expected)
    assert cross_entropy_error(y[0], one_hot[0]) == pytest.approx(-np.log(0.7 + 1e-7))
    assert cross_entropy_error(y[0], 1) == pytest.approx(-np.log(0.7 + 1e-7))
    assert cross_entropy_error(y[0], np.int64(1)) == cross_entropy_error(y[0], np.array([1]))
    assert cross_entropy_error(y, one_hot) == book_cross_entropy_error(y, one_hot)


def test_cross_entropy_guard_keeps_log_zero_finite():
    assert cross_entropy_error(np.array([1.0, 0.0]), np.array([0, 1])) == pytest.approx(-np.log(1e-7))


@pytest.mark.parametrize("y_shape, t", [((1, 3), np.array([0, 1])), ((2, 3), np.zeros((2, 4))), ((3,), np.array([0, 1]))])
def test_cross_entropy_names_both_shapes(y_shape, t):
    with pytest.raises(ValueError) as error:
        cross_entropy_error(np.full(y_shape, 1 / 3), t)
    assert f"y {y_shape}" in str(error.value) and f"t {t.shape}" in str(error.value)


@pytest.mark.parametrize("t, row", [
    (np.array([[0.2, 0.3, 0.5], [0, 1, 0]]), "t[0] = [0.2 0.3 0.5]"),   # soft labels
    (np.array([[0, 1, 0], [0, 0, 0]]), "t[1] = [0 0 0]"),               # an all-zero row
    (np.array([[1, 1, 0], [0, 0, 1]]), "t[0] = [1 1 0]"),               # multi-hot
    (np.array([[0, 2, 0], [0, 0, 1]]), "t[0] = [0 2 0]"),
    (np.array([[np.nan, 1, 0], [0, 0, 1]]), "t[0] = [nan  1.  0.]"),
])
def test_cross_entropy_refuses_t_of_ys_shape_that_is_not_one_hot(t, row):
    y = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
    with pytest.raises(ValueError) as error:
        cross_entropy_error(y, t)
    assert str(error.value) == ("t has the shape of y (2, 3), so it must be one-hot "
                                f"(a single 1 per row, 0 elsewhere), but {row}")
    with pytest.raises(ValueError, match=r"but t = \[0.5 0.5 0. \]"):  # one sample
        cross_entropy_error(y[0], np.array([0.5, 0.5, 0.0]))


@pytest.mark.parametrize("t, message", [
    (np.array([1, 3]), r"label 3 at t\[1\] is out of range for 3 classes: labels are 0 to 2"),
    (np.array([-1, 0]), r"label -1 at t\[0\] is out of range for 3 classes: labels are 0 to 2"),
])
def test_cross_entropy_names_a_label_out_of_range(t, message):
    y = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
    with pytest.raises(ValueError, match=message):
        cross_entropy_error(y, t)
    with pytest.raises(ValueError, match="label 5 is out of range for 3 classes"):
        cross_entropy_error(y[0], 5)


@pytest.mark.parametrize("t, message", [
    (np.array([True, False]), r"labels must be integers, got bool t = \[ True False\]"),
    (np.array([1.0, 2.0]), r"labels must be integers, got float64 t = \[1. 2.\]"),
    (np.array(["a", "b"]), "t must be labels or one-hot rows, got ndarray"),
])
def test_cross_entropy_refuses_labels_that_are_not_integers(t, message):
    y = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
    with pytest.raises(TypeError, match=message):
        cross_entropy_error(y, t)


def test_cross_entropy_refuses_y_that_is_not_probabilities_or_empty():
    for y, message in ((np.array([0.5, -0.1, 0.6]), r"y must be probabilities in \[0, 1\], got -0.1 at y\[1\]"),
                       (np.array([0.5, np.nan, 0.5]), r"got nan at y\[1\]"),
                       (np.array([[0.5, 1.5, 0.0]]), r"got 1.5 at y\[0, 1\]")):
        with pytest.raises(ValueError, match=message):
            cross_entropy_error(y, np.array([0, 1, 0]) if y.ndim == 1 else np.array([1]))
    with pytest.raises(ValueError, match=r"y must be a non-empty vector or batch \(1-D or 2-D\), got shape \(0, 3\)"):
        cross_entropy_error(np.zeros((0, 3)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_cross_entropy_computes_in_the_dtype_of_y_like_the_book(dtype):
    y = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]], dtype=dtype)
    t = np.array([[0, 1, 0], [0, 0, 1]])
    loss = cross_entropy_error(y, t)
    assert loss.dtype == dtype and loss == book_cross_entropy_error(y, t)


def test_simple_net_weights_given_or_seeded():
    np.testing.assert_array_equal(SimpleNet(BOOK_W).W, BOOK_W)
    assert SimpleNet(BOOK_W).W is not BOOK_W  # its own copy
    np.testing.assert_array_equal(SimpleNet(seed=7).W, SimpleNet(seed=7).W)
    assert not np.array_equal(SimpleNet(seed=7).W, SimpleNet(seed=8).W)
    with pytest.raises(ValueError, match=r"shape \(2, 3\), got \(3, 2\)"):
        SimpleNet(np.zeros((3, 2)))


def test_simple_net_keeps_the_float_dtype_of_its_weights_and_refuses_bad_ones():
    net = SimpleNet(BOOK_W.astype(np.float32))
    assert net.W.dtype == np.float32
    assert SimpleNet(np.ones((2, 3), dtype=int)).W.dtype == np.float64
    with pytest.raises(TypeError, match="W must be real numbers, got a bool array"):
        SimpleNet(np.ones((2, 3), dtype=bool))
    with pytest.raises(ValueError, match=r"W must be finite, got nan at W\[0, 0\]"):
        SimpleNet(np.full((2, 3), np.nan))


def test_the_lambda_works_only_on_the_real_weights():
    net, x, t = SimpleNet(BOOK_W), X, T
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


def test_the_lambda_idiom_gives_the_books_gradient_for_float32_weights():
    net = SimpleNet(BOOK_W)
    net.W = net.W.astype(np.float32)
    f = lambda w: net.loss(X, T)  # noqa: E731
    before = net.W.copy()
    dW = numerical_gradient(f, net.W)
    assert dW.dtype == np.float32 and np.array_equal(net.W, before)
    np.testing.assert_array_equal(dW, book_nditer_gradient(f, net.W))
    assert max_relative_error(dW, analytic_gradient(net, X, T)) < 1e-3  # float32's digits, not zeros


def test_the_lambda_idiom_with_float16_weights_says_x_plus_h_is_x():
    net = SimpleNet(BOOK_W)
    net.W = net.W.astype(np.float16)
    with pytest.raises(StepTooSmallError, match=r"x\[0, 0\] ± h rounds back to x\[0, 0\] = 0.473633 in float16"):
        numerical_gradient(lambda w: net.loss(X, T), net.W)
    assert book_nditer_gradient(lambda w: net.loss(X, T), net.W.copy())[0, 0] == 0.0  # the book: silently 0


def test_analytic_gradient_wants_one_sample_and_a_one_hot_t():
    net = SimpleNet(BOOK_W)
    with pytest.raises(ValueError, match=r"t must be one one-hot vector of 3 classes, got array\(2\)"):
        analytic_gradient(net, X, np.array(2))
    with pytest.raises(ValueError, match=r"t must be one one-hot vector of 3 classes"):
        analytic_gradient(net, X, np.array([1]))
    with pytest.raises(ValueError, match=r"x must be one point \(1-D\), got shape \(2, 2\)"):
        analytic_gradient(net, np.array([X, X]), T)


def test_max_relative_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        max_relative_error(np.zeros(2), np.zeros(3))


def test_max_relative_error_refuses_nan_and_bools():
    with pytest.raises(ValueError, match=r"a must be finite, got nan at a\[0\]"):
        max_relative_error(np.array([np.nan, 1.0]), np.zeros(2))
    with pytest.raises(TypeError, match="b must be real numbers, got a bool array"):
        max_relative_error(np.zeros(2), np.zeros(2, dtype=bool))
