"""The build's failure modes and its promise: a change to a snippet reaches the page."""

import re

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, mkdocs_build


def add_page(project, name, body):
    (project / "docs" / f"{name}.md").write_text(body, encoding="utf-8")
    (project / "docs" / f"{name}.en.md").write_text(body, encoding="utf-8")


def test_a_figure_that_raises_fails_the_build_naming_figure_and_page(tmp_path, warm_cache):
    project = copy_project(tmp_path / "project")
    with open(project / "snippets" / "derivative.py", "a", encoding="utf-8") as module:
        module.write("\n\ndef broken_figure():\n    raise RuntimeError('boom in the figure')\n")
    add_page(project, "broken", "# Broken\n\n![a figure that raises](figures/derivative.broken_figure.svg)\n")
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "broken.md" in log and "derivative.broken_figure" in log and "boom in the figure" in log


@pytest.mark.parametrize("path", ["figures/derivative.no_such_figure.svg", "figures/no_such_module.plot.svg", "figures/Bad Name.svg"])
def test_an_unknown_figure_fails_the_build_naming_figure_and_page(tmp_path, path, warm_cache):
    project = copy_project(tmp_path / "project")
    add_page(project, "unknown", f"# Unknown\n\n![an unknown figure]({path})\n")
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "unknown.md" in log and path.split()[0] in log


def test_a_code_block_that_raises_fails_the_build_naming_the_page(tmp_path, warm_cache):
    project = copy_project(tmp_path / "project")
    module = project / "snippets" / "derivative.py"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "    print(numerical_diff_bad(square, 5.0))\n", "    print(numerical_diff_bad(square, 5.0, 1))\n"), encoding="utf-8")
    (project / "hooks" / "notebooks.py").write_text(  # the notebooks would fail first: leave them out here
        (project / "hooks" / "notebooks.py").read_text(encoding="utf-8").replace(
            "    return sorted(p.stem for p", "    return [] and sorted(p.stem for p"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"derivative\.md: .*Execution of python code block", log), log[-2000:]
    assert "numerical_diff_bad" in log and "TypeError" in log


def test_a_notebook_cell_that_raises_fails_the_build_naming_notebook_and_cell(tmp_path, warm_cache):
    project = copy_project(tmp_path / "project")
    module = project / "snippets" / "gradient.py"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "        print(point, numerical_gradient(function_2, np.array(point)).tolist())\n",
        "        print(point, numerical_gradient(function_2, np.array(point), h=-1).tolist())\n"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"notebook notebooks/gradient(\.en)?\.ipynb: cell \d+ failed: ValueError: h must be a finite number > 0, got h=-1", log), log[-2000:]


def test_a_missing_snippet_section_fails_the_build(tmp_path, warm_cache):
    project = copy_project(tmp_path / "project")
    add_page(project, "missing", '# Missing\n\n```python\n--8<-- "snippets/derivative.py:no_such_section"\n```\n')
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    assert result.returncode != 0
    assert "no_such_section" in result.stdout + result.stderr


def outputs(site, page):
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [block.get_text() for block in soup.select("article .result")]


def test_changing_a_snippet_changes_the_built_page(tmp_path, built_site, warm_cache):
    """The sync promise: new behaviour in snippets/ shows on the next build, in both languages."""
    project = copy_project(tmp_path / "project")
    module = project / "snippets" / "derivative.py"
    source = module.read_text(encoding="utf-8")
    assert "    return x ** 2\n" in source
    module.write_text(source.replace("    return x ** 2\n", "    return x ** 3\n", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("derivative", "en/derivative"):
        before, after = outputs(built_site.site, page), outputs(tmp_path / "site", page)
        assert len(before) == len(after) > 0
        assert before != after
        # forward difference of x**3 at 5 with h = 1e-4 is 75 + 15h + h**2
        assert re.search(r"75\.001500", " ".join(after)), after
        # and the new code itself is on the page
        page_html = (tmp_path / "site" / page / "index.html").read_text(encoding="utf-8")
        assert "x</span> <span class=\"o\">**</span> <span class=\"mi\">3</span>" in page_html


def test_changing_a_snippet_re_renders_its_figure(tmp_path, built_site, warm_cache):
    project = copy_project(tmp_path / "project")
    module = project / "snippets" / "derivative.py"
    source = module.read_text(encoding="utf-8")
    module.write_text(source.replace("STEPS = np.logspace(-16, -1, 151)", "STEPS = np.logspace(-12, -1, 151)"), encoding="utf-8")
    cache = tmp_path / "cache"
    result = mkdocs_build(project, tmp_path / "site", cache)
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(list((built_site.site / "figures").iterdir()))
    assert f"figures: {count} rendered, 0 from cache" in result.stdout + result.stderr
    name = "figures/derivative.error_vs_h_figure.svg"
    assert (tmp_path / "site" / name).read_bytes() != (built_site.site / name).read_bytes()
    # an unchanged project is not rendered again: the figure comes from the cache
    again = mkdocs_build(project, tmp_path / "site2", cache)
    assert f"figures: 0 rendered, {count} from cache" in again.stdout + again.stderr
    assert (tmp_path / "site2" / name).read_bytes() == (tmp_path / "site" / name).read_bytes()


def test_a_corrupted_cache_entry_is_rendered_again(tmp_path, built_site, warm_cache):
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    assert mkdocs_build(project, tmp_path / "site", cache).returncode == 0
    entries = sorted((cache / "figures").glob("*.svg"))
    entries[0].write_bytes(entries[0].read_bytes()[:-100] + b"corrupted")
    result = mkdocs_build(project, tmp_path / "site2", cache)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "corrupted" in log and "figures: 1 rendered" in log
    for figure in (built_site.site / "figures").iterdir():
        assert (tmp_path / "site2" / "figures" / figure.name).read_bytes() == figure.read_bytes()


def test_changing_one_module_redoes_exactly_its_figures_and_notebooks(tmp_path, built_site, warm_cache):
    """gradient_descent.py is imported by no other module: only its 3 figures and its 2 notebooks
    (Korean, English) depend on it; everything else comes from the cache."""
    project = copy_project(tmp_path / "project")
    module = project / "snippets" / "gradient_descent.py"
    source = module.read_text(encoding="utf-8")
    assert "\nLEARNING_RATES = " in source
    module.write_text(source.replace("\nLEARNING_RATES = ", "\n# an edit the notebooks carry\nLEARNING_RATES = "), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    total = len(list((built_site.site / "figures").iterdir()))
    own = len(list((built_site.site / "figures").glob("gradient_descent.*")))
    assert own == 3
    summary = [line for line in log.splitlines() if "figures:" in line or "notebooks:" in line]
    assert any(f"figures: {own} rendered, {total - own} from cache" in line for line in summary), summary
    assert any("notebooks: 2 executed, 10 from cache" in line for line in summary), summary


def test_a_corrupted_notebook_cache_entry_is_run_again(tmp_path, built_site, warm_cache):
    project = copy_project(tmp_path / "project")
    entry = sorted((warm_cache / "notebooks").glob("*.json"))[0]
    entry.write_text(entry.read_text(encoding="utf-8")[:-50] + "corrupted", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", warm_cache)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "notebook cache entry" in log and "corrupted" in log
    assert re.search(r"notebooks: 2 executed, 10 from cache \(1 kernel runs", log), log[-1500:]
