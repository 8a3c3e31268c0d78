"""Render the figures that pages ask for, at build time, from the `snippets` package.

A page asks for a figure with an ordinary Markdown image whose path names a figure
function: ``![alt text](figures/derivative.error_vs_h_figure.svg)`` calls
``snippets.derivative.error_vs_h_figure()`` and saves the returned ``Figure`` as SVG
(or PNG, for ``.png``). The image is added to the build as a generated file, so
nothing is written into ``docs/`` and ``mkdocs serve`` does not loop.

Rendered bytes are cached in ``.cache/figures`` under a key that hashes the figure's
module and every `snippets` module it imports, the numpy and matplotlib versions, this
file and the figure's name: a change to code a figure uses is never missed, and a change
elsewhere re-renders nothing. Figures to render are drawn in parallel processes.
"""

import hashlib
import logging
import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib
import numpy as np
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
import figure_render  # hooks/figure_render.py: importable by name, so worker processes can run it
from snippet_sources import code_hash  # hooks/snippet_sources.py

log = logging.getLogger("mkdocs.hooks.figures")

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
# Any image path under figures/ is a figure request; a bad name is an error, not a broken image.
FIGURE_REF = re.compile(r"\]\((figures/[^)\s]+)")
FIGURE_NAME = re.compile(r"figures/(?P<module>[a-z_][a-z0-9_]*)\.(?P<func>[a-z_][a-z0-9_]*)\.(?P<ext>svg|png)")


def cache_dir() -> Path:
    return Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache")) / "figures"


HOOK_HASH = hashlib.sha256(Path(__file__).read_bytes() + Path(figure_render.__file__).read_bytes()).hexdigest()
VERSIONS = f"numpy {np.__version__} matplotlib {matplotlib.__version__} {figure_render.RC} {figure_render.PNG_DPI}"


def cache_key(path: str, module: str) -> str:
    """What a figure depends on: its code (and the code it imports), versions, options, this hook."""
    text = f"{path}\n{code_hash(module)}\n{VERSIONS}\n{HOOK_HASH}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class FigureCache:
    """Rendered figures on disk, each stored beside the sha256 of its bytes, and in memory
    for the other language's pass of the same build."""

    memory: dict[str, bytes] = {}

    @staticmethod
    def _paths(key: str, path: str) -> tuple[Path, Path]:
        data = cache_dir() / f"{key}{Path(path).suffix}"
        return data, data.with_suffix(".sha256")

    def get(self, key: str, path: str) -> bytes | None:
        if key in self.memory:
            return self.memory[key]
        data, checksum = self._paths(key, path)
        try:
            content, expected = data.read_bytes(), checksum.read_text().strip()
        except OSError:
            return None
        if hashlib.sha256(content).hexdigest() != expected:
            log.info("figure cache entry for %s is corrupted; rendering it again", path)
            return None
        self.memory[key] = content
        return content

    def put(self, key: str, path: str, content: bytes) -> None:
        self.memory[key] = content
        data, checksum = self._paths(key, path)
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_bytes(content)
        checksum.write_text(hashlib.sha256(content).hexdigest())


_cache = FigureCache()


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files of this language
def on_files(files, config):
    requests: dict[str, list[str]] = {}  # figure path -> pages that ask for it
    for file in files.documentation_pages():
        if file.abs_src_path and file.src_uri.endswith(".md"):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            for path in FIGURE_REF.findall(text):
                requests.setdefault(path, []).append(file.src_uri)

    started = time.perf_counter()
    contents, todo, keys = {}, [], {}
    for path, pages in sorted(requests.items()):
        match = FIGURE_NAME.fullmatch(path)
        if not match:
            where = ", ".join(sorted(set(pages)))
            raise PluginError(f"{where}: figure '{path}' is not of the form figures/<module>.<function>.svg|png")
        if not (SNIPPETS / f"{match['module']}.py").is_file():
            raise PluginError(f"{', '.join(sorted(set(pages)))}: figure '{path}' failed: there is no module snippets/{match['module']}.py")
        keys[path] = cache_key(path, match["module"])
        content = _cache.get(keys[path], path)
        if content is None:
            todo.append((path, match["module"], match["func"], match["ext"]))
        else:
            contents[path] = content

    if len(todo) > 1:  # separate processes: matplotlib renders one figure at a time per process
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 2), mp_context=context) as pool:
            results = list(pool.map(figure_render.render_job, todo))
    else:
        results = [figure_render.render_job(job) for job in todo]
    for path, content, error in results:
        if error:
            match = FIGURE_NAME.fullmatch(path)
            where = ", ".join(sorted(set(requests[path])))
            raise PluginError(f"{where}: figure '{path}' failed: snippets.{match['module']}.{match['func']}: {error}")
        _cache.put(keys[path], path, content)
        contents[path] = content

    for path, content in sorted(contents.items()):
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    if todo or not config.plugins["i18n"].building:  # one line per build, not one per language
        log.info("figures: %d rendered, %d from cache (%.2f s)", len(todo), len(contents) - len(todo), time.perf_counter() - started)
    return files


def on_page_content(html, page, config, files):
    """Figures below the fold load when they come near: the page shows sooner."""
    return FIGURE_IMG.sub(r'<img loading="lazy" decoding="async" \1', html)


FIGURE_IMG = re.compile(r'<img (alt="[^"]*" src="[^"]*figures/)')
