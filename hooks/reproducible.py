"""MkDocs hook: the build is dated by the last commit (sitegen/reproducible.py)."""

from sitegen.reproducible import on_startup  # noqa: F401
