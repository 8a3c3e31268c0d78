"""How much a reader reads with every fold closed: the unfolded prose of each lesson page.

    .venv/bin/python benchmarks/prose.py site                       # one built site
    .venv/bin/python benchmarks/prose.py site --before old-site     # two, side by side

Counts the characters of the article's text in the built HTML, leaving out what is folded
(`<details>`), code and outputs (`<pre>`, inline `<code>`), math (`.arithmatex`), figures
and their captions, headings' permalink signs and the page's closing navigation. Runs of
white space count as one character. This is a measurement, not a test.
"""

import argparse
import re
from pathlib import Path

from bs4 import BeautifulSoup

from sitegen import project

LEFT_OUT = ["details", "pre", "code", ".arithmatex", "figure", "img", "svg", "a.headerlink",
            "script", "style", ".md-source-file"]


def unfolded_prose(html: str) -> str:
    article = BeautifulSoup(html, "html.parser").select_one("article")
    for selector in LEFT_OUT:
        for node in article.select(selector):
            node.decompose()
    return re.sub(r"\s+", " ", article.get_text(" ")).strip()


def measure(site: Path) -> dict[tuple[str, str], int]:
    sizes = {}
    for page in project.pages():
        for lang in project.LANGUAGES:
            path = site / lang.prefix / project.KOREAN.url(page) / "index.html"
            if path.is_file():
                sizes[(page, lang.code)] = len(unfolded_prose(path.read_text(encoding="utf-8")))
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--before", type=Path, help="an older build to compare with")
    args = parser.parse_args()
    after = measure(args.site)
    before = measure(args.before) if args.before else {}
    codes = [lang.code for lang in project.LANGUAGES]
    header = "| page | " + " | ".join(
        f"{c} before | {c} after | {c} ratio" if before else c for c in codes) + " |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for page in project.pages():
        cells = []
        for code in codes:
            now = after.get((page, code))
            if before:
                old = before.get((page, code))
                ratio = f"{now / old:.0%}" if now and old else "–"
                cells += [f"{old:,}" if old else "–", f"{now:,}" if now else "–", ratio]
            else:
                cells.append(f"{now:,}" if now else "–")
        print(f"| {page} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
