"""Figures drawn at build time from `snippets`, cached by the code that drew them.

A page asks for a figure with an ordinary image whose path names a figure function:
``![alt](figures/derivative.error_vs_h_figure.svg)`` calls
``snippets.derivative.error_vs_h_figure()`` and adds the matplotlib Figure it returns to
the build as a generated file (SVG, or PNG for ``.png``); nothing is written into docs/.

Every figure is drawn twice, for the light and the dark colour scheme (figure_theme.py),
and the page shows the one that fits (Material's ``#only-light`` / ``#only-dark``). An
image followed by ``{ data-frames="h: 1, 1e-2, 1e-4" data-value="1e-4" }`` is a figure
with a slider: the function is called once per value of its argument ``h``, and the page
gets a range control that steps through the frames (javascripts/figure_slider.js); ``{h}``
in the alt text becomes each frame's value.

A figure is drawn in a worker process from a ``Snapshot`` of its module and of every
snippets module it imports: the bytes that are hashed are the bytes that run, so a cache
entry is only ever stored under the code that drew it, even if a file changes mid-build.
The key also covers the numpy and matplotlib versions, the drawing options and this file.
"""

from __future__ import annotations

import ast
import difflib
import html as html_lib
import io
import json
import logging
import multiprocessing
import os
import re
import struct
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # never a GUI backend at build time

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from sitegen import faults, figure_theme, project  # noqa: E402
from sitegen.cache import Cache, digest  # noqa: E402
from sitegen.faults import AuthoringError  # noqa: E402
from sitegen.sources import Snapshot  # noqa: E402

log = logging.getLogger("mkdocs.sitegen.figures")

RC = {"svg.hashsalt": "numerical-gradient", "svg.fonttype": "path"}  # the same bytes every build
PNG_DPI = 220  # 2x: sharp on high-density screens
OPTIONS = f"numpy {np.__version__} matplotlib {matplotlib.__version__} {sorted(RC.items())} dpi {PNG_DPI} " \
          f"{digest(Path(__file__).read_bytes(), Path(figure_theme.__file__).read_bytes())}"


# --- Drawing one figure (in a worker process) ---------------------------------------------------

_modules: dict[str, object] = {}  # a snapshot's module by its key: loaded once per process


def loaded_once(snapshot: Snapshot):
    """The snapshot's module, loaded the first time it is asked for: its figures then share
    what it computed once (a training run, remembered: snippets/_checks.py). The key hashes
    every byte the module runs, so a module is never reused for other code."""
    if snapshot.key not in _modules:
        with snapshot.loaded() as module:
            _modules[snapshot.key] = module
    return _modules[snapshot.key]


def render(snapshot: Snapshot, func: str, ext: str, theme: str = "light", params: tuple = ()) -> bytes:
    """Call snippets.<module>.<func>(**params) from the snapshot; the figure's bytes, for a
    light or a dark page (sitegen/figure_theme.py)."""
    module = loaded_once(snapshot)
    with matplotlib.rc_context(RC):
        figure_function = getattr(module, func, None)
        if not callable(figure_function):
            raise LookupError(f"there is no function {func} in snippets/{snapshot.module}.py")
        fig = figure_function(**dict(params))
        if not isinstance(fig, Figure):
            raise TypeError(f"it returned {type(fig).__name__}, not a matplotlib Figure")
        if theme == "dark":
            figure_theme.to_dark(fig)
        buffer = io.BytesIO()
        if ext == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
        else:
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None}, transparent=True)
    return buffer.getvalue()


def figure_key(module: str, func: str, ext: str, theme: str, params: tuple, code_key: str) -> str:
    return digest(module, func, ext, theme, repr(params), code_key, OPTIONS)


def render_job(job: tuple) -> tuple[tuple, str | None, bytes | None, str | None]:
    """(root, module, func, ext, theme, params) -> (job, cache key, bytes, error)."""
    root, module, func, ext, theme, params = job
    try:
        snapshot = Snapshot(module, Path(root))
        content = render(snapshot, func, ext, theme, params)
        return job, figure_key(module, func, ext, theme, params, snapshot.key), content, None
    except Exception as error:  # reported with the pages' names by the caller
        return job, None, None, f"{type(error).__name__}: {error}"


