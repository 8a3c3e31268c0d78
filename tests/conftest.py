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

from support import ROOT, Build, free_port, mkdocs_build

# The order of the test files, which `make test`'s two workers take one at a time, in this
# order (--dist loadfile --no-loadscope-reorder): the first starts the session build on one
# worker while the other runs the tests that need no build; then the other site tests; the
# browser's last, since one of them waits for the background sweep.
BUILDS_FIRST = "tests/site/test_site.py"
LAST = ("tests/site/test_browser.py", "tests/site/test_every_page.py")


def file_rank(path: str) -> int:
    if path == BUILDS_FIRST:
        return 0
    if not path.startswith("tests/site/"):
        return 1
    return 3 + LAST.index(path) if path in LAST else 2


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: file_rank(item.nodeid.split("::")[0]))


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
        # every page in the browser (tests/browser_sweep.py) and the PDFs, in the background
        # while the other tests run
        build.start_background()
    build.save(work)


def pytest_sessionfinish(session):
    """The background jobs end with the session (the workers' too: they are stopped here,
    where the last of them has ended)."""
    if not hasattr(session.config, "workerinput"):
        for record in session.config._tmp_path_factory.getbasetemp().glob(f"build/{Build.RECORD}"):
            Build.load(record.parent).stop_background()


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
