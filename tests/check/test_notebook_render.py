"""The notebook pages' fixes on mkdocs-jupyter's HTML (sitegen/notebooks/render.py)."""

from sitegen.notebooks import make, render

MARKER = make.TEXT["en"]["helper"]


def code_cell(code: str) -> str:
    """A code cell as mkdocs-jupyter writes it: the highlighted code, then the same code
    again, plain, in the copy button's hidden text."""
    first, *rest = code.split("\n")
    highlighted = (f'<span class="c1">{first}</span>\n' if first.startswith("# ") else first + "\n") + "\n".join(rest)
    return ('<div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noOutputs">\n'
            '<div class="jp-Cell-inputWrapper" tabindex="0">\n'
            '<div class="jp-InputArea jp-Cell-inputArea">\n'
            '<div class="CodeMirror cm-s-jupyter">\n'
            f'<div class="highlight-ipynb hl-python highlight"><pre><span></span>{highlighted}</pre></div>\n'
            f'<div class="clipboard-copy-txt" id="cell-1">{code}</div>\n'
            "</div>\n</div>\n</div>\n</div>\n")


def test_a_helper_cell_is_folded_once_and_counted_once_despite_the_copy_text():
    html = code_cell("x = 1") + code_cell(f"{MARKER}\ndef helper():\n    return 2") + code_cell("helper()")
    folded_html, folded, cells = render.fold_helpers(html, MARKER, "Helper code (show)")
    assert (folded, cells) == (1, 1)
    assert folded_html.count('<details class="notebook-setup">') == 1
    assert folded_html.index("<details") < folded_html.index("def helper") < folded_html.index("</details>")
    assert folded_html.index("</details>") < folded_html.rindex(">helper()</div>")


def test_a_helper_cell_the_fold_missed_is_counted():
    html = code_cell(f"{MARKER}\ny = 3").replace('class="jp-Cell-inputWrapper"', 'class="other"')
    _, folded, cells = render.fold_helpers(html, MARKER, "Helper code (show)")
    assert (folded, cells) == (0, 1)
