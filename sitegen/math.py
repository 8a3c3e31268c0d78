"""Math typeset at build time: TeX from pymdownx.arithmatex becomes SVG, one file per formula.

MathJax runs inside Python (quickjax embeds MathJax 4 in QuickJS), so a page needs no math
script, no font and no network. Every MathJax error is a build error that names the page,
the formula and MathJax's reason; so is an undefined macro, which MathJax itself would only
paint red (its `noundefined` package). Each formula's SVG is cached under the hash of its
TeX, the quickjax version and this file.

A page shows each formula as an <img> of its own SVG file (MATH_FOLDER, named by the hash
of its content, so pages share a formula and the browser caches it), sized in ex like the
inline SVG was, with the TeX as its alt text. Inline SVG cost the phone: every glyph was a
<use> whose shadow tree the browser styles again on each style recalculation, and Material's
start-up forces several (README, "Math renderer": the measurements).
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import quickjax
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitegen import faults, project
from sitegen.cache import Cache, digest
from sitegen.faults import AuthoringError

# The two shapes pymdownx.arithmatex (generic: true) writes.
INLINE = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.S)
BLOCK = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.S)
MATHJAX_ID = re.compile(r"MJX-\d+-")
DATA_LATEX = re.compile(r' data-latex="[^"]*"')
# MathJax's own errors (a missing brace, a misplaced &): an merror node with the reason.
MATHJAX_ERROR = re.compile(r'data-mjx-error="(?P<reason>[^"]*)"')
# An undefined macro: MathJax's noundefined package typesets its name as red text.
UNDEFINED = re.compile(r'<g data-mml-node="mtext" fill="red" stroke="red" data-latex="(?P<name>\\[A-Za-z]+)"')
ROOT_TAG = re.compile(r"<svg (?P<attributes>[^>]*)>")
EX = re.compile(r"^(?P<value>[\d.]+)ex$")
MATH_FOLDER = "assets/math"  # in the site: <hash>.svg, one per formula
OPTIONS = f"quickjax {quickjax.__version__} {digest(Path(__file__).read_bytes())}"


class MathError(ValueError):
    pass


# What an inline SVG in HTML does without: MathJax's node names, characters and namespaces,
# IE's `focusable`, the old xlink:href (SVG 2 reads href). A <g> with no attribute left only
# groups: its children take its place. Fewer bytes and fewer nodes to style and lay out
# (README, "Math": the measurements).
UNUSED_ATTRIBUTE = re.compile(r' (?:data-mml-node|data-c|data-mjx-texclass|xmlns(?::xlink)?|focusable)="[^"]*"')
TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*?)(/?)>")


def lighter(svg: str) -> str:
    """The same drawing with less markup (UNUSED_ATTRIBUTE, plain <g> unwrapped)."""
    svg = UNUSED_ATTRIBUTE.sub("", svg).replace(" xlink:href=", " href=")
    out, plain, last = [], [], 0
    for tag in TAG.finditer(svg):
        out.append(svg[last:tag.start()])
        last = tag.end()
        closing, name, attributes, empty = tag.groups()
        if name == "g" and not closing and not empty:
            plain.append(not attributes.strip())
            if plain[-1]:
                continue
        elif name == "g" and closing:
            if plain.pop():
                continue
        out.append(tag[0])
    out.append(svg[last:])
    if plain:
        raise MathError("patch failed: unbalanced <g> in MathJax's SVG (sitegen/math.py)")
    return "".join(out)


class Typesetter:
    """One MathJax (started on first use, checked once: the error shapes above must be what
    this MathJax writes, or every bad formula would pass silently)."""

    def __init__(self):
        self._renderer = None
        self.cache = Cache("math")

    def _mathjax(self):
        if self._renderer is None:
            renderer = quickjax.MathJaxRenderer()
            for probe, pattern in ((r"\fracc{1}{x}", UNDEFINED), (r"\frac{a", MATHJAX_ERROR)):
                assert pattern.search(renderer.render(probe, display=False)), \
                    f"patch failed: MathJax's output for {probe!r} changed shape; update sitegen/math.py"
            self._renderer = renderer
        return self._renderer

    def svg(self, tex: str, display: bool) -> str:
        """The SVG of one formula, MathJax's ids replaced by the placeholder MJX-ID-."""
        key = digest(OPTIONS, str(display), tex)
        cached = self.cache.get_text(key)
        if cached is not None:
            return cached
        svg = self._mathjax().render(tex, display=display)
        if error := MATHJAX_ERROR.search(svg):
            raise MathError(f"MathJax: {html.unescape(error['reason'])}")
        if undefined := UNDEFINED.search(svg):
            raise MathError(f"MathJax: undefined control sequence {html.unescape(undefined['name'])}")
        svg = DATA_LATEX.sub("", MATHJAX_ID.sub("MJX-ID-", svg))
        svg = lighter(svg)
        self.cache.put_text(key, svg)
        return svg


