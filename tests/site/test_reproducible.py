"""One commit, one site: the session's build (cold), a build that resumes from one
stopped halfway (both cold builds ran at once: a busy CPU) and builds on a warm cache
(tests/site/test_build.py, test_serve.py) are byte-identical, PDFs included."""

from support import ROOT, differing_files, mkdocs_build


def test_a_build_resumed_after_an_interruption_is_the_cold_build(built_site, tmp_path):
    # the session fixture stopped this build halfway, while its own cold build ran beside it
    stopped_cache = built_site.stopped_cache
    assert any(stopped_cache.rglob("*")), "the stopped build had written nothing to its cache"
    resumed = mkdocs_build(ROOT, tmp_path / "resumed", stopped_cache, built_site.url, pdf=True)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert len(list((tmp_path / "resumed").rglob("*"))) > 100
    assert not differing_files(tmp_path / "resumed", built_site.site, skip="pdf/"), "the resumed build differs"
