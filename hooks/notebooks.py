"""A runnable notebook for every section page, in both languages, made at build time.

The notebook of ``docs/<topic>.md`` (and ``docs/<topic>.en.md``) is generated from the page
itself: its prose becomes Markdown cells, every code block becomes a code cell holding the
same snippet text the page shows, and each figure becomes a cell that calls its figure
function. A "setup" part at the top carries the code the page relies on without showing it
(the earlier sections' modules, constants), taken from ``snippets/`` as well, so the notebook
runs on its own with numpy and matplotlib: it never imports this project.

The page is turned into Jupyter Markdown and read with jupytext; the notebook is executed
with nbclient in an empty folder (``allow_errors`` off); its outputs are cached under the
hash of its code cells and the versions that shape them, so the Korean and the English
notebook of a page share one run, and a change in the words alone runs nothing. The executed notebooks are written
to ``docs/notebooks/`` (git-ignored) under page names (``<topic>.ipynb``, ``<topic>.en.ipynb``),
so mkdocs-static-i18n sorts them into languages and mkdocs-jupyter renders them.
"""

import hashlib
import html as html_lib
import json
import logging
import os
import re
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jupytext
import matplotlib
import mkdocs.utils
import mkdocs_jupyter.plugin as mkdocs_jupyter_plugin
import nbclient
import nbformat
from jupyter_client.manager import KernelManager
import numpy as np
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from pymdownx.slugs import slugify
from snippet_sources import dependencies, module_source, section  # hooks/snippet_sources.py

log = logging.getLogger("mkdocs.hooks.notebooks")

# mkdocs-static-i18n only sorts "documentation pages" into languages; let it count notebooks
# as pages, or it copies them as raw JSON (mkdocs-static-i18n issue 198).
if ".ipynb" not in mkdocs.utils.markdown_extensions:
    mkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, ".ipynb")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
LANGS = {"ko": "", "en": ".en"}  # language -> page suffix
TEXT = {
    "ko": {
        "intro": "이 노트북은 사이트의 [{title}]({url}) 페이지에서 만들어졌습니다. numpy와 matplotlib만 있으면 "
                 "위에서부터 차례로 실행됩니다. 코드를 바꿔 가며 직접 실험해 보세요.",
        "setup": "## 준비\n\n먼저 실행해 두세요. 첫 셀은 그림(matplotlib `Figure`)을 노트북 안에 표시하게 하고, "
                 "나머지는 페이지에 보이지 않지만 이 노트북의 코드가 쓰는 정의입니다.",
        "from": "`snippets/{module}.py` 에서 그대로 가져온 코드:",
        "links": '[노트북으로 보기]({page}) · <a href="{download}" download>노트북 내려받기 (.ipynb)</a>',
    },
    "en": {
        "intro": "This notebook was made from the site's [{title}]({url}) page. It runs top to bottom with only "
                 "numpy and matplotlib installed. Change the code and experiment.",
        "setup": "## Setup\n\nRun these first. The first cell makes figures (matplotlib `Figure` objects) show inside "
                 "the notebook; the others hold definitions the code of this notebook relies on without the page showing them.",
        "from": "Taken as is from `snippets/{module}.py`:",
        "links": '[View as a notebook]({page}) · <a href="{download}" download>Download the notebook (.ipynb)</a>',
    },
}
FIGURE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\(figures/(?P<module>\w+)\.(?P<func>\w+)\.(?:svg|png)\)$")
SNIPPET = re.compile(r'^--8<-- "snippets/(?P<module>\w+)\.py:(?P<section>\w+)"$')
FENCE = re.compile(r"^```(?P<info>.*)$")
ADMONITION = re.compile(r'^!!! (?P<kind>\w+)(?: "(?P<title>.*)")?$')
PAGE_LINK = re.compile(r"\]\((?P<page>\w+)\.md(?P<anchor>#[^)]*)?\)")
MARKERS = re.compile(r"^[ \t]*# --8<-- \[(?:start|end):\w+\]\n", re.M)
ICONS = {"warning": "⚠️", "danger": "⛔", "note": "ℹ️", "tip": "💡"}
TIMEOUT = 120
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def topics() -> list[str]:
    """Pages that have a module of the same name get a notebook."""
    return sorted(p.stem for p in DOCS.glob("*.md") if "." not in p.stem and (SNIPPETS / f"{p.stem}.py").is_file())


def cache_dir() -> Path:
    return Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache")) / "notebooks"


# ---------------------------------------------------------------------------------------------
# Source code for the notebook: snippet sections, and the module code the page does not show


def snippet(module: str, name: str) -> str:
    try:
        return section(module, name)
    except LookupError as error:
        raise PluginError(str(error)) from None


