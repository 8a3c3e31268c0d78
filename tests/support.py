"""What the tests share: copies of the project, builds, `mkdocs serve`, built pages."""

from __future__ import annotations

import contextlib
import filecmp
import io
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from bs4 import BeautifulSoup

from sitegen import project
from sitegen.sources import Snapshot, section

ROOT = project.ROOT
DOCS = ROOT / project.DOCS
# What a build reads: a copy of these is a project of its own.
PROJECT_PARTS = ("docs", "snippets", "sitegen", "hooks", "overrides", "mkdocs.yml")
TIMEOUT = 600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_project(destination: Path) -> Path:
    """A copy of the parts of the project the build reads, to change freely in a test."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


TINY_MODULE = '''"""A tiny topic: a function, a figure, a computed value."""

import numpy as np
from matplotlib.figure import Figure


# --8<-- [start:cube]
def cube(x):
    """x³.

    >>> cube(2.0)
    8.0
    """
    return x ** 3
# --8<-- [end:cube]


def cube_figure():
    fig = Figure(figsize=(3, 2))
    x = np.linspace(-1, 1, 21)
    fig.add_subplot().plot(x, cube(x))
    return fig


def facts():
    return {"at_two": cube(2.0)}


if __name__ == "__main__":
    # --8<-- [start:demo]
    print(cube(3.0))
    # --8<-- [end:demo]
'''
TINY_PAGE = {"ko": "# 세제곱\n\n$x^3$의 값은 $x = 2$에서 {{ tiny.at_two }}입니다.\n\n",
             "en": "# Cubes\n\n$x^3$ is {{ tiny.at_two }} at $x = 2$.\n\n"}
TINY_BODY = ('```python\n--8<-- "snippets/tiny.py:cube"\n```\n\n'
             '```python exec="1" source="block" result="text" session="tiny"\n'
             'from snippets.tiny import *  # markdown-exec: hide\n--8<-- "snippets/tiny.py:demo"\n```\n\n'
             "![a cubic curve, rising from -1 to 1 / 세제곱 곡선](figures/tiny.cube_figure.svg)\n\n"
             "## Try it\n")


def tiny_project(destination: Path) -> Path:
    """A project of one topic page (code, output, figure, formula, fact, notebook) built by
    this project's build: for tests of the build itself that need no full site."""
    for part in ("sitegen", "hooks", "overrides"):
        shutil.copytree(ROOT / part, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
    (destination / "snippets").mkdir()
    (destination / "snippets" / "__init__.py").write_text("")
    (destination / "snippets" / "tiny.py").write_text(TINY_MODULE)
    shutil.copytree(ROOT / "docs" / "stylesheets", destination / "docs" / "stylesheets")
    shutil.copytree(ROOT / "docs" / "javascripts", destination / "docs" / "javascripts")
    for lang in project.LANGUAGES:
        (destination / "docs" / lang.page_file("index")).write_text(f"# {lang.code}\n\n[tiny](tiny.md)\n")
        (destination / "docs" / lang.page_file("tiny")).write_text(TINY_PAGE[lang.code] + TINY_BODY)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = "nav:\n  - index.md\n  - tiny.md\n  - 노트북:\n      - notebooks/tiny.ipynb\n\n"
    config = re.sub(r"^nav:\n.*?\n(?=\S)", nav, config, flags=re.S | re.M)
    (destination / "mkdocs.yml").write_text(config, encoding="utf-8")
    return destination


def build_env(project_dir: Path, cache: Path, site_url: str = "http://127.0.0.1:8000/", pdf: bool = False) -> dict:
    # PYTHONPATH: the copy's own sitegen, not the installed one; SOURCE_DATE_EPOCH: this commit's;
    # SITE_PDF: a link to the PDFs on every page, as published (`make pdf`)
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    env = {**os.environ, "SITE_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "SITE_URL": site_url, "PYTHONPATH": str(project_dir), "SOURCE_DATE_EPOCH": stamp or "0"}
    env.pop("SITE_PDF", None)
    return {**env, "SITE_PDF": "1"} if pdf else env


def mkdocs_build(project_dir: Path, site: Path, cache: Path, site_url: str = "http://127.0.0.1:8000/",
                 background: bool = False, pdf: bool = False):
    """`mkdocs build --strict` of a project into `site`, with its caches in `cache`."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project_dir / "mkdocs.yml"), "-d", str(site)]
    env = build_env(project_dir, cache, site_url, pdf)
    if background:
        return subprocess.Popen(command, cwd=project_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
    return subprocess.run(command, cwd=project_dir, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def pdf_command(site: Path) -> tuple[list[str], dict]:
    """The command and environment that make the PDFs of a built site (sitegen/site_pdf.py),
    as `make pdf` makes them."""
    return [sys.executable, "-m", "sitegen.site_pdf", str(site)], build_env(ROOT, site.parent / "unused-cache")


class Build:
    """A build: its site, log and cache; saved beside the site, so a second test worker uses
    the same build (tests/conftest.py)."""
    RECORD = "build.json"

    def __init__(self, site: Path, result: subprocess.CompletedProcess, cache: Path, port: int):
        self.site, self.cache, self.port = site, cache, port
        self.log = result.stdout + result.stderr
        self.returncode = result.returncode
        self.stopped_cache: Path | None = None
        self.in_background = False

    def save(self, folder: Path) -> None:
        (folder / self.RECORD).write_text(json.dumps({
            "site": str(self.site), "cache": str(self.cache), "port": self.port, "log": self.log,
            "returncode": self.returncode, "in_background": self.in_background,
            "stopped_cache": str(self.stopped_cache) if self.stopped_cache else None}), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Build:
        data = json.loads((folder / cls.RECORD).read_text(encoding="utf-8"))
        build = cls(Path(data["site"]), subprocess.CompletedProcess([], data["returncode"], data["log"], ""),
                    Path(data["cache"]), data["port"])
        build.in_background = data["in_background"]
        build.stopped_cache = Path(data["stopped_cache"]) if data["stopped_cache"] else None
        return build

    def _job_file(self, job: str, suffix: str) -> Path:
        return self.site.parent / f"{job}.{suffix}"

    def _start(self, job: str, command: list[str], env: dict | None = None) -> None:
        """A command in the background, in a process group of its own: its output, exit status
        and group go to files beside the site, for whichever worker asks."""
        log, rc = self._job_file(job, "log"), self._job_file(job, "rc")
        script = f'{shlex.join(command)} > "{log}" 2>&1; echo $? > "{rc}.tmp"; mv "{rc}.tmp" "{rc}"'
        process = subprocess.Popen(["sh", "-c", script], env=env, start_new_session=True)
        self._job_file(job, "pid").write_text(str(process.pid))

    def _wait(self, job: str, what: str) -> str:
        """The output of a background job, once it has ended well."""
        deadline = time.monotonic() + TIMEOUT
        while not self._job_file(job, "rc").exists():
            assert time.monotonic() < deadline, f"{what} did not end"
            time.sleep(0.2)
        output = self._job_file(job, "log").read_text(encoding="utf-8")
        assert self._job_file(job, "rc").read_text().strip() == "0", f"{what} failed:\n{output[-3000:]}"
        return output

    def start_background(self) -> None:
        """What runs beside the other tests once the site is built: the site served on its
        port for the session (the sweep and the browser tests share it), tests/browser_sweep.py,
        and the PDFs."""
        sweep = ROOT / "tests" / "browser_sweep.py"
        server = subprocess.Popen([sys.executable, str(sweep), "serve", str(self.site), str(self.port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self._job_file("browser", "server.pid").write_text(str(server.pid))
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                break
            assert server.poll() is None and time.monotonic() < deadline, f"the site's server did not start on {self.port}"
            time.sleep(0.05)
        self._start("browser", [sys.executable, str(sweep), str(self.port), str(self._job_file("browser", "json"))])
        self._start("pdf", *pdf_command(self.site))
        self.in_background = True

    def sweep(self) -> dict[str, list[str]]:
        """What the browser found on each page and scheme (waits for the sweep to end)."""
        assert self.in_background, "the session build started no browser sweep"
        self._wait("browser", "the browser sweep")
        return json.loads(self._job_file("browser", "json").read_text(encoding="utf-8"))

    def pdfs(self) -> str:
        """What making the PDFs printed (waits for it to end)."""
        assert self.in_background, "the session build made no PDFs"
        return self._wait("pdf", "making the PDFs")

    def stop_background(self) -> None:
        """The sweep and the PDFs, if they still run, and the server: at the end of the session."""
        for job, name in (("browser", "pid"), ("pdf", "pid"), ("browser", "server.pid")):
            if self._job_file(job, name).exists():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(int(self._job_file(job, name).read_text()), signal.SIGKILL)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def site_files(site: Path) -> set[str]:
    return {str(Path(folder, name).relative_to(site)) for folder, _, names in os.walk(site) for name in names}


def differing_files(a: Path, b: Path, skip: str = "\0") -> list[str]:
    """Files that are in one site only, or differ in a byte (but those whose path starts with skip)."""
    first = {name for name in site_files(a) if not name.startswith(skip)}
    second = {name for name in site_files(b) if not name.startswith(skip)}
    only = sorted(f"only in one: {name}" for name in first ^ second)
    return only + [name for name in sorted(first & second) if not filecmp.cmp(a / name, b / name, shallow=False)]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_html(site: Path, lang: project.Language, stem: str) -> Path:
    return site / lang.url(stem) / "index.html"


def outputs(html: str) -> list[str]:
    return [block.get_text() for block in BeautifulSoup(html, "html.parser").select("article .result pre.output")]


class Serve:
    """`mkdocs serve` of a project on a free port, its log in a file, stopped by its PID."""

    def __init__(self, project_dir: Path, cache: Path, log: Path, *options: str, strict: bool = True):
        self.port, self.log = free_port(), log
        self.url = f"http://127.0.0.1:{self.port}/"
        env = build_env(project_dir, cache, self.url)
        with open(log, "w") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict" if strict else "--no-strict",
                                             *options,
                                             "-a", f"127.0.0.1:{self.port}"],
                                            cwd=project_dir, env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(re.findall(pattern, self.text())) >= count:
                return
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve exited:\n{self.text()[-3000:]}")
            time.sleep(0.1)
        raise AssertionError(f"mkdocs serve: no {pattern!r} x{count} after {timeout} s:\n{self.text()[-3000:]}")

    def get(self, path: str) -> bytes:
        with urlopen(self.url + path, timeout=30) as response:  # noqa: S310 (our own server)
            return response.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def run_answer(module: str, *names: str) -> tuple[dict, str]:
    """Run snippet sections of a module, as the page's blocks do: in one namespace with the
    module's names, loaded from this checkout; return the namespace and what they printed
    (tests/check/test_exercises_*.py)."""
    with Snapshot(module).loaded() as loaded:
        namespace = {**vars(loaded), "__name__": "exercise"}
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            for name in names:
                exec(compile(section(module, name), f"<{module}:{name}>", "exec"), namespace)  # noqa: S102
    return namespace, printed.getvalue()
