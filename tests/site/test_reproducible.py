"""One commit, one site: a cold build under load, the session's build and a build that
resumes from an interrupted one are byte-identical."""

import os
import signal
import subprocess
import sys
import time

from support import ROOT, differing_files, mkdocs_build


def busy():
    """A process that keeps one core busy, as CI's neighbours do."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def test_cold_warm_and_interrupted_builds_are_byte_identical(built_site, tmp_path):
    url = built_site.url
    load = busy()
    try:
        # a cold build, beside a busy core and beside a build that is stopped halfway
        cold = mkdocs_build(ROOT, tmp_path / "cold", tmp_path / "cold-cache", url, background=True)
        stopped = mkdocs_build(ROOT, tmp_path / "stopped", tmp_path / "stopped-cache", url, background=True)
        deadline = time.monotonic() + 300
        while not any((tmp_path / "stopped-cache" / kind).is_dir() and any((tmp_path / "stopped-cache" / kind).iterdir())
                      for kind in ("notebooks", "figures")):
            assert stopped.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
            time.sleep(0.05)
        os.killpg(stopped.pid, signal.SIGKILL)
        stopped.wait()
        log = cold.communicate(timeout=600)[0]
        assert cold.returncode == 0, log[-3000:]
    finally:
        load.kill()
        load.wait()
    resumed = mkdocs_build(ROOT, tmp_path / "resumed", tmp_path / "stopped-cache", url)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr

    assert len(list((tmp_path / "cold").rglob("*"))) > 100
    assert not differing_files(tmp_path / "cold", built_site.site), "cold and session builds differ"
    assert not differing_files(tmp_path / "cold", tmp_path / "resumed"), "the resumed build differs"