def standalone(source: str, shown: set[str] = frozenset()) -> str:
    """Module source without what a notebook cannot or need not run: the project's imports,
    the examples under `if __name__ == "__main__":`, sections the page shows, section markers."""
    source = source.split('\nif __name__ == "__main__":', 1)[0]
    for name in shown:
        source = re.sub(rf"^# --8<-- \[start:{name}\]\n.*?^# --8<-- \[end:{name}\]\n", "", source, flags=re.S | re.M)
    source = re.sub(r"^from snippets\.\w+ import .*\n", "", MARKERS.sub("", source), flags=re.M)
    return re.sub(r"\n{3,}", "\n\n\n", source).strip()


# ---------------------------------------------------------------------------------------------
# The page, as Jupyter Markdown


def page_url(site_url: str, lang: str, topic: str, anchor: str = "") -> str:
    return f"{site_url}{'en/' if lang == 'en' else ''}{'' if topic == 'index' else topic + '/'}{anchor}"


def to_jupyter_markdown(markdown: str, lang: str, site_url: str, figures: list[str]) -> str:
    """Page Markdown -> Markdown that jupytext reads as a notebook (```python fences = code cells)."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    markdown = PAGE_LINK.sub(lambda m: f"]({page_url(site_url, lang, m['page'], m['anchor'] or '')})", markdown)
    out: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if match := ADMONITION.match(line):
            body = []
            i += 1
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i])
                i += 1
            out.append(f"> **{ICONS.get(match['kind'], '')} {match['title'] or ''}**".replace("**  ", "** "))
            out.append("")
            out.append(to_jupyter_markdown(textwrap.dedent("\n".join(body)), lang, site_url, figures))
            continue
        if line.strip() == "/// caption":
            caption = []
            i += 1
            while lines[i].strip() != "///":
                caption.append(lines[i].strip())
                i += 1
            out.append(f"*{' '.join(caption)}*")
            i += 1
            continue
        if match := FIGURE.match(line):
            figures.append(match["alt"])
            out += ["```python", f"{match['func']}()", "```"]
            i += 1
            continue
        if match := FENCE.match(line):
            code = []
            i += 1
            while not lines[i].startswith("```"):
                if "markdown-exec: hide" not in lines[i]:
                    line_ = SNIPPET.match(lines[i].strip())
                    code.append(snippet(line_["module"], line_["section"]) if line_ else lines[i])
                i += 1
            out += ["```python", "\n".join(code).strip(), "```"]
            i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def make_notebook(topic: str, lang: str, site_url: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """The unexecuted notebook of a page, and the alt texts of its figures in order."""
    page = DOCS / f"{topic}{LANGS[lang]}.md"
    markdown = page.read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", markdown, re.M)[1]
    shown = set(re.findall(rf'--8<-- "snippets/{topic}\.py:(\w+)"', markdown))
    figures: list[str] = []
    body = to_jupyter_markdown(markdown, lang, site_url, figures).strip()
    heading, rest = body.split("\n", 1)  # the page's title, then the rest of the page

    text = TEXT[lang]
    parts = [heading, "", text["intro"].format(title=title, url=page_url(site_url, lang, topic)), "",
             text["setup"], "", "```python", "%matplotlib inline", "```", ""]
    for module in dependencies(topic) + [topic]:
        code = standalone(module_source(module), shown if module == topic else set())
        if code:
            parts += [text["from"].format(module=module), "", "```python", code, "```", ""]
    notebook = jupytext.reads("\n".join(parts) + rest, fmt="md")
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    for n, cell in enumerate(notebook.cells):
        cell.id = f"cell-{n}"  # stable ids: the same bytes on every build
        cell.metadata = {}
    return notebook, figures


# ---------------------------------------------------------------------------------------------
# Execution, cached


def execute(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    with tempfile.TemporaryDirectory() as empty:  # run where this project cannot be imported
        kernel = KernelManager(kernel_name="python3", transport="ipc", connection_file=f"{empty}/kernel.json")
        client = nbclient.NotebookClient(notebook, km=kernel, timeout=TIMEOUT, allow_errors=False, record_timing=False)
        try:
            client.execute(cwd=empty, env={**os.environ, "PYTHONPATH": ""})
        except nbclient.exceptions.CellExecutionError as error:
            cell = next((n for n, c in enumerate(notebook.cells)
                         if any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
            last = ANSI.sub("", str(error)).strip().splitlines()
            raise PluginError(f"notebook {name}: cell {cell} failed: {last[-1] if last else error}") from None
        finally:  # the client does not own a kernel it was given: stop it here
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
    for cell in notebook.cells:  # nothing that differs between runs
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
    notebook.metadata.pop("widgets", None)
    return notebook


VERSIONS = f"numpy {np.__version__} matplotlib {matplotlib.__version__} nbclient {nbclient.__version__}"


def code_key(notebook: nbformat.NotebookNode) -> str:
    """Outputs depend on the code cells alone (and on versions), not on the words around them:
    the Korean and the English notebook of a page share one execution."""
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    return hashlib.sha256(f"{VERSIONS}\n{json.dumps(code)}".encode()).hexdigest()[:32]


def cached_outputs(key: str, name: str) -> list | None:
    path = cache_dir() / f"{key}.json"
    try:
        content = path.read_text(encoding="utf-8")
        if hashlib.sha256(content.encode()).hexdigest() == path.with_suffix(".sha256").read_text().strip():
            return json.loads(content)
        log.info("notebook cache entry for %s is corrupted; running it again", name)
    except OSError:
        pass
    return None


def store_outputs(key: str, notebook: nbformat.NotebookNode) -> list:
    outputs = [{"outputs": cell.outputs, "execution_count": cell.execution_count}
               for cell in notebook.cells if cell.cell_type == "code"]
    content = json.dumps(outputs, sort_keys=True, ensure_ascii=False)
    path = cache_dir() / f"{key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    path.with_suffix(".sha256").write_text(hashlib.sha256(content.encode()).hexdigest())
    return json.loads(content)


def with_outputs(notebook: nbformat.NotebookNode, outputs: list) -> str:
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell, result in zip(code_cells, outputs, strict=True):
        cell.outputs = nbformat.from_dict(result["outputs"])
        cell.execution_count = result["execution_count"]
    return nbformat.writes(notebook) + "\n"


# ---------------------------------------------------------------------------------------------
# MkDocs events

_built: dict[str, list[str]] = {}  # src_uri -> alt texts of the notebook's figures, in order
NOTEBOOKS = DOCS / "notebooks"  # generated, git-ignored: mkdocs-static-i18n only sorts files under docs/


def on_config(config):
    if not config.plugins["i18n"].building:  # a new build, not mkdocs-static-i18n's next language
        _built.clear()
    # mkdocs-jupyter caches the HTML it renders; keep that cache beside ours (SITE_CACHE_DIR).
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache_dir"] = str(cache_dir().parent / "mkdocs-jupyter")


@event_priority(100)  # before mkdocs-jupyter's own on_post_build evicts "unused" entries
def on_post_build(config):
    """mkdocs-jupyter evicts the cache entries a build did not use, and mkdocs-static-i18n
    builds one language at a time: keep the entries of every language's notebooks."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or not jupyter.config["cache"]:
        return
    for src_uri in _built:
        key = mkdocs_jupyter_plugin._compute_cache_key(DOCS / src_uri, jupyter.config, jupyter.config["execute"])
        jupyter._used_cache_paths.add(mkdocs_jupyter_plugin._get_cache_path(jupyter.config["cache_dir"], key))


