"""Code blocks that run at build time (markdown-exec): make `snippets` importable, name
the page when one of them fails, and show what they print as sample output.

markdown-exec logs a failed block as a warning (which `--strict` turns into a failed
build) but does not say on which page it was; this hook adds the page to the message.
"""

import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_page = {"src": None}


class NamePage(logging.Filter):
    def filter(self, record):
        if _page["src"] and "Execution of" in str(record.msg):
            record.msg = f"{_page['src']}: {record.msg}"
        return True


def on_config(config):
    # `from snippets.x import ...` in the pages' code blocks and in hooks/figures.py.
    # (Not at import time: MkDocs restores sys.path after loading a hook.)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def on_startup(command, dirty):
    logging.getLogger("mkdocs.plugins.markdown_exec._internal.formatters.base").addFilter(NamePage())


def on_page_markdown(markdown, page, config, files):
    _page["src"] = page.file.src_uri
    return markdown


# markdown-exec shows output as a highlighted code block. It is sample output: <pre><samp>
# says so, and keeps Material from giving every output its own copy button and layout work.
OUTPUT = re.compile(r'(<div class="result"[^>]*>\s*)<div class="highlight"><pre><span></span><code>(.*?)</code></pre></div>', re.S)


def on_page_content(html, page, config, files):
    return OUTPUT.sub(r'\1<pre class="output" tabindex="0"><samp>\2</samp></pre>', html)
