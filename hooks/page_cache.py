"""MkDocs hook: each page converted once per content (sitegen/page_cache.py)."""

from sitegen.page_cache import on_config, on_files, on_pre_page  # noqa: F401
