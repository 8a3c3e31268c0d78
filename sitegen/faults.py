"""Authoring faults: each fails the build with one line naming the page and the culprit.

Raise ``AuthoringError(where, what)``; `where` is the page (``docs/gradient.md:42`` when
there is a line) or the file at fault. MkDocs prints a BuildError as one ERROR line, after
an "Error reading page 'x':" line of its own; that line only repeats the page we already
name, so ``OneLine`` drops it.
"""

from __future__ import annotations

import logging
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


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


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
