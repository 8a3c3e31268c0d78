"""The notebook's own code besides the page's cells: a short first cell, and helper cells.

The candidates are the top-level statements of the page's module and of every snippets
module it imports (definitions, constants, imports), minus what the page itself shows
(its sections are cells of the notebook) and minus the input checks (`checked`, and every
function of the checks module, see sitegen/sources.py): a notebook holds the book's plain
code. A name is needed where code reads it as a global (names_used), not where a function
binds its own. Starting from the names a
cell uses, a cell needs each definition that binds one of them, then the names that
definition uses, until nothing new is needed: the dependency closure.

- The first cell holds the imports and, in the order the cells first use them and while
  it stays within FIRST_CELL_LINES lines, the taught code of earlier pages (a function
  shown in a section of its own module, such as `numerical_gradient` on the gradient
  descent page) with what that code needs; docstrings there are cut to their first line.
- Everything else (a figure's drawing code, helpers no page shows) comes in a helper cell
  right before the first cell that needs it, folded, so the lesson starts at once.
Each group keeps source order, so a constant comes before what uses it.
"""

from __future__ import annotations

import ast
import symtable
from dataclasses import dataclass
from pathlib import Path

from sitegen import sources

PREAMBLE = "%matplotlib inline"  # a matplotlib Figure as a cell's value shows as an image
FIRST_CELL_LINES = 40  # a reader's first cell: imports and earlier pages' functions, no plumbing
# what a notebook may import: it runs where only numpy and matplotlib are installed, and a
# learner meets no module the lessons do not use
NOTEBOOK_IMPORTS = frozenset({"numpy", "matplotlib", "math", "numbers"})


@dataclass
class Statement:
    module: str
    start: int  # first line (decorators included), 1-based
    text: str
    binds: set[str]
    uses: set[str]
    taught: bool = False  # shown in a section of its module (a page shows it)


def names_used(node: ast.AST) -> set[str]:
    """The global names a statement or a cell reads. A function's own names (its arguments,
    what it assigns) are not: weights_figure's local `steps` must not pull in the input
    check named `steps`."""
    used: set[str] = set()
    scopes = [symtable.symtable(ast.unparse(node), "<notebook>", "exec")]
    while scopes:
        scope = scopes.pop()
        top = scope.get_type() == "module"
        used |= {s.get_name() for s in scope.get_symbols() if s.is_referenced() and (top or s.is_global())}
        scopes += scope.get_children()
    return used


def bound_names(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}
    return set()


def statements(module: str, shown: set[str], root: Path) -> list[Statement]:
    """The top-level statements of a module that a notebook may need, outside shown sections."""
    source = sources.module_source(module, root)
    lines = source.split("\n")
    hidden_lines = {n for name in shown for n in sources.section_lines(module, name, root)}
    section_lines = sources.all_section_lines(module, root)
    out = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.If) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            continue  # `if __name__ == "__main__":` examples, the module docstring
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == sources.PACKAGE:
            continue  # the notebook defines those names itself
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == sources.PACKAGE for a in node.names):
            continue
        if sources.applies_checks(node):
            continue  # input checks: the notebook holds the plain code
        if module == sources.CHECKS_MODULE and not isinstance(node, ast.ClassDef):
            continue  # the checks themselves; their error classes may be caught (error_of)
        checks = sources.check_decorators(node)
        decorators = [d for d in getattr(node, "decorator_list", []) if d not in checks]
        start = min([node.lineno] + [d.lineno for d in decorators])
        if start in hidden_lines or any(d.lineno in hidden_lines for d in checks):
            continue
        check_lines = {n for d in checks for n in range(d.lineno, d.end_lineno + 1)}
        text = "\n".join(line for n, line in enumerate(lines[start - 1:node.end_lineno], start=start)
                         if not sources.is_section_marker(line) and n not in check_lines)
        uses = names_used(node) - (bound_names(node) if isinstance(node, (ast.Import, ast.ImportFrom)) else set())
        uses -= {n for d in checks for n in names_used(d)}
        out.append(Statement(module, start, text, bound_names(node), uses, taught=node.lineno in section_lines))
    return out


