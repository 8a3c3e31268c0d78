"""The front page's reading path: every lesson page in nav order, with what the reader can do
after it and how long it takes to read, its folds left for later.

The front page writes the line ``<!-- reading path -->`` (project.READING_PATH) where the
list goes. Each lesson page says in its front matter what a reader can do after it
(``outcome:``) and, for a page that goes past the book, ``optional: true``. The reading time
is computed from the page's Markdown now, so it follows every edit:

- prose outside folds (`??? …` blocks), code and math, at READING_SPEED characters a minute;
- code shown outside folds, at CODE_LINES lines a minute;
- each display formula and each figure, a fixed time.

A lesson page without ``outcome:`` fails the build, naming the page.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from sitegen import faults, project, sources
from sitegen.faults import AuthoringError

READING_SPEED = {"ko": 480, "en": 1000}  # characters of prose a minute (spaces counted once)
CODE_LINES = 12  # lines of code a minute, read to understand
FORMULA_SECONDS = 20
FIGURE_SECONDS = 30
TEXT = {
    "ko": {"minutes": "약 {n}분", "optional": "선택", "core": "핵심 경로({first}–{last})를 읽는 데는 약 {n}분이 걸립니다. "
           "접힌 \"더 알아보기\"는 나중에 읽어도 됩니다."},
    "en": {"minutes": "about {n} min", "optional": "optional", "core": "The core path ({first}–{last}) takes about "
           "{n} minutes; the folded \"Going further\" blocks can wait."},
}
FOLD = re.compile(r"^(?:\?\?\?\+?|!!!) \w+")
FENCE = re.compile(r"^\s*```")
DISPLAY_MATH = re.compile(r"^\s*\$\$")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)(?:\{[^}]*\})?")
MARKUP = re.compile(r"[*_`#>|$\\{}]|\{\{[^}]*\}\}")


def unfolded(markdown: str) -> list[str]:
    """The page's lines outside folds (an admonition `???` and everything indented under it)."""
    out, folded = [], False
    for line in markdown.split("\n"):
        if folded and (not line.strip() or line.startswith((" ", "\t"))):
            continue
        folded = bool(FOLD.match(line)) and line.startswith("???")
        if not folded:
            out.append(line)
    return out


def minutes(markdown: str, lang: project.Language, root: Path = project.ROOT) -> int:
    """The reading time of a page's Markdown, its folds left out, in whole minutes."""
    markdown, _ = get_data(markdown)
    seconds, prose, code_lines, in_code, in_math = 0.0, 0, 0, False, False
    for line in unfolded(markdown):
        if FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            if project.SNIPPET_LINE.match(line):
                code_lines += sources.expand(line, root).count("\n") + 1
            elif "markdown-exec: hide" not in line:
                code_lines += 1
            continue
        if DISPLAY_MATH.match(line):
            seconds += 0 if in_math else FORMULA_SECONDS
            in_math = not in_math if line.strip() == "$$" else False
            continue
        if in_math or line.strip() in ("/// caption", "///"):
            continue
        if project.FIGURE_REF.search(line):
            seconds += FIGURE_SECONDS
            continue
        prose += len(" ".join(MARKUP.sub("", LINK.sub(r"\1", line)).split())) + 1
    seconds += 60 * prose / READING_SPEED[lang.code] + 60 * code_lines / CODE_LINES
    return max(1, math.ceil(seconds / 60))


def rounded(n: int) -> int:
    """Reading times as a reader takes them: to 5 minutes, at least 5."""
    return max(5, 5 * round(n / 5))


def reading_path(lang: project.Language, root: Path, nav) -> str:
    """The Markdown list of the lesson pages, with outcomes and reading times, and the core path's total."""
    items, core = [], []
    for stem in project.pages(root, nav):
        if stem in ("index",) or not (root / project.SNIPPETS / f"{stem}.py").is_file():
            continue  # the front page, the glossary, the about page: not lessons
        src = lang.page_file(stem)
        body, meta = get_data((root / project.DOCS / src).read_text(encoding="utf-8"))
        if not meta.get("outcome"):
            raise AuthoringError(f"{project.DOCS}/{src}", "has no 'outcome:' in its front matter: what a reader "
                                 "can do after this page, one line, for the front page's reading path")
        title = re.search(r"^# (.+)$", body, re.M)[1]
        n = minutes((root / project.DOCS / src).read_text(encoding="utf-8"), lang, root)
        text = TEXT[lang.code]
        label = f" ({text['optional']})" if meta.get("optional") else ""
        items.append(f"{len(items) + 1}. **[{title}]({stem}.md)**{label} · {text['minutes'].format(n=rounded(n))}  \n"
                     f"    {meta['outcome']}")
        if not meta.get("optional"):
            core.append((title.split()[0], n))
    total = TEXT[lang.code]["core"].format(first=core[0][0], last=core[-1][0], n=rounded(sum(n for _, n in core)))
    return "\n".join(items) + "\n\n" + total


@event_priority(95)  # before the facts and the page cache's key: the list is part of the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if project.READING_PATH not in markdown:
        return markdown
    if project.stem_of(page.file.src_uri) != "index":
        raise AuthoringError(faults.page_file(page.file.src_uri), f"'{project.READING_PATH}' belongs on the front page")
    lang = project.language_of(page.file.src_uri)
    root = Path(config.config_file_path).parent
    return markdown.replace(project.READING_PATH, reading_path(lang, root, config.nav))
