"""Bad input gets a clear error that names the problem; the code reads like
the book's (short bodies, one decorator line, short English docstrings)."""

import ast
import inspect
import math
import re
from pathlib import Path

import numpy as np
import pytest

from snippets._checks import StepTooSmallError
from snippets.derivative import (
    best_step,
    difference_errors,
    error_of,
    forward_diff,
    numerical_diff,
    numerical_diff_bad,
    square,
)
from snippets.derivative_examples import tangent_line
from snippets.gradient import numerical_gradient, numerical_gradient_batch
from snippets.gradient_descent import gradient_descent
from snippets.neural_net import cross_entropy_error, softmax
from snippets.partial_derivative import function_2, partial_derivative

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
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


@pytest.mark.parametrize("diff", DIFFS)
@pytest.mark.parametrize("h", [True, np.True_])
def test_a_bool_step_is_refused(diff, h):
    # True passes as the number 1: a step of 1, silently
    with pytest.raises(TypeError, match="h must be a number, got bool"):
        diff(square, 5.0, h=h)


@pytest.mark.parametrize("diff", DIFFS)
@pytest.mark.parametrize("f", [None, 3.0, "square"])
def test_f_that_is_not_callable(diff, f):
    with pytest.raises(TypeError, match="f must be a callable"):
        diff(f, 5.0)


def test_difference_errors_checks_both_functions():
    with pytest.raises(TypeError, match="dfdx must be a callable"):
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


# x + h rounding back to x ------------------------------------------------------------------

@pytest.mark.parametrize("diff", DIFFS)
def test_float16_x_where_x_plus_h_is_x_is_refused(diff):
    # in float16, 5 + 1e-4 rounds back to 5: the book's code returns 0.0
    assert diff.__wrapped__(square, np.float16(5)) == 0.0
    with pytest.raises(StepTooSmallError) as error:
        diff(square, np.float16(5))
    message = str(error.value)
    assert isinstance(error.value, ValueError)
    assert "x ± h rounds back to x = 5 in float16" in message
    assert "np.spacing(x) = 0.00391" in message and "h = 0.0001" in message


def test_float64_x_where_x_plus_h_is_x_is_refused():
    with pytest.raises(StepTooSmallError, match=r"x ± h rounds back to x = 5 in float64 \(np.spacing\(x\) = 8.88e-16, h = 1e-49\)"):
        numerical_diff(square, 5.0, h=10e-50)
    with pytest.raises(StepTooSmallError, match=r"x ± h rounds back to x = 1e\+13 in float64"):
        numerical_diff(square, 1e13)
    # an array x: the element is named
    with pytest.raises(StepTooSmallError, match=r"x\[1\] ± h rounds back to x\[1\] = 1e\+13"):
        numerical_diff(square, np.array([1.0, 1e13]))
    # where only one side rounds back, it says which
    x = np.float16(4.0)  # spacing 2**-8 above 4, 2**-9 below
    with pytest.raises(StepTooSmallError, match=r"x \+ h rounds back"):
        numerical_diff(square, x, h=0.0015)


def test_tangent_line_refuses_a_point_where_x_plus_h_is_x():
    with pytest.raises(StepTooSmallError, match="in float16"):
        tangent_line(square, np.float16(5))


def test_the_bad_difference_stays_bad_and_bare():
    source = inspect.getsource(numerical_diff_bad)
    assert not hasattr(numerical_diff_bad, "__wrapped__") and "@" not in source
    body = [line.strip() for line in source.split('"""')[-1].strip().splitlines()]
    assert body == ["h = 10e-50", "return (f(x + h) - f(x)) / h"]
    with pytest.raises(TypeError, match="'NoneType' object is not callable"):  # no check at all
        numerical_diff_bad(None, 5.0)


