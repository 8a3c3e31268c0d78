"""MkDocs hook: code on the pages (sitegen/code_blocks.py)."""

from sitegen.code_blocks import on_config, on_page_content, on_page_markdown, on_startup  # noqa: F401
