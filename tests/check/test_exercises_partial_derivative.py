"""4.3.3's "Try it yourself": the answer on the page shows what the task asks."""

import contextlib
import io

import pytest

from sitegen.sources import section


def run(name: str, namespace: dict | None = None) -> list[str]:
    """Run a section of snippets/partial_derivative.py as the page does; its lines."""
    namespace = {"__name__": "page"} if namespace is None else namespace
    exec("from snippets.partial_derivative import *", namespace)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(section("partial_derivative", name), namespace)
    return out.getvalue().split("\n")


def test_answer_product_fixing_x1_changes_the_partial_derivative():
    fixed_at_4, both, d_x1 = run("answer_product")[:3]
    assert float(fixed_at_4) == pytest.approx(16.0, abs=1e-9)  # x1² with x1 = 4
    at_4, at_2 = map(float, both.split())
    assert at_4 == float(fixed_at_4)  # partial_derivative fixes x1 just as function_tmp3 does
    assert at_2 == pytest.approx(4.0, abs=1e-9)  # x1 = 2: the fixed value matters
    assert float(d_x1) == pytest.approx(24.0, abs=1e-9)  # 2 x0 x1


def test_prediction_shows_the_exact_values():
    numerical, exact = run("experiment_point")[0].split("] [")
    assert [float(v) for v in numerical.strip("[").split(",")] == pytest.approx([-3.0, 4.0], abs=1e-9)
    assert exact.strip("]").split() == ["-3.", "4."]


def test_answer_lambda_fixes_all_but_one_of_three_variables():
    namespace = {"__name__": "page"}
    printed = [float(v) for v in run("answer_lambda", namespace)[:3]]
    point = [1.0, 2.0, 3.0]
    assert printed == pytest.approx([2 * v for v in point], abs=1e-9)  # ∂f/∂x_i = 2 x_i
    for i in range(3):  # each lambda moves x_i alone and keeps the others at the point
        moved = list(point)
        moved[i] = 5.0
        assert namespace[f"f_x{i}"](5.0) == pytest.approx(sum(v * v for v in moved))
