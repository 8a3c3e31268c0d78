"""sitegen/notebooks/css.py: nbconvert's stylesheet cut down to what a notebook page uses."""

from sitegen.notebooks import css

PAGE = '<div class="jp-Cell jp-CodeCell"><pre class="highlight">x</pre></div>'


def kept(stylesheet: str) -> str:
    return css.prune(stylesheet, css.classes_of(PAGE))


def test_the_classes_of_a_page():
    assert css.classes_of(PAGE) == {"jp-Cell", "jp-CodeCell", "highlight"}


def test_a_rule_stays_when_one_of_its_selectors_can_match():
    assert kept(".jp-Cell .highlight { color: red }") == ".jp-Cell .highlight{ color: red }"
    assert kept(".jp-Menu, .jp-CodeCell > pre { margin: 0 }") == ".jp-CodeCell > pre{ margin: 0 }"
    assert kept(".jp-Menu .jp-Cell { margin: 0 }") == ""


def test_a_rule_without_classes_stays():
    assert kept(":root { --a: 1px } body { margin: 0 }") == ":root{ --a: 1px }\nbody{ margin: 0 }"


def test_a_class_under_not_is_one_the_selector_needs_absent():
    assert kept(".jp-Cell:not(.jp-mod-active) { color: red }") == ".jp-Cell:not(.jp-mod-active){ color: red }"


def test_selectors_are_split_only_at_top_level_commas():
    rule = ".jp-Cell:is(.jp-Menu, .jp-CodeCell) { color: red }"
    assert kept(rule) == ".jp-Cell:is(.jp-Menu, .jp-CodeCell){ color: red }"


def test_media_blocks_are_cut_and_dropped_when_empty():
    assert kept("@media print { .jp-Menu { x: 1 } .jp-Cell { y: 2 } }") == "@media print{.jp-Cell{ y: 2 }}"
    assert kept("@media print { .jp-Menu { x: 1 } }") == ""


def test_keyframes_stay_only_when_a_kept_rule_uses_them():
    sheet = "@keyframes spin { to { x: 1 } } @keyframes fade { to { x: 0 } } .jp-Cell { animation: spin 1s }"
    out = kept(sheet)
    assert "@keyframes spin" in out and "fade" not in out


def test_comments_go():
    assert kept("/* .jp-Cell { a: b } */ .jp-Cell { c: d }") == ".jp-Cell{ c: d }"


def test_unread_custom_properties_go_and_read_ones_stay_through_chains():
    sheet = ":root { --used: var(--base); --base: 1px; --unused: 2px } .jp-Cell { margin: var(--used) }"
    out = css.prune_variables(sheet)
    assert "--used" in out and "--base: 1px" in out and "--unused" not in out
    assert ".jp-Cell{margin: var(--used)}" in out


def test_a_semicolon_inside_quotes_or_parentheses_does_not_split_a_declaration():
    assert css.declarations("content: 'a;b'; background: url(x;y); color: red") == [
        "content: 'a;b'", "background: url(x;y)", "color: red"]


def test_the_cached_notebook_html_is_keyed_on_the_pruning_code():
    from sitegen.notebooks import render

    assert css.__file__ in {str(path) for path in render.RENDER_CODE}
