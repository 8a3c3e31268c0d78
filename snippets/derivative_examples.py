"""4.3.2 Examples of numerical differentiation: function_1, tangent lines.

Run ``python -m snippets.derivative_examples`` to print every example the
page shows.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets.derivative import numerical_diff


# --8<-- [start:function_1]
def function_1(x):
    """y = 0.01x² + 0.1x.

    >>> function_1(5.0)
    0.75
    """
    return 0.01 * x ** 2 + 0.1 * x
# --8<-- [end:function_1]


# --8<-- [start:function_1_exact]
def function_1_exact(x):
    """The exact derivative of function_1: dy/dx = 0.02x + 0.1.

    >>> function_1_exact(5.0)
    0.2
    """
    return 0.02 * x + 0.1
# --8<-- [end:function_1_exact]


# --8<-- [start:tangent_line]
def tangent_line(f, x):
    """The tangent of f at x, as a function t -> d*t + y (y: the intercept).

    >>> tf = tangent_line(function_1, 5.0)
    >>> tf(5.0), tf(0.0)   # passes through (5, 0.75); intercept -0.25
    (0.75, -0.25)
    """
    d = numerical_diff(f, x)  # slope
    y = f(x) - d * x          # intercept
    return lambda t: d * t + y
# --8<-- [end:tangent_line]


# --8<-- [start:answer_secant_line]
def secant_line(f, x, h):
    """The secant of f through x and x + h, as a function t -> d*t + y
    (y: the intercept).

    >>> sf = secant_line(function_1, 5.0, 1.0)
    >>> round(sf(1.0) - sf(0.0), 12)   # slope 0.2 + 0.01h
    0.21
    """
    d = (f(x + h) - f(x)) / h  # slope: the forward difference
    y = f(x) - d * x           # intercept
    return lambda t: d * t + y
# --8<-- [end:answer_secant_line]


# --8<-- [start:function_1_figure]
X_PLOT = np.arange(0.0, 20.0, 0.1)  # 0 <= x < 20, step 0.1, as in the book


def function_1_figure():
    """The graph of function_1 for 0 <= x < 20.

    >>> function_1_figure().axes[0].get_xlabel()
    '$x$'
    """
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(X_PLOT, function_1(X_PLOT))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.grid(True, alpha=0.3)
    return fig
# --8<-- [end:function_1_figure]


# --8<-- [start:tangent_figure]
def tangent_figure(points=(5.0, 10.0)):
    """function_1 with its tangent lines at the given points.

    >>> len(tangent_figure().axes[0].get_lines())   # curve, 2 tangents, 2 dots
    5
    """
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(X_PLOT, function_1(X_PLOT), color="C0", linewidth=2,
            label="$f(x)$")
    for i, x in enumerate(points, start=1):
        tf = tangent_line(function_1, x)
        ax.plot(X_PLOT, tf(X_PLOT), color=f"C{i}", linestyle="--",
                label=f"$x = {x:g}$")
        ax.plot([x], [function_1(x)], "o", color=f"C{i}")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_ylim(-1, 6)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig
# --8<-- [end:tangent_figure]


def moving_tangent_figure(x=5.0):
    r"""function_1 and its tangent at one point x, the slope from
    numerical_diff in the title: the book's figure 4-7 for any x.

    >>> print(moving_tangent_figure(2.5).axes[0].get_title())
    $x = 2.5,\;\; \frac{df}{dx} \approx 0.1500$
    """
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(X_PLOT, function_1(X_PLOT), color="C0", linewidth=2)
    tf = tangent_line(function_1, x)
    ax.plot(X_PLOT, tf(X_PLOT), color="C1", linestyle="--")
    ax.plot([x], [function_1(x)], "o", color="C1")
    slope = numerical_diff(function_1, x)
    ax.set_title(rf"$x = {x:g},\;\; \frac{{df}}{{dx}} \approx {slope:.4f}$")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_xlim(0, 20)
    ax.set_ylim(-1, 6)
    ax.grid(True, alpha=0.3)
    return fig


def facts():
    """The values and claims the page's sentences quote (sitegen/facts.py)."""
    errors = {x: abs(numerical_diff(function_1, x) - function_1_exact(x))
              for x in (5.0, 10.0)}
    gaps, six_places = [], True
    for x in (5.0, 10.0):
        tf = tangent_line(function_1, x)
        slope, intercept = tf(1.0) - tf(0.0), tf(0.0)
        exact = function_1_exact(x)  # the analytic tangent
        exact_intercept = function_1(x) - exact * x
        gaps += [abs(slope - exact), abs(intercept - exact_intercept)]
        six_places &= (f"{slope:.6f}" == f"{exact:.6f}" and
                       f"{intercept:.6f}" == f"{exact_intercept:.6f}")
    points = {x: abs(numerical_diff(function_1, x) - function_1_exact(x))
              for x in (0.0, 2.5, 15.0)}
    tf = tangent_line(np.sin, 1.0)
    sin_gap = abs(tf(1.0) - tf(0.0) - np.cos(1.0))
    slopes = [secant_line(function_1, 5.0, h) for h in (1.0, 0.1, 0.01)]
    excess = [sf(1.0) - sf(0.0) - 0.2 for sf in slopes]
    values = {
        "x_last": float(X_PLOT[-1]),
        "y_last": float(function_1(X_PLOT[-1])),
        "error_at_5": errors[5.0],
        "error_at_10": errors[10.0],
        "tangents_match_to_6_places": six_places,
        "tangent_max_gap": max(gaps),
        "points_max_error": max(points.values()),
        "sin_tangent_gap": sin_gap,
        "sin_gap_larger": sin_gap > max(errors.values()),
        # the central difference's truncation error h**2/6 |f'''(1)|
        "sin_truncation": 1e-4 ** 2 / 6 * np.cos(1.0),
        "sin_gap_is_truncation": bool(
            abs(sin_gap - 1e-4 ** 2 / 6 * np.cos(1.0)) < 0.01 * sin_gap),
        "secant_excess_is_h_over_100": bool(np.allclose(
            excess, [0.01 * h for h in (1.0, 0.1, 0.01)], rtol=1e-6)),
        # the slider of the moving tangent: its slopes follow 0.02x + 0.1
        "moving_slopes_follow": all(
            abs(numerical_diff(function_1, x) - function_1_exact(x)) < 1e-9
            for x in np.arange(0.0, 20.0, 2.5)),
    }
    # numpy scalars as Python values: a claim must be a bool to vanish
    return {name: value.item() if isinstance(value, np.generic) else value
            for name, value in values.items()}


