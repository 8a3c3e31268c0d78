"""`mkdocs serve` shows the code as it is on disk after one rebuild, and leaves a cache that
a strict build can trust: a build on it is byte-identical to a build that never saw the
serve (on the session's cache, whose entries are those of a cold build: see
tests/site/test_reproducible.py; what the edit touched is made afresh there)."""

import re
import shutil

from support import Serve, copy_project, differing_files, mkdocs_build, outputs, tiny_project

PAGE = "derivative_examples/"
FIGURES = ["figures/derivative_examples.function_1_figure.svg", "figures/derivative_examples.tangent_figure.svg"]
NOTEBOOK = "notebooks/derivative_examples/derivative_examples.ipynb"
# an author's edit that every claim on the page survives: the plotted range, and the points
# the first example differentiates at
EDITS = [("X_PLOT = np.arange(0.0, 20.0, 0.1)", "X_PLOT = np.arange(0.0, 25.0, 0.1)"),
         ("    for x in (5.0, 10.0):\n        approx", "    for x in (5.0, 12.0):\n        approx")]


def test_serve_rebuilds_from_the_code_on_disk_and_leaves_a_cache_a_strict_build_can_trust(tmp_path, built_site):
    project = copy_project(tmp_path / "project")
    serve_cache, fresh_cache = tmp_path / "serve-cache", tmp_path / "fresh-cache"
    shutil.copytree(built_site.cache, serve_cache)
    shutil.copytree(built_site.cache, fresh_cache)
    serve = Serve(project, serve_cache, tmp_path / "serve.log")
    try:
        serve.wait_for(r"Serving on")
        before = {path: serve.get(path) for path in [PAGE, NOTEBOOK, *FIGURES]}
        module = project / "snippets" / "derivative_examples.py"
        source = module.read_text(encoding="utf-8")
        for old, new in EDITS:
            assert source.count(old) == 1, old
            source = source.replace(old, new)
        module.write_text(source, encoding="utf-8")
        serve.wait_for(r"Reloading browsers", 1)
        after = {path: serve.get(path) for path in before}
        builds = len(re.findall(r"Building documentation\.\.\.", serve.text()))
    finally:
        serve.stop()
    assert "error" not in serve.text().lower(), serve.text()[-3000:]
    assert builds == 2, f"one rebuild expected after one edit, the log shows {builds - 1}"

    shown_before, shown_after = outputs(before[PAGE].decode()), outputs(after[PAGE].decode())
    assert len(shown_before) == len(shown_after) > 0
    assert shown_before != shown_after, "the page still prints what the old code printed"
    assert "x=12.0" in " ".join(shown_after)  # the first example now differentiates at 12
    for figure in FIGURES:
        assert before[figure] != after[figure], f"{figure} was not drawn again"
    assert before[NOTEBOOK] != after[NOTEBOOK] and b"np.arange(0.0, 25.0, 0.1)" in after[NOTEBOOK]

    # the cache `mkdocs serve` left behind, used by a strict build, gives the bytes of a build
    # that never saw the serve; both builds at once
    trusted = mkdocs_build(project, tmp_path / "on-serve-cache", serve_cache, background=True)
    fresh = mkdocs_build(project, tmp_path / "fresh", fresh_cache, background=True)
    for build in (trusted, fresh):
        log = build.communicate(timeout=600)[0]
        assert build.returncode == 0, log[-3000:]
    assert not differing_files(tmp_path / "on-serve-cache", tmp_path / "fresh")
    # a plain build (no SITE_PDF) links to no PDF it did not make
    assert not (tmp_path / "fresh" / "pdf").exists()
    assert not any("pdf-link" in page.read_text(encoding="utf-8") for page in (tmp_path / "fresh").rglob("*.html"))


def test_serve_dirty_rebuilds_the_pages_the_code_changed(tmp_path):
    """`make serve-dirty` (mkdocs serve --dirty) rebuilds a page when the code it shows
    changed, not only when its own file did."""
    project = tiny_project(tmp_path / "tiny")
    serve = Serve(project, tmp_path / "cache", tmp_path / "serve.log", "--dirty", strict=False)
    try:
        serve.wait_for(r"Serving on")
        before = serve.get("en/tiny/").decode()
        module = project / "snippets" / "tiny.py"
        module.write_text(module.read_text(encoding="utf-8").replace("print(cube(3.0))", "print(cube(4.0))"),
                          encoding="utf-8")
        serve.wait_for(r"Reloading browsers", 1)
        after = serve.get("en/tiny/").decode()
    finally:
        serve.stop()
    assert "27.0" in " ".join(outputs(before)) and "64.0" in " ".join(outputs(after))
    assert "without a disk cache" not in serve.text()
