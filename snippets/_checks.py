"""Argument checks shared by the modules: a bad input fails early, by name."""

import math


def check_callable(f):
    """Raise ``TypeError`` unless ``f`` can be called."""
    if not callable(f):
        raise TypeError(f"f must be a callable function, got {type(f).__name__} {f!r}")


def check_step(h):
    """Raise ``ValueError`` unless ``h`` is a finite number greater than 0."""
    try:
        ok = math.isfinite(h) and h > 0
    except TypeError:
        raise TypeError(f"h must be a number, got {type(h).__name__} {h!r}") from None
    if not ok:
        raise ValueError(f"h must be a finite number > 0, got h={h!r}")