def on_pre_build(config):
    """Make, run (or take from the cache) and write every notebook before MkDocs collects docs/."""
    if _built:  # mkdocs-static-i18n builds each language in turn: once per build is enough
        return
    started = time.perf_counter()
    notebooks = {}  # src_uri -> (notebook, figure alt texts, code key)
    for topic in topics():
        for lang, suffix in LANGS.items():
            notebook, figures = make_notebook(topic, lang, config.site_url or "/")
            notebooks[f"notebooks/{topic}{suffix}.ipynb"] = (notebook, figures, code_key(notebook))

    outputs = {}
    for src_uri, (_, _, key) in notebooks.items():
        if key not in outputs:
            outputs[key] = cached_outputs(key, src_uri)
    to_run = {key: src_uri for src_uri, (_, _, key) in notebooks.items() if outputs[key] is None}
    fresh = sum(outputs[key] is None for *_, key in notebooks.values())

    def run(key):
        src_uri = to_run[key]
        return key, store_outputs(key, execute(notebooks[src_uri][0], src_uri))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # each kernel is its own process
        outputs.update(pool.map(run, sorted(to_run)))

    NOTEBOOKS.mkdir(exist_ok=True)
    for src_uri, (notebook, figures, key) in notebooks.items():
        content = with_outputs(notebook, outputs[key])
        out = DOCS / src_uri
        # write only when it changed: `mkdocs serve` watches docs/ and would rebuild again
        if not out.exists() or out.read_text(encoding="utf-8") != content:
            out.write_text(content, encoding="utf-8")
        _built[src_uri] = figures
    for stale in NOTEBOOKS.glob("*.ipynb"):
        if f"notebooks/{stale.name}" not in notebooks:
            stale.unlink()
    log.info("notebooks: %d executed, %d from cache (%d kernel runs, %.2f s)",
             fresh, len(notebooks) - fresh, len(to_run), time.perf_counter() - started)


