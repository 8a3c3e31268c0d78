"""`mkdocs serve` shows the code as it is on disk after one rebuild, and leaves a cache that
a strict build can trust: a build on it is byte-identical to a cold build. On the tiny
project (tests/support.py: one topic page with code, output, fact, figure and notebook),
where the same hooks do the same work in seconds."""

import re

from support import Serve, differing_files, mkdocs_build, outputs, tiny_project

PAGE = "en/tiny/"
FIGURE = "figures/tiny.cube_figure.svg"
NOTEBOOK = "notebooks/tiny/tiny.ipynb"
# an author's edit of the code: the printed example, the plotted range, the quoted value
EDITS = [("print(cube(3.0))", "print(cube(4.0))"), ("np.linspace(-1, 1, 21)", "np.linspace(-2, 2, 21)"),
         ('{"at_two": cube(2.0)}', '{"at_two": cube(2.0) + 1}')]


def test_serve_rebuilds_from_the_code_on_disk_and_leaves_a_cache_a_strict_build_can_trust(tmp_path):
    project = tiny_project(tmp_path / "tiny")
    serve_cache = tmp_path / "serve-cache"
    serve = Serve(project, serve_cache, tmp_path / "serve.log")
    try:
        serve.wait_for(r"Serving on")
        before = {path: serve.get(path) for path in [PAGE, NOTEBOOK, FIGURE]}
        module = project / "snippets" / "tiny.py"
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

    page_before, page_after = before[PAGE].decode(), after[PAGE].decode()
    shown_before, shown_after = [o.strip() for o in outputs(page_before)], [o.strip() for o in outputs(page_after)]
    assert shown_before == ["27.0"] and shown_after == ["64.0"], "the page prints what the old code printed"
    assert "is 8.0 at" in page_before and "is 9.0 at" in page_after, "the prose quotes the old value"
    assert before[FIGURE] != after[FIGURE], "the figure was not drawn again"
    assert b"print(cube(3.0))" in before[NOTEBOOK] and b"print(cube(4.0))" in after[NOTEBOOK]
    assert b'"27.0\\n"' in before[NOTEBOOK] and b'"27.0\\n"' not in after[NOTEBOOK], "the notebook shows the old run"
    assert b'"64.0\\n"' in after[NOTEBOOK]

    # the cache `mkdocs serve` left behind, used by a strict build, gives the bytes of a cold
    # build; both builds at once
    trusted = mkdocs_build(project, tmp_path / "on-serve-cache", serve_cache, background=True)
    cold = mkdocs_build(project, tmp_path / "cold", tmp_path / "cold-cache", background=True)
    for build in (trusted, cold):
        log = build.communicate(timeout=600)[0]
        assert build.returncode == 0, log[-3000:]
    assert not differing_files(tmp_path / "on-serve-cache", tmp_path / "cold")
    # a plain build (no SITE_PDF) links to no PDF it did not make
    assert not (tmp_path / "cold" / "pdf").exists()
    assert not any("pdf-link" in page.read_text(encoding="utf-8") for page in (tmp_path / "cold").rglob("*.html"))


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
