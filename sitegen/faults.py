"""Authoring faults: each fails the build with one line naming the page and the culprit.

Raise ``AuthoringError(where, what)``; `where` is the page (``docs/gradient.md:42`` when
there is a line) or the file at fault. MkDocs prints a BuildError as one ERROR line, after
an "Error reading page 'x':" line of its own; that line only repeats the page we already
name, so ``OneLine`` drops it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitegen import project


class AuthoringError(PluginError):
    """A fault in the project's own files, told in one line: ``<where>: <what>``."""

    def __init__(self, where: str, what: str):
        what = " ".join(str(what).split())  # one line, whatever the cause said
        super().__init__(f"{where}: {what}")


def page_file(src_uri: str) -> str:
    """How a page is named in messages: the path a writer opens (a notebook: its page)."""
    if src_uri.startswith("notebooks/") and src_uri.endswith(".ipynb"):
        lang = project.language_of(src_uri)
        return f"the notebook of {project.DOCS}/{lang.page_file(project.stem_of(src_uri))}"
    return f"{project.DOCS}/{src_uri}"


def line_of(text: str, offset: int, first: int = 1) -> int:
    """The line of a position in a text whose first line is line `first` of its file."""
    return text.count("\n", 0, offset) + first


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def first_line(page) -> int:
    """The line of the page's file where the Markdown MkDocs hands on begins (after its
    front matter), so that messages name the line a writer sees."""
    try:
        source = page.file.content_string
    except (AttributeError, OSError, TypeError):
        return 1
    front = FRONT_MATTER.match(source)
    if not front:
        return 1
    rest = source[front.end():]
    skipped = len(rest) - len(rest.lstrip("\n"))  # MkDocs drops the blank lines after it, too
    return front[0].count("\n") + skipped + 1


class OneLine(logging.Filter):
    """Drops MkDocs' "Error reading page 'x':" / "Error building page 'x':" when a BuildError
    follows (the line then ends with the colon: MkDocs leaves the message to the error)."""

    PREFIXES = ("Error reading page '", "Error building page '")

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith(self.PREFIXES) and message.endswith("':"))


BUILD_LOGGER = "mkdocs.commands.build"


def install_one_line_errors() -> None:
    logger = logging.getLogger(BUILD_LOGGER)
    if not any(isinstance(f, OneLine) for f in logger.filters):
        logger.addFilter(OneLine())


def check_translations(docs: Path) -> None:
    """Every page exists in every language: a missing one is named, with the one it mirrors."""
    for lang in project.LANGUAGES:
        for page in sorted(docs.glob("*.md")):
            if project.language_of(page.name) != lang:
                continue
            stem = project.stem_of(page.name)
            for other in project.LANGUAGES:
                twin = docs / other.page_file(stem)
                if not twin.is_file():
                    raise AuthoringError(f"{project.DOCS}/{page.name}",
                                         f"has no {other.code} version: write {project.DOCS}/{twin.name}")
