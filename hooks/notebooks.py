"""A runnable notebook for every section page, in both languages, made at build time.

The notebook of ``docs/<topic>.md`` (and ``docs/<topic>.en.md``) is generated from the page
itself: its prose becomes Markdown cells, every code block becomes a code cell holding the
same snippet text the page shows, and each figure becomes a cell that calls its figure
function. A "setup" part at the top carries the code the page relies on without showing it
(the earlier sections' modules, constants), taken from ``snippets/`` as well, so the notebook
runs on its own with numpy and matplotlib: it never imports this project.

The page is turned into Jupyter Markdown and read with jupytext; the notebook is executed
with nbclient in an empty folder (``allow_errors`` off) and cached under the hash of its
unexecuted content and the versions that shape its outputs. The executed notebooks are written
to ``docs/notebooks/`` (git-ignored) under page names (``<topic>.ipynb``, ``<topic>.en.ipynb``),
so mkdocs-static-i18n sorts them into languages and mkdocs-jupyter renders them.
"""

import hashlib
import html as html_lib
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


def module_source(module: str) -> str:
    return (SNIPPETS / f"{module}.py").read_text(encoding="utf-8")


def section(module: str, name: str) -> str:
    match = re.search(rf"^[ \t]*# --8<-- \[start:{name}\]\n(.*?)^[ \t]*# --8<-- \[end:{name}\]", module_source(module), re.S | re.M)
    if not match:
        raise PluginError(f"no section '{name}' in snippets/{module}.py")
    return textwrap.dedent(match[1]).rstrip()


def dependencies(module: str) -> list[str]:
    """The snippets modules `module` imports, directly or not, those first."""
    order: list[str] = []

    def visit(name):
        for dep in re.findall(r"^from snippets\.(\w+) import", module_source(name), re.M):
            if dep not in order:
                visit(dep)
                order.append(dep)

    visit(module)
    return order


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
                    snippet = SNIPPET.match(lines[i].strip())
                    code.append(section(snippet["module"], snippet["section"]) if snippet else lines[i])
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


def cached_execution(notebook: nbformat.NotebookNode, name: str) -> tuple[str, bool]:
    """The executed notebook's JSON, and whether it came from the cache."""
    source = nbformat.writes(notebook)
    key = hashlib.sha256(f"{VERSIONS}\n{source}".encode()).hexdigest()[:32]
    path = cache_dir() / f"{key}.ipynb"
    checksum = path.with_suffix(".sha256")
    try:
        content = path.read_text(encoding="utf-8")
        if hashlib.sha256(content.encode()).hexdigest() == checksum.read_text().strip():
            return content, True
        log.info("notebook cache entry for %s is corrupted; running it again", name)
    except OSError:
        pass
    content = nbformat.writes(execute(notebook, name)) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    checksum.write_text(hashlib.sha256(content.encode()).hexdigest())
    return content, False


# ---------------------------------------------------------------------------------------------
# MkDocs events

_built: dict[str, list[str]] = {}  # src_uri -> alt texts of the notebook's figures, in order
NOTEBOOKS = DOCS / "notebooks"  # generated, git-ignored: mkdocs-static-i18n only sorts files under docs/


def on_config(config):
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
    """Generate and execute every notebook before MkDocs collects the files of docs/."""
    if _built:  # mkdocs-static-i18n builds each language in turn: once is enough
        return
    jobs = [(topic, lang) for topic in topics() for lang in LANGS]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # each kernel is its own process
        results = list(pool.map(lambda job: build_one(*job, config.site_url or "/"), jobs))
    fresh = sum(not cached for cached in results)
    log.info("notebooks: %d executed, %d from cache (%.2f s)", fresh, len(results) - fresh, time.perf_counter() - started)
    expected = {f"{topic}{LANGS[lang]}.ipynb" for topic, lang in jobs}
    for stale in NOTEBOOKS.glob("*.ipynb"):
        if stale.name not in expected:
            stale.unlink()


def build_one(topic: str, lang: str, site_url: str) -> bool:
    src_uri = f"notebooks/{topic}{LANGS[lang]}.ipynb"
    notebook, figures = make_notebook(topic, lang, site_url)
    content, cached = cached_execution(notebook, src_uri)
    out = DOCS / src_uri
    out.parent.mkdir(exist_ok=True)
    # write only when it changed: `mkdocs serve` watches docs/ and would rebuild again
    if not out.exists() or out.read_text(encoding="utf-8") != content:
        out.write_text(content, encoding="utf-8")
    _built[src_uri] = figures
    return cached


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
    suffix = LANGS[config.theme["language"]]
    src = page.file.src_uri
    alts = _built.get(src) if src.startswith("notebooks/") else None
    if alts is None:
        return html
    alts = iter(alts)
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
    """nbconvert gives Korean headings empty ids; use the slugs the Markdown pages use."""
    new_ids = []
    seen: dict[str, int] = {}

    def fix(m):
        slug = slugify(case="lower")(re.sub(r"<[^>]+>", "", html_lib.unescape(m["text"])).strip(), "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        slug = f"{slug}_{count}" if count else slug
        new_ids.append(slug)
        return f'<h{m["level"]} id="{slug}">{m["text"]}<a class="anchor-link" href="#{slug}">'

    html = HEADING.sub(fix, html)
    def walk(items):
        for item in items:
            yield item
            yield from walk(item.children)
    for item, slug in zip(walk(page.toc), new_ids[1:] if len(new_ids) > len(list(walk(page.toc))) else new_ids):
        item.id = slug
    return html
