"""nbconvert's stylesheet, cut down to the rules a notebook page can use.

nbconvert ships JupyterLab's whole stylesheet (about 0.6 MB, 3000 rules: widgets, menus,
dialogs...) with every notebook page; the browser matches each rule against every element
of the page, which was most of the main thread's work on a phone. A rule is kept when one of
its selectors needs only classes that occur on the page; a rule that names no class at all is
kept as it is; @media and @supports blocks are cut the same way, @keyframes kept when a kept
rule animates with them; custom properties that no kept rule reads are dropped.
"""

from __future__ import annotations

import re

CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def classes_of(html: str) -> set[str]:
    return {name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split()}


def blocks(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs; a statement without a body (@charset x;) has body None."""
    out, depth, start, prelude = [], 0, 0, ""
    i = 0
    while i < len(css):
        ch = css[i]
        if ch == "{":
            if depth == 0:
                prelude, body_start = css[start:i].strip(), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[body_start:i]))
                start = i + 1
        elif ch == ";" and depth == 0:
            statement = css[start:i + 1].strip()
            if statement:
                out.append((statement, None))
            start = i + 1
        i += 1
    return out


PARENTHESES = re.compile(r"\([^()]*\)")


def nested(prelude: str) -> bool:
    """A block of rules (@media, @supports), cut like the stylesheet itself."""
    return prelude.startswith(("@media", "@supports"))


def selector_used(selector: str, used: set[str]) -> bool:
    """Whether a selector may match: every class it needs occurs. Classes inside :not(),
    :is(), :where() or :has() are not counted (a rule is rather kept than lost)."""
    while PARENTHESES.search(selector):
        selector = PARENTHESES.sub("", selector)
    return all(name in used for name in CLASS.findall(selector))


def prune(css: str, used: set[str]) -> str:
    css = COMMENT.sub("", css)
    kept: list[str] = []
    keyframes: list[tuple[str, str, str]] = []
    for prelude, body in blocks(css):
        if body is None:
            kept.append(prelude)
        elif nested(prelude):
            inner = prune(body, used)
            if inner.strip():
                kept.append(f"{prelude}{{{inner}}}")
        elif "keyframes" in prelude:
            keyframes.append((prelude, prelude.split()[-1], body))
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in split_outside(prelude, ",") if selector_used(s, used)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    text = "\n".join(kept)
    animated = [f"{prelude}{{{body}}}" for prelude, name, body in keyframes if name in text]
    return "\n".join(kept + animated)


VAR = re.compile(r"var\(\s*(--[\w-]+)")


def split_outside(text: str, separator: str) -> list[str]:
    """`text` split at the separators outside parentheses and quotes, parts stripped."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def declarations(body: str) -> list[str]:
    """A rule's declarations."""
    return split_outside(body, ";")


def prune_variables(css: str) -> str:
    """Drop custom properties (--name: value) that no kept rule reads, directly or not."""
    declared: dict[str, list[str]] = {}
    needed: set[str] = set()

    def scan(items):
        for prelude, body in items:
            if body is None:
                continue
            if nested(prelude) or "keyframes" in prelude:  # a keyframe's properties may read variables too
                scan(blocks(body))
                continue
            for part in declarations(body):
                name, _, value = part.partition(":")
                if name.strip().startswith("--"):
                    declared.setdefault(name.strip(), []).append(value)
                else:
                    needed.update(VAR.findall(part))

    scan(blocks(css))
    todo = list(needed)
    while todo:
        for value in declared.get(todo.pop(), []):
            for name in set(VAR.findall(value)) - needed:
                needed.add(name)
                todo.append(name)

    def rebuild(items) -> str:
        out = []
        for prelude, body in items:
            if body is None:
                out.append(prelude)
            elif nested(prelude):
                inner = rebuild(blocks(body))
                if inner.strip():
                    out.append(f"{prelude}{{{inner}}}")
            elif "keyframes" in prelude:
                out.append(f"{prelude}{{{body}}}")
            else:
                kept = [part for part in declarations(body)
                        if not part.startswith("--") or part.partition(":")[0].strip() in needed]
                if kept:
                    out.append(f"{prelude}{{{';'.join(kept)}}}")
        return "\n".join(out)

    return rebuild(blocks(css))