if __name__ == "__main__":
    # --8<-- [start:demo_diff]
    for x in (5.0, 10.0):
        approx = numerical_diff(function_1, x)
        exact = function_1_exact(x)
        error = abs(approx - exact)
        print(f"x={x:>4}: numerical {approx!r}, exact {exact:g}, "
              f"error {error:.1e}")
    # --8<-- [end:demo_diff]

    # --8<-- [start:demo_tangent]
    for x in (5.0, 10.0):
        tf = tangent_line(function_1, x)
        slope, intercept = tf(1.0) - tf(0.0), tf(0.0)
        print(f"x={x:>4}: y = {slope:.6f} t + ({intercept:.6f})")
    # --8<-- [end:demo_tangent]

    # --8<-- [start:experiment_points]
    for x in (0.0, 2.5, 15.0):
        print(x, numerical_diff(function_1, x), function_1_exact(x))
    # --8<-- [end:experiment_points]

    # --8<-- [start:answer_sin_tangent]
    tf = tangent_line(np.sin, 1.0)
    print(tf(1.0) - tf(0.0), np.cos(1.0))
    # --8<-- [end:answer_sin_tangent]

    # --8<-- [start:answer_secant_line_demo]
    for h in (1.0, 0.1, 0.01):
        sf = secant_line(function_1, 5.0, h)
        print(f"h={h:<4}  slope={sf(1.0) - sf(0.0):.10f}")
    # --8<-- [end:answer_secant_line_demo]
