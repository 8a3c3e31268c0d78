"""The Material partials the site overrides are Material's own, with only our names added."""

import pytest

from sitegen import overrides


@pytest.mark.parametrize("partial", sorted(overrides.CHANGES))
def test_an_override_is_the_installed_partial_with_our_changes_only(partial):
    committed = (overrides.OVERRIDES / partial).read_text(encoding="utf-8")
    assert committed == overrides.made(partial), "run `python -m sitegen.overrides` and review the difference"
