"""Every authoring fault is one line that names the page (and line) and the culprit.

These run the build's own functions on tiny inputs, in-process; tests/site/test_build.py
keeps one failing build end to end.
"""

import hashlib
import logging
import re
import textwrap
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from markdown_exec import formatter, validator

from sitegen import code_blocks, facts, faults, figures, math, project
from sitegen.faults import AuthoringError
from sitegen.notebooks import make, run

ROOT = project.ROOT


def one_line(error: Exception) -> str:
    message = str(error)
    assert "\n" not in message and "Traceback" not in message, message
    return message


def page(src_uri: str, text: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), markdown=text)


def config(root: Path = ROOT):
    return SimpleNamespace(config_file_path=str(root / "mkdocs.yml"))


# --- snippet lines -----------------------------------------------------------------------------

def test_a_missing_snippet_file_names_page_line_and_file():
    text = "# T\n\n```python\n--8<-- \"snippets/no_such_module.py:square\"\n```\n"
    with pytest.raises(AuthoringError) as error:
        code_blocks.check_snippet_lines(text, "derivative.md", ROOT)
    message = one_line(error.value)
    assert message.startswith("docs/derivative.md:4: ")
    assert "snippets/no_such_module.py" in message


def test_a_missing_section_names_page_line_and_section():
    text = "# T\n\nsome words\n\n```python\n--8<-- \"snippets/derivative.py:no_such_section\"\n```\n"
    with pytest.raises(AuthoringError) as error:
        code_blocks.check_snippet_lines(text, "gradient.en.md", ROOT)
    message = one_line(error.value)
    assert message.startswith("docs/gradient.en.md:6: ") and "no_such_section" in message


def test_every_snippet_line_of_the_real_pages_resolves():
    for path in sorted((ROOT / "docs").glob("*.md")):
        code_blocks.check_snippet_lines(path.read_text(encoding="utf-8"), path.name, ROOT)


# --- code blocks that raise (markdown-exec) ------------------------------------------------------

def test_a_code_block_that_raises_is_one_line_naming_page_line_section_and_error(caplog, tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "__init__.py").write_text("")
    (tmp_path / "snippets" / "demo.py").write_text(
        "if __name__ == '__main__':\n    # --8<-- [start:boom]\n    print(1 / 0)\n    # --8<-- [end:boom]\n")
    text = 'Words.\n\n```python exec="1" source="block" result="text"\n--8<-- "snippets/demo.py:boom"\n```\n'
    code_blocks.on_startup("build", False)
    code_blocks.on_page_markdown(text, page("demo.md", text), config(tmp_path), None)
    md = markdown.Markdown(extensions=["pymdownx.snippets", "pymdownx.superfences"], extension_configs={
        "pymdownx.snippets": {"base_path": [str(tmp_path)], "check_paths": True, "dedent_subsections": True},
        "pymdownx.superfences": {"custom_fences": [{"name": "python", "class": "python",
                                                    "validator": validator, "format": formatter}]}})
    with caplog.at_level(logging.WARNING):
        md.convert(text)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == ["docs/demo.md:3: the code block (snippets/demo.py:boom) raised ZeroDivisionError: division by zero"]


# --- figures -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, expected", [
    ("figures/Bad Name.svg", "is not of the form figures/<module>.<function>.svg|png"),
    ("figures/no_such_module.plot.svg", "there is no module snippets/no_such_module.py"),
])
def test_a_bad_figure_request_names_page_and_figure(path, expected):
    with pytest.raises(AuthoringError) as error:
        figures.check_request(path, ["docs/x.md:7"], ROOT)
    assert one_line(error.value).startswith(f"docs/x.md:7: figure '{path}'") and expected in str(error.value)


def test_a_figure_that_does_not_exist_or_raises_is_reported_with_its_reason(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "__init__.py").write_text("")
    (tmp_path / "snippets" / "pics.py").write_text("def broken():\n    raise RuntimeError('boom in the figure')\n"
                                                   "def not_a_figure():\n    return 42\n")
    for func, reason in (("broken", "RuntimeError: boom in the figure"), ("missing", "there is no function missing"),
                         ("not_a_figure", "returned int, not a matplotlib Figure")):
        job, key, content, error = figures.render_job((str(tmp_path), "pics", func, "svg", "light", ()))
        assert content is None and key is None and reason in error


