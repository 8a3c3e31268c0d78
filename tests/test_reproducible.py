"""Two clean builds of one commit, with different cache folders, are byte-identical."""

import filecmp
import os
import time
from pathlib import Path

from conftest import ROOT, mkdocs_build


def files_of(site: Path) -> set[str]:
    return {str(Path(folder, name).relative_to(site)) for folder, _, names in os.walk(site) for name in names}


def test_two_clean_builds_are_byte_identical(built_site, tmp_path):
    time.sleep(1.1)  # a later second: nothing may depend on the clock
    other = tmp_path / "site"
    result = mkdocs_build(ROOT, other, tmp_path / "another-cache", f"http://127.0.0.1:{built_site.port}/")
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = files_of(built_site.site), files_of(other)
    assert first == second
    differ = [name for name in sorted(first) if not filecmp.cmp(built_site.site / name, other / name, shallow=False)]
    assert not differ, differ
    assert len(first) > 100
