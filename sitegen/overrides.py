"""Material's partials that the site overrides (theme.custom_dir: overrides/), and how.

Material leaves three controls without an accessible name (axe-core: the search dialog,
and the header's search and menu buttons). The documented way to change a theme's HTML is
a template override, so overrides/partials/ holds copies of Material's partials with only
these names added. The copies are made from the installed Material by `write()`; a test
checks that the committed copies are exactly what it makes, so an upgrade of Material that
moves these lines fails loudly instead of silently serving an old partial.

    .venv/bin/python -m sitegen.overrides     # remake overrides/ after upgrading Material
"""

from __future__ import annotations

from pathlib import Path

import material

from sitegen import project

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = project.ROOT / "overrides"
NOTE = ("{#- sitegen: Material's partial, with the accessible names that sitegen/overrides.py adds;\n"
        "    remake with `python -m sitegen.overrides` after upgrading Material. -#}\n")
MENU = '{%- set sitegen_menu = {"ko": "메뉴"}.get(config.theme.language, "Menu") %}{# sitegen #}\n'
# partial -> [(Material's text, ours)], each applied exactly once
CHANGES = {
    "partials/header.html": [
        ('{% set class = "md-header" %}', MENU + '{% set class = "md-header" %}'),
        ('<label class="md-header__button md-icon" for="__drawer">',
         '<label class="md-header__button md-icon" for="__drawer" title="{{ sitegen_menu }}">{# sitegen #}'),
        ('<label class="md-header__button md-icon" for="__search">',
         "<label class=\"md-header__button md-icon\" for=\"__search\" title=\"{{ lang.t('search') }}\">{# sitegen #}"),
    ],
    "partials/search.html": [
        ('<div class="md-search" data-md-component="search" role="dialog">',
         "<div class=\"md-search\" data-md-component=\"search\" role=\"dialog\" "
         "aria-label=\"{{ lang.t('search') }}\">{# sitegen #}"),
    ],
}


def made(partial: str) -> str:
    text = (MATERIAL / partial).read_text(encoding="utf-8")
    for theirs, ours in CHANGES[partial]:
        if text.count(theirs) != 1:
            raise ValueError(f"Material's {partial} no longer has {theirs!r} once: update sitegen/overrides.py")
        text = text.replace(theirs, ours)
    return NOTE + text


def write() -> None:
    for partial in CHANGES:
        target = OVERRIDES / partial
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(made(partial), encoding="utf-8")


if __name__ == "__main__":
    write()
