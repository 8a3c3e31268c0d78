"""The source of the `snippets` modules, and which modules each one uses (not a hook itself:
hooks/figures.py and hooks/notebooks.py import it to key their caches and build notebooks)."""

import hashlib
import re
from pathlib import Path

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
IMPORT = re.compile(r"^from snippets\.(\w+) import", re.M)


def module_source(module: str) -> str:
    return (SNIPPETS / f"{module}.py").read_text(encoding="utf-8")


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
