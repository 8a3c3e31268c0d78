"""Figures for both colour schemes, and figures with a slider: drawn, named and wired."""

import json
import re
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from sitegen import figure_theme, figures
from sitegen.faults import AuthoringError
from sitegen.sources import Snapshot


def test_dark_maps_greys_and_keeps_colours():
    assert to_hex(figure_theme.dark("black")) == to_hex(figure_theme.DARK_TEXT)
    assert to_hex(figure_theme.dark("white")) == to_hex(figure_theme.DARK_BACKGROUND)
    assert to_hex(figure_theme.dark("C0")) == to_hex("C0") and to_hex(figure_theme.dark("C3")) == to_hex("C3")
    light_grey, dark_grey = figure_theme.dark("0.75"), figure_theme.dark("0.25")
    assert sum(light_grey[:3]) < sum(dark_grey[:3])  # a faint grey on white stays faint on slate


def test_to_dark_recolours_text_lines_and_collections_but_not_colormaps():
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="C1")
    ax.plot([0, 1], [1, 0], color="0.4")
    ax.contour(np.eye(3), colors="0.75")
    mesh = ax.pcolormesh(np.eye(3), cmap="viridis")
    ax.set_xlabel("$x$")
    mapped = mesh.get_facecolors().copy()
    figure_theme.to_dark(fig)
    lines = ax.get_lines()
    assert to_hex(lines[0].get_color()) == to_hex("C1")
    assert to_hex(lines[1].get_color()) == to_hex(figure_theme.dark("0.4"))
    assert to_hex(ax.xaxis.label.get_color()) == to_hex(figure_theme.DARK_TEXT)
    np.testing.assert_array_equal(mesh.get_facecolors(), mapped)


def test_each_real_figure_is_drawn_for_both_schemes_on_a_transparent_background():
    snapshot = Snapshot("derivative_examples")
    light = figures.render(snapshot, "function_1_figure", "svg", "light")
    dark = figures.render(snapshot, "function_1_figure", "svg", "dark")
    assert light != dark
    for svg in (light, dark):
        assert b"fill: #ffffff" not in svg.split(b"<g id=\"axes_1\">")[0]  # no white backdrop
    assert to_hex(figure_theme.DARK_TEXT).encode() in dark and to_hex(figure_theme.DARK_TEXT).encode() not in light


@pytest.mark.parametrize("attrs, message", [
    ('data-frames="h 1, 2" data-value="1"', "must read"),
    ('data-frames="h: 1" data-value="1"', "must read"),
    ('data-frames="h: 1, 2" data-value="3"', 'data-value="3" is not one of its frames'),
    ('data-frames="h: 1, two" data-value="1"', "frame value 'two' is not a number"),
])
def test_a_bad_slider_is_one_line_naming_page_and_figure(attrs, message):
    with pytest.raises(AuthoringError) as error:
        figures.parse_slider(attrs, "docs/x.md:3", "figures/derivative.error_vs_h_figure.svg")
    assert str(error.value).startswith("docs/x.md:3: figure 'figures/derivative.error_vs_h_figure.svg'")
    assert message in str(error.value)


def slider_request():
    slider = figures.parse_slider('data-frames="x: 2.5, 5, 10" data-value="5"', "docs/x.md:1", "p")
    return figures.Request("figures/derivative_examples.tangent_figure.svg", "derivative_examples",
                           "tangent_figure", "svg", slider)


def test_a_slider_needs_one_picture_per_frame_and_scheme_plus_the_first_shown():
    pictures = slider_request().pictures()
    assert len(pictures) == 2 * (3 + 1)
    assert ("figures/derivative_examples.tangent_figure/2.dark.svg", "dark", (("x", 10.0),)) in pictures
    assert ("figures/derivative_examples.tangent_figure.svg", "light", (("x", 5.0),)) in pictures