# --- math ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tex, reason", [
    (r"\fracc{1}{x}", r"MathJax: undefined control sequence \fracc"),
    (r"\frac{a", "MathJax: Missing close brace"),
])
def test_invalid_tex_names_page_line_formula_and_mathjax_reason(tex, reason):
    text = f"# T\n\nline three\n\nThe slope ${tex}$ here.\n"
    html = f'<p>The slope <span class="arithmatex">\\({tex}\\)</span> here.</p>'
    with pytest.raises(AuthoringError) as error:
        math.typeset_page(html, "docs/derivative.md", text)
    assert one_line(error.value) == f"docs/derivative.md:5: math ${tex}$ failed: {reason}"


def test_valid_tex_is_an_image_of_its_svg_file_with_the_tex_as_its_name():
    html, files = math.typeset_page('<p><span class="arithmatex">\\(x^2 &lt; y\\)</span></p>', "docs/x.md",
                                    base="../")
    (name, svg), = files.items()
    assert html.startswith(f'<p><span class="arithmatex math-inline"><img class="math" src="../assets/math/{name}" '
                           'alt="x^2 &lt; y" style="vertical-align: ')
    assert 'loading="lazy"' in html and re.search(r"width: [\d.]+ex; height: [\d.]+ex;", html)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width=') and "currentColor" not in svg
    assert name == hashlib.sha256(svg.encode()).hexdigest()[:16] + ".svg"
    assert re.findall(r'href="#([^"]+)"', svg) and all(f'id="{ref}"' in svg for ref in re.findall(r'href="#([^"]+)"', svg))


# --- translations ---------------------------------------------------------------------------------

@pytest.mark.parametrize("present, missing", [("extra.md", "extra.en.md"), ("extra.en.md", "extra.md")])
def test_a_page_without_its_translation_is_named_with_the_file_to_write(tmp_path, present, missing):
    (tmp_path / "index.md").write_text("# 홈\n")
    (tmp_path / "index.en.md").write_text("# Home\n")
    (tmp_path / present).write_text("# Page\n")
    with pytest.raises(AuthoringError) as error:
        faults.check_translations(tmp_path)
    assert one_line(error.value).startswith(f"docs/{present}: has no ")
    assert f"write docs/{missing}" in str(error.value)


def test_the_real_pages_all_have_both_languages():
    faults.check_translations(ROOT / "docs")


# --- notebooks ---------------------------------------------------------------------------------------

def tiny_project(tmp_path: Path, example: str) -> Path:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "__init__.py").write_text("")
    (tmp_path / "snippets" / "demo.py").write_text(textwrap.dedent(f"""\
        import math


        def half(x):
            return x / 2


        if __name__ == "__main__":
            # --8<-- [start:example]
            {example}
            # --8<-- [end:example]
        """))
    for lang in project.LANGUAGES:
        (tmp_path / "docs" / lang.page_file("demo")).write_text(
            '# Demo\n\nWords.\n\n```python exec="1" source="block" result="text"\n'
            '--8<-- "snippets/demo.py:example"\n```\n')
    return tmp_path


def test_a_notebook_cell_that_fails_names_the_page_line_and_section(tmp_path):
    root = tiny_project(tmp_path, "print(half(math.sqrt(-1)))")
    made = make.make_notebook("demo", project.ENGLISH, root, "http://x/")
    with pytest.raises(AuthoringError) as error:
        run.execute(made)
    assert one_line(error.value) == ("docs/demo.en.md:5: the notebook cell made from here (snippets/demo.py:example) "
                                     "raised ValueError: math domain error")


def test_a_missing_section_in_a_notebook_names_the_snippet_line_after_front_matter(tmp_path):
    root = tiny_project(tmp_path, "print(half(3))")
    page = root / "docs" / project.ENGLISH.page_file("demo")
    page.write_text("---\ndescription: d\n---\n\n" + page.read_text().replace(
        '--8<-- "snippets/demo.py:example"', 'x = 1  # markdown-exec: hide\n--8<-- "snippets/demo.py:exampel"'))
    line = page.read_text().splitlines().index('--8<-- "snippets/demo.py:exampel"') + 1
    with pytest.raises(AuthoringError) as error:
        make.make_notebook("demo", project.ENGLISH, root, "http://x/")
    assert one_line(error.value) == (f'docs/demo.en.md:{line}: --8<-- "snippets/demo.py:exampel": '
                                     "snippets/demo.py has no section 'exampel'")


