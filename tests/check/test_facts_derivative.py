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
