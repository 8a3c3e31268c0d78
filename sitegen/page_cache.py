"""Pages converted once per content: the Markdown -> HTML step of a page (which runs its
code blocks) is cached under everything it depends on.

A page's HTML depends on its Markdown (after the facts are filled in), on the code its
blocks run and include (the whole `snippets` package, by content), on the Markdown
extensions and their settings, and on the versions of the tools. With all of that in the
key, `mkdocs serve` converts again only the page that was edited — or every page, when the
code changed — and a build on a warm cache converts nothing. Notebook pages have their own
cache (sitegen/notebooks/render.py).
"""

from __future__ import annotations

import json
import logging
import re
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from sitegen import project
from sitegen.cache import Cache, digest

TOOLS = " ".join(f"{name} {metadata.version(name)}" for name in
                 ("mkdocs", "markdown", "pymdown-extensions", "markdown-exec", "pygments", "mkdocs-material"))
SITEGEN = digest(*(p.read_bytes() for p in sorted(Path(__file__).parent.rglob("*.py"))))
_cache = Cache("pages")
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def snippets_key(root: Path) -> str:
    folder = root / project.SNIPPETS
    return digest(*(part for p in sorted(folder.glob("*.py")) for part in (p.name, p.read_bytes())))


def _toc_tokens(items) -> list[dict]:
    return [{"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)} for i in items]


class PageCache:
    def __init__(self):
        self.code = ""  # the snippets' key for this build
        self.extensions = ""
        self.site_map = ""  # every file's source and URL: links are made relative to them


_state = PageCache()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    _cache.root = root
    _state.code = snippets_key(root)
    # a setting may be an object (toc's slugify): its repr, without the address that changes every run
    _state.extensions = json.dumps([config.markdown_extensions, config.mdx_configs], sort_keys=True,
                                   default=lambda value: ADDRESS.sub("", repr(value)))
    return config


@event_priority(-300)  # last: every file of this language's pass is known
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _state.site_map = digest(*sorted(f"{f.src_uri} {f.url}" for f in files))
    return files


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


# What MkDocs' Page.render sets besides the content: checked on the first page rendered.
RENDERED = ("_title_from_render", "present_anchor_ids", "links_to_anchors")


@event_priority(-20)  # after mkdocs-jupyter (0) and sitegen's notebook pages (-10)
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if not page.file.src_uri.endswith(".md"):
        return page
    markdown_render = page.render

    def render(config, files):
        key = digest(TOOLS, SITEGEN, _state.code, _state.extensions, _state.site_map, config.theme["language"],
                     page.file.src_uri, page.markdown or "")
        cached = _cache.get_text(key)
        if cached is not None:
            data = json.loads(cached)
            page.content, page.toc = data["content"], get_toc(data["toc"])
            page._title_from_render = data["title"]
            page.present_anchor_ids = set(data["anchors"])
            page.links_to_anchors = {files.src_uris[src]: links for src, links in data["links"].items()}
            return
        warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            markdown_render(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if warnings.count:  # a page that warned (a block that raised, a bad link) is made again next time
            return
        missing = [name for name in RENDERED if not hasattr(page, name)]
        assert not missing, f"patch failed: MkDocs' Page.render no longer sets {missing} (sitegen/page_cache.py)"
        _cache.put_text(key, json.dumps({
            "content": page.content, "toc": _toc_tokens(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
        }, ensure_ascii=False))

    page.render = render
    return page