def on_page_markdown(markdown, page, config, files):
    """Under the title of a section page: links to its notebook page and to the .ipynb file."""
    topic = page.file.src_uri.removesuffix(".md").removesuffix(".en")
    if topic not in topics() or page.file.src_uri.startswith("notebooks/"):
        return markdown
    lang = config.theme["language"]
    name = f"{topic}{LANGS[lang]}.ipynb"
    links = TEXT[lang]["links"].format(page=f"notebooks/{topic}.ipynb", download=f"../notebooks/{topic}/{name}")
    return re.sub(r"^(# .+\n)", lambda m: f"{m[1]}\n{links}\n", markdown, count=1, flags=re.M)


@event_priority(10)  # before hooks/math_svg.py typesets what this marks as math
def on_page_content(html, page, config, files):
    """Notebook pages: Korean heading anchors, the figures' alt texts, math for the SVG hook."""
    src = page.file.src_uri
    alts = _built.get(src) if src.startswith("notebooks/") else None
    if alts is None:
        return html
    alts = iter(alts)
    # The notebook repeats its page's words: search finds the page, not both (and indexing
    # a notebook page, images and all, was a third of the build).
    page.meta["search"] = {"exclude": True}
    html = re.sub(r'alt="No description has been provided for this image"',
                  lambda m: f'alt="{html_lib.escape(next(alts, ""), quote=True)}"', html)
    html = mark_math(html)
    html = UNUSED_SCRIPTS.sub("", html)
    return fix_heading_ids(html, page)


# nbconvert's page carries a MathJax 2 set-up (the math is SVG already), an empty script and a
# Mermaid loader (no diagrams here): drop them. Its 0.6 MB of inline CSS, the same on every
# notebook page, becomes one stylesheet file that the browser caches (without nbconvert's
# Pygments colors: code takes Material's, which pass contrast checks in both schemes).
UNUSED_SCRIPTS = re.compile(
    r'<script type="text/x-mathjax-config">.*?</script>|<script src=""></script>'
    r'|<script type="module">\s*document.addEventListener\("DOMContentLoaded", async \(\) => \{\s*const diagrams.*?</script>'
    r'|<style>\s*\.jp-Mermaid.*?</style>', re.S)
INLINE_CSS = re.compile(r'<style(?: type="text/css")?>(.*?)</style>', re.S)
NOTEBOOK_CSS = "assets/stylesheets/notebook.{hash}.css"


def on_post_page(output, page, config):
    if not page.file.src_uri.startswith("notebooks/"):
        return output
    # nbconvert's Pygments colors fail contrast checks: leave code to Material's colors
    blocks = [css for css in INLINE_CSS.findall(output) if ".highlight-ipynb .hll" not in css and not css.lstrip().startswith("[")]
    if not blocks:
        return output
    css = "\n".join(blocks)
    name = NOTEBOOK_CSS.format(hash=hashlib.sha256(css.encode()).hexdigest()[:8])
    depth = page.url.count("/")
    root = Path(page.file.abs_dest_path).parent
    for _ in range(depth):
        root = root.parent
    target = root / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
    link = f'<link rel="stylesheet" href="{"../" * depth}{name}">'
    output = INLINE_CSS.sub("", output)
    return output.replace("</head>", f"{link}\n</head>", 1)


MARKDOWN_CELL = re.compile(r'(<div class="[^"]*jp-MarkdownOutput[^"]*"[^>]*>)(.*?)(</div>\s*</div>\s*</div>)', re.S)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$")


def mark_math(html: str) -> str:
    """Math in rendered Markdown cells, in the shapes pymdownx.arithmatex writes."""
    def mark(cell):
        body = DISPLAY_MATH.sub(lambda m: f'<div class="arithmatex">\\[{m[1]}\\]</div>', cell[2])
        body = INLINE_MATH.sub(lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', body)
        return cell[1] + body + cell[3]
    return MARKDOWN_CELL.sub(mark, html)


HEADING = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]*)">(?P<text>.*?)<a class="anchor-link" href="#[^"]*">', re.S)


def fix_heading_ids(html: str, page) -> str:
    """nbconvert gives Korean headings empty ids; use the slugs the Markdown pages use, in the
    page and in its table of contents."""
    ids: dict[str, str] = {}  # heading text -> new id
    seen: dict[str, int] = {}

    def fix(m):
        text = re.sub(r"<[^>]+>", "", html_lib.unescape(m["text"])).strip()
        slug = slugify(case="lower")(text, "-")
        seen[slug] = seen.get(slug, 0) + 1
        slug = f"{slug}_{seen[slug] - 1}" if seen[slug] > 1 else slug
        ids.setdefault(text, slug)
        return f'<h{m["level"]} id="{slug}">{m["text"]}<a class="anchor-link" href="#{slug}">'

    html = HEADING.sub(fix, html)

    def retarget(items):
        for item in items:
            item.id = ids.get(re.sub(r"<[^>]+>", "", html_lib.unescape(item.title)).strip(), item.id)
            retarget(item.children)

    retarget(page.toc)
    return html
