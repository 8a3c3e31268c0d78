"""MkDocs hook: TeX -> SVG at build time (sitegen/math.py)."""

from sitegen.math import on_config, on_page_content  # noqa: F401
