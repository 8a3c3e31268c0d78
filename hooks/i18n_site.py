"""MkDocs hook: two languages, ready to host (sitegen/i18n_site.py)."""

from sitegen.i18n_site import on_config, on_post_build, on_post_page, on_post_template  # noqa: F401
