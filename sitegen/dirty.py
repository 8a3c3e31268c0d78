"""`mkdocs serve --dirty` that stays true to the code: a page counts as modified when what it
shows could have changed, not only when its own file did.

With --dirty, MkDocs rebuilds only the pages whose source is newer than their output. Here a
page's output also depends on the `snippets` package (its code blocks, facts and figures),
and a notebook page on its staged notebook; so a page is rebuilt when its Markdown or the
snippets changed since the last build of this `mkdocs serve`, and a notebook page when its
notebook did. (A dirty build leaves the other pages as they were — their navigation and the
search index may lag: MkDocs' own caveat of --dirty.) Without --dirty nothing changes.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from sitegen.cache import digest
from sitegen.page_cache import snippets_key

_seen: dict[str, str] = {}  # page destination -> what it was built from, in this process


@event_priority(-300)  # every file of this language's pass is known
def on_files(files: Files, config: MkDocsConfig) -> Files:
    code = snippets_key(Path(config.config_file_path).parent)
    for file in files.documentation_pages():
        if not file.abs_src_path:
            continue
        source = Path(file.abs_src_path).read_bytes()
        inputs = digest(source, code) if file.src_uri.endswith(".md") else digest(source)
        changed = _seen.get(file.dest_uri) != inputs
        _seen[file.dest_uri] = inputs
        file.is_modified = (lambda changed=changed: changed)
    return files
