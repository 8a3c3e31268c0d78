"""The project's conventions, each written down once: hooks, tests and benchmarks import them.

- where things are: the docs and snippets folders, the cache folder;
- the languages, their page suffixes and URL prefixes;
- the pages, in nav order, and which of them are topics (a page whose name is a module
  of `snippets/` is a topic: it has a notebook);
- the Markdown forms the build gives a meaning to: a figure request, a snippet line,
  a computed value (sitegen/facts.py).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent  # this checkout; a build passes its own config_dir
DOCS = "docs"
SNIPPETS = "snippets"
SNIPPET_DATA = "*.csv.gz"  # data files beside the snippets (a notebook gets them beside it)
CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Language:
    code: str
    suffix: str  # docs/<page><suffix>.md
    prefix: str  # URL and folder of the built site: <prefix><page>/

    def page_file(self, stem: str) -> str:
        return f"{stem}{self.suffix}.md"

    def url(self, stem: str) -> str:
        return self.prefix + ("" if stem == "index" else f"{stem}/")


KOREAN = Language("ko", "", "")
ENGLISH = Language("en", ".en", "en/")
LANGUAGES = (KOREAN, ENGLISH)  # the first is the default; mkdocs.yml's i18n plugin must agree
BY_CODE = {lang.code: lang for lang in LANGUAGES}


def language_of(src_uri: str) -> Language:
    """The language of a page from its file name (``x.en.md`` is English, ``x.md`` Korean)."""
    name = src_uri.rsplit("/", 1)[-1]
    for lang in LANGUAGES[1:]:
        if name.endswith(f"{lang.suffix}.md") or name.endswith(f"{lang.suffix}.ipynb"):
            return lang
    return LANGUAGES[0]


def stem_of(src_uri: str) -> str:
    """``gradient.en.md`` -> ``gradient``; ``notebooks/gradient.ipynb`` -> ``gradient``."""
    name = src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for lang in LANGUAGES[1:]:
        name = name.removesuffix(lang.suffix)
    return name


def cache_root(root: Path = ROOT) -> Path:
    """Every cache of the build lives under this folder (SITE_CACHE_DIR overrides it)."""
    return Path(os.environ.get("SITE_CACHE_DIR") or root / ".cache")


# --- Markdown forms -------------------------------------------------------------------------

# A lesson page ends with its exercises, under this heading: each a paragraph `**1. …**`, then
# its answer folded in `??? success "답"` / `??? success "Answer"`.
EXERCISES = {"ko": "직접 해 보기", "en": "Try it yourself"}
ANSWER_TITLE = {"ko": "답", "en": "Answer"}
EXERCISE = re.compile(r"^\*\*(?P<number>\d+)\. (?P<title>[^*]+)\*\*")  # **1. A title.** the question
PREDICT = {"ko": "예측해 보세요", "en": "Predict"}  # an exercise that asks for a guess before the answer
ANSWER_SECTION = "answer_"  # snippet sections of a coding exercise's answer: answer_<name>
# A snippet section that shows the snippets package's own input checks (not the book's code):
# checks_<name>. A page shows it in a fold; its notebook, which holds plain code, leaves it out.
CHECKS_SECTION = "checks_"
# The front page's list of lessons, with outcomes and reading times (sitegen/reading.py)
READING_PATH = "<!-- reading path -->"
# Material's folds: `??? note "더 알아보기: …"` holds what a learner can leave for later
GOING_FURTHER = {"ko": "더 알아보기", "en": "Going further"}

# ![alt](figures/<module>.<function>.svg|png): a figure drawn from snippets.<module>.<function>();
# with { data-frames="h: 1, 1e-2, 1e-4" data-value="1e-4" } after it, a figure with a slider:
# one frame per value of the function's argument h ({h} in the alt text is the value).
FIGURE_REF = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>figures/[^)\s]+)\)(?:\{(?P<attrs>[^}\n]*)\})?")
ATTRIBUTE = re.compile(r'(?P<name>[\w-]+)="(?P<value>[^"]*)"')
FIGURE_NAME = re.compile(r"figures/(?P<module>[a-z_][a-z0-9_]*)\.(?P<func>[a-z_][a-z0-9_]*)\.(?P<ext>svg|png)")
# --8<-- "snippets/<module>.py:<section>", alone on its line: code from a snippet section
SNIPPET_LINE = re.compile(r'^(?P<indent>[ \t]*)--8<-- "snippets/(?P<module>\w+)\.py:(?P<section>\w+)"\s*$')


# --- Pages and topics, from mkdocs.yml ------------------------------------------------------

class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its tags (!ENV, !relative, python objects) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: Path = ROOT) -> dict:
    with open(root / CONFIG, encoding="utf-8") as file:
        return yaml.load(file, Loader=_ConfigLoader)  # noqa: S506 (a SafeLoader)


def nav_files(nav) -> list[str]:
    """The files of a nav (as in mkdocs.yml), in order."""
    out: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += nav_files(value)
        elif isinstance(value, str):
            out.append(value)
    return out


def pages(root: Path = ROOT, nav=None) -> list[str]:
    """The stems of the Markdown pages in nav order (``index``, ``derivative``, ...)."""
    files = nav_files(read_config(root)["nav"] if nav is None else nav)
    return [f.removesuffix(".md") for f in files if f.endswith(".md")]


def topics(root: Path = ROOT, nav=None) -> list[str]:
    """The pages that teach a module of `snippets/`: each has a notebook, in both languages."""
    return [stem for stem in pages(root, nav) if (root / SNIPPETS / f"{stem}.py").is_file()]


def notebook_src(topic: str, lang: Language) -> str:
    return f"notebooks/{topic}{lang.suffix}.ipynb"
