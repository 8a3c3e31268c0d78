"""Figures: drawn by snippets, no words inside."""

import importlib
import re

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from sitegen import project

ROOT = project.ROOT

REQUESTS = sorted({
    match for page in (ROOT / "docs").glob("*.md")
    for match in re.findall(r"\]\(figures/([a-z_0-9]+\.[a-z_0-9]+)\.(?:svg|png)\)", page.read_text(encoding="utf-8"))
})
MATH_OR_NUMBER = re.compile(r"^(\$.*\$|[−\-+]?[\d.,]+|)$", re.S)


def test_pages_ask_for_figures():
    assert REQUESTS


@pytest.mark.parametrize("name", REQUESTS)
def test_figure_has_no_words_only_math_and_numbers(name):
    module, func = name.split(".")
    fig = getattr(importlib.import_module(f"snippets.{module}"), func)()
    assert isinstance(fig, Figure)
    fig.canvas.draw()  # creates the tick labels
    texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    assert texts, "a figure with no labels at all"
    words = [t for t in texts if not MATH_OR_NUMBER.match(t.strip())]
    assert not words, f"words inside the image (put them in the page instead): {words}"


# That a figure's bytes are the same on every draw is checked where it matters, across processes:
# tests/site/test_reproducible.py compares the figures of two cold builds, file by file.
