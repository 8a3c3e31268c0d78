"""Figures for the page's colour scheme: the same figure, drawn for light and for dark.

A figure function draws once, for a light page, as the book would. For Material's dark
("slate") scheme the build recolours that same Figure before saving it: every neutral
colour (black, greys, white) is mapped from the light page's range (text on white) to the
dark page's (text on slate), and every other colour is kept, so a colour means the same
thing in both schemes. Backgrounds are transparent: the page shows through, in either
scheme. Material shows ``#only-light`` images in the light scheme and ``#only-dark``
images in the dark one.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import Collection
from matplotlib.colors import to_rgba, to_rgba_array
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

THEMES = ("light", "dark")
# Material's slate scheme, as Chromium computes it: the page and its text.
DARK_BACKGROUND = np.array([30, 33, 41]) / 255
DARK_TEXT = np.array([226, 228, 233]) / 255
NEUTRAL = 0.02  # a colour whose channels differ less than this is a grey


def dark(rgba):
    """One colour for the dark page: greys move from [black, white] to [text, background]."""
    r, g, b, a = to_rgba(rgba)
    if max(r, g, b) - min(r, g, b) > NEUTRAL:
        return (r, g, b, a)
    level = (r + g + b) / 3  # 0: black (the light page's text) ... 1: white (its background)
    r, g, b = DARK_TEXT + level * (DARK_BACKGROUND - DARK_TEXT)
    return (float(r), float(g), float(b), a)


def _dark_array(colors):
    colors = to_rgba_array(colors)
    return np.array([dark(c) for c in colors]) if len(colors) else colors


def to_dark(fig: Figure) -> Figure:
    """Recolour a drawn Figure, in place, for the dark scheme."""
    fig.canvas.draw()  # ticks and labels exist only once drawn
    for artist in fig.findobj():
        if isinstance(artist, Text):
            artist.set_color(dark(artist.get_color()))
        elif isinstance(artist, Line2D):
            artist.set_color(dark(artist.get_color()))
            artist.set_markerfacecolor(dark(artist.get_markerfacecolor()))
            artist.set_markeredgecolor(dark(artist.get_markeredgecolor()))
        elif isinstance(artist, Patch):
            artist.set_facecolor(dark(artist.get_facecolor()))
            artist.set_edgecolor(dark(artist.get_edgecolor()))
        elif isinstance(artist, Collection):
            if artist.get_array() is None:  # colours given, not mapped from data by a colormap
                artist.set_facecolor(_dark_array(artist.get_facecolor()))
            artist.set_edgecolor(_dark_array(artist.get_edgecolor()))
    for ax in fig.axes:  # 3-D panes keep their colours in a property of their own
        for axis in (getattr(ax, "xaxis", None), getattr(ax, "yaxis", None), getattr(ax, "zaxis", None)):
            if axis is not None and hasattr(axis, "set_pane_color"):
                axis.set_pane_color(dark(axis.pane.get_facecolor()))
    return fig
