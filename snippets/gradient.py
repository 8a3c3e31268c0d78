"""4.4 The gradient: all partial derivatives at once, by central differences.

Run ``python -m snippets.gradient`` to print every example the page shows.
"""

from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import checked, float_array
from snippets._checks import float_rows, function
from snippets._checks import positive, scalar_function
from snippets.partial_derivative import function_2


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, x, h=1e-4):
    """∇f at x: a central difference per element of x, shifted in place.

    >>> numerical_gradient(function_2, np.array([3.0, 4.0]))
    array([6., 8.])
    """
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)  # f(x+h)
        x[idx] = tmp_val - h
        fxh2 = f(x)  # f(x-h)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val  # put it back
    return grad
# --8<-- [end:numerical_gradient]

numerical_gradient = checked(
    f=scalar_function, h=positive, x=float_array,
)(numerical_gradient)


# --8<-- [start:numerical_gradient_batch]
def numerical_gradient_batch(f, points, h=1e-4):
    """The gradient at each row of a 2-D array of points.

    >>> numerical_gradient_batch(function_2, np.array([[3., 4.], [0., 2.]]))
    array([[6., 8.],
           [0., 4.]])
    """
    grad = np.zeros_like(points)
    for idx, x in enumerate(points):
        grad[idx] = numerical_gradient(f, x, h)
    return grad
# --8<-- [end:numerical_gradient_batch]

numerical_gradient_batch = checked(
    f=function, h=positive, points=float_rows,
)(numerical_gradient_batch)


# --8<-- [start:book_numerical_gradient]
def book_numerical_gradient(f, x):
    """The book's loop as it is: x's own dtype, no restore if f raises.

    >>> book_numerical_gradient(function_2, np.array([3, 4]))   # integers!
    array([25000, 35000])
    """
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h     # an int array stores int(3.0001) == 3
        fxh1 = f(x)
        x[idx] = tmp_val - h     # and int(2.9999) == 2
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
# --8<-- [end:book_numerical_gradient]


# --8<-- [start:ellipse]
def ellipse(x):
    """f(x0, x1) = x0² + 3·x1²: a bowl too, with elliptic contour lines.

    >>> ellipse(np.array([1.0, 1.0]))
    np.float64(4.0)
    """
    return x[0] ** 2 + 3 * x[1] ** 2
# --8<-- [end:ellipse]


def _contours(ax, f, levels, colors="0.72", linewidths=0.9):
    """Contour lines of f on -2 <= x0, x1 <= 2, under the arrows."""
    x0, x1 = np.meshgrid(np.linspace(-2, 2, 161), np.linspace(-2, 2, 161))
    z = np.apply_along_axis(f, -1, np.stack([x0, x1], axis=-1))
    ax.contour(x0, x1, z, levels=levels,
               colors=colors, linewidths=linewidths, zorder=1)


def _axes(ax):
    ax.set_xlim(-2, 2)
    ax.set_ylim(-2, 2)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")


# --8<-- [start:gradient_field_figure]
def gradient_field_figure(step=0.25):
    """Arrows of -∇f for f = x0² + x1² on a grid of the given step, over
    the contour lines of f (the book's figure 4-9, with contours).

    >>> gradient_field_figure().axes[0].get_xlim()
    (np.float64(-2.0), np.float64(2.0))
    """
    x0, x1 = np.meshgrid(np.arange(-2, 2.5, step), np.arange(-2, 2.5, step))
    points = np.column_stack([x0.ravel(), x1.ravel()])
    grad = numerical_gradient_batch(function_2, points)
    fig = Figure(figsize=(5.6, 5.2), layout="constrained")
    ax = fig.add_subplot()
    _contours(ax, function_2, levels=[0.25, 1, 2.25, 4, 6.25])
    ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1],
              angles="xy", color="#555", zorder=2)
    ax.plot([0], [0], "o", color="C3", zorder=3)
    _axes(ax)
    return fig
# --8<-- [end:gradient_field_figure]


