"""The notebooks in the site: generated files that mkdocs-jupyter renders, in both languages.

Each build makes every notebook from its page (make.py), runs it or takes its outputs from
the cache (run.py), and writes it to a staging folder of this process — never into docs/,
so `mkdocs serve` does not see its own output and rebuild again. The files enter the build
as generated files (``File.generated``) before mkdocs-static-i18n sorts the files, so the
plugin gives them languages, alternates and a place in the sitemap like any page.

Two patches make mkdocs-static-i18n accept files from outside docs/ (upstream:
https://github.com/ultrabug/mkdocs-static-i18n/issues/263); each is checked to have
applied. mkdocs-jupyter's own cache is off (it writes entries in place and breaks on a
truncated one); its rendered HTML is cached here instead, verified like every entry.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import html as html_lib
import json
import logging
import re
import shutil
import struct
import tempfile
import time
from pathlib import Path

import mkdocs.utils
import mkdocs_jupyter
import mkdocs_static_i18n.reconfigure as i18n_reconfigure
import mkdocs_static_i18n.suffix as i18n_suffix
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from pymdownx.slugs import slugify

from sitegen import faults, project
from sitegen.cache import Cache, digest
from sitegen.faults import AuthoringError
from sitegen.notebooks import css as notebook_css
from sitegen.notebooks import make, run

log = logging.getLogger("mkdocs.sitegen.notebooks")

LINKS = {
    "ko": '[노트북으로 보기]({page}) · <a href="{download}" download>노트북 내려받기 (.ipynb)</a>',
    "en": '[View as a notebook]({page}) · <a href="{download}" download>Download the notebook (.ipynb)</a>',
}
HELPER_SUMMARY = {"ko": "도우미 코드 (펼쳐 보기)", "en": "Helper code (show)"}


# --- Staging: the executed notebooks of this process ---------------------------------------------

class Staging:
    def __init__(self):
        self.folder: Path | None = None
        self.alts: dict[str, list[str]] = {}  # notebook src_uri -> figure alt texts, in order
        self.data: dict[str, list[str]] = {}  # notebook src_uri -> the data files it reads

    def path(self) -> Path:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="sitegen-notebooks-"))
            atexit.register(shutil.rmtree, self.folder, True)
        return self.folder

    def holds(self, path: str | None) -> bool:
        return bool(path) and self.folder is not None and Path(path).is_relative_to(self.folder)

    def write(self, src_uri: str, content: str) -> Path:
        target = self.path() / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            temporary = target.with_suffix(".tmp")
            temporary.write_text(content, encoding="utf-8")
            temporary.replace(target)
        return target


_staging = Staging()


# --- mkdocs-static-i18n: sort generated files too ---------------------------------------------------

_i18n_is_relative_to = i18n_reconfigure.is_relative_to
_i18n_create_file = i18n_suffix.create_i18n_file


def _is_relative_to(path, folder):
    return _staging.holds(path) or _i18n_is_relative_to(path, folder)


def _create_i18n_file(file, *args, **kwargs):
    i18n_file = _i18n_create_file(file, *args, **kwargs)
    if _staging.holds(file.abs_src_path):
        i18n_file.abs_src_path = file.abs_src_path  # it rebuilds the path from docs_dir
    return i18n_file


def _patch_i18n() -> None:
    assert callable(_i18n_is_relative_to) and callable(_i18n_create_file), \
        "patch failed: mkdocs-static-i18n changed (sitegen/notebooks/render.py)"
    i18n_reconfigure.is_relative_to = _is_relative_to
    i18n_suffix.create_i18n_file = _create_i18n_file


_patch_i18n()
# mkdocs-static-i18n sorts only "documentation pages" into languages: let notebooks count as
# pages, or it copies them as raw JSON (mkdocs-static-i18n issue 198).
if ".ipynb" not in mkdocs.utils.markdown_extensions:
    mkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, ".ipynb")


# --- Events -----------------------------------------------------------------------------------------------

def first_pass(config: MkDocsConfig) -> bool:
    """The first language's pass of a build (mkdocs-static-i18n then builds the others)."""
    return not config.plugins["i18n"].building


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or jupyter.config["cache"] or jupyter.config["execute"]:
        raise AuthoringError(project.CONFIG, "mkdocs-jupyter must be listed with cache: false and execute: false "
                                             "(sitegen/notebooks runs and caches the notebooks)")
    _cache.root = run._cache.root = _css_cache.root = _figure_cache.root = Path(config.config_file_path).parent
    check_nav(Path(config.config_file_path).parent, config.nav)
    return config


