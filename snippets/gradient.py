"""4.4 The gradient: all partial derivatives at once, by central differences.

Run ``python -m snippets.gradient`` to print every example the page shows.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import check_callable, check_step
from snippets.partial_derivative import function_2


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, x, h=1e-4):
    """∇f at x (기울기): one central difference per element of x, any shape.

    f takes the whole array and returns one number. A float64 array is perturbed
    in place, one element at a time, and always restored (also if f raises);
    any other input is first copied to float64.

    >>> numerical_gradient(function_2, np.array([3.0, 4.0]))
    array([6., 8.])
    """
    check_callable(f)
    check_step(h)
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
        x = np.array(x, dtype=np.float64)  # ints, float32, lists: work on a float64 copy
    if not np.all(np.isfinite(x)):
        raise ValueError(f"x must be finite, got {x!r}")
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            fxh1 = f(x)
            x[idx] = original - h
            fxh2 = f(x)
        finally:
            x[idx] = original  # restore, whatever happened
        if np.ndim(fxh1) != 0:
            raise ValueError(f"f must return one number, got shape {np.shape(fxh1)}; "
                             "for one point per row use numerical_gradient_batch")
        grad[idx] = (fxh1 - fxh2) / (2 * h)
    return grad
# --8<-- [end:numerical_gradient]


# --8<-- [start:numerical_gradient_batch]
def numerical_gradient_batch(f, points, h=1e-4):
    """The gradient at each row of a 2-D array of points.

    >>> numerical_gradient_batch(function_2, np.array([[3.0, 4.0], [0.0, 2.0]]))
    array([[6., 8.],
           [0., 4.]])
    """
    points = np.asarray(points)
    if points.ndim != 2:
        raise ValueError(f"points must be 2-D, one point per row, got shape {points.shape}")
    return np.array([numerical_gradient(f, row, h) for row in points])
# --8<-- [end:numerical_gradient_batch]


# --8<-- [start:book_numerical_gradient]
def book_numerical_gradient(f, x):
    """The book's loop, kept as it is to show its pitfalls: no copy, no restore on error.

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


GRID = np.arange(-2, 2.5, 0.25)  # 18 values per axis, as in the book


# --8<-- [start:gradient_field_figure]
def gradient_field_figure():
    """Arrows of -∇f for f = x0² + x1² on the grid (the book's figure 4-9).

    >>> gradient_field_figure().axes[0].get_xlim()
    (np.float64(-2.0), np.float64(2.0))
    """
    x0, x1 = np.meshgrid(GRID, GRID)
    points = np.column_stack([x0.ravel(), x1.ravel()])
    grad = numerical_gradient_batch(function_2, points)
    fig = Figure(figsize=(5.6, 5.2), layout="constrained")
    ax = fig.add_subplot()
    ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1], angles="xy", color="#555")
    ax.plot([0], [0], "o", color="C3")
    ax.set_xlim(-2, 2)
    ax.set_ylim(-2, 2)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    ax.grid(True, alpha=0.3)
    return fig
# --8<-- [end:gradient_field_figure]


if __name__ == "__main__":
    # --8<-- [start:demo_gradient]
    for point in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
        print(point, numerical_gradient(function_2, np.array(point)).tolist())
    # --8<-- [end:demo_gradient]

    # --8<-- [start:demo_batch]
    print(numerical_gradient_batch(function_2, np.array([[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]])))
    # --8<-- [end:demo_batch]

    # --8<-- [start:demo_matrix]
    W = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    print(numerical_gradient(lambda w: np.sum(w ** 2), W))
    # --8<-- [end:demo_matrix]

    # --8<-- [start:demo_integer_pitfall]
    x_int = np.array([3, 4])
    print(book_numerical_gradient(function_2, x_int))
    print(numerical_gradient(function_2, x_int), x_int)
    # --8<-- [end:demo_integer_pitfall]

    # --8<-- [start:demo_float32_pitfall]
    x32 = np.array([3.0, 4.0], dtype=np.float32)
    print(book_numerical_gradient(function_2, x32.copy()))
    print(numerical_gradient(function_2, x32))
    # --8<-- [end:demo_float32_pitfall]

    # --8<-- [start:demo_restore]
    def fails_below_3(x):
        if x[0] < 3.0:
            raise RuntimeError("f failed")
        return function_2(x)

    for gradient in (book_numerical_gradient, numerical_gradient):
        x = np.array([3.0, 4.0])
        try:
            gradient(fails_below_3, x)
        except RuntimeError as error:
            print(f"{gradient.__name__}: {error}, x is now {x}")
    # --8<-- [end:demo_restore]

    # --8<-- [start:experiment_ellipse]
    def ellipse(x):
        return x[0] ** 2 + 3 * x[1] ** 2

    print(numerical_gradient(ellipse, np.array([1.0, 1.0])))
    # --8<-- [end:experiment_ellipse]

    # --8<-- [start:experiment_h]
    for h in (1e-2, 1e-4, 1e-8, 1e-12):
        print(h, numerical_gradient(function_2, np.array([3.0, 4.0]), h=h).tolist())
    # --8<-- [end:experiment_h]
