"""Same sources, same bytes: date the build by the last commit, not by the clock.

MkDocs stamps the sitemap (and its .gz) with the build date unless SOURCE_DATE_EPOCH is
set; set it from the last commit, so two builds of one commit are byte-identical.
"""

import os
import subprocess

from sitegen.project import ROOT


def on_startup(command: str, dirty: bool) -> None:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return  # not a git checkout: MkDocs uses the current date
    if stamp:
        os.environ["SOURCE_DATE_EPOCH"] = stamp