def check_nav(root: Path, nav) -> None:
    """Every topic page's notebook is in the nav, and every notebook there has its topic page."""
    listed = [f for f in project.nav_files(nav) if f.startswith("notebooks/")]
    topics = project.topics(root, nav)
    for topic in topics:
        if project.notebook_src(topic, project.KOREAN) not in listed:
            raise AuthoringError(project.CONFIG, f"nav lists {topic}.md, a topic page (snippets/{topic}.py exists), "
                                 f"but not its notebook: add notebooks/{topic}.ipynb under the notebooks")
    for path in listed:
        if project.stem_of(path) not in topics:
            raise AuthoringError(project.CONFIG, f"nav lists {path}, but {project.stem_of(path)}.md is not a topic "
                                 f"page in the nav (a page whose snippets/<name>.py exists)")


@event_priority(-50)  # after mkdocs-jupyter (0), before mkdocs-static-i18n sorts languages (-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    if first_pass(config):
        started = time.perf_counter()
        made = {project.notebook_src(topic, lang): make.made_notebook(topic, lang, root, config.site_url or "/")
                for topic in project.topics(root, config.nav) for lang in project.LANGUAGES}
        outputs, runs = run.outputs_of(made)
        _staging.alts.clear()
        for src_uri, notebook in made.items():
            _staging.write(src_uri, run.with_outputs(notebook, outputs[src_uri]))
            _staging.alts[src_uri] = notebook.figure_alts
            _staging.data[src_uri] = notebook.data
        log.info("notebooks: %d made, %d kernel runs (%.2f s)", len(made), runs, time.perf_counter() - started)
    for src_uri in sorted(_staging.alts):
        files.append(File.generated(config, src_uri, abs_src_path=str(_staging.path() / src_uri)))
    return files


def on_nav(nav, config: MkDocsConfig, files: Files):
    """Check that mkdocs-static-i18n kept this language's notebooks (the patches applied)."""
    lang = project.BY_CODE[config.theme["language"]]
    for topic in project.topics(Path(config.config_file_path).parent, config.nav):
        file = files.get_file_from_path(f"notebooks/{topic}.ipynb")
        if file is None or not _staging.holds(file.abs_src_path) or project.language_of(file.abs_src_path) != lang:
            raise AuthoringError(project.CONFIG, f"patch failed: mkdocs-static-i18n did not keep notebooks/{topic}"
                                                 f"{lang.suffix}.ipynb (sitegen/notebooks/render.py)")
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Under the title of a topic page: links to its notebook page and to the .ipynb file."""
    root = Path(config.config_file_path).parent
    topic = project.stem_of(page.file.src_uri)
    if page.file.src_uri.startswith("notebooks/") or topic not in project.topics(root, config.nav):
        return markdown
    lang = project.language_of(page.file.src_uri)
    links = LINKS[lang.code].format(page=f"notebooks/{topic}.ipynb",
                                    download=f"../notebooks/{topic}/{topic}{lang.suffix}.ipynb")
    markdown, found = re.subn(r"^(# .+\n)", lambda m: f"{m[1]}\n{links}\n", markdown, count=1, flags=re.M)
    if not found:
        raise AuthoringError(faults.page_file(page.file.src_uri), "has no title (a line '# ...')")
    return markdown


# --- mkdocs-jupyter's HTML, cached --------------------------------------------------------------------

_cache = Cache("notebook-html")  # the fixed HTML of a notebook page
# the code that shapes the HTML: this module and the stylesheet pruning
RENDER_CODE = (Path(__file__), Path(notebook_css.__file__))
RENDER_OPTIONS = (f"mkdocs-jupyter {getattr(mkdocs_jupyter, '__version__', '?')} "
                  f"{digest(*(path.read_bytes() for path in RENDER_CODE))}")


def _toc_tokens(items) -> list[dict]:
    return [{"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)} for i in items]


@event_priority(-10)  # after mkdocs-jupyter has replaced the page's render method
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """mkdocs-jupyter's HTML of the notebook, with this site's fixes made (fix_html) and
    its inline CSS moved out, cached under the notebook, the page's alt texts and options."""
    if not _staging.holds(page.file.abs_src_path):
        return page
    jupyter_render = page.render
    if getattr(jupyter_render, "__func__", None) is Page.render:
        raise AuthoringError(faults.page_file(page.file.src_uri), "patch failed: mkdocs-jupyter did not take this "
                                                                  "notebook (sitegen/notebooks/render.py)")
    options = {k: v for k, v in config.plugins["mkdocs-jupyter"].config.items() if k not in ("cache", "cache_dir")}
    lang = project.language_of(page.file.abs_src_path)
    alts = _staging.alts.get(project.notebook_src(project.stem_of(page.file.abs_src_path), lang), [])
    key = digest(RENDER_OPTIONS, json.dumps(options, sort_keys=True, default=str), lang.code, json.dumps(alts),
                 Path(page.file.abs_src_path).read_bytes())

    def render(config, files):
        cached = _cache.get_text(key)
        if cached is not None:
            data = json.loads(cached)
            page.content, page.toc = data["content"], get_toc(data["toc"])
            if data["title"] is not None:
                page.title = data["title"]
            _css[page.file.src_uri] = data["css"]
            _figures[page.file.src_uri] = data["figures"]
            return
        jupyter_render(config, files)
        page.content, css_name, css, figures = fix_html(page.content, page, lang, alts)
        _css_cache.put_text(css_key(css_name), css)
        _css[page.file.src_uri] = css_name
        for name, png in figures.items():
            _figure_cache.put(name, png)
        _figures[page.file.src_uri] = sorted(figures)
        _cache.put_text(key, json.dumps({"content": page.content, "toc": _toc_tokens(page.toc),
                                         "title": page.title, "css": css_name, "figures": sorted(figures)},
                                        ensure_ascii=False))

    page.render = render
    return page