def test_the_page_gets_both_schemes_and_an_accessible_control(monkeypatch):
    request = slider_request()
    monkeypatch.setitem(figures._figures.requests, request.path, request)
    monkeypatch.setitem(figures._figures.sizes, request.path, (614, 384))
    page = SimpleNamespace(file=SimpleNamespace(src_uri="derivative_examples.en.md"),
                           markdown='![Tangent at x = {x}](figures/derivative_examples.tangent_figure.svg)'
                                    '{ data-frames="x: 2.5, 5, 10" data-value="5" }')
    html = ('<p><img alt="Tangent at x = {x}" src="../figures/derivative_examples.tangent_figure.svg" '
            'data-frames="x: 2.5, 5, 10" data-value="5" /></p>')
    out = figures.on_page_content(html, page, None, None)
    images = re.findall(r"<img [^>]*>", out)
    assert [re.search(r'src="([^"]+)"', i)[1] for i in images] == [
        "../figures/derivative_examples.tangent_figure/1.svg#only-light",
        "../figures/derivative_examples.tangent_figure/1.dark.svg#only-dark"]
    assert all('alt="Tangent at x = 5"' in i and 'loading="lazy"' in i and "data-frames" not in i for i in images)
    assert all('width="614" height="384"' in i for i in images)
    control = re.search(r'<input id="(figure-slider-1)" type="range" min="0" max="2" step="1" value="1" '
                        r'aria-label="The value of x in the figure" aria-valuetext="x = 5">', out)
    assert control and f'<label for="{control[1]}">x</label>' in out and f'<output for="{control[1]}">5</output>' in out
    frames = json.loads(re.search(r'data-frames="([^"]+)"', out)[1].replace("&quot;", '"'))
    assert [f["alt"] for f in frames] == ["Tangent at x = 2.5", "Tangent at x = 5", "Tangent at x = 10"]


def test_the_size_of_a_figure_in_css_pixels():
    snapshot = Snapshot("derivative_examples")
    svg = figures.render(snapshot, "function_1_figure", "svg")
    png = figures.render(snapshot, "function_1_figure", "png")
    assert figures.css_size(svg, "svg") == figures.css_size(png, "png") == (614, 384)  # 6.4 x 4.0 inches


def test_a_first_figure_in_the_first_screen_loads_at_once_and_the_others_when_they_come_near(monkeypatch):
    """A figure in a phone's first screen is the largest thing painted: lazy, it would paint
    late. Further down, even the first waits (learning's, 60 lines down, made the page's
    start-up a 300 ms task: Lighthouse 88-90 against 98-99 lazy). A slider stays lazy even first
    (its frames change: an eager copy would be dropped)."""
    plain = figures.Request("figures/derivative_examples.function_1_figure.svg", "derivative_examples",
                            "function_1_figure", "svg", None)
    slider = slider_request()
    for request in (plain, slider):
        monkeypatch.setitem(figures._figures.requests, request.path, request)
        monkeypatch.setitem(figures._figures.sizes, request.path, (614, 384))
    plain_md = "![A curve](figures/derivative_examples.function_1_figure.svg)"
    slider_md = '![Tangent at x = {x}](figures/derivative_examples.tangent_figure.svg){ data-frames="x: 2.5, 5, 10" }'
    figure = '<p><img alt="A curve" src="../figures/derivative_examples.function_1_figure.svg" /></p>'
    moving = ('<p><img alt="Tangent at x = {x}" src="../figures/derivative_examples.tangent_figure.svg" '
              'data-frames="x: 2.5, 5, 10" data-value="5" /></p>')

    def loading(html, markdown):
        page = SimpleNamespace(file=SimpleNamespace(src_uri="derivative_examples.en.md"), markdown=markdown)
        return re.findall(r'<img [^>]*loading="(\w+)"', figures.on_page_content(html, page, None, None))

    assert loading(figure * 2, plain_md * 2) == ["eager", "eager", "lazy", "lazy"]  # each: light, dark
    assert loading(moving + figure, slider_md + plain_md) == ["lazy"] * 4
    # 20 lines of a phone's column (40 Latin letters each, a Hangul syllable as wide as two)
    words = "<p>" + "word " * 140 + "</p>"  # 700 letters: 17.5 lines
    assert loading(words + figure, plain_md) == ["eager", "eager"]
    assert loading(words + "<pre><code>a = 1\nb = 2\nc = 3</code></pre>" + figure, plain_md) == ["lazy", "lazy"]
    assert loading("<p>" + "가나" * 200 + "</p>" + figure, plain_md) == ["eager", "eager"]  # 800 widths: 20 lines
    assert loading("<p>" + "가나" * 220 + "</p>" + figure, plain_md) == ["lazy", "lazy"]  # 22 lines
    assert loading("<details><p>" + "word " * 900 + "</p></details>" + figure, plain_md) == ["eager", "eager"]
