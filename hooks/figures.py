"""Render the figures that pages ask for, at build time, from the `snippets` package.

A page asks for a figure with an ordinary Markdown image whose path names a figure
function: ``![alt text](figures/derivative.error_vs_h_figure.svg)`` calls
``snippets.derivative.error_vs_h_figure()`` and saves the returned ``Figure`` as SVG
(or PNG, for ``.png``). The image is added to the build as a generated file, so
nothing is written into ``docs/`` and ``mkdocs serve`` does not loop.

Rendered bytes are cached in ``.cache/figures`` under a key that hashes the source of
the whole `snippets` package, the numpy and matplotlib versions, this file and the
figure's name, so a change to any code a figure may use is never missed.
"""

import hashlib
import importlib
import io
import logging
import os
import re
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # never a GUI backend at build time

import numpy as np
from matplotlib.figure import Figure
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.figures")

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
# Any image path under figures/ is a figure request; a bad name is an error, not a broken image.
FIGURE_REF = re.compile(r"\]\((figures/[^)\s]+)")
FIGURE_NAME = re.compile(r"figures/(?P<module>[a-z_][a-z0-9_]*)\.(?P<func>[a-z_][a-z0-9_]*)\.(?P<ext>svg|png)")
RC = {"svg.hashsalt": "numerical-gradient", "svg.fonttype": "path", "font.size": 11}
PNG_DPI = 110


def cache_dir() -> Path:
    return Path(os.environ.get("SITE_CACHE_DIR", ROOT / ".cache")) / "figures"


def source_hash() -> str:
    """Hash of everything that shapes a figure: the package source, versions, this hook."""
    digest = hashlib.sha256()
    for path in sorted(SNIPPETS.rglob("*.py")) + [Path(__file__)]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(f"numpy {np.__version__} matplotlib {matplotlib.__version__} {RC} {PNG_DPI}".encode())
    return digest.hexdigest()


def render(module: str, func: str, ext: str) -> bytes:
    """Call snippets.<module>.<func>() and return the figure's bytes."""
    try:
        figure_function = getattr(importlib.import_module(f"snippets.{module}"), func)
    except (ImportError, AttributeError) as error:
        raise LookupError(f"there is no function snippets.{module}.{func} ({error})") from None
    fig = figure_function()
    if not isinstance(fig, Figure):
        raise TypeError(f"snippets.{module}.{func}() returned {type(fig).__name__}, not a matplotlib Figure")
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        if ext == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


class FigureCache:
    """Rendered figures on disk, each stored beside the sha256 of its bytes."""

    def __init__(self, key: str):
        self.key = key
        self.memory: dict[str, bytes] = {}

    def _paths(self, name: str) -> tuple[Path, Path]:
        stem = hashlib.sha256(f"{self.key} {name}".encode()).hexdigest()[:32]
        data = cache_dir() / f"{stem}{Path(name).suffix}"
        return data, data.with_suffix(".sha256")

    def get(self, name: str) -> bytes | None:
        if name in self.memory:
            return self.memory[name]
        data, checksum = self._paths(name)
        try:
            content, expected = data.read_bytes(), checksum.read_text().strip()
        except OSError:
            return None
        if hashlib.sha256(content).hexdigest() != expected:
            log.info("figure cache entry for %s is corrupted; rendering it again", name)
            return None
        self.memory[name] = content
        return content

    def put(self, name: str, content: bytes) -> None:
        self.memory[name] = content
        data, checksum = self._paths(name)
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_bytes(content)
        checksum.write_text(hashlib.sha256(content).hexdigest())


_cache: FigureCache | None = None


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files of this language
def on_files(files, config):
    global _cache
    key = source_hash()
    if _cache is None or _cache.key != key:
        _cache = FigureCache(key)

    requests: dict[str, list[str]] = {}  # figure path -> pages that ask for it
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        for path in FIGURE_REF.findall(text):
            requests.setdefault(path, []).append(file.src_uri)

    started, rendered, cached = time.perf_counter(), 0, 0
    for path, pages in sorted(requests.items()):
        where = ", ".join(sorted(set(pages)))
        match = FIGURE_NAME.fullmatch(path)
        if not match:
            raise PluginError(f"{where}: figure '{path}' is not of the form figures/<module>.<function>.svg|png")
        content = _cache.get(path)
        if content is None:
            try:
                content = render(match["module"], match["func"], match["ext"])
            except Exception as error:
                raise PluginError(
                    f"{where}: figure '{path}' failed: snippets.{match['module']}.{match['func']}: "
                    f"{type(error).__name__}: {error}"
                ) from error
            _cache.put(path, content)
            rendered += 1
        else:
            cached += 1
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    if requests:
        log.info("figures: %d rendered, %d from cache (%.2f s)", rendered, cached, time.perf_counter() - started)
    return files


def on_page_content(html, page, config, files):
    """Figures below the fold load when they come near: the page shows sooner."""
    return FIGURE_IMG.sub(r'<img loading="lazy" decoding="async" \1', html)


FIGURE_IMG = re.compile(r'<img (alt="[^"]*" src="[^"]*figures/)')