# --8<-- [start:ellipse_field_figure]
def ellipse_field_figure(c=3.0):
    """-∇f for f = x0² + c·x1² (c = 3: ellipse) over its contour lines;
    at (1, 1), -∇f (red) next to the straight way to the minimum (dashed).

    >>> ellipse_field_figure().axes[0].get_xlabel()
    '$x_0$'
    """
    def f(x):
        return x[0] ** 2 + c * x[1] ** 2

    x0, x1 = np.meshgrid(np.arange(-2, 2.5, 0.5), np.arange(-2, 2.5, 0.5))
    points = np.column_stack([x0.ravel(), x1.ravel()])
    grad = numerical_gradient_batch(f, points)
    p = np.array([1.0, 1.0])
    g = numerical_gradient(f, p.copy())
    fig = Figure(figsize=(5.6, 5.2), layout="constrained")
    ax = fig.add_subplot()
    _contours(ax, f, levels=[0.5, 1, 2, 3, 5, 7, 9, 12])
    _contours(ax, f, levels=[f(p)], colors="C0",
              linewidths=1.6)  # the contour line through p
    ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1],
              angles="xy", color="#777", zorder=2)
    ax.plot([p[0], 0], [p[1], 0], "--", color="0.2", linewidth=1.2,
            zorder=3)
    ax.annotate("", xy=p - 0.9 * g / np.linalg.norm(g), xytext=p,
                arrowprops={"arrowstyle": "-|>", "color": "C3", "lw": 2.2,
                            "mutation_scale": 18}, zorder=4)  # -∇f at p
    ax.plot([p[0]], [p[1]], "o", color="C3", zorder=5)
    ax.plot([0], [0], "o", color="0.2", zorder=5)
    _axes(ax)
    return fig
# --8<-- [end:ellipse_field_figure]



def _angle(u, v):
    """The angle between vectors u and v, in degrees."""
    cross = u[0] * v[1] - u[1] * v[0]
    return float(np.degrees(np.arctan2(abs(cross), np.dot(u, v))))


