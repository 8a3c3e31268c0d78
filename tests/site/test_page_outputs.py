"""Every output a page shows is what its code prints now, and the pages agree across languages.

The build computes outputs with markdown-exec; this test recomputes them independently, by
running the same snippet sections in order in a fresh namespace, and compares with the
built HTML. A stale page, a page whose blocks depend on hidden state, or a build that shows
something other than what the code prints, fails here.
"""

import contextlib
import io
import re
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.sources import section

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXEC_FENCE = re.compile(r"^(?P<indent> *)```python exec=\"1\"[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)
SNIPPET_LINE = re.compile(r'^--8<-- "snippets/(?P<module>\w+)\.py:(?P<section>\w+)"$')
PAGE_FILES = sorted(p for p in DOCS.glob("*.md") if EXEC_FENCE.search(p.read_text(encoding="utf-8")))


def resolve(lines: list[str]) -> str:
    """Code lines with each `--8<--` line replaced by the snippet section it names."""
    return "\n".join(section(m["module"], m["section"]) if (m := SNIPPET_LINE.match(line)) else line for line in lines)


def page_code_blocks(page: Path) -> list[str]:
    blocks = []
    for fence in EXEC_FENCE.finditer(page.read_text(encoding="utf-8")):
        blocks.append(resolve(textwrap.dedent(fence["body"]).strip().splitlines()))
    return blocks


def run_in_order(blocks: list[str]) -> list[str]:
    namespace: dict = {"__name__": "page"}
    outputs = []
    for code in blocks:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, "<page block>", "exec"), namespace)
        outputs.append(buffer.getvalue())
    return outputs


def built_page(site: Path, page: Path) -> Path:
    stem = page.name.removesuffix(".md").removesuffix(".en")
    return site / ("en" if page.name.endswith(".en.md") else "") / stem / "index.html"


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_outputs_on_the_page_are_what_the_code_prints(built_site, page):
    expected = run_in_order(page_code_blocks(page))
    soup = BeautifulSoup(built_page(built_site.site, page).read_text(encoding="utf-8"), "html.parser")
    shown = [block.select_one("pre.output").get_text() for block in soup.select("article .result")]
    assert len(shown) == len(expected)
    for got, want in zip(shown, expected):
        assert got.strip() == want.strip()


def test_pages_with_outputs_exist():
    assert len(PAGE_FILES) >= 12


def structure(html: Path) -> dict:
    article = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("article")
    return {
        "headings": [h.name for h in article.select("h1, h2, h3, h4")],
        "code blocks": len(article.select("div.highlight")),
        "output blocks": len(article.select("pre.output")),
        "outputs": len(article.select(".result")),
        "figures": [img["src"].rsplit("/", 1)[-1] for img in article.select("img:not(.math)")],
        "display math": len(article.select("div.math-display")),
        "admonitions": [a.get("class") for a in article.select(".admonition")],
    }


@pytest.mark.parametrize("stem", sorted({p.name.removesuffix(".md").removesuffix(".en") for p in DOCS.glob("*.md")}))
def test_korean_and_english_pages_have_the_same_structure(built_site, stem):
    ko = structure(built_site.site / ("" if stem == "index" else stem) / "index.html")
    en = structure(built_site.site / "en" / ("" if stem == "index" else stem) / "index.html")
    assert ko == en
