"""Lighter pages: math SVG without unused markup (sitegen/math.py), notebook figures as files
(sitegen/notebooks/render.py). The drawing and the words a screen reader gets stay the same."""

import base64
import re
import struct
import zlib

import pytest

from sitegen import math as site_math
from sitegen.notebooks import render


@pytest.fixture(scope="module")
def raw_and_light():
    raw = site_math._typesetter._mathjax().render(r"\frac{f(x + h) - f(x)}{h}", display=True)
    return raw, site_math.lighter(raw)


def drawing(svg: str) -> list[tuple[str, str]]:
    """What is drawn: each path or use with its data and the transforms of the groups around it."""
    out, stack = [], []
    for tag in re.finditer(r"<(/?)(\w+)([^>]*?)(/?)>", svg):
        closing, name, attributes, empty = tag.groups()
        transform = re.search(r'transform="([^"]*)"', attributes)
        if name in ("path", "use", "rect"):
            target = re.search(r'(?:xlink:)?href="([^"]*)"|\bd="([^"]*)"', attributes)
            out.append((" ".join(stack) + (" " + transform[1] if transform else ""), target[0].split("=")[1] if target else name))
        elif name == "g" and not closing and not empty:
            stack.append(transform[1] if transform else "")
        elif name == "g" and closing:
            stack.pop()
    return [(" ".join(t.split()), what) for t, what in out]


def test_the_lighter_svg_draws_the_same_and_keeps_its_name(raw_and_light):
    raw, light = raw_and_light
    assert drawing(light) == drawing(raw)
    assert 'role="img"' in light and "data-mml-node" not in light and "xlink:href" not in light
    assert len(light) < 0.9 * len(raw)  # the glyphs (defs) are most of one formula alone
    assert light.count("<g") <= raw.count("<g")


def test_a_group_left_with_no_attribute_gives_way_to_its_children():
    svg = '<svg><g data-mml-node="mrow"><g transform="scale(2)"><path d="M0 0"/></g></g></svg>'
    assert site_math.lighter(svg) == '<svg><g transform="scale(2)"><path d="M0 0"/></g></svg>'


def test_an_unbalanced_group_is_refused():
    with pytest.raises(site_math.MathError, match="unbalanced"):
        site_math.lighter("<svg><g><path d='M0 0'/></svg>")


def png(width: int, height: int) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_a_notebook_figure_becomes_a_lazy_file_with_its_size():
    image = png(7, 3)
    html = f'<img alt="a" class="" src="data:image/png;base64,{base64.b64encode(image).decode()}"/>'
    out, files, count = render.figures_as_files(html * 2)
    assert count == 2 and list(files.values()) == [image]  # one file for the same figure
    (name,) = files
    assert re.fullmatch(r"figure\.[0-9a-f]{16}\.png", name)
    assert out.count(f'src="{name}" width="7" height="3" loading="lazy"') == 2 and "data:" not in out