def summary_docstrings(text: str) -> str:
    """A definition with each docstring cut to its first line: the examples are the module's
    tests (doctests); in a notebook's first cell the code itself is the point."""
    lines = text.split("\n")
    nodes = [n for n in ast.walk(ast.parse(text))
             if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(n)]
    for node in sorted(nodes, key=lambda n: -n.body[0].lineno):
        doc = node.body[0]
        if doc.end_lineno == doc.lineno:
            continue
        indent = lines[doc.lineno - 1][:len(lines[doc.lineno - 1]) - len(lines[doc.lineno - 1].lstrip())]
        first = ast.get_docstring(node).split("\n")[0].replace('"""', r'\"\"\"')
        lines[doc.lineno - 1:doc.end_lineno] = [f'{indent}"""{first}"""']
    return "\n".join(lines)


def closure(candidates: list[Statement], needed: set[str], given: set[str]) -> list[Statement]:
    """The statements that bind the needed names, and what they need, but for `given` names."""
    chosen: list[Statement] = []
    todo = set(needed) - given
    done: set[str] = set(given)
    while todo:
        name = todo.pop()
        done.add(name)
        for statement in candidates:
            if name in statement.binds and statement not in chosen:
                chosen.append(statement)
                todo |= statement.uses - done
    return chosen


def without_magics(code: str) -> str:
    """A cell's code without IPython magics and shell lines (not Python syntax)."""
    return "\n".join(line for line in code.split("\n") if not line.lstrip().startswith(("%", "!")))


class Plan:
    """The notebook's code besides the page's cells: the first cell, and helper cells."""

    def __init__(self, first: str, helpers: dict[int, str]):
        self.first = first
        self.helpers = helpers  # index of a page cell -> the helper code to run just before it

    def first_lines(self) -> int:
        return self.first.count("\n") + 1


def plan(topic: str, writer, root: Path) -> Plan:
    """What the notebook of a topic runs besides its page's cells, given the cells the writer made."""
    modules = [*sources.dependencies(topic, root), topic]
    shown = {module: {name for m, name in writer.shown_sections if m == module} for module in modules}
    candidates = [s for module in modules for s in statements(module, shown[module], root)]
    order = {module: n for n, module in enumerate(modules)}
    cells = [ast.parse(without_magics(code)) for code in writer.cell_sources()]
    # the functions and classes the page shows are defined by its cells, not here;
    # a name a cell only assigns (`point = ...`) may still be needed before it
    defined_by_cells = {node.name for tree in cells for node in tree.body
                        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    chosen = closure(candidates, set().union(set(), *map(names_used, cells)), defined_by_cells)
    imports = [s for s in chosen if s.text.startswith(("import ", "from "))]
    import_lines = sorted(dict.fromkeys(s.text for s in imports), key=lambda t: (t.startswith("from "), t))
    head = PREAMBLE + ("\n" + "\n".join(import_lines) if import_lines else "")
    placed = {name for s in imports for name in s.binds} | defined_by_cells

    def lines(group: list[Statement]) -> int:
        return sum(3 + summary_docstrings(s.text).count("\n") for s in group)

    # earlier pages' functions, in the order the cells first use them, while the first cell has room
    first: list[Statement] = []
    for tree in cells:
        for name in sorted(names_used(tree)):
            wanted = [s for s in closure(candidates, {name}, placed) if s not in imports]
            if not any(s.taught and s.module != topic for s in wanted):
                continue
            if head.count("\n") + 1 + lines(first + wanted) > FIRST_CELL_LINES:
                break
            first += wanted
            placed |= {n for s in wanted for n in s.binds}
    helpers: dict[int, str] = {}
    for n, tree in enumerate(cells):
        needed = [s for s in closure(candidates, names_used(tree), placed) if s not in imports]
        if needed:
            needed.sort(key=lambda s: (order[s.module], s.start))
            helpers[n] = "\n\n\n".join(s.text for s in needed)
            placed |= {name for s in needed for name in s.binds}
    first.sort(key=lambda s: (order[s.module], s.start))
    parts = [head] + [summary_docstrings(s.text) for s in first]
    return Plan("\n\n\n".join(parts), helpers)
