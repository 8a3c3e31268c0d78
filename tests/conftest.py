"""Shared fixtures: a strict build of the site, and a throw-away copy of the project."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # tests share hooks/snippet_sources.py and hooks/search_ko.py
PROJECT_PARTS = ("docs", "snippets", "hooks", "overrides", "mkdocs.yml")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mkdocs_build(project: Path, site: Path, cache: Path, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site`, with its caches in `cache`."""
    env = {**os.environ, "SITE_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "SITE_URL": site_url}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def copy_project(destination: Path) -> Path:
    """A copy of the parts of the project the build reads, to change freely in a test."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


class Build:
    def __init__(self, site: Path, result: subprocess.CompletedProcess, cache: Path, port: int):
        self.site = site
        self.cache = cache
        self.port = port  # built for http://127.0.0.1:<port>/, where the browser tests serve it
        self.log = result.stdout + result.stderr
        self.returncode = result.returncode


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    """The real project, built strictly once per test session with empty caches."""
    work = tmp_path_factory.mktemp("build")
    port = free_port()
    result = mkdocs_build(ROOT, work / "site", work / "cache", f"http://127.0.0.1:{port}/")
    build = Build(work / "site", result, work / "cache", port)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture
def warm_cache(tmp_path, built_site) -> Path:
    """A copy of the session build's caches: entries are keyed by content, so a test that
    changes something still gets exactly the changed outputs redone, only faster."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    return cache