def test_a_helper_cell_before_the_cell_holds_what_it_uses_and_nothing_else(tmp_path):
    root = tiny_project(tmp_path, "print(half(3))")
    made = make.make_notebook("demo", project.KOREAN, root, "http://x/")
    first, helper, cell = [c for c in made.notebook.cells if c.cell_type == "code"][:3]
    assert first.source == "%matplotlib inline" and first.metadata == {}  # the lesson starts at once
    assert helper.source.startswith(make.TEXT["ko"]["helper"]) and "def half" in helper.source
    assert "import math" not in helper.source + first.source
    assert helper.metadata == {"jupyter": {"source_hidden": True}}
    assert cell.source == "print(half(3))"
    assert run.execute(made)[-1]["outputs"][0]["text"] == "1.5\n"


# --- facts ------------------------------------------------------------------------------------------

def facts_project(tmp_path: Path, body: str) -> Path:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "__init__.py").write_text("")
    (tmp_path / "snippets" / "demo.py").write_text(body)
    return tmp_path


@pytest.mark.parametrize("body, text, message", [
    ("def facts():\n    return {'error': 3.8e-12}\n", "It is {{ demo.eror:.1e }}.",
     "docs/p.md:3: {{ demo.eror:.1e }}: snippets.demo.facts() has no 'eror' (it has: error)"),
    ("def facts():\n    return {'error': 3.8e-12}\n", "It is {{ nowhere.error }}.",
     "docs/p.md:3: {{ nowhere.error }}: there is no module snippets/nowhere.py"),
    ("X = 1\n", "It is {{ demo.error }}.",
     "docs/p.md:3: {{ demo.error }}: LookupError: snippets/demo.py has no facts() function"),
    ("def facts():\n    return {'frozen_first': False}\n", "x1 freezes first{{ demo.frozen_first }}.",
     "docs/p.md:3: claim demo.frozen_first is false: the code no longer does what this sentence says: "
     "x1 freezes first."),
    ("def facts():\n    return 1 / 0\n", "{{ demo.x }}",
     "docs/p.md:3: {{ demo.x }}: ZeroDivisionError: division by zero"),
])
def test_a_fact_that_does_not_exist_or_a_false_claim_is_one_line(tmp_path, body, text, message):
    root = facts_project(tmp_path, body)
    with pytest.raises(AuthoringError) as error:
        facts.substitute(f"# T\n\n{text}\n", "p.md", root)
    assert one_line(error.value) == message


def test_facts_are_inserted_formatted_and_true_claims_vanish(tmp_path):
    root = facts_project(tmp_path, "import numpy as np\ndef facts():\n"
                                   "    return {'d': 1.0213e-9, 'n': 9, 'ok': np.bool_(True), 'w': {'ko': '둘', 'en': 'two'}}\n")
    text = "d={{ demo.d:.2e }} o={{ demo.d:order }} n={{ demo.n }} f={{demo.d:.3g}}{{ demo.ok }} w={{ demo.w }}"
    assert facts.substitute(text, "p.md", root) == r"d=$1.02 \times 10^{-9}$ o=$10^{-9}$ n=9 f=1.02e-09 w=둘"
    assert facts.substitute(text, "p.en.md", root).endswith("w=two")


def test_a_misspelled_figure_function_is_named_as_such_with_a_suggestion(tmp_path):
    root = tiny_project(tmp_path, "print(half(3))")
    (root / "snippets" / "demo.py").write_text((root / "snippets" / "demo.py").read_text()
                                               + "\n\ndef plot():\n    pass\n")
    page = root / "docs" / project.KOREAN.page_file("demo")
    page.write_text(page.read_text() + "\n![a figure](figures/demo.plott.svg)\n")
    line = page.read_text().splitlines().index("![a figure](figures/demo.plott.svg)") + 1
    with pytest.raises(AuthoringError) as error:
        make.make_notebook("demo", project.KOREAN, root, "http://x/")
    assert one_line(error.value) == (f"docs/demo.md:{line}: figure 'figures/demo.plott.svg': snippets/demo.py has "
                                     "no figure function plott() (did you mean plot?)")


@pytest.mark.parametrize("nav, message", [
    (["index.md", "demo.md"], "mkdocs.yml: nav lists demo.md, a topic page (snippets/demo.py exists), but not its "
                              "notebook: add notebooks/demo.ipynb under the notebooks"),
    (["index.md", {"Notebooks": ["notebooks/other.ipynb"]}],
     "mkdocs.yml: nav lists notebooks/other.ipynb, but other.md is not a topic page in the nav (a page whose "
     "snippets/<name>.py exists)"),
])
def test_a_notebook_missing_from_the_nav_or_without_its_page_fails_in_one_line(tmp_path, nav, message):
    from sitegen.notebooks import render
    root = tiny_project(tmp_path, "print(half(3))")
    with pytest.raises(AuthoringError) as error:
        render.check_nav(root, nav)
    assert one_line(error.value) == message
