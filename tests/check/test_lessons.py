"""What a learner reads and runs: the book's code in the listings, plumbing only in folds,
exercises in one format on every lesson page, notebooks that open with the lesson.

Each failure names the page (and line) or the section to fix.
"""

import ast
import re

import pytest

from sitegen import project, sources
from sitegen.notebooks import make, setup

DOCS = project.ROOT / project.DOCS
MODULES = sorted(p.stem for p in (project.ROOT / project.SNIPPETS).glob("[a-z]*.py"))
FOLD = re.compile(r'^(?P<indent>[ \t]*)(?:\?\?\?\+?|!!!) (?P<kind>\w+)(?: "(?P<title>.*)")?\s*$')
DECORATOR = re.compile(r"^\s*@.*|\bloop=", re.M)  # never in what a page shows
PLUMBING = re.compile(r"^\s*(?:try:|finally:)|\bchecked\b", re.M)  # errors and checks shown on purpose: in folds
LESSONS = [(topic, lang) for topic in project.topics() for lang in project.LANGUAGES]


def sections(module: str) -> list[str]:
    return re.findall(r"\[start:(\w+)\]", sources.module_source(module))


def snippet_uses(markdown: str):
    """(line, module, section, inside a fold) for each `--8<--` line of a page."""
    fold_indent = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        indent = len(line) - len(line.lstrip())
        if line.strip() and fold_indent is not None and indent <= fold_indent:
            fold_indent = None
        if match := FOLD.match(line):
            fold_indent = len(match["indent"]) if fold_indent is None else fold_indent
        if match := project.SNIPPET_LINE.match(line):
            yield number, match["module"], match["section"], fold_indent is not None


@pytest.mark.parametrize("module", MODULES)
def test_a_section_has_no_decorator_and_no_loop_argument(module):
    """Input checks are applied after the section (`f = checked(...)(f)`, sitegen/sources.py),
    never as a decorator line or a `loop=` in what a page shows."""
    found = [f"snippets/{module}.py:{name}: {match[0].strip()}"
             for name in sections(module) for match in DECORATOR.finditer(sources.section(module, name))]
    assert not found, "keep the listing plain; apply checks after its end marker:\n" + "\n".join(found)


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_code_that_shows_errors_or_checks_is_only_in_folds(page):
    """A block with try/except or finally (an error shown on purpose, or a restore the book does
    not have) or the checks themselves belongs to a fold, "더 알아보기 / Going further"."""
    found = [f"{page.name}:{number}: snippets/{module}.py:{name}"
             for number, module, name, folded in snippet_uses(page.read_text(encoding="utf-8"))
             if not folded and (name.startswith(project.CHECKS_SECTION) or PLUMBING.search(sources.section(module, name)))]
    assert not found, "move these into a folded block (??? note):\n" + "\n".join(found)


def exercises(markdown: str, lang: project.Language) -> list[dict]:
    """The exercises of a page: the paragraphs `**N. …**` under its last heading, each with
    the folds that follow it (title, snippet sections)."""
    lines = markdown.split("\n")
    headings = [n for n, line in enumerate(lines) if line.startswith("## ")]
    assert headings and lines[headings[-1]] == f"## {project.EXERCISES[lang.code]}", \
        f"the last section must be '## {project.EXERCISES[lang.code]}'"
    found: list[dict] = []
    for n, line in enumerate(lines[headings[-1] + 1:], start=headings[-1] + 2):
        if match := project.EXERCISE.match(line):
            found.append({"line": n, "number": int(match["number"]), "text": line, "folds": []})
        elif (match := FOLD.match(line)) and not match["indent"] and found:
            found[-1]["folds"].append({"kind": match["kind"], "title": match["title"], "sections": []})
        elif (match := project.SNIPPET_LINE.match(line)) and found and found[-1]["folds"]:
            found[-1]["folds"][-1]["sections"].append(match["section"])
        elif found and not found[-1]["folds"] and line.strip() and not line.startswith("    "):
            found[-1]["text"] += " " + line
    return found


