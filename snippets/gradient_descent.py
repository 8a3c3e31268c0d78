"""4.4.1 Gradient descent, learning rates, and points where the gradient is 0.

Run ``python -m snippets.gradient_descent`` to print every example the page
shows.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import checked, count, function, positive, reals
from snippets.gradient import book_numerical_gradient, numerical_gradient
from snippets.partial_derivative import function_2


# --8<-- [start:gradient_descent]
@checked(f=function, init_x=reals, lr=positive, step_num=count, loop="i")
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Minimise f from init_x by x <- x - lr ∇f(x); return x and the path.

    >>> x, path = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1)
    >>> x, path.shape
    (array([-6.11110793e-10,  8.14814391e-10]), (101, 2))
    """
    x = np.asarray(init_x) * 1.0  # a float copy: init_x stays as it was
    path = [x.copy()]
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
        path.append(x.copy())
    return x, np.array(path)
# --8<-- [end:gradient_descent]


# --8<-- [start:book_gradient_descent]
def book_gradient_descent(f, init_x, lr=0.01, step_num=100):
    """The book's version as it is: x is init_x itself.

    >>> init_x = np.array([-3.0, 4.0])
    >>> _ = book_gradient_descent(function_2, init_x, lr=0.1)
    >>> init_x   # the caller's starting point is gone
    array([-6.11110793e-10,  8.14814391e-10])
    """
    x = init_x
    for i in range(step_num):
        grad = book_numerical_gradient(f, x)
        x -= lr * grad
    return x
# --8<-- [end:book_gradient_descent]


# --8<-- [start:exact_descent]
@checked(init_x=reals, lr=positive, step_num=count)
def exact_descent(init_x, lr, step_num):
    """Gradient descent on x0² + x1² with the exact gradient 2x.

    >>> exact_descent([-3.0, 4.0], 0.5, 1)   # lr = 0.5: the minimum at once
    array([-0.,  0.])
    """
    return (1 - 2 * lr) ** step_num * np.asarray(init_x, dtype=np.float64)
# --8<-- [end:exact_descent]


# --8<-- [start:saddle]
def saddle(x):
    """f(x0, x1) = x0² - x1²: a saddle point at (0, 0), where ∇f = 0.

    >>> saddle(np.array([1.0, 2.0]))
    np.float64(-3.0)
    """
    x = np.asarray(x)
    return x[..., 0] ** 2 - x[..., 1] ** 2
# --8<-- [end:saddle]


def _contours(ax, f, lim):
    grid = np.linspace(-lim, lim, 201)
    x0, x1 = np.meshgrid(grid, grid)
    ax.contour(x0, x1, f(np.stack([x0, x1], axis=-1)), levels=12,
               colors="0.75", linewidths=0.8)
    ax.axhline(0, color="0.6", linestyle="--", linewidth=0.8)
    ax.axvline(0, color="0.6", linestyle="--", linewidth=0.8)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")


# --8<-- [start:descent_path_figure]
def descent_path_figure(init_x=(-3.0, 4.0), lr=0.1, step_num=20):
    """The path of gradient descent over contours of f (the book's fig. 4-10).

    >>> descent_path_figure().axes[0].get_xlabel()
    '$x_0$'
    """
    _, path = gradient_descent(function_2, np.array(init_x), lr=lr,
                               step_num=step_num)
    fig = Figure(figsize=(5.6, 5.2), layout="constrained")
    ax = fig.add_subplot()
    _contours(ax, function_2, 4.5)
    ax.plot(path[:, 0], path[:, 1], "o-", color="C0", markersize=4)
    return fig
# --8<-- [end:descent_path_figure]


LEARNING_RATES = (0.02, 0.1, 0.4, 0.9, 1.01)


# --8<-- [start:learning_rates_figure]
def learning_rates_figure(init_x=(-3.0, 4.0), step_num=30):
    """x0 at each step, from the same start, for several learning rates.

    >>> len(learning_rates_figure().axes[0].get_lines())   # 5 rates, y = 0
    6
    """
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    ax.axhline(0, color="0.6", linestyle="--", linewidth=0.8)
    for lr in LEARNING_RATES:
        _, path = gradient_descent(function_2, np.array(init_x), lr=lr,
                                   step_num=step_num)
        ax.plot(path[:, 0], "o-", markersize=3, linewidth=1.2,
                label=rf"$\eta = {lr:g}$")
    ax.set_xlabel("$n$")
    ax.set_ylabel("$x_0$")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower left", ncols=3, fontsize=9)
    return fig
# --8<-- [end:learning_rates_figure]


