"""MkDocs hook: the front page's reading path (sitegen/reading.py)."""

from sitegen.reading import on_page_markdown  # noqa: F401
