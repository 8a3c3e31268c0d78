"""The notebook's setup cell: only the definitions its cells use, and what those use in turn.

The candidates are the top-level statements of the page's module and of every snippets
module it imports (definitions, constants, imports), minus what the page itself shows
(its sections are cells of the notebook). Starting from the names the cells use, the
setup takes each definition that binds one of them, then the names that definition uses,
until nothing new is needed: the dependency closure. It keeps source order, so a
decorator or constant comes before what uses it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from sitegen import sources

PREAMBLE = "%matplotlib inline"  # a matplotlib Figure as a cell's value shows as an image


@dataclass
class Statement:
    module: str
    start: int  # first line (decorators included), 1-based
    text: str
    binds: set[str]
    uses: set[str]


def names_used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


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
    out = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.If) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            continue  # `if __name__ == "__main__":` examples, the module docstring
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == sources.PACKAGE:
            continue  # the notebook defines those names itself
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == sources.PACKAGE for a in node.names):
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if start in hidden_lines:
            continue
        text = "\n".join(line for line in lines[start - 1:node.end_lineno] if not sources.is_section_marker(line))
        uses = names_used(node) - (bound_names(node) if isinstance(node, (ast.Import, ast.ImportFrom)) else set())
        out.append(Statement(module, start, text, bound_names(node), uses))
    return out


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


def setup_code(topic: str, writer, root: Path) -> str:
    """The setup cell of a topic's notebook, given the cells the writer has made."""
    modules = [*sources.dependencies(topic, root), topic]
    shown = {module: {name for m, name in writer.shown_sections if m == module} for module in modules}
    candidates = [s for module in modules for s in statements(module, shown[module], root)]
    cells = writer.cell_sources()
    needed: set[str] = set()
    # the functions and classes the page shows are defined by its cells, not by the setup;
    # a name a cell only assigns (`point = ...`) may still be needed at setup time
    defined_by_cells: set[str] = set()
    for code in cells:
        tree = ast.parse(without_magics(code))
        needed |= names_used(tree)
        defined_by_cells |= {node.name for node in tree.body
                             if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    chosen = closure(candidates, needed, defined_by_cells)
    order = {module: n for n, module in enumerate(modules)}
    chosen.sort(key=lambda s: (order[s.module], s.start))
    imports = [s for s in chosen if s.text.startswith(("import ", "from "))]
    others = [s for s in chosen if s not in imports]
    import_lines = sorted(dict.fromkeys(s.text for s in imports), key=lambda t: (t.startswith("from "), t))
    parts = [PREAMBLE + ("\n" + "\n".join(import_lines) if import_lines else "")]
    parts += [s.text for s in others]
    return "\n\n\n".join(parts)
