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
@checked(f=scalar_function, h=positive, x=vector, i=index)
def partial_derivative(f, x, i, h=1e-4):
    """∂f/∂x_i at the point x: fix every variable but x_i, differentiate.

    >>> partial_derivative(function_2, [3.0, 4.0], 0)
    6.00000000000378
    """
    point = np.asarray(x) * 1.0  # a float copy (float32 stays float32)

    def f_along_xi(t):
        moved = point.copy()
        moved[i] = t
        return f(moved)

    return float(numerical_diff(f_along_xi, point[i], h))
# --8<-- [end:partial_derivative]


# --8<-- [start:surface_figure]
def surface_figure():
    """The surface z = x0² + x1², -3 <= x0, x1 <= 3 (the book's figure 4-8).

    >>> surface_figure().axes[0].name
    '3d'
    """
    x0, x1 = np.meshgrid(np.linspace(-3, 3, 31), np.linspace(-3, 3, 31))
    z = function_2(np.stack([x0, x1], axis=-1))
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.add_subplot(projection="3d")
    ax.plot_surface(x0, x1, z, cmap="viridis", edgecolor="0.25",
                    linewidth=0.2, alpha=0.9)
    ax.set_xticks([-3, -2, -1, 0, 1, 2, 3])
    ax.set_yticks([-3, -2, -1, 0, 1, 2, 3])
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    ax.set_zlabel("$f(x)$")
    ax.view_init(elev=28, azim=-58)
    return fig
# --8<-- [end:surface_figure]


if __name__ == "__main__":
    # --8<-- [start:demo_tmp]
    print(numerical_diff(function_tmp1, 3.0))
    print(numerical_diff(function_tmp2, 4.0))
    # --8<-- [end:demo_tmp]

    # --8<-- [start:demo_partial]
    point = np.array([3.0, 4.0])
    exact = 2 * point
    for i in range(2):
        approx = partial_derivative(function_2, point, i)
        error = abs(approx - exact[i])
        print(f"df/dx{i}: numerical {approx!r}, exact {exact[i]}, "
              f"error {error:.1e}")
    print(point)
    # --8<-- [end:demo_partial]

    # --8<-- [start:experiment_point]
    point = np.array([-1.5, 2.0])
    print([partial_derivative(function_2, point, i) for i in range(2)],
          2 * point)
    # --8<-- [end:experiment_point]

    # --8<-- [start:experiment_three]
    point = np.array([1.0, 2.0, 3.0])
    print([partial_derivative(function_2, point, i) for i in range(3)])
    # --8<-- [end:experiment_three]
