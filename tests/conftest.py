"""Fixtures of the site tier: the real project is built once per session, from empty
caches, as it is published (with its PDFs); tests that need a build of their own start
from a copy of its cache."""

import shutil

import pytest

from support import ROOT, Build, free_port, make_pdfs, mkdocs_build


def pytest_collection_modifyitems(items):
    """The browser tests last: by then the background sweep is done, and its port is free."""
    items.sort(key=lambda item: "test_browser.py" in item.nodeid)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    work = tmp_path_factory.mktemp("build")
    port = free_port()
    cache = work / "cache"
    result = mkdocs_build(ROOT, work / "site", cache, f"http://127.0.0.1:{port}/", pdf=True)
    build = Build(work / "site", result, cache, port)
    assert build.returncode == 0, build.log[-5000:]
    pdfs = make_pdfs(build.site)
    assert pdfs.returncode == 0, pdfs.stdout + pdfs.stderr
    build.pdf_log = pdfs.stdout
    # every page in the browser, in the background while the other tests run (tests/browser_sweep.py)
    build.start_sweep(work / "browser.json")
    yield build
    build.stop_sweep()


@pytest.fixture
def warm_cache(tmp_path, built_site):
    """A copy of the session build's cache, to change or to build on."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    return cache