def facts():
    """The values the page quotes (sitegen/facts.py)."""
    h = 1e-4
    start = np.array([3.0, 4.0])
    exact = 2 * start  # ∇f = (2 x0, 2 x1)
    demo = np.array([[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]])
    demo_grad = numerical_gradient_batch(function_2, demo.copy())
    rows = demo[:2]  # two points, one per row
    book_form = lambda x: x[0]**2 + x[1]**2  # the book's text
    book_alternative = lambda x: np.sum(x**2)
    W = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])

    x0, x1 = np.meshgrid(np.arange(-2, 2.5, 0.25), np.arange(-2, 2.5, 0.25))
    grid = np.column_stack([x0.ravel(), x1.ravel()])
    arrows = -numerical_gradient_batch(function_2, grid.copy())
    away = np.any(grid != 0, axis=1)  # the origin has no arrow
    to_origin = [_angle(a, -p) for a, p in zip(arrows[away], grid[away])]

    p = np.array([1.0, 1.0])
    down = -numerical_gradient(ellipse, p.copy())
    # the contour line x0² + 3·x1² = level² through p, as a curve in t
    level = np.sqrt(ellipse(p))
    t = np.arctan2(np.sqrt(3) * p[1], p[0])
    along = (np.array([np.cos(t + h), np.sin(t + h) / np.sqrt(3)])
             - np.array([np.cos(t - h), np.sin(t - h) / np.sqrt(3)]))
    rates = {}  # the rate of change of f along u, for u every 0.5 degrees
    for d in np.arange(-180.0, 180.0, 0.5):
        u = np.array([np.cos(np.radians(d)), np.sin(np.radians(d))])
        rates[d] = (ellipse(p + h * u) - ellipse(p - h * u)) / (2 * h)
    steepest = min(rates, key=rates.get)

    x = np.array([3.0, 4.0])
    in_place = numerical_gradient(lambda w: function_2(x), x)
    on_copy = numerical_gradient(lambda w: function_2(x), x.copy())
    book_int = book_numerical_gradient(function_2, np.array([3, 4]))

    x32 = np.array([3.0, 4.0], dtype=np.float32)
    book32 = book_numerical_gradient(function_2, x32.copy())
    relative32 = np.abs(book32 - exact) / exact
    up, down32 = x32[0] + x32.dtype.type(h), x32[0] - x32.dtype.type(h)
    moved = (float(up) - float(down32)) / 2  # the step float32 really took
    exact_f = (float(up) ** 2 - float(down32) ** 2) / (2 * h)  # no f rounding
    x16 = np.array([3.0, 4.0], dtype=np.float16)

    lost = 1.0  # the smallest power of 2 where x + h or x - h rounds to x
    while lost + h != lost and lost - h != lost:
        lost *= 2
    x1 = lost / 2  # half the limit: x ± h still moves x
    below = numerical_gradient(function_2, np.array([3.0, x1]))
    s = float(np.spacing(x1))  # from x1 to the next float64 number
    up, down1 = x1 + h, x1 - h  # as float64 stores them
    f_up = function_2(np.array([3.0, up]))
    f_down = function_2(np.array([3.0, down1]))
    f_x0 = [function_2(np.array([3.0 + d, x1])) for d in (h, -h)]

    hs = (1e-2, 1e-4, 1e-8, 1e-12)
    h_errors = [np.max(np.abs(numerical_gradient(
        function_2, start.copy(), h=step) - exact))
        for step in hs]

    return {
        "book_forms_miss_rows": np.array_equal(
            book_form(rows), rows[0] ** 2 + rows[1] ** 2)  # row + row
        and np.ndim(book_alternative(rows)) == 0         # one number
        and not np.array_equal(book_form(rows), function_2(rows))
        and function_2(rows).tolist() == [25.0, 4.0],    # one per row
        "demo_max_error": float(np.max(np.abs(demo_grad - 2 * demo))),
        "zeros_are_exact": bool(np.all(demo_grad[demo == 0] == 0)),
        "matrix_is_2w": np.allclose(numerical_gradient(
            lambda w: np.sum(w ** 2), W.copy()), 2 * W),
        "matrix_same_shape": numerical_gradient(
            lambda w: np.sum(w ** 2), W.copy()).shape == W.shape,
        "arrows_point_at_origin": max(to_origin) < 1e-6,  # degrees
        "arrow_length_is_2r": np.allclose(
            np.linalg.norm(arrows, axis=1), 2 * np.linalg.norm(grid, axis=1)),
        "ellipse_miss_degrees": _angle(down, -p),
        "ellipse_numerical_agrees": bool(np.allclose(down, [-2.0, -6.0],
                                                     rtol=1e-9)),
        "ellipse_perpendicular": abs(90 - _angle(down, along)) < 1e-6
        and bool(np.isclose(ellipse(level * np.array(
            [np.cos(t), np.sin(t) / np.sqrt(3)])), ellipse(p))),
        "steepest_is_minus_gradient": _angle(np.array(
            [np.cos(np.radians(steepest)), np.sin(np.radians(steepest))]),
            down) <= 0.5,
        "steepest_rate_is_minus_norm": bool(np.isclose(
            rates[steepest], -np.linalg.norm(down), rtol=1e-4)),
        "in_place_gives_gradient": np.allclose(in_place, exact),
        "copy_gives_zero": not np.any(on_copy),
        "book_int_x0": int(book_int[0]),
        "book_int_x1": int(book_int[1]),
        "float32_x0": float(book32[0]),
        "float32_two_to_three_digits": bool(
            2 <= -np.log10(relative32[0]) < 3),
        "float32_relative_error": float(relative32[0]),
        "float32_step_matters": abs(moved - h) / h > 1e-4,
        "float32_rounding_matters": bool(
            abs(book32[0] - exact_f) / exact_f > 1e-4),
        "float32_same_as_book": np.array_equal(
            numerical_gradient(function_2, x32.copy()), book32),
        "float16_step_lost": bool(x16[0] + x16.dtype.type(h) == x16[0]),
        "float16_book_zeros": not np.any(
            book_numerical_gradient(function_2, x16.copy())),
        "shift_lost_from": lost,
        "shift_lost_power": f"$2^{{{int(np.log2(lost))}}}$",
        "spacing_there": float(np.spacing(lost)),
        "spacing_exceeds_2h": bool(np.spacing(lost) > 2 * h),
        "below_x0": float(below[0]),
        "below_f_spacing": float(np.spacing(f_x0[0])),
        "below_x0_values_equal": bool(f_x0[0] == f_x0[1]),
        "below_x1_relative_error": float(abs(below[1] - 2 * x1) / (2 * x1)),
        "below_x1_numerator_exact": Fraction(float(f_up - f_down))  # exactly
        == Fraction(up) ** 2 - Fraction(down1) ** 2,  # f(3, up) - f(3, down1)
        "below_spacing": s,
        "below_spacing_exceeds_h": h < s < 2 * h,
        "below_step_is_spacing": up - x1 == s and x1 - down1 == s
        and float(np.spacing(x1 - s / 2)) == s / 2,  # s/2 below x1
        "below_x1_error_is_step_excess": float(
            abs(below[1] - 2 * x1) / (2 * x1)) == s / h - 1,
        "h4_error": float(h_errors[1]),
        "h12_error": float(h_errors[3]),
        "h12_much_worse": bool(h_errors[3] > 1e6 * h_errors[1]),
        "largest_h_is_best": bool(np.argmin(h_errors) == 0),
    }