# nbconvert's page carries a MathJax 2 set-up (the math is SVG already), an empty script and a
# Mermaid loader (no diagrams here): drop them, each expected exactly once.
UNUSED = {
    "MathJax set-up": re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S),
    "empty script": re.compile(r'<script src="">\s*</script>'),
    "Mermaid loader": re.compile(r'<script type="module">\s*document.addEventListener\("DOMContentLoaded", async \(\) '
                                 r'=> \{\s*const diagrams.*?</script>', re.S),
    "Mermaid style": re.compile(r'<style>\s*\.jp-Mermaid.*?</style>', re.S),
}
NO_ALT = 'alt="No description has been provided for this image"'
MARKDOWN_CELL = re.compile(r'(<div class="[^"]*jp-MarkdownOutput[^"]*"[^>]*>)(.*?)(</div>\s*</div>\s*</div>)', re.S)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$")
HEADING = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]*)">(?P<text>.*?)<a class="anchor-link" href="#[^"]*">', re.S)
# a notebook's code scrolls sideways: keyboard users must be able to reach it (axe-core)
NOTEBOOK_CODE = re.compile(r'(<div class="highlight-ipynb[^"]*">)<pre>')
INPUT_WRAPPER = '<div class="jp-Cell-inputWrapper"'
DIV_TAG = re.compile(r"<div\b|</div>")


def fold_helpers(html: str, marker: str, summary: str) -> tuple[str, int, int]:
    """Each helper cell (its code starts with `marker`) folded in a <details>, as in Jupyter.
    Returns the page, how many were folded, and how many cells start with the marker: its
    highlighted comment (mkdocs-jupyter repeats each cell's code, plain, for the copy button)."""
    text = html_lib.escape(marker.removeprefix("# "), quote=False)
    highlighted = f'<span class="c1"># {text}</span>'
    out, folded, at = [], 0, 0
    while (cell := html.find('<div class="jp-Cell jp-CodeCell', at)) >= 0:
        start = html.find(INPUT_WRAPPER, cell)
        if start < 0:
            break
        depth, end = 0, -1
        for tag in DIV_TAG.finditer(html, start):
            depth += 1 if tag[0] == "<div" else -1
            if depth == 0:
                end = tag.end()
                break
        if end < 0:
            break
        if text in html[start:end]:
            out += [html[at:start], f'<details class="notebook-setup"><summary>{summary}</summary>',
                    html[start:end], "</details>"]
            folded += 1
        else:
            out.append(html[at:end])
        at = end
    out.append(html[at:])
    return "".join(out), folded, html.count(highlighted)


def _expect(count: int, expected: int, what: str, page: Page) -> None:
    if count != expected:
        raise AuthoringError(faults.page_file(page.file.src_uri),
                             f"patch failed: {what} matched {count} times, not {expected} "
                             "(did mkdocs-jupyter or nbconvert change their HTML? sitegen/notebooks/render.py)")


def mark_math(html: str) -> str:
    """Math in rendered Markdown cells, in the shapes pymdownx.arithmatex writes."""
    def mark(cell):
        body = DISPLAY_MATH.sub(lambda m: f'<div class="arithmatex">\\[{m[1]}\\]</div>', cell[2])
        body = INLINE_MATH.sub(lambda m: f'<span class="arithmatex">\\({m[1]}\\)</span>', body)
        return cell[1] + body + cell[3]
    return MARKDOWN_CELL.sub(mark, html)


def fix_heading_ids(html: str, page: Page) -> str:
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

    html, count = HEADING.subn(fix, html)
    _expect(min(count, 1), 1, "the notebook's headings", page)

    def retarget(items):
        for item in items:
            item.id = ids.get(re.sub(r"<[^>]+>", "", html_lib.unescape(item.title)).strip(), item.id)
            retarget(item.children)

    retarget(page.toc)
    return html


