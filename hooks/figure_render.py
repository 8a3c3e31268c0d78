"""Draw one figure: call its function in `snippets` and save the Figure it returns.

Kept apart from hooks/figures.py so that worker processes can import it by name.
"""

import importlib
import io

import matplotlib

matplotlib.use("Agg")  # never a GUI backend at build time

from matplotlib.figure import Figure

RC = {"svg.hashsalt": "numerical-gradient", "svg.fonttype": "path", "font.size": 11}  # same bytes every build
PNG_DPI = 110


def render(module: str, func: str, ext: str) -> bytes:
    """Call snippets.<module>.<func>() and return the figure's bytes."""
    try:
        figure_function = getattr(importlib.import_module(f"snippets.{module}"), func)
    except (ImportError, AttributeError) as error:
        raise LookupError(f"there is no function snippets.{module}.{func} ({error})") from None
    fig = figure_function()
    if not isinstance(fig, Figure):
        raise TypeError(f"snippets.{module}.{func}() returned {type(fig).__name__}, not a matplotlib Figure")
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        if ext == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def render_job(job):
    path, module, func, ext = job
    try:
        return path, render(module, func, ext), None
    except Exception as error:  # reported with the page's name by the caller
        return path, None, f"{type(error).__name__}: {error}"