if __name__ == "__main__":
    # --8<-- [start:demo_gradient]
    for point in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
        print(point, numerical_gradient(function_2, np.array(point)).tolist())
    # --8<-- [end:demo_gradient]

    # --8<-- [start:demo_batch]
    points = np.array([[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]])
    print(numerical_gradient_batch(function_2, points))
    # --8<-- [end:demo_batch]

    # --8<-- [start:demo_matrix]
    W = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    print(numerical_gradient(lambda w: np.sum(w ** 2), W))
    # --8<-- [end:demo_matrix]

    # --8<-- [start:demo_ellipse]
    print(-numerical_gradient(ellipse, np.array([1.0, 1.0])))  # -∇f
    # --8<-- [end:demo_ellipse]

    # --8<-- [start:demo_in_place]
    x = np.array([3.0, 4.0])

    def f(w):
        return function_2(x)  # uses x, not its argument w

    print(numerical_gradient(f, x))         # shifts x itself
    print(numerical_gradient(f, x.copy()))  # shifts a copy f never sees
    # --8<-- [end:demo_in_place]

    # --8<-- [start:demo_integer_pitfall]
    x_int = np.array([3, 4])
    print(book_numerical_gradient(function_2, x_int))
    print(book_numerical_gradient(function_2, x_int.astype(float)))
    # --8<-- [end:demo_integer_pitfall]

    # --8<-- [start:demo_float32_pitfall]
    x32 = np.array([3.0, 4.0], dtype=np.float32)
    print(book_numerical_gradient(function_2, x32))
    print(numerical_gradient(function_2, x32))
    print(numerical_gradient(function_2, x32.astype(np.float64)))
    # --8<-- [end:demo_float32_pitfall]

    # --8<-- [start:experiment_sum]
    W = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    print(numerical_gradient(np.sum, W))
    # --8<-- [end:experiment_sum]

    # --8<-- [start:experiment_h]
    for h in (1e-2, 1e-4, 1e-8, 1e-12):
        grad = numerical_gradient(function_2, np.array([3.0, 4.0]), h=h)
        print(h, grad.tolist())
    # --8<-- [end:experiment_h]

    # --8<-- [start:answer_step]
    x = np.array([3.0, 4.0])
    grad = numerical_gradient(function_2, x)
    print(x, function_2(x))
    down = x - 0.1 * grad  # a small step against the gradient
    up = x + 0.1 * grad    # and one along it
    print(down, function_2(down))
    print(up, function_2(up))
    # --8<-- [end:answer_step]

    # --8<-- [start:answer_steepest]
    x = np.array([1.0, 1.0])
    h = 1e-4
    best, best_rate = None, np.inf
    for d in np.arange(-180.0, 180.0, 0.5):  # the direction u, in degrees
        u = np.array([np.cos(np.radians(d)), np.sin(np.radians(d))])
        rate = (ellipse(x + h * u) - ellipse(x - h * u)) / (2 * h)
        if rate < best_rate:
            best, best_rate = d, rate
    grad = numerical_gradient(ellipse, x)
    print("steepest way down:", best, round(best_rate, 4))
    print("-grad f:", np.degrees(np.arctan2(-grad[1], -grad[0])).round(1),
          -np.linalg.norm(grad).round(4))
    print("to the origin:", np.degrees(np.arctan2(-x[1], -x[0])))
    # --8<-- [end:answer_steepest]
