"""Code on the pages: snippet lines checked, code blocks run fresh, outputs shown as output.

- Every ``--8<--`` line of a page is resolved (by pymdownx.snippets itself) before the page
  is converted, so a missing file or section fails with the page and its line named.
- Code blocks run by markdown-exec import the project's `snippets` as they are on disk at
  this build: the modules of an earlier build (`mkdocs serve`) are forgotten, and so are
  markdown-exec's session globals.
- A block that raises is reported by markdown-exec as a multi-line warning; ``NameBlock``
  rewrites it as one line: the page, the line of the block, its snippet section and the
  exception.
- What a block prints is sample output: ``<pre class="output"><samp>``.
"""

from __future__ import annotations

import logging
import re
import textwrap
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitegen import faults, project, sources
from sitegen.faults import AuthoringError

EXEC_FENCE = re.compile(r"^(?P<indent>[ \t]*)```python exec=\"1\"[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)
FENCE_OR_SNIPPET = re.compile(r'^[ \t]*--8<-- "[^"]*"[ \t]*$', re.M)
# markdown-exec's warning for a block that raised (markdown_exec/_internal/formatters/base.py)
EXEC_WARNING = re.compile(r"^(?:markdown_exec: )?Execution of python code block .*?exited with .*?\n\nCode block is:\n\n(?P<code>.*?)\n\n"
                          r"Output is:\n\n(?P<output>.*)$", re.S)
MARKDOWN_EXEC_LOGGER = "mkdocs.plugins.markdown_exec._internal.formatters.base"


class _CurrentPage:
    src_uri: str | None = None
    blocks: list[tuple[int, str, list[str]]] = []  # (line, code as run, snippet refs)


def exec_blocks(markdown: str, root: Path, first: int = 1) -> list[tuple[int, str, list[str]]]:
    """The page's exec blocks: their line, their code as markdown-exec runs it, their snippets."""
    blocks = []
    for fence in EXEC_FENCE.finditer(markdown):
        body = textwrap.dedent(fence["body"])
        refs = [m["section"] and f"snippets/{m['module']}.py:{m['section']}"
                for line in body.splitlines() if (m := project.SNIPPET_LINE.match(line))]
        code = "\n".join(sources.expand(line, root) if project.SNIPPET_LINE.match(line) else line
                         for line in body.splitlines())
        blocks.append((faults.line_of(markdown, fence.start(), first), code.strip(), refs))
    return blocks


class NameBlock(logging.Filter):
    """markdown-exec's warning for a failing block, as one line naming page, block and error."""

    def filter(self, record: logging.LogRecord) -> bool:
        match = EXEC_WARNING.match(str(record.msg))
        if not match or _CurrentPage.src_uri is None:
            return True
        code = textwrap.dedent(match["code"]).strip()
        output = textwrap.dedent(match["output"]).strip().splitlines()
        error = output[-1].strip() if output else "an error"
        where, what = faults.page_file(_CurrentPage.src_uri), "a code block"
        for line, block, refs in _CurrentPage.blocks:
            if block == code:
                where += f":{line}"
                what = f"the code block ({', '.join(refs)})" if refs else "the code block"
                break
        record.msg, record.args = f"{where}: {what} raised {error}", ()
        return True


def check_snippet_lines(markdown: str, src_uri: str, root: Path, first: int = 1) -> None:
    for match in FENCE_OR_SNIPPET.finditer(markdown):
        try:
            sources.expand(match[0], root)
        except LookupError as error:
            where = f"{faults.page_file(src_uri)}:{faults.line_of(markdown, match.start(), first)}"
            raise AuthoringError(where, f"{match[0].strip()}: {error}") from None


def _reset_markdown_exec_sessions() -> None:
    # markdown-exec keeps each session's globals for the life of the process, so in `mkdocs
    # serve` a block could see names from an earlier build (no upstream issue found, 2026-11).
    from markdown_exec._internal.formatters import python as markdown_exec_python

    sessions = getattr(markdown_exec_python, "_sessions_globals", None)
    assert isinstance(sessions, dict), "patch failed: markdown-exec no longer has _sessions_globals (sitegen/code_blocks.py)"
    sessions.clear()


def on_startup(command: str, dirty: bool) -> None:
    faults.install_one_line_errors()
    logger = logging.getLogger(MARKDOWN_EXEC_LOGGER)
    if not any(isinstance(f, NameBlock) for f in logger.filters):
        logger.addFilter(NameBlock())


@event_priority(90)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    options = config.mdx_configs.get("pymdownx.snippets", {})
    for name, value in sources.SNIPPETS_OPTIONS.items():
        if options.get(name) != value:
            raise AuthoringError(project.CONFIG, f"pymdownx.snippets must set {name}: {value} (sitegen/sources.py relies on it)")
    root = Path(config.config_file_path).parent
    if not config.plugins["i18n"].building:  # a build's first language: the code as it is on disk
        sources.use_project_snippets(root)  # (the other languages' pass runs the same modules)
    _reset_markdown_exec_sessions()
    return config


@event_priority(100)  # first: a page with a broken snippet line fails before anything else reads it
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    root = Path(config.config_file_path).parent
    _CurrentPage.src_uri = page.file.src_uri
    first = faults.first_line(page)
    check_snippet_lines(markdown, page.file.src_uri, root, first)
    _CurrentPage.blocks = exec_blocks(markdown, root, first)
    return markdown


# markdown-exec shows output as a highlighted code block; it is sample output: <pre><samp>
# says so, and keeps Material from giving every output a copy button and layout work.
OUTPUT = re.compile(r'(<div class="result"[^>]*>\s*)<div class="highlight"><pre><span></span><code>(.*?)</code></pre></div>', re.S)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    results = html.count('<div class="result"')
    html, changed = OUTPUT.subn(r'\1<pre class="output" tabindex="0"><samp>\2</samp></pre>', html)
    if changed != results:
        raise AuthoringError(faults.page_file(page.file.src_uri),
                             f"patch failed: {results - changed} of {results} markdown-exec outputs are not in the "
                             "shape sitegen/code_blocks.py rewrites (did markdown-exec change its HTML?)")
    return html
