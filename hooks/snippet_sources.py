"""The source of the `snippets` modules, their named sections, and which modules each one uses
(not a hook itself: hooks/figures.py and hooks/notebooks.py import it, and so do the tests)."""

import hashlib
import re
import textwrap
from pathlib import Path

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
IMPORT = re.compile(r"^from snippets\.(\w+) import", re.M)


def module_source(module: str) -> str:
    return (SNIPPETS / f"{module}.py").read_text(encoding="utf-8")


def section(module: str, name: str) -> str:
    """The code between `# --8<-- [start:name]` and `[end:name]`, dedented as the pages show it."""
    match = re.search(rf"^[ \t]*# --8<-- \[start:{name}\]\n(.*?)^[ \t]*# --8<-- \[end:{name}\]",
                      module_source(module), re.S | re.M)
    if not match:
        raise LookupError(f"no section '{name}' in snippets/{module}.py")
    return textwrap.dedent(match[1]).rstrip()


def dependencies(module: str) -> list[str]:
    """The snippets modules `module` imports, directly or not, those first."""
    order: list[str] = []

    def visit(name):
        for dep in IMPORT.findall(module_source(name)):
            if dep not in order:
                visit(dep)
                order.append(dep)

    visit(module)
    return order


def code_hash(module: str) -> str:
    """Hash of a module and of every snippets module it uses: what its outputs depend on."""
    digest = hashlib.sha256()
    for name in ["__init__", *dependencies(module), module]:
        digest.update(f"{name}\n".encode())
        digest.update((SNIPPETS / f"{name}.py").read_bytes())
    return digest.hexdigest()
