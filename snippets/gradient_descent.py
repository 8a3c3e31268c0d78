"""4.4.1 Gradient descent, learning rates, and points where the gradient is 0.

Run ``python -m snippets.gradient_descent`` to print every example the page
shows.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import checked, count, function, positive, reals
from snippets.gradient import book_numerical_gradient, numerical_gradient
from snippets.gradient import numerical_gradient_batch
from snippets.derivative import tex_number
from snippets.partial_derivative import function_2


# --8<-- [start:gradient_descent]
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

gradient_descent = checked(
    f=function, init_x=reals, lr=positive, step_num=count, loop="i",
)(gradient_descent)


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
def exact_descent(init_x, lr, step_num):
    """Gradient descent on x0² + x1² with the exact gradient 2x.

    >>> exact_descent([-3.0, 4.0], 0.5, 1)   # lr = 0.5: the minimum at once
    array([-0.,  0.])
    """
    return (1 - 2 * lr) ** step_num * np.asarray(init_x, dtype=np.float64)
# --8<-- [end:exact_descent]

exact_descent = checked(
    init_x=reals, lr=positive, step_num=count,
)(exact_descent)


# --8<-- [start:saddle]
def saddle(x):
    """f(x0, x1) = x0² - x1²: a saddle point at (0, 0), where ∇f = 0.

    >>> saddle(np.array([1.0, 2.0]))
    np.float64(-3.0)
    """
    x = np.asarray(x)
    return x[..., 0] ** 2 - x[..., 1] ** 2
# --8<-- [end:saddle]


def _contours(ax, f, xlim, ylim, levels=12):
    x0, x1 = np.meshgrid(np.linspace(*xlim, 201), np.linspace(*ylim, 201))
    ax.contour(x0, x1, f(np.stack([x0, x1], axis=-1)), levels=levels,
               colors="0.75", linewidths=0.8)
    ax.axhline(0, color="0.6", linestyle="--", linewidth=0.8)
    ax.axvline(0, color="0.6", linestyle="--", linewidth=0.8)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")


# --8<-- [start:descent_path_figure]
def descent_path_figure(lr=0.1, init_x=(-3.0, 4.0), step_num=20):
    """The path of gradient descent over contours of f (the book's fig. 4-10).

    >>> descent_path_figure().axes[0].get_xlabel()
    '$x_0$'
    """
    _, path = gradient_descent(function_2, np.array(init_x), lr=lr,
                               step_num=step_num)
    fig = Figure(figsize=(5.6, 5.2), layout="constrained")
    ax = fig.add_subplot()
    _contours(ax, function_2, (-4.5, 4.5), (-4.5, 4.5))
    ax.plot(path[:, 0], path[:, 1], "o-", color="C0", markersize=4)
    ax.plot([0], [0], "*", color="C3", markersize=12)
    return fig
# --8<-- [end:descent_path_figure]


# --8<-- [start:elongated_bowl]
def elongated_bowl(x):
    """f(x0, x1) = x0² + 10 x1²: a bowl ten times steeper along x1.

    >>> elongated_bowl(np.array([1.0, 1.0]))
    np.float64(11.0)
    """
    x = np.asarray(x)  # one point, or many points stacked as rows
    return x[..., 0] ** 2 + 10 * x[..., 1] ** 2
# --8<-- [end:elongated_bowl]


# --8<-- [start:zigzag_figure]
def zigzag_figure(lr=0.085, init_x=(-4.0, 1.0), step_num=20):
    """Arrows of -∇f and the descent path on the elongated bowl.

    >>> zigzag_figure().axes[0].get_xlim()
    (np.float64(-4.5), np.float64(4.5))
    """
    _, path = gradient_descent(elongated_bowl, np.array(init_x), lr=lr,
                               step_num=step_num)
    x0, x1 = np.meshgrid(np.linspace(-4, 4, 9), np.linspace(-1, 1, 5))
    points = np.column_stack([x0.ravel(), x1.ravel()])
    grad = numerical_gradient_batch(elongated_bowl, points)
    fig = Figure(figsize=(6.4, 2.6), layout="constrained")
    ax = fig.add_subplot()
    _contours(ax, elongated_bowl, (-4.5, 4.5), (-1.5, 1.5), levels=10)
    ax.quiver(points[:, 0], points[:, 1], -grad[:, 0], -grad[:, 1],
              angles="xy", color="0.55", width=0.004)
    ax.plot(path[:, 0], path[:, 1], "o-", color="C0", markersize=4)
    ax.plot([0], [0], "*", color="C3", markersize=12)
    return fig
# --8<-- [end:zigzag_figure]


LEARNING_RATES = (0.02, 0.1, 0.4, 0.9, 1.01)


# --8<-- [start:learning_rates_figure]
def learning_rates_figure(lrs=LEARNING_RATES, init_x=(-3.0, 4.0),
                          step_num=30):
    """x0 at each step for several learning rates: left 1 - 2 lr >= 0,
    right 1 - 2 lr < 0 (x0 changes sign every step).

    >>> [len(ax.get_lines()) for ax in learning_rates_figure().axes]
    [4, 3]
    """
    fig = Figure(figsize=(7.2, 3.6), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True)
    markers = "os^Dv"
    for n, lr in enumerate(lrs):
        _, path = gradient_descent(function_2, np.array(init_x), lr=lr,
                                   step_num=step_num)
        ax = left if 1 - 2 * lr >= 0 else right
        ax.plot(path[:, 0], "-", marker=markers[n % 5], markersize=3.5,
                linewidth=1, color=f"C{n}", label=rf"$\eta = {lr:g}$",
                zorder=3 - abs(1 - 2 * lr))  # the wildest at the back
    for ax in (left, right):
        ax.axhline(0, color="0.6", linestyle="--", linewidth=0.8)
        ax.set_xlabel("$n$")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3,
                  fontsize=9, frameon=False)
    left.set_ylabel("$x_0$")
    return fig
# --8<-- [end:learning_rates_figure]


FAR = 1e4  # the slider's paths stop once some |x_i| reaches this


def _walk(f, init_x, lr, step_num, far=FAR):
    """gradient_descent one step at a time, for step_num steps or until some
    |x_i| reaches far, whichever comes first: a diverging path stops there,
    long before x ± h would round back to x (which gradient_descent refuses).
    far is far outside the figure's axes, so such a path leaves the view
    first; the readout gives the last point.

    >>> len(_walk(elongated_bowl, (-4.0, 1.0), 0.2, 30)) - 1  # 3**9 > 1e4
    9
    """
    path = [np.asarray(init_x, dtype=float)]
    while len(path) <= step_num and np.max(np.abs(path[-1])) < far:
        x, _ = gradient_descent(f, path[-1], lr=lr, step_num=1)
        path.append(x)
    return np.array(path)


def _readout(path, close=1e-3):
    """The last point, and n_eps: the first step within `close` of 0."""
    n = len(path) - 1
    near = [i for i, x in enumerate(path) if np.linalg.norm(x) < close]
    first = f"= {near[0]}" if near else f"> {n}"
    a, b = (tex_number(v, 2) for v in path[-1])
    return (f"$x_{{{n}}} = ({a},\\ {b})$\n"
            f"$n_{{10^{{-3}}}} {first}$")


# the slider's values (docs/gradient_descent.md, data-frames)
SLIDER_LRS = (0.005, 0.02, 0.05, 0.085, 0.095, 0.1, 0.105, 0.2, 0.4, 0.5,
              0.9, 1, 1.05)


def learning_rate_paths_figure(lr=0.085, step_num=30):
    """Gradient descent with one learning rate on x0² + x1² (from (-3, 4))
    and on x0² + 10 x1² (from (-4, 1)); each panel gives the last point and
    the first step within 1e-3 of the minimum. A path stops early where
    some |x_i| reaches FAR (see _walk).

    >>> len(learning_rate_paths_figure().axes)
    2
    """
    fig = Figure(figsize=(8.0, 3.9), layout="constrained")
    round_ax, long_ax = fig.subplots(1, 2, width_ratios=[1, 1.8])
    for ax, f, start, xlim, ylim in (
            (round_ax, function_2, (-3.0, 4.0), (-5, 5), (-5, 5)),
            (long_ax, elongated_bowl, (-4.0, 1.0), (-4.5, 4.5), (-2.5, 2.5))):
        _contours(ax, f, xlim, ylim, levels=10)
        path = _walk(f, start, lr, step_num)
        ax.plot(path[:, 0], path[:, 1], "o-", color="C0", markersize=3,
                linewidth=1.2)
        ax.plot([0], [0], "*", color="C3", markersize=11)
        ax.set_title(_readout(path), fontsize=10)
    return fig


# --8<-- [start:saddle_figure]
def saddle_figure(azim=-60):
    """The surface z = x0² - x1² around its saddle point (0, 0).

    >>> saddle_figure().axes[0].name
    '3d'
    """
    x0, x1 = np.meshgrid(np.linspace(-2, 2, 25), np.linspace(-2, 2, 25))
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.add_subplot(projection="3d", computed_zorder=False)
    ax.plot_surface(x0, x1, saddle(np.stack([x0, x1], axis=-1)),
                    cmap="coolwarm", edgecolor="0.3", linewidth=0.2,
                    alpha=0.85, zorder=1)
    t = np.linspace(-2, 2, 41)
    ax.plot(t, 0 * t, t ** 2, color="k", linewidth=1.2, zorder=2)
    front = t[t <= 0]  # the half of the x1 curve not behind the surface
    ax.plot(0 * front, front, -front ** 2, color="k", linewidth=1.2,
            zorder=2)
    ax.plot([0], [0], [0], "o", color="k", markeredgecolor="w",
            markersize=9, zorder=3)
    ax.set_xticks([-2, -1, 0, 1, 2])
    ax.set_yticks([-2, -1, 0, 1, 2])
    ax.set_xlabel("$x_0$")
    ax.set_ylabel("$x_1$")
    ax.set_zlabel("$f(x)$")
    ax.view_init(elev=25, azim=azim)
    return fig
# --8<-- [end:saddle_figure]


def _slider_facts():
    def walk(f, start, lr):
        return _walk(f, start, lr, 30)

    round_start, long_start = (-3.0, 4.0), (-4.0, 1.0)
    bounce_long = walk(elongated_bowl, long_start, 0.1)
    bounce_round = walk(function_2, round_start, 1.0)
    frames = [walk(f, start, lr) for lr in SLIDER_LRS
              for f, start in ((function_2, round_start),
                               (elongated_bowl, long_start))]
    stopped = [path for path in frames if len(path) < 31]
    return {
        "slider_far": FAR,
        # a path stops early only where it reached FAR, and some do
        "slider_stops_at_far": bool(stopped) and all(
            np.max(np.abs(path[-1])) >= FAR > np.max(np.abs(path[:-1]))
            for path in stopped),
        "slider_long_converges_below_01": all(
            np.linalg.norm(walk(elongated_bowl, long_start, lr)[-1])
            < np.linalg.norm(long_start) for lr in (0.02, 0.05, 0.085, 0.095)),
        "slider_long_bounces_at_01": bool(np.allclose(
            np.abs(bounce_long[:, 1]), 1.0, rtol=1e-6)),
        "slider_long_diverges_above_01": all(
            np.linalg.norm(walk(elongated_bowl, long_start, lr)[-1]) > 10
            for lr in (0.105, 0.2)),
        "slider_round_bounces_at_1": bool(np.allclose(
            np.abs(bounce_round), np.abs(round_start), rtol=1e-6)),
        "slider_round_diverges_above_1": bool(np.linalg.norm(
            walk(function_2, round_start, 1.05)[-1]) > 5 * 10),
    }


def facts():
    """The values and claims the page's prose quotes (sitegen/facts.py).

    >>> facts()["x1_freeze_step"], facts()["x0_freeze_step"]
    (9, 10)
    """
    start, h = np.array([-3.0, 4.0]), 1e-4
    x, path = gradient_descent(function_2, start, lr=0.1, step_num=100)
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    _, on_line = gradient_descent(saddle, np.array([1.0, 0.0]), lr=0.1)
    _, off_line = gradient_descent(saddle, np.array([1.0, 1e-6]), lr=0.1)
    near = np.flatnonzero(np.linalg.norm(off_line, axis=1) < 0.1)
    tiny = book_gradient_descent(function_2, start.copy(), lr=1e-10)

    # lr = 10 with the book's code, one step at a time
    book = [start.copy()]
    for n in range(100):
        book.append(book_gradient_descent(function_2, book[-1].copy(),
                                          lr=10.0, step_num=1))
    book = np.array(book)
    moved = np.diff(book, axis=0) != 0  # moved[k]: step k + 1 moved it
    x0_freeze, x1_freeze = (int(np.flatnonzero(moved[:, i])[-1]) + 1
                            for i in (0, 1))
    exact = [exact_descent(start, 10.0, n) for n in range(101)]
    powers = 2.0 ** np.arange(64)
    threshold = powers[np.spacing(powers) > 2 * h][0]
    before = book[x0_freeze - 1]  # where x0 takes its last step
    grad = book_numerical_gradient(function_2, before.copy())

    _, zigzag = gradient_descent(elongated_bowl, np.array([-4.0, 1.0]),
                                 lr=0.085, step_num=20)
    stable = {lr: gradient_descent(elongated_bowl, np.array([-4.0, 1.0]),
                                   lr=lr)[0] for lr in (0.09, 0.1, 0.11)}
    half, half_path = gradient_descent(function_2, start, lr=0.5,
                                       step_num=20)
    landed = half_path[2]  # where lr = 0.5 stays from step 2 on
    far = np.array([5.0, -2.0])
    _, from_far = gradient_descent(function_2, far, lr=0.1, step_num=100)
    close = np.flatnonzero(np.linalg.norm(from_far, axis=1) < 1e-3)
    _, short = gradient_descent(function_2, far, lr=0.1, step_num=10)
    predicted = np.ceil(np.log(1e-3 / np.linalg.norm(far)) / np.log(0.8))
    after_20 = {lr: gradient_descent(function_2, start, lr=lr, step_num=20)[0]
                for lr in (0.3, 0.99)}
    return {
        # descent from (-3, 4), lr = 0.1
        "distance": np.linalg.norm(x),
        "distance_is_exact": bool(np.isclose(np.linalg.norm(x),
                                             5 * 0.8 ** 100, rtol=1e-10)),
        "distance_rel_diff": abs(np.linalg.norm(x) / (5 * 0.8 ** 100) - 1),
        "first_step": steps[0], "step_20": steps[19], "last_step": steps[-1],
        "steps_shrink": bool(np.all(np.diff(steps) < 0)),
        "init_x_unchanged": start.tolist() == [-3.0, 4.0],
        # the saddle x0² - x1²
        # on x1 = 0: x1 stays 0, x0 shrinks by 0.8 a step towards 0
        "saddle_approaches": bool(
            np.all(on_line[:, 1] == 0) and np.all(on_line[:, 0] > 0)
            and np.all(np.diff(on_line[:, 0]) < 0)
            and np.isclose(on_line[-1, 0], 0.8 ** 100, rtol=1e-6)),
        "saddle_x0_end": on_line[-1, 0],
        "saddle_x1_end": off_line[-1, 1],
        "saddle_near_steps": near.size,
        "saddle_near_first": int(near[0]), "saddle_near_last": int(near[-1]),
        "saddle_escapes": bool(abs(off_line[-1, 1]) > 1),
        # learning rates with the book's code
        "tiny_moved": np.linalg.norm(tiny - start),
        "same_after_100": bool(np.array_equal(
            exact_descent(start, 0.1, 100), exact_descent(start, 0.9, 100))),
        # lr = 10
        "exact_x0": exact[100][0], "exact_x1": exact[100][1],
        "exact_order": np.max(np.abs(exact[100])),
        "book_x0": book[-1, 0], "book_x1": book[-1, 1],
        "x1_freeze_step": x1_freeze, "x0_freeze_step": x0_freeze,
        "x1_freezes_first": x1_freeze < x0_freeze,
        "x1_frozen": book[x1_freeze, 1],
        # the exact x1 changes sign every step; after 100 it is positive
        "x1_wrong_sign": bool(book[-1, 1] < 0 < exact[100][1]),
        "x0_frozen": book[x0_freeze, 0],
        "x0_before": before[0], "x0_last_from": x0_freeze - 1,
        "x0_exact_then": exact[x0_freeze][0],
        "x0_last_grad_ratio": grad[0] / (2 * before[0]),
        "still_after": 100 - x0_freeze,
        "nothing_moves_after": bool(not moved[x0_freeze:].any()),
        "threshold": threshold,
        "threshold_power": f"$2^{{{int(np.log2(threshold))}}}$",
        "threshold_spacing": np.spacing(threshold),
        "x1_beyond": bool(abs(book[x1_freeze, 1]) > threshold
                          and abs(book[x1_freeze - 1, 1]) < threshold),
        "x0_below_then": bool(abs(before[0]) < threshold
                              < abs(book[x0_freeze, 0])),
        "x0_spacing_then": np.spacing(abs(before[0])),
        # the elongated bowl
        "zigzag_flips": bool(np.all(zigzag[1:, 1] * zigzag[:-1, 1] < 0)),
        # the learning-rate slider: what the paths do at its values
        **_slider_facts(),
        "stable_below": bool(np.linalg.norm(stable[0.09]) < 1e-7),
        "stable_edge": bool(np.isclose(abs(stable[0.1][1]), 1.0)),
        "stable_above": bool(abs(stable[0.11][1]) > 1e6),
        # try it yourself
        # exercise 1: after 20 steps x is (1 - 2 lr)^20 times the start
        "factor_03_20": 0.4 ** 20, "factor_099_20": 0.98 ** 20,
        "lr_predicted": bool(all(
            np.allclose(x, (1 - 2 * lr) ** 20 * start, rtol=1e-6, atol=0)
            for lr, x in after_20.items())),
        "half_not_exact": bool(np.any(half != 0) and not np.any(
            exact_descent(start, 0.5, 20))),
        "half_size": np.max(np.abs(half)),
        "half1_x0": half_path[1, 0], "half1_x1": half_path[1, 1],
        "half2_x0": landed[0], "half2_x1": landed[1],
        "half_frozen": bool(np.all(half_path[2:] == landed)
                            and np.any(landed != half_path[1])),
        # at |x_i| ~ 1e-21, x_i ± h is exactly ±h: f is the same either way
        "half_rounds_to_h": bool(np.all(landed + h == h)
                                 and np.all(landed - h == -h)),
        "half_grad_zero": bool(np.all(
            numerical_gradient(function_2, landed.copy()) == 0)),
        "far_steps": int(close[0]) if close.size else None,
        "far_predicted": bool(close.size and close[0] == predicted),
        "far_short_never": bool(np.all(np.linalg.norm(short, axis=1) >= 1e-3)),
    }


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

    # --8<-- [start:demo_frozen_steps]
    x = np.array([-3.0, 4.0])
    for n in range(1, 12):
        x = book_gradient_descent(function_2, x, lr=10.0, step_num=1)
        if n >= 8:
            print(n, x, exact_descent([-3.0, 4.0], 10.0, n))
    # --8<-- [end:demo_frozen_steps]


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
    close = np.flatnonzero(np.linalg.norm(path, axis=1) < 1e-3)
    print(close[0] if close.size else None)  # None: never that close
    # --8<-- [end:experiment_start]

    # --8<-- [start:answer_gradient_ascent]
    def gradient_ascent(f, init_x, lr=0.01, step_num=100):
        x = np.asarray(init_x) * 1.0
        for i in range(step_num):
            grad = numerical_gradient(f, x)
            x += lr * grad  # up the gradient: + instead of -
        return x

    def hill(x):
        return -function_2(x)  # highest at (0, 0)

    print(gradient_ascent(hill, [-3.0, 4.0], lr=0.1))
    # --8<-- [end:answer_gradient_ascent]

    # --8<-- [start:answer_stable_lr]
    for lr in (0.09, 0.1, 0.11):
        x, _ = gradient_descent(elongated_bowl, np.array([-4.0, 1.0]),
                                lr=lr)
        print(lr, x)
    # --8<-- [end:answer_stable_lr]
