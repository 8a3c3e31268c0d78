"""Computed results in the prose: ``{{ module.name }}`` is replaced, at build time, by the
value that ``snippets.<module>.facts()`` computes now, in both languages and in the notebooks.

    최솟값에서 {{ gradient_descent.distance:.1e }}만큼 떨어진 곳까지 다가갔습니다.
    It ends {{ gradient_descent.distance:.1e }} from the minimum.

Formats (after the colon):
    (none)      the value as Python prints it (a number, a string)
    .2e         scientific, as math: $1.02 \\times 10^{-9}$
    order       the power of ten, as math: $10^{-9}$
    .3f, g, d…  any Python format spec, as text

A fact may also be a claim: a bool that the sentence around it states. A claim prints
nothing when true; when false, the build fails and names the sentence. Put it right after
what it supports: ``x1이 먼저 멈춥니다{{ gradient_descent.x1_freezes_first }}.``

An unknown module or name, a module without ``facts()``, a ``facts()`` that raises, or a
false claim fails the build with one line naming the page and its line.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from pathlib import Path

import numpy as np
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitegen import faults, project, sources
from sitegen.cache import Cache, digest
from sitegen.faults import AuthoringError

FACT = re.compile(r"\{\{\s*(?P<module>[a-z_][a-z0-9_]*)\.(?P<name>[a-z_][a-z0-9_]*)\s*(?::\s*(?P<spec>[^}\s]+))?\s*\}\}")


def _computed(module: str, root: Path) -> dict:
    """snippets.<module>.facts(), run from a snapshot of the code: memoised, and cached on
    disk, under the hash of that code (and of numpy's version, which its numbers depend on)."""
    snapshot = sources.Snapshot(module, root)
    if snapshot.key not in _memo:
        _cache.root = root
        key = digest(VERSIONS, snapshot.key)
        cached = _cache.get_text(key)
        if cached is not None:
            _memo[snapshot.key] = json.loads(cached)
            return _memo[snapshot.key]
        with snapshot.loaded() as loaded:
            compute = getattr(loaded, "facts", None)
            if not callable(compute):
                raise LookupError(f"snippets/{module}.py has no facts() function")
            values = compute()
        if not isinstance(values, dict):
            raise TypeError(f"snippets.{module}.facts() returned {type(values).__name__}, not a dict")
        values = {name: plain(value) for name, value in values.items()}
        stored = json.dumps(values, sort_keys=True, ensure_ascii=False)
        if json.loads(stored) == values:  # only what JSON keeps exactly is stored
            _cache.put_text(key, stored)
        if len(_memo) > 64:  # a long `mkdocs serve` session
            _memo.clear()
        _memo[snapshot.key] = values
    return _memo[snapshot.key]


def plain(value):
    """numpy scalars as Python values (np.True_ is a claim like True)."""
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (list, dict)):
        return value.item()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


_memo: dict[str, dict] = {}
_cache = Cache("facts")
VERSIONS = f"numpy {np.__version__} {digest(Path(__file__).read_bytes())}"


def scientific(value: float, digits: int) -> str:
    if value == 0 or not math.isfinite(value):
        return f"${value:g}$"
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    exponent = int(exponent)
    return f"${mantissa}$" if exponent == 0 else f"${mantissa} \\times 10^{{{exponent}}}$"


def render(value, spec: str | None, lang: str) -> str:
    if isinstance(value, dict) and set(value) >= {lang.code for lang in project.LANGUAGES}:
        value = value[lang]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        value = value.item()
    if spec is None:
        return str(value)
    if not isinstance(value, numbers.Real):
        raise ValueError(f"format '{spec}' needs a number, the value is {value!r}")
    if spec == "order":
        return f"$10^{{{math.floor(math.log10(abs(value)))}}}$"
    if match := re.fullmatch(r"\.(\d+)e", spec):
        return scientific(float(value), int(match[1]))
    return format(value, spec)


def substitute(markdown: str, src_uri: str, root: Path, first: int = 1) -> str:
    """The page's Markdown with every ``{{ module.name }}`` replaced by its value."""
    lang = project.language_of(src_uri).code

    def replace(match: re.Match) -> str:
        where = f"{faults.page_file(src_uri)}:{faults.line_of(markdown, match.start(), first)}"
        module, name, spec = match["module"], match["name"], match["spec"]
        if not sources.module_file(module, root).is_file():
            raise AuthoringError(where, f"{match[0]}: there is no module snippets/{module}.py")
        try:
            values = _computed(module, root)
        except Exception as error:  # the code's own fault, reported where the page asks for it
            raise AuthoringError(where, f"{match[0]}: {type(error).__name__}: {error}") from None
        if name not in values:
            raise AuthoringError(where, f"{match[0]}: snippets.{module}.facts() has no '{name}' "
                                        f"(it has: {', '.join(sorted(values))})")
        value = values[name]
        if hasattr(value, "item") and callable(value.item):  # numpy scalars: np.True_ is a claim too
            value = value.item()
        if isinstance(value, bool):
            if spec is not None:
                raise AuthoringError(where, f"{match[0]}: a claim takes no format")
            if not value:
                line = markdown[markdown.rfind("\n", 0, match.start()) + 1:markdown.find("\n", match.end())]
                raise AuthoringError(where, f"claim {module}.{name} is false: the code no longer does what this "
                                            f"sentence says: {FACT.sub('', line).strip()[:160]}")
            return ""
        try:
            return render(value, spec, lang)
        except ValueError as error:
            raise AuthoringError(where, f"{match[0]}: {error}") from None

    return FACT.sub(replace, markdown)


@event_priority(90)  # before the Markdown is converted, after the snippet lines are checked
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return substitute(markdown, page.file.src_uri, Path(config.config_file_path).parent, faults.first_line(page))
