"""MkDocs hook: Korean search (sitegen/search_ko.py)."""

from sitegen.search_ko import on_config, on_post_build  # noqa: F401
