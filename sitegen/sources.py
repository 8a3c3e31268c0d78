"""The `snippets` package as the build sees it: its sections, its imports, and its code as it
is on disk right now.

- Sections are cut by pymdownx.snippets itself (its preprocessor, configured as mkdocs.yml
  configures it), so the notebooks, the tests and the pages can never disagree on them.
- A module's dependencies are read from its syntax tree: every form of import
  (``from snippets.x import y``, ``import snippets.x``, ``from snippets import x``).
- ``use_project_snippets(root)`` makes ``import snippets`` load the project's files from
  disk, fresh, whatever was imported before (an earlier build of `mkdocs serve`, an
  installed copy). ``Snapshot`` reads a module and its dependencies once and executes
  exactly those bytes, so a result can be stored under the hash of the code that made it.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.abc
import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

import markdown
from pymdownx.snippets import SnippetMissingError

from sitegen import project
from sitegen.cache import digest

PACKAGE = "snippets"
# What mkdocs.yml gives pymdownx.snippets (besides base_path: the project folder); the
# build checks that the two agree (sitegen/code_blocks.py).
SNIPPETS_OPTIONS = {"check_paths": True, "dedent_subsections": True}


# --- Sections, cut by pymdownx.snippets -------------------------------------------------------

@lru_cache(maxsize=8)
def _preprocessor(root: Path):
    md = markdown.Markdown(extensions=["pymdownx.snippets"],
                           extension_configs={"pymdownx.snippets": {"base_path": [str(root)], **SNIPPETS_OPTIONS}})
    return md.preprocessors["snippet"]


def expand(line: str, root: Path = project.ROOT) -> str:
    """The text a `--8<--` line stands for, exactly as pymdownx.snippets inserts it.
    Raises LookupError naming the file or the section that is missing."""
    try:
        return "\n".join(_preprocessor(root).run([line.strip()])).rstrip()
    except SnippetMissingError:
        match = project.SNIPPET_LINE.match(line)
        if match is None:
            raise LookupError("no such snippet file") from None
        path = f"{project.SNIPPETS}/{match['module']}.py"
        if not (root / path).is_file():
            raise LookupError(f"there is no file {path}") from None
        raise LookupError(f"{path} has no section '{match['section']}'") from None


def section(module: str, name: str, root: Path = project.ROOT) -> str:
    """The code of section `name` of snippets/<module>.py, as the pages show it."""
    return expand(f'--8<-- "{project.SNIPPETS}/{module}.py:{name}"', root)


# --- Modules and their dependencies -----------------------------------------------------------

def module_file(module: str, root: Path = project.ROOT) -> Path:
    return root / project.SNIPPETS / f"{module}.py"


def module_source(module: str, root: Path = project.ROOT) -> str:
    return module_file(module, root).read_text(encoding="utf-8")


def imported_modules(source: str | bytes) -> list[str]:
    """The `snippets` modules a source imports, in order of appearance, any import form."""
    return list(_imported_modules(source if isinstance(source, bytes) else source.encode()))


@lru_cache(maxsize=256)
def _imported_modules(source: bytes) -> tuple[str, ...]:
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == PACKAGE:
                names = [f"{PACKAGE}.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        for name in names:
            if name.startswith(f"{PACKAGE}.") and (sub := name.split(".")[1]) not in found:
                found.append(sub)
    return tuple(found)


def dependencies(module: str, root: Path = project.ROOT, read=None) -> list[str]:
    """The `snippets` modules `module` uses, directly or not, each after what it uses."""
    read = read or (lambda name: module_file(name, root).read_bytes())
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        for dep in imported_modules(read(name)):
            if dep in trail:
                raise ImportError(f"snippets modules import each other in a circle: {' -> '.join((*trail, dep))}")
            if dep not in order:
                visit(dep, (*trail, dep))
                order.append(dep)

    visit(module, (module,))
    return order


# --- Importing the code as it is on disk ------------------------------------------------------

class _ProjectSnippets(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `snippets` and `snippets.<name>` in one project folder, or in given bytes."""

    def __init__(self, folder: Path, sources: dict[str, bytes] | None = None):
        self.folder = folder
        self.sources = sources  # module name -> source; None: read the files

    def find_spec(self, fullname, path=None, target=None):
        if fullname != PACKAGE and not fullname.startswith(f"{PACKAGE}."):
            return None
        name = "__init__" if fullname == PACKAGE else fullname.split(".", 1)[1]
        file = self.folder / f"{name}.py"
        if self.sources is not None and name not in self.sources:
            return None  # not part of the snapshot: an import the dependency scan did not see
        if self.sources is None and not file.is_file():
            return None
        return importlib.util.spec_from_file_location(
            fullname, file, loader=self, submodule_search_locations=[str(self.folder)] if name == "__init__" else None)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = "__init__" if module.__name__ == PACKAGE else module.__name__.split(".", 1)[1]
        file = self.folder / f"{name}.py"
        source = self.sources[name] if self.sources is not None else file.read_bytes()
        exec(compile(source, str(file), "exec"), module.__dict__)  # noqa: S102 (the project's own code)