_typesetter = Typesetter()


def as_image(svg: str, tex: str, display: bool, base: str) -> tuple[str, str, str]:
    """A formula's SVG as (the <img> that shows it, its file's name, the file). The file holds
    its own glyphs and draws in black; the dark scheme inverts it (docs/stylesheets/extra.css)."""
    root = ROOT_TAG.match(svg)
    if root is None or not svg.endswith("</svg>"):
        raise MathError("patch failed: MathJax's SVG does not start with <svg ...> (sitegen/math.py)")
    attributes = dict(project.ATTRIBUTE.findall(root["attributes"]))
    size = {name: EX.match(attributes.get(name, "")) for name in ("width", "height")}
    if not all(size.values()) or "viewBox" not in attributes:
        raise MathError(f"patch failed: MathJax's SVG has no width and height in ex: {root[0]} (sitegen/math.py)")
    width, height = (size[name]["value"] for name in ("width", "height"))
    body = svg[root.end():].replace("MJX-ID-", "g-").replace("currentColor", "#000")
    file = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}ex" height="{height}ex" '
            f'viewBox="{attributes["viewBox"]}">{body}\n')
    name = f"{hashlib.sha256(file.encode()).hexdigest()[:16]}.svg"
    style = f"{attributes.get('style', '').strip()} width: {width}ex; height: {height}ex;".strip()
    if display:  # shrinks to a narrow column, keeping its shape (extra.css: max-width, height auto)
        style += f" aspect-ratio: {width} / {height};"
    image = (f'<img class="math" src="{base}{MATH_FOLDER}/{name}" alt="{html.escape(tex, quote=True)}" '
             f'style="{style}" loading="lazy" decoding="async">')
    return image, name, file


def typeset_page(html_text: str, where: str, markdown: str = "", first: int = 1,
                 base: str = "") -> tuple[str, dict[str, str]]:
    """The page with each formula an <img> (`base` leads from the page to the site's root), and
    the formulas' files (name -> SVG)."""
    files: dict[str, str] = {}

    def typeset(match, display):
        tex = html.unescape(match["tex"]).strip()
        try:
            image, name, files[name] = as_image(_typesetter.svg(tex, display), tex, display, base)
        except MathError as error:
            offset = markdown.find(tex)
            line = f":{faults.line_of(markdown, offset, first)}" if offset >= 0 else ""
            raise AuthoringError(f"{where}{line}", f"math ${tex}$ failed: {error}") from None
        if display:
            return f'<div class="arithmatex math-display">{image}</div>'
        return f'<span class="arithmatex math-inline">{image}</span>'

    html_text = BLOCK.sub(lambda m: typeset(m, True), html_text)
    html_text = INLINE.sub(lambda m: typeset(m, False), html_text)
    left = html_text.count('class="arithmatex"')
    if left:
        raise AuthoringError(where, f"patch failed: {left} formulas are not in the shape sitegen/math.py typesets "
                                    "(did pymdownx.arithmatex change its HTML?)")
    return html_text, files


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _typesetter.cache.root = Path(config.config_file_path).parent
    return config


@event_priority(-50)  # after the notebook pages have marked their math (sitegen/notebooks)
def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html_text, formulas = typeset_page(html_text, faults.page_file(page.file.src_uri), page.markdown or "",
                                       faults.first_line(page), "../" * page.url.count("/"))
    folder = Path(config.site_dir) / MATH_FOLDER
    for name, svg in formulas.items():
        target = folder / name
        if not target.exists():  # named by its content: an existing file is this one
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(svg, encoding="utf-8")
    return html_text
