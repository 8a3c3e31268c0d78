"""One commit, one site: the session's build, a cold build with no disk cache at all (its
cache folder cannot be written), and a build that resumes from an interrupted one are
byte-identical, PDFs included; the cold build runs beside a busy CPU."""

import os
import signal
import time

from support import ROOT, differing_files, make_pdfs, mkdocs_build


def test_cold_warm_and_interrupted_builds_are_byte_identical(built_site, tmp_path):
    url = built_site.url
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    # the cold build runs beside another build that is stopped halfway: a busy CPU
    cold = mkdocs_build(ROOT, tmp_path / "cold", blocker / "cache", url, background=True, pdf=True)
    stopped = mkdocs_build(ROOT, tmp_path / "stopped", tmp_path / "stopped-cache", url, background=True, pdf=True)
    deadline = time.monotonic() + 300
    while not any((tmp_path / "stopped-cache" / kind).is_dir() and any((tmp_path / "stopped-cache" / kind).iterdir())
                  for kind in ("notebooks", "figures")):
        assert stopped.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
        time.sleep(0.05)
    os.killpg(stopped.pid, signal.SIGKILL)
    stopped.wait()
    resumed = mkdocs_build(ROOT, tmp_path / "resumed", tmp_path / "stopped-cache", url, pdf=True)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    log = cold.communicate(timeout=600)[0]
    assert cold.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    assert len([line for line in log.splitlines() if "without a disk cache" in line]) == 1
    pdfs = make_pdfs(tmp_path / "cold")
    assert pdfs.returncode == 0, pdfs.stderr

    assert len(list((tmp_path / "cold").rglob("*"))) > 100
    assert not differing_files(tmp_path / "cold", built_site.site), "a cold build and the session's build differ"
    assert not differing_files(tmp_path / "resumed", tmp_path / "cold", skip="pdf/"), "the resumed build differs"
