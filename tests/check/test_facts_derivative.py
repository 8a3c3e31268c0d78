"""The facts of 4.3.1 and 4.3.2 (and the glossary, which quotes 4.3.1): every claim is a
Python bool, so that a true claim vanishes from the page instead of printing "True"."""

import numbers

import pytest

from sitegen.sources import Snapshot


@pytest.mark.parametrize("module", ["derivative", "derivative_examples"])
def test_facts_are_python_numbers_and_bools_and_every_claim_holds(module):
    with Snapshot(module).loaded() as loaded:
        values = loaded.facts()
    for name, value in values.items():
        assert type(value) in (bool, int, float), f"{module}.{name} is {type(value).__name__}"
        if isinstance(value, bool):
            assert value, f"claim {module}.{name} is false"
        else:
            assert isinstance(value, numbers.Real)


def test_the_note_on_the_valley_uses_the_error_model_of_better_derivatives():
    """derivative.md's note and better_derivatives.md state one model: each f value off by at
    most eps|f|/2; h* and the error there for sin at 1 must be the same numbers on both pages."""
    with Snapshot("derivative").loaded() as loaded:
        values = loaded.facts()
    with Snapshot("better_derivatives").loaded() as better:
        f0, f2, f3 = better.SIN_1
        forward_h, central_h = better.forward_best_h(f0, f2), better.central_best_h(f0, f3)
        expected = {
            "forward_h_theory": forward_h,
            "central_h_theory": central_h,
            "forward_theory": better.forward_model(forward_h, f0, f2),
            "central_theory": better.central_model(central_h, f0, f3),
        }
    for name, value in expected.items():
        assert values[name] == pytest.approx(float(value), rel=1e-12), name