def _pool_context():
    # A fork server: workers start from a clean process (no modules of an earlier build of
    # `mkdocs serve`, none of its threads), with numpy and matplotlib already imported.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["numpy", "matplotlib.pyplot", "sitegen.figures"])
    return context


def render_all(jobs: list[tuple]) -> list[tuple]:
    if len(jobs) <= 1:
        return [render_job(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 2), mp_context=_pool_context()) as pool:
        return list(pool.map(render_job, jobs, chunksize=max(1, len(jobs) // 8)))


# --- The pages' requests -----------------------------------------------------------------------

@dataclass(frozen=True)
class Slider:
    """A figure drawn once per value of one argument of its function; a range control
    on the page steps through the frames."""
    param: str
    values: tuple[str, ...]  # as the page writes them: shown next to the control
    default: str
    label: str

    def number(self, value: str) -> float:
        return float(value)


@dataclass
class Request:
    path: str  # figures/<module>.<func>.<ext>, as the page writes it
    module: str
    func: str
    ext: str
    slider: Slider | None
    pages: list[str] = field(default_factory=list)

    def variant(self, theme: str, frame: int | None = None) -> str:
        """Where one picture of this figure is: a theme, and for a slider a frame."""
        dark = ".dark" if theme == "dark" else ""
        if frame is None:
            return f"figures/{self.module}.{self.func}{dark}.{self.ext}"
        return f"figures/{self.module}.{self.func}/{frame}{dark}.{self.ext}"

    def pictures(self) -> list[tuple[str, str, tuple]]:
        """(path, theme, params) of every file this figure needs."""
        out = []
        for theme in figure_theme.THEMES:
            if self.slider is None:
                out.append((self.variant(theme), theme, ()))
                continue
            default = ((self.slider.param, self.slider.number(self.slider.default)),)
            out.append((self.variant(theme), theme, default))
            for i, value in enumerate(self.slider.values):
                out.append((self.variant(theme, i), theme, ((self.slider.param, self.slider.number(value)),)))
        return out


def parse_slider(attrs: str | None, where: str, path: str) -> Slider | None:
    attributes = dict(project.ATTRIBUTE.findall(attrs or ""))
    if "data-frames" not in attributes:
        return None
    param, colon, listed = attributes["data-frames"].partition(":")
    values = tuple(v.strip() for v in listed.split(",") if v.strip())
    default = attributes.get("data-value", "")
    if not colon or not param.strip().isidentifier() or len(values) < 2:
        raise AuthoringError(where, f"figure '{path}': data-frames must read \"<argument>: <value>, <value>, ...\"")
    if default not in values:
        raise AuthoringError(where, f"figure '{path}': data-value=\"{default}\" is not one of its frames {list(values)}")
    for value in values:
        try:
            float(value)
        except ValueError:
            raise AuthoringError(where, f"figure '{path}': frame value '{value}' is not a number") from None
    return Slider(param.strip(), values, default, attributes.get("data-label", param.strip()))


def requests_of(files: Files, root: Path) -> dict[str, Request]:
    """Figure path -> what the pages ask for, and where."""
    requests: dict[str, Request] = {}
    for file in files.documentation_pages():
        if file.abs_src_path and file.src_uri.endswith(".md"):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            for match in project.FIGURE_REF.finditer(text):
                where = f"{faults.page_file(file.src_uri)}:{faults.line_of(text, match.start())}"
                name = check_request(match["path"], [where], root)
                request = Request(match["path"], name["module"], name["func"], name["ext"],
                                  parse_slider(match["attrs"], where, match["path"]))
                known = requests.setdefault(match["path"], request)
                if known.slider != request.slider:
                    raise AuthoringError(where, f"figure '{match['path']}' has other frames at {known.pages[0]}")
                known.pages.append(where)
    return requests


def check_request(path: str, pages: list[str], root: Path):
    match = project.FIGURE_NAME.fullmatch(path)
    if not match:
        raise AuthoringError(pages[0], f"figure '{path}' is not of the form figures/<module>.<function>.svg|png")
    module = root / project.SNIPPETS / f"{match['module']}.py"
    if not module.is_file():
        raise AuthoringError(pages[0], f"figure '{path}': there is no module snippets/{match['module']}.py")
    functions = sorted(node.name for node in ast.parse(module.read_bytes()).body if isinstance(node, ast.FunctionDef))
    if match["func"] not in functions:
        near = difflib.get_close_matches(match["func"], functions, n=1)
        raise AuthoringError(pages[0], f"figure '{path}': snippets/{match['module']}.py has no figure function "
                                       f"{match['func']}()" + (f" (did you mean {near[0]}?)" if near else ""))
    return match


class Figures:
    """This build's figures: the requests of the pages, and the files made for them."""

    def __init__(self):
        self.cache = Cache("figures")
        self.requests: dict[str, Request] = {}
        self.sizes: dict[str, tuple[int, int]] = {}  # figure path -> CSS width, height


SVG_SIZE = re.compile(rb'<svg [^>]*?width="(?P<w>[\d.]+)pt" height="(?P<h>[\d.]+)pt"')


def css_size(content: bytes, ext: str) -> tuple[int, int]:
    """The size a figure is meant to show at, in CSS pixels (96 per inch): width and height
    on the <img> let the browser keep its place before it loads (no layout shift)."""
    if ext == "svg":
        match = SVG_SIZE.search(content[:2000])
        assert match, "patch failed: matplotlib's SVG has no width and height in pt (sitegen/figures.py)"
        return round(float(match["w"]) * 96 / 72), round(float(match["h"]) * 96 / 72)
    width, height = struct.unpack(">II", content[16:24])  # the PNG's IHDR chunk
    return round(width * 96 / PNG_DPI), round(height * 96 / PNG_DPI)


_figures = Figures()


@event_priority(-200)  # after mkdocs-static-i18n has sorted the files of this language
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    _figures.cache.root = root
    started = time.perf_counter()
    requests = requests_of(files, root)
    _figures.requests.update(requests)
    contents: dict[str, bytes] = {}
    jobs: dict[tuple, list[str]] = {}  # job -> the paths it makes
    code_keys = {}
    for request in requests.values():
        code_key = code_keys.setdefault(request.module, Snapshot(request.module, root).key)
        for path, theme, params in request.pictures():
            content = _figures.cache.get(figure_key(request.module, request.func, request.ext, theme, params, code_key))
            if content is None:
                jobs.setdefault((str(root), request.module, request.func, request.ext, theme, params), []).append(path)
            else:
                contents[path] = content
    paths_of = {path: request for request in requests.values() for path, _, _ in request.pictures()}
    for job, key, content, error in render_all(sorted(jobs)):
        if error:
            request = paths_of[jobs[job][0]]
            params = ", ".join(f"{k}={v!r}" for k, v in job[5])
            raise AuthoringError(request.pages[0], f"figure '{request.path}' failed: "
                                                   f"snippets.{request.module}.{request.func}({params}): {error}")
        _figures.cache.put(key, content)
        for path in jobs[job]:
            contents[path] = content

    for request in requests.values():
        _figures.sizes[request.path] = css_size(contents[request.variant("light")], request.ext)
    for path, content in sorted(contents.items()):
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    if jobs or not config.plugins["i18n"].building:  # one line per build, not one per language
        log.info("figures: %d rendered, %d from cache (%.2f s)", len(jobs), len(contents) - sum(map(len, jobs.values())),
                 time.perf_counter() - started)
    return files


IMG = re.compile(r'<img (?P<attrs>[^>]*?src="(?P<prefix>[^"]*?)(?P<path>figures/[^"]+)"[^>]*?)\s*/?>')
SLIDER_TEXT = {"ko": "그림의 {label} 값", "en": "The value of {label} in the figure"}


def _img(attrs: dict[str, str]) -> str:
    order = ["alt", "src", "loading", "decoding", "width", "height"]
    names = sorted(attrs, key=lambda name: (order.index(name) if name in order else len(order), name))
    return "<img " + " ".join(f'{name}="{attrs[name]}"' for name in names) + ">"


# A phone's column holds about 40 Latin letters a line (a Hangul syllable is as wide as two).
# A figure with at most FIRST_SCREEN lines above it by this count starts in the first screen
# (Lighthouse's phone: 412 x 823 CSS px). Measured in Chromium at 412 px: derivative_examples'
# first figure starts at 720-760 px (14-16 lines), partial_derivative's at 861 px (26-27
# lines), learning's at 1,760-1,810 px (60-63 lines). Lighthouse (median of 3): eager, the
# first scores 99 (lazy 94, LCP 2.7 s); lazy, the second scores 99 (eager 97, LCP 2.5 s) and
# the third 98-99 (eager 88-90, a 300 ms start-up task).
LINE = 40
FIRST_SCREEN = 20
FOLDED = re.compile(r"<details.*?</details>", re.S)
CODE = re.compile(r"<pre.*?</pre>", re.S)
TAG = re.compile(r"<[^>]+>")
WIDE = re.compile(r"[\uac00-\ud7a3]")


def lines_above(html: str) -> float:
    """About how many lines of a phone's column this HTML fills: its text and each line of its
    code, not what is folded."""
    shown = FOLDED.sub(" ", html)
    code_lines = sum(block.count("\n") + 1 for block in CODE.findall(shown))
    text = " ".join(TAG.sub(" ", CODE.sub(" ", shown)).split())
    return (len(text) + len(WIDE.findall(text))) / LINE + code_lines


def figure_html(match: re.Match, page: Page, counter: list[int]) -> str:
    """counter: [sliders so far, figures so far] on the page."""
    request = _figures.requests.get(match["path"])
    if request is None:
        return match[0]
    attrs = {k: v for k, v in project.ATTRIBUTE.findall(match["attrs"]) if not k.startswith("data-")}
    width, height = _figures.sizes[request.path]
    # A first figure in a phone's first screen is the largest thing painted there: lazy, it
    # would paint late, so it loads at once. Every other loads when it comes near (an eager
    # one further down only takes the phone's time while the page starts). A slider stays
    # lazy: its frames change under the reader's hand, and an eager copy for the other scheme
    # would be fetched only to be dropped when the frame changes.
    counter[1] += 1
    eager = counter[1] == 1 and request.slider is None and lines_above(match.string[:match.start()]) <= FIRST_SCREEN
    attrs.update(loading="eager" if eager else "lazy", decoding="async", width=str(width), height=str(height))
    prefix = match["prefix"]
    pictures = []
    for theme in figure_theme.THEMES:
        src = prefix + request.variant(theme) + f"#only-{theme}"
        pictures.append(_img({**attrs, "src": src}))
    if request.slider is None:
        return "".join(pictures)
    slider = request.slider
    counter[0] += 1
    ident = f"figure-slider-{counter[0]}"
    alt = attrs.get("alt", "")
    frames = [{"light": prefix + request.variant("light", i) + "#only-light",
               "dark": prefix + request.variant("dark", i) + "#only-dark",
               "alt": alt.replace("{" + slider.param + "}", value), "value": value}
              for i, value in enumerate(slider.values)]
    index = slider.values.index(slider.default)
    for n, theme in enumerate(figure_theme.THEMES):
        pictures[n] = _img({**attrs, "alt": frames[index]["alt"], "src": frames[index][theme]})
    lang = project.language_of(page.file.src_uri).code
    text = SLIDER_TEXT[lang].format(label=slider.label)
    data = html_lib.escape(json.dumps(frames, ensure_ascii=False), quote=True)
    return (f'<span class="figure-slider" data-frames="{data}">{"".join(pictures)}'
            f'<span class="figure-slider__control"><label for="{ident}">{html_lib.escape(slider.label)}</label>'
            f'<input id="{ident}" type="range" min="0" max="{len(frames) - 1}" step="1" value="{index}" '
            f'aria-label="{html_lib.escape(text)}" aria-valuetext="{html_lib.escape(slider.label)} = {slider.default}">'
            f'<output for="{ident}">{html_lib.escape(slider.default)}</output></span></span>')


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Each figure twice, for the light and the dark scheme; a slider figure with its control.
    A first figure in the first screen loads at once, the others when they come near."""
    counter = [0, 0]
    asked = len(project.FIGURE_REF.findall(page.markdown or ""))
    html, found = IMG.subn(lambda m: figure_html(m, page, counter), html)
    if found != asked:
        raise AuthoringError(faults.page_file(page.file.src_uri), f"patch failed: {asked} figures asked for, {found} "
                             "<img> found in the HTML (did Python-Markdown change its images? sitegen/figures.py)")
    return html
