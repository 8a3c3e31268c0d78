"""4.3.3 Partial derivatives of f(x0, x1) = x0² + x1².

Run ``python -m snippets.partial_derivative`` to print every example the
page shows.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import checked, index, positive, scalar_function
from snippets._checks import vector
from snippets.derivative import numerical_diff


# --8<-- [start:function_2]
def function_2(x):
    """f(x0, x1) = x0² + x1², for one point or a batch (one point per row).

    >>> function_2(np.array([3.0, 4.0]))
    np.float64(25.0)
    >>> function_2(np.array([[3.0, 4.0], [0.0, 2.0]]))
    array([25.,  4.])
    """
    x = np.asarray(x)
    return np.sum(x ** 2, axis=-1)
# --8<-- [end:function_2]


# --8<-- [start:function_tmp]
def function_tmp1(x0):
    """function_2 with x1 fixed at 4, a function of x0 alone.

    >>> function_tmp1(3.0)
    25.0
    """
    return x0 * x0 + 4.0 ** 2.0


def function_tmp2(x1):
    """function_2 with x0 fixed at 3, a function of x1 alone.

    >>> function_tmp2(4.0)
    25.0
    """
    return 3.0 ** 2.0 + x1 * x1
# --8<-- [end:function_tmp]


# --8<-- [start:partial_derivative]
def partial_derivative(f, x, i, h=1e-4):
    """∂f/∂x_i at the point x: fix every variable but x_i, differentiate.

    >>> partial_derivative(function_2, [3.0, 4.0], 0)
    6.00000000000378
    """
    point = np.asarray(x) * 1.0  # a new float array: x is never changed

    def f_along_xi(t):
        moved = point.copy()
        moved[i] = t
        return f(moved)

    return float(numerical_diff(f_along_xi, point[i], h))
# --8<-- [end:partial_derivative]

partial_derivative = checked(
    f=scalar_function, h=positive, x=vector, i=index,
)(partial_derivative)


# --8<-- [start:surface_figure]
def surface_figure(azim=-58.0):
    """The surface z = x0² + x1², -3 <= x0, x1 <= 3 (the book's figure 4-8),
    seen from the angle azim (degrees) around the z axis.

    >>> surface_figure().axes[0].name
    '3d'
    """
    x0, x1 = np.meshgrid(np.linspace(-3, 3, 25), np.linspace(-3, 3, 25))
    z = function_2(np.stack([x0, x1], axis=-1))
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.add_subplot(projection="3d", computed_zorder=False)
    ax.plot_surface(x0, x1, z, cmap="viridis", edgecolor="0.3",
                    linewidth=0.25, alpha=0.85, zorder=1)
    ax.plot([0], [0], [0], "o", color="C3", markersize=7,
            markeredgecolor="white", zorder=3)  # the minimum, in front
    ax.set_xticks([-3, -2, -1, 0, 1, 2, 3])
    ax.set_yticks([-3, -2, -1, 0, 1, 2, 3])
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    ax.set_zlabel("$f(x)$")
    ax.view_init(elev=28, azim=azim)
    return fig
# --8<-- [end:surface_figure]


def _draw_slice(ax, point, i):
    """function_2 along x_i through point (the others fixed), its tangent
    at point with the slope numerical_diff gives, and the point."""
    def f_slice(t):
        moved = np.repeat(point[np.newaxis], np.size(t), axis=0)
        moved[:, i] = t
        return function_2(moved)

    t = np.linspace(point[i] - 3, point[i] + 3, 121)
    slope = numerical_diff(f_slice, point[i])[0]
    value = function_2(point)
    ax.plot(t, f_slice(t), color="C0")
    ax.plot(t, value + slope * (t - point[i]), "--", color="C3")
    ax.plot([point[i]], [value], "o", color="C3")


# --8<-- [start:slices_figure]
def slices_figure(point=(3.0, 4.0)):
    """The two slices of function_2 through point, each with its tangent:
    x1 fixed (left, slope ∂f/∂x0) and x0 fixed (right, slope ∂f/∂x1).

    >>> [ax.get_xlabel() for ax in slices_figure().axes]
    ['$x_0$', '$x_1$']
    """
    point = np.array(point, dtype=float)
    fig = Figure(figsize=(7.2, 3.4), layout="constrained")
    left, right = fig.subplots(1, 2)
    _draw_slice(left, point, 0)
    _draw_slice(right, point, 1)
    left.set_xlabel("$x_0$")
    left.set_ylabel(f"$f(x_0, {point[1]:g})$")
    right.set_xlabel("$x_1$")
    right.set_ylabel(f"$f({point[0]:g}, x_1)$")
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    return fig
# --8<-- [end:slices_figure]


def facts():
    """The values the page quotes (sitegen/facts.py)."""
    x = [3.0, 4.0]
    exact = [2 * x[0], 2 * x[1]]  # ∂f/∂x_i = 2 x_i
    tmp = [numerical_diff(function_tmp1, 3.0),
           numerical_diff(function_tmp2, 4.0)]
    point = np.array(x)
    approx = [partial_derivative(function_2, point, i) for i in range(2)]
    errors = [abs(a - e) for a, e in zip(approx, exact)]
    book_forms = (lambda x: x[0]**2 + x[1]**2,  # the book's text
                  lambda x: np.sum(x**2))       # and its alternative
    return {
        "book_forms_fit_one_point": all(
            form(point) == function_2(point) for form in book_forms),
        "tmp_error_x0": abs(tmp[0] - exact[0]),
        "tmp_error_x1": abs(tmp[1] - exact[1]),
        "tmp_same_as_general": tmp == approx,
        "max_error": max(errors),
        "point_unchanged": point.tolist() == x,
        "slice_slopes_are_the_partials": np.allclose(
            [np.polyfit(*ax.get_lines()[1].get_data(), 1)[0]  # tangents
             for ax in slices_figure(x).axes], exact, atol=1e-6),
    }


if __name__ == "__main__":
    # --8<-- [start:demo_tmp]
    print(numerical_diff(function_tmp1, 3.0))
    print(numerical_diff(function_tmp2, 4.0))
    # --8<-- [end:demo_tmp]

    # --8<-- [start:demo_partial]
    p = np.array([3.0, 4.0])
    exact = 2 * p
    for i in range(2):
        approx = partial_derivative(function_2, p, i)
        error = abs(approx - exact[i])
        print(f"df/dx{i}: numerical {approx!r}, exact {exact[i]}, "
              f"error {error:.1e}")
    print(p)
    # --8<-- [end:demo_partial]

    # --8<-- [start:experiment_point]
    p = np.array([-1.5, 2.0])
    print([partial_derivative(function_2, p, i) for i in range(2)], 2 * p)
    # --8<-- [end:experiment_point]

    # --8<-- [start:answer_lambda]
    # f(x0, x1, x2) = x0² + x1² + x2² at (1, 2, 3): fix all but one
    f_x0 = lambda x0: function_2(np.array([x0, 2.0, 3.0]))
    f_x1 = lambda x1: function_2(np.array([1.0, x1, 3.0]))
    f_x2 = lambda x2: function_2(np.array([1.0, 2.0, x2]))
    print(numerical_diff(f_x0, 1.0))  # 2 x0 = 2?
    print(numerical_diff(f_x1, 2.0))  # 2 x1 = 4?
    print(numerical_diff(f_x2, 3.0))  # 2 x2 = 6?
    # --8<-- [end:answer_lambda]

    # --8<-- [start:answer_product]
    def function_3(x):
        return x[0] * x[1] ** 2        # f(x0, x1) = x0 * x1²

    def function_tmp3(x0):
        return x0 * 4.0 ** 2           # x1 fixed at 4

    print(numerical_diff(function_tmp3, 3.0))     # x1² = 16?
    print(partial_derivative(function_3, [3.0, 4.0], 0),
          partial_derivative(function_3, [3.0, 2.0], 0))
    print(partial_derivative(function_3, [3.0, 4.0], 1))  # 2 x0 x1 = 24?
    # --8<-- [end:answer_product]
