"""Accessible names and focus that the theme and nbconvert leave out (checked by axe-core).

- Material's search dialog (role="dialog") and its header icon labels have no name.
- A notebook's code cell scrolls sideways, so it must be reachable by keyboard.
"""

import re

NAMES = {"ko": {"search": "검색", "menu": "메뉴"}, "en": {"search": "Search", "menu": "Menu"}}


def on_post_page(output, page, config):
    names = NAMES.get(config.theme["language"], NAMES["en"])
    output = output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                            f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{names["search"]}">', 1)
    output = output.replace('<label class="md-header__button md-icon" for="__search">',
                            f'<label class="md-header__button md-icon" for="__search" title="{names["search"]}">', 1)
    output = output.replace('<label class="md-header__button md-icon" for="__drawer">',
                            f'<label class="md-header__button md-icon" for="__drawer" title="{names["menu"]}">', 1)
    return NOTEBOOK_CODE.sub(r'\1<pre tabindex="0">', output)


NOTEBOOK_CODE = re.compile(r'(<div class="highlight-ipynb[^"]*">)<pre>')