def _forget_snippets() -> None:
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _ProjectSnippets)]


def use_project_snippets(root: Path) -> None:
    """From now on, ``import snippets...`` runs the files of `root`/snippets as they are on disk."""
    _forget_snippets()
    importlib.invalidate_caches()
    sys.meta_path.insert(0, _ProjectSnippets(root / project.SNIPPETS))


class Snapshot:
    """A module and every snippets module it imports, read once: `key` hashes those bytes and
    `load()` executes exactly them, so what it makes can be stored under `key`."""

    def __init__(self, module: str, root: Path = project.ROOT):
        self.module, self.folder = module, root / project.SNIPPETS
        self.sources: dict[str, bytes] = {}

        def read(name: str) -> bytes:
            if name not in self.sources:
                self.sources[name] = (self.folder / f"{name}.py").read_bytes()
            return self.sources[name]

        names = ["__init__", *dependencies(module, root, read=read), module]
        data = sorted(self.folder.glob(project.SNIPPET_DATA))  # what the code may read
        self.key = digest(*(part for name in names for part in (name, read(name))),
                          *(part for file in data for part in (file.name, file.read_bytes())))

    def load(self):
        """Import the module from the snapshot (in place of any `snippets` imported before)."""
        _forget_snippets()
        sys.meta_path.insert(0, _ProjectSnippets(self.folder, self.sources))
        return importlib.import_module(f"{PACKAGE}.{self.module}")

    @contextlib.contextmanager
    def loaded(self):
        """The module imported from the snapshot, the process's own `snippets` untouched after."""
        saved_modules = {n: m for n, m in sys.modules.items() if n == PACKAGE or n.startswith(f"{PACKAGE}.")}
        saved_path = list(sys.meta_path)
        try:
            yield self.load()
        finally:
            _forget_snippets()
            sys.meta_path[:] = saved_path
            sys.modules.update(saved_modules)


def code_key(module: str, root: Path = project.ROOT) -> str:
    """The hash of a module and of every snippets module it uses, as they are on disk now."""
    return Snapshot(module, root).key


# --- Section markers, recognised as pymdownx.snippets recognises them -------------------------

def is_section_marker(line: str) -> bool:
    return _preprocessor(project.ROOT).match_section(line) is not None


def section_lines(module: str, name: str, root: Path = project.ROOT) -> set[int]:
    """The line numbers (1-based) of section `name`, its two marker lines included."""
    inside, numbers = False, set()
    for number, line in enumerate(module_source(module, root).split("\n"), start=1):
        match = _preprocessor(root).match_section(line)
        if match and match["name"] == name:
            numbers.add(number)
            inside = match["type"] == "start"
        elif inside:
            numbers.add(number)
    return numbers


# --- Input checks: applied outside the taught code -----------------------------------------

# snippets/_checks.py's `checked` wraps a function in its input checks. A module applies it
# after the function's section (`f = checked(h=positive)(f)`), or as a decorator on code no
# page shows; the listings and the notebooks hold the plain code, without either form.
CHECKS = "checked"
CHECKS_MODULE = "_checks"  # where they live: a notebook holds none of its functions
MEMO = "remembered"  # snippets/_checks.py: a long deterministic run (training), done once per call


def _is_checks_call(node: ast.AST) -> bool:
    """`checked(...)`: the call that makes a check wrapper."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == CHECKS)


def applies_checks(node: ast.stmt) -> bool:
    """`f = checked(...)(f)`, `C.m = checked(...)(C.m)` or `f = remembered(f)`: a statement
    that only wraps what a page shows (a notebook holds the plain code); or `f = f.__wrapped__`,
    which only takes the checks off again (a notebook's f has none)."""
    if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Attribute)
            and node.value.attr == "__wrapped__"
            and ast.unparse(node.value.value) == ast.unparse(node.targets[0])):
        return True
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call)
            and len(node.value.args) == 1
            and ast.unparse(node.value.args[0]) == ast.unparse(node.targets[0])):
        return False
    func = node.value.func
    return _is_checks_call(func) or (isinstance(func, ast.Name) and func.id == MEMO)


def check_decorators(node: ast.stmt) -> list[ast.expr]:
    """The `@checked(...)` decorators of a definition."""
    return [d for d in getattr(node, "decorator_list", []) if _is_checks_call(d)]


def all_section_lines(module: str, root: Path = project.ROOT) -> set[int]:
    """The line numbers (1-based) inside any section of a module, markers included."""
    depth, numbers = 0, set()
    for number, line in enumerate(module_source(module, root).split("\n"), start=1):
        match = _preprocessor(root).match_section(line)
        if match:
            depth += 1 if match["type"] == "start" else -1
            numbers.add(number)
        elif depth > 0:
            numbers.add(number)
    return numbers
