"""MkDocs hook: `mkdocs serve --dirty` rebuilds what the code changed, too (sitegen/dirty.py)."""

from sitegen.dirty import on_files  # noqa: F401
