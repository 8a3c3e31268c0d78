"""4.4 The gradient: all partial derivatives at once, by central differences.

Run ``python -m snippets.gradient`` to print every example the page shows.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import checked, float_array, float_rows, function
from snippets._checks import positive, scalar_function
from snippets.partial_derivative import function_2


# --8<-- [start:numerical_gradient]
@checked(f=scalar_function, h=positive, x=float_array)
def numerical_gradient(f, x, h=1e-4):
    """∇f at x: a central difference per element of x, shifted in place.

    >>> numerical_gradient(function_2, np.array([3.0, 4.0]))
    array([6., 8.])
    """
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp_val = x[idx]
        try:
            x[idx] = tmp_val + h
            fxh1 = f(x)  # f(x+h)
            x[idx] = tmp_val - h
            fxh2 = f(x)  # f(x-h)
        finally:
            x[idx] = tmp_val  # put it back, also if f raised
        grad[idx] = (fxh1 - fxh2) / (2 * h)
    return grad
# --8<-- [end:numerical_gradient]


# --8<-- [start:numerical_gradient_batch]
@checked(f=function, h=positive, points=float_rows)
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
    ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1],
              angles="xy", color="#555")
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
    points = np.array([[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]])
    print(numerical_gradient_batch(function_2, points))
    # --8<-- [end:demo_batch]

    # --8<-- [start:demo_matrix]
    W = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    print(numerical_gradient(lambda w: np.sum(w ** 2), W))
    # --8<-- [end:demo_matrix]

    # --8<-- [start:demo_integer_pitfall]
    x_int = np.array([3, 4])
    print(book_numerical_gradient(function_2, x_int))
    try:
        numerical_gradient(function_2, x_int)
    except TypeError as error:
        print("TypeError:", error)
    # --8<-- [end:demo_integer_pitfall]

    # --8<-- [start:demo_float32_pitfall]
    x32 = np.array([3.0, 4.0], dtype=np.float32)
    print(book_numerical_gradient(function_2, x32))
    print(numerical_gradient(function_2, x32))
    print(numerical_gradient(function_2, x32.astype(np.float64)))
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

    # --8<-- [start:demo_refused]
    def doubles_x(x):
        x *= 2  # changes the array it was given
        return function_2(x)

    frozen = np.array([3.0, 4.0])
    frozen.flags.writeable = False
    x = np.array([3.0, 4.0])
    for f, arg in ((function_2, [3.0, 4.0]), (function_2, frozen),
                   (function_2, np.array([np.nan, 4.0])),
                   (function_2, np.array([3.0, 1e13])), (doubles_x, x)):
        try:
            numerical_gradient(f, arg)
        except (TypeError, ValueError) as error:
            print(f"{type(error).__name__}: {error}")
    print(x)
    # --8<-- [end:demo_refused]

    # --8<-- [start:experiment_ellipse]
    def ellipse(x):
        return x[0] ** 2 + 3 * x[1] ** 2

    print(numerical_gradient(ellipse, np.array([1.0, 1.0])))
    # --8<-- [end:experiment_ellipse]

    # --8<-- [start:experiment_h]
    for h in (1e-2, 1e-4, 1e-8, 1e-12):
        grad = numerical_gradient(function_2, np.array([3.0, 4.0]), h=h)
        print(h, grad.tolist())
    # --8<-- [end:experiment_h]
