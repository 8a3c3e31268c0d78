"""The build end to end: a fault fails it in one line; a damaged or unwritable cache does not."""

import re

from support import differing_files, mkdocs_build, tiny_project


def test_a_broken_snippet_line_fails_the_build_in_one_line(tmp_path):
    project = tiny_project(tmp_path / "project")
    page = project / "docs" / "tiny.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('--8<-- "snippets/tiny.py:cube"', '--8<-- "snippets/tiny.py:cub"', 1), encoding="utf-8")
    line = text[:text.index('--8<-- "snippets/tiny.py:cube"')].count("\n") + 1
    result = mkdocs_build(project, tmp_path / "site", tmp_path / "cache")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in log
    said = sorted(entry for entry in log.splitlines() if entry.strip() and not entry.startswith("INFO"))
    # one line from us, naming page, line and culprit; and MkDocs' verdict
    assert len(said) == 2 and said[0] == "Aborted with a BuildError!", said
    assert re.fullmatch(rf"ERROR +- +docs/tiny\.en\.md:{line}: --8<-- \"snippets/tiny\.py:cub\": "
                        r"snippets/tiny\.py has no section 'cub'", said[1]), said


def test_damaged_cache_entries_are_made_again_and_the_site_is_the_same(tmp_path):
    """On the tiny project, which has an entry of every kind (the whole project's warm builds
    are tests/site/test_reproducible.py's and test_serve.py's)."""
    project = tiny_project(tmp_path / "tiny")
    cache = tmp_path / "cache"
    cold = mkdocs_build(project, tmp_path / "cold", cache)
    assert cold.returncode == 0, (cold.stdout + cold.stderr)[-3000:]
    damaged = []
    for kind in ("figures", "math", "notebooks", "notebook-html"):
        entries = sorted((p for p in (cache / kind).iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
        assert entries, kind
        for entry in entries[:2]:
            entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])  # truncated
            damaged.append(entry)
    result = mkdocs_build(project, tmp_path / "site", cache)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert log.count("is corrupted; making it again") == len(damaged)
    assert not differing_files(tmp_path / "cold", tmp_path / "site")


def test_an_unwritable_cache_folder_builds_without_a_cache_and_says_so_once(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    project = tiny_project(tmp_path / "tiny")
    result = mkdocs_build(project, tmp_path / "site", blocker / "cache")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    said = [line for line in log.splitlines() if "without a disk cache" in line]
    assert len(said) == 1 and str(blocker / "cache") in said[0], said
    # and it built everything: the page, its output, its fact, its figures, its notebook
    page = (tmp_path / "site" / "en" / "tiny" / "index.html").read_text(encoding="utf-8")
    assert "27.0" in page and "8.0" in page
    assert (tmp_path / "site" / "figures" / "tiny.cube_figure.dark.svg").is_file()
    assert (tmp_path / "site" / "notebooks" / "tiny" / "tiny.ipynb").is_file()
