"""Fixtures of the site tier: the real project is built once per session, from empty
caches; tests that need a build of their own start from a copy of its cache."""

import shutil

import pytest

from support import ROOT, Build, free_port, mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    work = tmp_path_factory.mktemp("build")
    port = free_port()
    cache = work / "cache"
    result = mkdocs_build(ROOT, work / "site", cache, f"http://127.0.0.1:{port}/")
    build = Build(work / "site", result, cache, port)
    assert build.returncode == 0, build.log[-5000:]
    return build


@pytest.fixture
def warm_cache(tmp_path, built_site):
    """A copy of the session build's cache, to change or to build on."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.cache, cache)
    return cache
