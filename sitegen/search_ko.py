"""Korean search that finds a term with a particle attached or inside a compound.

Material's search (lunr) matches query words as prefixes of indexed words, and Korean
writes particles onto words: "미분" misses "수치미분", and "미분은" misses "미분을".
Two small changes fix that, keeping Material's search interface as it is:

1. The search `separator` (set here) also splits a trailing particle off a Hangul word
   ("미분을" -> "미분" + "을"). Material applies the separator to the pages and to the
   query alike, so "미분은" and "미분을" both become "미분" + a particle.
2. This hook adds, for every Hangul word of a section, its endings of two syllables or
   more ("수치미분" -> "치미분", "미분") in a hidden element of the index entry, so a
   prefix search for "미분" finds the compound.
"""

import json
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from sitegen.korean import PARTICLES

log = logging.getLogger("mkdocs.sitegen.search_ko")


PARTICLE = re.compile(rf"(?<=[가-힣])(?:{PARTICLES})$")
WORD_SEPARATOR = r'[\s\-,:;!?()\[\]{}"/=<>]+'  # whitespace, hyphens, punctuation
# ... and the empty place before a particle that ends a Korean word
SEPARATOR = rf"{WORD_SEPARATOR}|(?<=[가-힣])(?=(?:{PARTICLES})(?![가-힣]))"
HANGUL_WORD = re.compile(r"[가-힣]+")
TAG = re.compile(r"<[^>]+>")
HIDDEN = '<span hidden class="search-ko">'


def word_endings(text: str) -> set[str]:
    """The endings (two syllables or more, not the word itself) of the Hangul words in text."""
    endings = set()
    for word in HANGUL_WORD.findall(TAG.sub(" ", text)):
        word = PARTICLE.sub("", word)
        endings.update(word[i:] for i in range(1, len(word) - 1))
    return endings


@event_priority(100)  # before Material's search plugin reads its separator
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    search = config.plugins.get("material/search")
    assert search is not None and "separator" in search.config, "patch failed: Material's search has no separator"
    search.config.separator = SEPARATOR
    return config


@event_priority(-150)  # after mkdocs-static-i18n (-100) has merged the languages' entries into one index
def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if config.plugins["i18n"].building or not path.exists():  # only once every language is in
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for doc in index["docs"]:
        text = doc.get("text", "").split(HIDDEN, 1)[0]  # idempotent, should it run twice
        endings = sorted(word_endings(doc.get("title", "") + " " + text))
        doc["text"] = text + (f'{HIDDEN}{" ".join(endings)}</span>' if endings else "")
        added += len(endings)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info("search: %d Korean word endings added to %d entries", added, len(index["docs"]))
