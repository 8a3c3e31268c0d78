"""Fixtures of the site tier: the real project is built once per session, from empty
caches, as it is published (with its PDFs); tests that need a build of their own start
from a copy of its cache."""

import fcntl
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from support import ROOT, Build, free_port, make_pdfs, mkdocs_build


def pytest_collection_modifyitems(items):
    """The browser tests last: by then the background sweep, whose results one of them reads,
    is done or nearly."""
    items.sort(key=lambda item: "test_browser.py" in item.nodeid)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Build:
    """The published site, built cold. Beside it runs a second cold build that is stopped
    halfway (tests/site/test_reproducible.py resumes it): two builds at once, a busy CPU.
    With `-n 2`, the first worker to need it builds it; the other waits and uses the same."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    work = shared / "build"
    with open(shared / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (work / Build.RECORD).exists():
            _build(work)
    build = Build.load(work)
    assert build.returncode == 0, build.log[-5000:]
    assert "make_pdfs failed" not in build.pdf_log, build.pdf_log[-5000:]
    return build


def _build(work: Path) -> None:
    work.mkdir()
    port = free_port()
    cache = work / "cache"
    url = f"http://127.0.0.1:{port}/"
    stopped = mkdocs_build(ROOT, work / "stopped", work / "stopped-cache", url, background=True, pdf=True)
    session = mkdocs_build(ROOT, work / "site", cache, url, background=True, pdf=True)
    stop_halfway(stopped, work / "stopped-cache")
    output = session.communicate(timeout=600)[0]
    build = Build(work / "site", subprocess.CompletedProcess(session.args, session.returncode, output, ""), cache, port)
    build.stopped_cache = work / "stopped-cache"
    if build.returncode == 0:
        # every page in the browser, in the background while the other tests run (tests/browser_sweep.py)
        build.start_sweep()
        pdfs = make_pdfs(build.site)
        build.pdf_log = pdfs.stdout + ("" if pdfs.returncode == 0 else f"\nmake_pdfs failed:\n{pdfs.stderr}")
    build.save(work)


def pytest_sessionfinish(session):
    """The browser sweep ends with the session (the workers' too: it is stopped here, where
    the last of them has ended)."""
    if not hasattr(session.config, "workerinput"):
        for record in session.config._tmp_path_factory.getbasetemp().glob(f"build/{Build.RECORD}"):
            Build.load(record.parent).stop_sweep()


def stop_halfway(build: subprocess.Popen, cache) -> None:
    """Kill a build halfway: once it has drawn its figures and run its notebooks (in step with
    the session's build) and rendered its first notebook page, in its first language's pass."""
    deadline = time.monotonic() + 300
    folder = cache / "notebook-html"
    while not (folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir())):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
        time.sleep(0.05)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()


@pytest.fixture
def warm_cache(tmp_path, built_site):
    """A copy of the session build's cache, to change or to build on."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    return cache
