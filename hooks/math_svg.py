"""Typeset math at build time: TeX from pymdownx.arithmatex becomes inline SVG.

MathJax runs inside Python (quickjax embeds it in QuickJS), so a page needs no math
script, no font and no network: it opens typeset, offline, with nothing to block
rendering. Each formula's SVG is cached on disk under the hash of its TeX.
"""

import hashlib
import html
import logging
import os
import re
from pathlib import Path

import quickjax
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.math_svg")

ROOT = Path(__file__).resolve().parent.parent
# The two shapes pymdownx.arithmatex (generic: true) writes.
INLINE = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.S)
BLOCK = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.S)
MATHJAX_ID = re.compile(r"MJX-\d+-")
DATA_LATEX = re.compile(r' data-latex="[^"]*"')
DEFS = re.compile(r"<defs>(.*?)</defs>", re.S)
GLYPH = re.compile(r'<path id="(?P<id>MJX-ID-[^"]+)"[^>]*/>')

_renderer = None
# A change to this file (say, to the post-processing below) invalidates the cache.
HOOK_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def cache_dir() -> Path:
    return Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache")) / "math"


def to_svg(tex: str, display: bool) -> str:
    """The SVG of one formula, with MathJax's ids replaced by the placeholder MJX-ID-."""
    global _renderer
    key = hashlib.sha256(f"{quickjax.__version__} {HOOK_HASH} {display} {tex}".encode()).hexdigest()[:32]
    path = cache_dir() / f"{key}.svg"
    if path.exists():
        return path.read_text(encoding="utf-8")
    if _renderer is None:
        _renderer = quickjax.MathJaxRenderer()
    svg = _renderer.render(tex, display=display)
    if "data-mjx-error" in svg or "merror" in svg:
        raise ValueError(f"MathJax could not typeset {tex!r}")
    svg = DATA_LATEX.sub("", MATHJAX_ID.sub("MJX-ID-", svg))
    # A screen reader reads the TeX source; axe requires a name for role="img".
    svg = svg.replace('role="img"', f'role="img" aria-label="{html.escape(tex, quote=True)}"', 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, encoding="utf-8")
    return svg


def on_page_content(html_text, page, config, files):
    glyphs: dict[str, str] = {}  # glyph id -> its <path>, shared by every formula on the page

    def typeset(match, display):
        tex = html.unescape(match["tex"]).strip()
        try:
            svg = to_svg(tex, display)
        except Exception as error:
            raise PluginError(f"{page.file.src_uri}: math {tex!r} failed: {error}") from error
        # MathJax's "local" font cache puts the glyphs in every formula; a page-wide cache keeps
        # one copy of each glyph, as MathJax's own "global" cache does (far fewer DOM nodes).
        defs = DEFS.search(svg)
        if defs:
            for path in GLYPH.finditer(defs[1]):
                glyphs.setdefault(path["id"], path[0])
            svg = svg.replace(defs[0], "", 1)
        svg = svg.replace("MJX-ID-", "mjx-")
        if display:
            return f'<div class="arithmatex math-display">{svg}</div>'
        return f'<span class="arithmatex math-inline">{svg}</span>'

    html_text = BLOCK.sub(lambda m: typeset(m, True), html_text)
    html_text = INLINE.sub(lambda m: typeset(m, False), html_text)
    if not glyphs:
        return html_text
    shared = "".join(glyphs[name] for name in sorted(glyphs)).replace("MJX-ID-", "mjx-")
    return f'<svg class="math-glyphs" aria-hidden="true" style="display: none"><defs>{shared}</defs></svg>\n' + html_text