def figures_as_files(html: str) -> tuple[str, dict[str, bytes], int]:
    """Each figure's PNG out of the page (nbconvert inlines it as a data URI) into a file named
    by its content's hash, loaded lazily, with its size given (no layout shift)."""
    files: dict[str, bytes] = {}

    def out(m):
        png = base64.b64decode(m[1])
        name = f"figure.{hashlib.sha256(png).hexdigest()[:16]}.png"
        files[name] = png
        width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
        return f'src="{name}" width="{width}" height="{height}" loading="lazy" decoding="async"'

    html, count = DATA_PNG.subn(out, html)
    return html, files, count


def fix_html(html: str, page: Page, lang, alts: list[str]) -> tuple[str, str, str, dict[str, bytes]]:
    """Notebook pages: the figures' alt texts, math for the SVG typesetter, heading anchors,
    the helper cells folded, no unused scripts; the inline CSS out, as (name, text); the
    figures out, as files (name -> PNG)."""
    _expect(html.count(NO_ALT), len(alts), "figure images", page)
    alt_iter = iter(alts)
    html = html.replace(NO_ALT, "\0ALT\0")
    html = re.sub("\0ALT\0", lambda m: f'alt="{html_lib.escape(next(alt_iter), quote=True)}"', html)
    html, figures, count = figures_as_files(html)
    _expect(count, len(alts), "figures as files", page)
    for what, pattern in UNUSED.items():
        html, count = pattern.subn("", html)
        _expect(count, 1, what, page)
    html, count, cells = fold_helpers(html, make.TEXT[lang.code]["helper"], HELPER_SUMMARY[lang.code])
    _expect(count, cells, "the helper cells", page)
    html, count = NOTEBOOK_CODE.subn(r'\1<pre tabindex="0">', html)
    _expect(min(count, 1), 1, "the notebook's code blocks", page)
    html = fix_heading_ids(mark_math(html), page)
    # nbconvert's 0.6 MB of inline CSS becomes a stylesheet file, cut down to the rules this page
    # can use (notebooks/css.py), that the browser caches (without nbconvert's Pygments colors:
    # code takes Material's, which pass contrast checks in both schemes).
    blocks = [css for css in INLINE_CSS.findall(html)
              if ".highlight-ipynb .hll" not in css and not css.lstrip().startswith("[")]
    _expect(min(len(blocks), 1), 1, "nbconvert's inline CSS", page)
    html = INLINE_CSS.sub("", html)
    css = notebook_css.prune_variables(notebook_css.prune("\n".join(blocks), notebook_css.classes_of(html)))
    return html, NOTEBOOK_CSS.format(hash=hashlib.sha256(css.encode()).hexdigest()[:8]), css, figures


@event_priority(10)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _staging.holds(page.file.abs_src_path):
        # The notebook repeats its page's words: search finds the page, not both.
        page.meta["search"] = {"exclude": True}
    return html


INLINE_CSS = re.compile(r'<style(?: type="text/css")?>(.*?)</style>', re.S)
NOTEBOOK_CSS = "assets/stylesheets/notebook.{hash}.css"
_css: dict[str, str] = {}  # notebook page -> the name of its stylesheet
_css_cache = Cache("notebook-css")
_figures: dict[str, list[str]] = {}  # notebook page -> its figure files (figure.<hash>.png)
_figure_cache = Cache("notebook-figures")  # by name: the content's hash is in it
DATA_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')


def css_key(name: str) -> str:
    return Path(name).name  # notebook.<hash>.css: its content's hash is in its name


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    name = _css.get(page.file.src_uri)
    if name is None or not _staging.holds(page.file.abs_src_path):
        return output
    for figure in _figures.get(page.file.src_uri, []):  # its figures, beside it
        target = Path(config.site_dir) / Path(page.file.dest_uri).parent / figure
        if not target.exists():
            png = _figure_cache.get(figure)
            if png is None or hashlib.sha256(png).hexdigest()[:16] != figure.split(".")[1]:
                raise AuthoringError(faults.page_file(page.file.src_uri), f"the notebook figure {figure} is missing "
                                     "from the cache: build again")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(png)
    for path in _staging.data.get(page.file.src_uri, []):  # the data a notebook reads, beside it
        target = Path(config.site_dir) / Path(page.file.dest_uri).parent / Path(path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    target = Path(config.site_dir) / name
    if not target.exists():
        css = _css_cache.get_text(css_key(name))
        if css is None:
            raise AuthoringError(faults.page_file(page.file.src_uri), f"the notebook stylesheet {name} is missing "
                                 "from the cache: build again")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
    depth = page.url.count("/")
    link = f'<link rel="stylesheet" href="{"../" * depth}{name}">'
    if output.count("</head>") != 1:
        raise AuthoringError(faults.page_file(page.file.src_uri), "patch failed: no single </head> in the page")
    return output.replace("</head>", f"{link}\n</head>", 1)