# --8<-- [start:saddle_figure]
def saddle_figure():
    """The surface z = x0² - x1² around its saddle point (0, 0).

    >>> saddle_figure().axes[0].name
    '3d'
    """
    x0, x1 = np.meshgrid(np.linspace(-2, 2, 31), np.linspace(-2, 2, 31))
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.add_subplot(projection="3d")
    ax.plot_surface(x0, x1, saddle(np.stack([x0, x1], axis=-1)),
                    cmap="coolwarm", edgecolor="0.25", linewidth=0.2,
                    alpha=0.9)
    ax.plot([0], [0], [0], "ko")
    ax.set_xticks([-2, -1, 0, 1, 2])
    ax.set_yticks([-2, -1, 0, 1, 2])
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    ax.set_zlabel("$f(x)$")
    ax.view_init(elev=25, azim=-60)
    return fig
# --8<-- [end:saddle_figure]


if __name__ == "__main__":
    # --8<-- [start:demo_descent]
    init_x = np.array([-3.0, 4.0])
    x, path = gradient_descent(function_2, init_x, lr=0.1, step_num=100)
    print(x)
    print(function_2(x))
    print(init_x)
    # --8<-- [end:demo_descent]

    # --8<-- [start:demo_learning_rates]
    for lr in (10.0, 1e-10):
        init_x = np.array([-3.0, 4.0])
        print(f"lr={lr:g}:", book_gradient_descent(function_2, init_x, lr=lr))
    # --8<-- [end:demo_learning_rates]

    # --8<-- [start:demo_factor]
    for lr in (0.1, 0.5, 0.9, 1.0, 1.1, 10.0):
        x = exact_descent([-3.0, 4.0], lr, 100)
        print(f"lr={lr:<4g} 1 - 2*lr = {1 - 2 * lr:>5g}   "
              f"after 100 steps: {x}")
    # --8<-- [end:demo_factor]

    # --8<-- [start:demo_frozen]
    x = book_gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0)
    print(x + 1e-4 == x, np.spacing(np.abs(x)))
    print(book_numerical_gradient(function_2, x))
    print("exact iterate:", exact_descent([-3.0, 4.0], 10.0, 100))
    # --8<-- [end:demo_frozen]

    # --8<-- [start:demo_frozen_ours]
    try:
        gradient_descent(function_2, np.array([-3.0, 4.0]), lr=10.0)
    except ValueError as error:
        print(f"{type(error).__name__}: {error}")
    # --8<-- [end:demo_frozen_ours]

    # --8<-- [start:demo_saddle]
    print(numerical_gradient(saddle, np.array([0.0, 0.0])))
    print(saddle(np.array([0.5, 0.0])), saddle(np.array([0.0, 0.5])))
    # --8<-- [end:demo_saddle]

    # --8<-- [start:demo_saddle_descent]
    x, _ = gradient_descent(saddle, np.array([1.0, 0.0]), lr=0.1)
    print(x)
    x, _ = gradient_descent(saddle, np.array([1.0, 1e-6]), lr=0.1)
    print(x)
    # --8<-- [end:demo_saddle_descent]

    # --8<-- [start:demo_init_x_pitfall]
    init_x = np.array([-3.0, 4.0])
    book_gradient_descent(function_2, init_x, lr=0.1)
    print(init_x)
    # --8<-- [end:demo_init_x_pitfall]

    # --8<-- [start:demo_bad_input]
    for kwargs in ({"lr": 0.0}, {"lr": -0.1}, {"lr": True},
                   {"step_num": -1}, {"step_num": True}):
        try:
            gradient_descent(function_2, np.array([-3.0, 4.0]), **kwargs)
        except (TypeError, ValueError) as error:
            print(f"{type(error).__name__}: {error}")
    # --8<-- [end:demo_bad_input]

    # --8<-- [start:demo_not_finite]
    def steep(x):
        return np.exp(np.sum(x ** 2))

    with np.errstate(over="ignore"):  # silence numpy's own warning
        try:
            gradient_descent(steep, np.array([3.0, 3.0]), lr=1.0)
        except FloatingPointError as error:
            print("FloatingPointError:", error)
    # --8<-- [end:demo_not_finite]

    # --8<-- [start:experiment_lr]
    for lr in (0.3, 0.5, 0.99):
        x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr,
                                step_num=20)
        print(lr, x)
    # --8<-- [end:experiment_lr]

    # --8<-- [start:experiment_start]
    x, path = gradient_descent(function_2, np.array([5.0, -2.0]), lr=0.1,
                               step_num=100)
    print(x)
    print(np.argmax(np.linalg.norm(path, axis=1) < 1e-3))
    # --8<-- [end:experiment_start]
