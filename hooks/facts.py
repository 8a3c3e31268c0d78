"""MkDocs hook: computed values and claims in the prose (sitegen/facts.py)."""

from sitegen.facts import on_page_markdown  # noqa: F401