@pytest.mark.parametrize("x, error, message", [
    (True, TypeError, "x must be real numbers, got bool True"),
    (np.True_, TypeError, "x must be a number or a numpy array, got bool"),
    ([5.0], TypeError, "x must be a number or a numpy array, got list"),
    ("5", TypeError, "x must be a number or a numpy array, got str"),
    (1 + 2j, TypeError, "x must be a number or a numpy array, got complex"),
    (math.inf, ValueError, "x must be finite, got inf"),
    (math.nan, ValueError, "x must be finite, got nan"),
    (np.array([1.0, np.nan]), ValueError, r"x must be finite, got nan at x\[1\]"),
])
def test_numerical_diff_names_a_bad_point(x, error, message):
    with pytest.raises(error, match=message):
        numerical_diff(square, x)


def test_difference_errors_leave_out_an_h_where_x_plus_h_is_x():
    forward, central = difference_errors(np.sin, np.cos, 1.0, [1e-16, 1e-4])
    assert np.isnan(forward[0]) and np.isnan(central[0])  # refused: no difference there
    assert central[1] == pytest.approx(9.0e-10, rel=0.01)
    assert np.isnan(error_of(numerical_diff, square, 5.0, 1e-16, 10.0))
    assert best_step([1e-16, 1e-4], central) == (1e-4, central[1])  # nan left out
    with pytest.raises(ValueError, match="hs must all be > 0"):
        difference_errors(np.sin, np.cos, 1.0, [1e-4, 0.0])


# The code reads like the book's ----------------------------------------------------------------

def test_snippets_source_style():
    """Lines of at most 79 characters, short English docstrings, and only the
    import form the notebooks understand (`from snippets.x import ...`)."""
    for path in sorted(SNIPPETS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for n, line in enumerate(source.splitlines(), 1):
            assert len(line) <= 79, f"{path.name}:{n} has {len(line)} characters"
            if re.match(r"\s*(from|import)\s+(\.|snippets)", line):
                assert re.match(r"^from snippets\.\w+ import [\w, ]+$", line), f"{path.name}:{n}: {line}"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module)):
                doc = ast.get_docstring(node) or ""
                assert not re.search(r"[\uac00-\ud7a3]", doc), f"Korean in a docstring in {path.name}"
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and doc:
                    prose = [line for line in doc.split(">>>")[0].strip().splitlines() if line.strip()]
                    assert len(prose) <= 4, f"{path.name}: {node.name}'s docstring is long"


TAUGHT = {  # function: lines of its body (after the docstring), at most
    numerical_diff: 1, forward_diff: 1, numerical_gradient: 12, partial_derivative: 6,
    tangent_line: 3, gradient_descent: 7, softmax: 2, cross_entropy_error: 8,
    numerical_gradient_batch: 4,
}


@pytest.mark.parametrize("func", TAUGHT, ids=lambda f: f.__name__)
def test_a_taught_function_is_the_books_logic_with_at_most_one_check_line(func):
    source = inspect.getsource(inspect.unwrap(func))
    decorators = [line for line in source.splitlines() if line.lstrip().startswith("@")]
    assert len(decorators) <= 1
    body = [line for line in source.split('"""')[-1].splitlines() if line.strip()]
    assert len(body) <= TAUGHT[func], "\n".join(body)
    assert not any(re.search(r"\braise\b|isinstance|check_", line) for line in body)


def test_checks_run_before_the_body_and_leave_the_arguments_alone():
    x = np.array([3.0, 4.0])
    assert numerical_gradient.__wrapped__ is not numerical_gradient
    grad = numerical_gradient(function_2, x)
    assert grad.tolist() == pytest.approx([6.0, 8.0]) and x.tolist() == [3.0, 4.0]
    assert inspect.signature(numerical_gradient) == inspect.signature(numerical_gradient.__wrapped__)
    for func in (numerical_gradient_batch, gradient_descent, partial_derivative, softmax, cross_entropy_error):
        assert func.__doc__ and func.__name__ == func.__wrapped__.__name__
