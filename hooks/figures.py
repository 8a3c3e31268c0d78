"""MkDocs hook: figures drawn from snippets (sitegen/figures.py)."""

from sitegen.figures import on_files, on_page_content  # noqa: F401
