"""Figures drawn at build time from `snippets`, cached by the code that drew them.

A page asks for a figure with an ordinary image whose path names a figure function:
``![alt](figures/derivative.error_vs_h_figure.svg)`` calls
``snippets.derivative.error_vs_h_figure()`` and adds the matplotlib Figure it returns to
the build as a generated file (SVG, or PNG for ``.png``); nothing is written into docs/.

A figure is drawn in a worker process from a ``Snapshot`` of its module and of every
snippets module it imports: the bytes that are hashed are the bytes that run, so a cache
entry is only ever stored under the code that drew it, even if a file changes mid-build.
The key also covers the numpy and matplotlib versions, the drawing options and this file.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # never a GUI backend at build time

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from sitegen import faults, project  # noqa: E402
from sitegen.cache import Cache, digest  # noqa: E402
from sitegen.faults import AuthoringError  # noqa: E402
from sitegen.sources import Snapshot  # noqa: E402

log = logging.getLogger("mkdocs.sitegen.figures")

RC = {"svg.hashsalt": "numerical-gradient", "svg.fonttype": "path"}  # the same bytes every build
PNG_DPI = 220  # 2x: sharp on high-density screens
OPTIONS = f"numpy {np.__version__} matplotlib {matplotlib.__version__} {sorted(RC.items())} dpi {PNG_DPI} " \
          f"{digest(Path(__file__).read_bytes())}"


# --- Drawing one figure (in a worker process) ---------------------------------------------------

def render(snapshot: Snapshot, func: str, ext: str) -> bytes:
    """Call snippets.<module>.<func>() from the snapshot and return the figure's bytes."""
    with matplotlib.rc_context(RC):
        module = snapshot.load()
        figure_function = getattr(module, func, None)
        if not callable(figure_function):
            raise LookupError(f"there is no function {func} in snippets/{snapshot.module}.py")
        fig = figure_function()
        if not isinstance(fig, Figure):
            raise TypeError(f"it returned {type(fig).__name__}, not a matplotlib Figure")
        buffer = io.BytesIO()
        if ext == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def figure_key(path: str, code_key: str) -> str:
    return digest(path, code_key, OPTIONS)


def render_job(job: tuple[str, str, str, str, str]) -> tuple[str, str | None, bytes | None, str | None]:
    """(path, root, module, func, ext) -> (path, cache key, bytes, error)."""
    path, root, module, func, ext = job
    try:
        snapshot = Snapshot(module, Path(root))
        return path, figure_key(path, snapshot.key), render(snapshot, func, ext), None
    except Exception as error:  # reported with the pages' names by the caller
        return path, None, None, f"{type(error).__name__}: {error}"


def _pool_context():
    # A fork server: workers start from a clean process (no modules of an earlier build of
    # `mkdocs serve`, none of its threads), with numpy and matplotlib already imported.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["numpy", "matplotlib.pyplot", "sitegen.figures"])
    return context


def render_all(jobs: list[tuple[str, str, str, str, str]]) -> list[tuple[str, str | None, bytes | None, str | None]]:
    if len(jobs) <= 1:
        return [render_job(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 2), mp_context=_pool_context()) as pool:
        return list(pool.map(render_job, jobs))


# --- The pages' requests -----------------------------------------------------------------------

def requests_of(files: Files) -> dict[str, list[str]]:
    """Figure path -> the pages (``docs/x.md:line``) that ask for it."""
    requests: dict[str, list[str]] = {}
    for file in files.documentation_pages():
        if file.abs_src_path and file.src_uri.endswith(".md"):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            for match in project.FIGURE_REF.finditer(text):
                where = f"{faults.page_file(file.src_uri)}:{faults.line_of(text, match.start())}"
                requests.setdefault(match["path"], []).append(where)
    return requests


def check_request(path: str, pages: list[str], root: Path):
    match = project.FIGURE_NAME.fullmatch(path)
    if not match:
        raise AuthoringError(pages[0], f"figure '{path}' is not of the form figures/<module>.<function>.svg|png")
    if not (root / project.SNIPPETS / f"{match['module']}.py").is_file():
        raise AuthoringError(pages[0], f"figure '{path}': there is no module snippets/{match['module']}.py")
    return match


_cache = Cache("figures")


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files of this language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    _cache.root = root
    started = time.perf_counter()
    requests = requests_of(files)
    contents: dict[str, bytes] = {}
    jobs = []
    for path, pages in sorted(requests.items()):
        match = check_request(path, pages, root)
        content = _cache.get(figure_key(path, Snapshot(match["module"], root).key))
        if content is None:
            jobs.append((path, str(root), match["module"], match["func"], match["ext"]))
        else:
            contents[path] = content
    for path, key, content, error in render_all(jobs):
        if error:
            match = project.FIGURE_NAME.fullmatch(path)
            raise AuthoringError(requests[path][0], f"figure '{path}' failed: snippets.{match['module']}.{match['func']}(): {error}")
        _cache.put(key, content)
        contents[path] = content

    for path, content in sorted(contents.items()):
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    if jobs or not config.plugins["i18n"].building:  # one line per build, not one per language
        log.info("figures: %d rendered, %d from cache (%.2f s)", len(jobs), len(contents) - len(jobs),
                 time.perf_counter() - started)
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Figures below the fold load when they come near: the page shows sooner."""
    return html.replace('<img alt="', '<img loading="lazy" decoding="async" alt="')