@pytest.mark.parametrize("topic, lang", LESSONS, ids=[f"{t}-{lang.code}" for t, lang in LESSONS])
def test_a_lesson_page_ends_with_three_to_five_exercises_in_one_format(topic, lang):
    page = lang.page_file(topic)
    found = exercises((DOCS / page).read_text(encoding="utf-8"), lang)
    assert 3 <= len(found) <= 5, f"{page}: {len(found)} exercises, 3 to 5 wanted"
    assert [e["number"] for e in found] == list(range(1, len(found) + 1)), f"{page}: number them 1, 2, 3, …"
    for e in found:
        assert [(f["kind"], f["title"]) for f in e["folds"]] == [("success", project.ANSWER_TITLE[lang.code])], \
            f'{page}:{e["line"]}: one folded answer, ??? success "{project.ANSWER_TITLE[lang.code]}", under the question'
    coding = [e for e in found if any(s.startswith(project.ANSWER_SECTION) for s in e["folds"][0]["sections"])]
    assert len(coding) >= 2, f"{page}: at least 2 exercises whose answer is code (sections answer_…), {len(coding)} found"
    assert any(project.PREDICT[lang.code] in e["text"] for e in found), \
        f"{page}: at least 1 exercise asks the reader to predict ('{project.PREDICT[lang.code]}')"


@pytest.mark.parametrize("topic", project.topics())
def test_every_coding_answer_is_tested(topic):
    test_file = project.ROOT / "tests" / "check" / f"test_exercises_{topic}.py"
    names = {s for lang in project.LANGUAGES
             for e in exercises((DOCS / lang.page_file(topic)).read_text(encoding="utf-8"), lang)
             for f in e["folds"] for s in f["sections"] if s.startswith(project.ANSWER_SECTION)}
    text = test_file.read_text(encoding="utf-8") if test_file.is_file() else ""
    missing = sorted(name for name in names if f'"{name}"' not in text)
    assert not missing, f"{test_file.name} runs and checks none of: {', '.join(missing)}"


@pytest.fixture(scope="module")
def notebooks():
    return {(topic, lang.code): make.make_notebook(topic, lang, project.ROOT, "http://x/")
            for topic, lang in LESSONS}


@pytest.mark.parametrize("topic, lang", LESSONS, ids=[f"{t}-{lang.code}" for t, lang in LESSONS])
def test_a_notebook_opens_with_the_lesson(notebooks, topic, lang):
    """Its first code cell is short and plain; no input checks anywhere; helpers are folded;
    each exercise has an empty cell before its folded answer."""
    made = notebooks[(topic, lang.code)]
    code = [cell for cell in made.notebook.cells if cell.cell_type == "code"]
    first = code[0].source
    assert first.count("\n") + 1 <= setup.FIRST_CELL_LINES, f"first cell: {first.count(chr(10)) + 1} lines"
    assert code[0].metadata == {}
    for cell, origin in zip(code, made.origins, strict=True):
        assert not re.search(r"\bchecked\b|_checks", cell.source), f"{origin}: input checks in the notebook"
        assert project.CHECKS_SECTION not in origin, f"{origin}: the package's input checks in the notebook"
        if cell.source.startswith(make.TEXT[lang.code]["helper"]):
            assert cell.metadata == {"jupyter": {"source_hidden": True}}, origin
    empty = [n for n, cell in enumerate(code) if cell.source == make.TEXT[lang.code]["your_turn"]]
    count = len(exercises((DOCS / lang.page_file(topic)).read_text(encoding="utf-8"), lang))
    assert len(empty) == count, f"{len(empty)} empty cells for {count} exercises"
    for n in empty:
        assert code[n + 1].metadata == {"jupyter": {"source_hidden": True, "outputs_hidden": True}}, made.origins[n + 1]


def _functions(code: str) -> set[str]:
    return {node.name for node in ast.walk(ast.parse(setup.without_magics(code)))
            if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("topic, lang", LESSONS, ids=[f"{t}-{lang.code}" for t, lang in LESSONS])
def test_a_notebook_imports_only_numpy_matplotlib_and_plain_modules(notebooks, topic, lang):
    """It runs with numpy and matplotlib alone, and holds none of the package's input checks: a
    function's own local name (weights_figure's `steps`) does not pull in a global of that name."""
    code = "\n".join(cell.source for cell in notebooks[(topic, lang.code)].notebook.cells
                     if cell.cell_type == "code")
    imported = set(re.findall(r"^\s*(?:import|from) (\w+)", code, re.M))
    assert imported <= setup.NOTEBOOK_IMPORTS, f"imports {sorted(imported - setup.NOTEBOOK_IMPORTS)}"
    checks = _functions(sources.module_source(sources.CHECKS_MODULE, project.ROOT))
    assert not _functions(code) & checks, f"defines {sorted(_functions(code) & checks)} of snippets/_checks.py"


def test_names_used_are_the_globals_a_statement_reads():
    tree = ast.parse("def f(x, steps=N):\n    epoch, steps = int(x), 1\n"
                     "    def g():\n        return steps + q\n    return [h(i) for i in g()]\n")
    assert setup.names_used(tree) == {"N", "int", "q", "h"}
