"""MkDocs hook: a notebook per topic page and language (sitegen/notebooks/)."""

from sitegen.notebooks.render import (  # noqa: F401
    on_config,
    on_files,
    on_nav,
    on_page_content,
    on_page_markdown,
    on_post_page,
    on_pre_page,
)
