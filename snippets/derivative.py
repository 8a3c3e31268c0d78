"""4.3.1 The derivative: numerical differentiation and its two error sources.

Run ``python -m snippets.derivative`` to print every example the page shows.
"""

import inspect

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import StepTooSmallError, checked, function, point
from snippets._checks import positive, same_shape_as, steps


# --8<-- [start:square]
def square(x):
    """f(x) = x**2, whose exact derivative is 2x.

    >>> square(5.0)
    25.0
    """
    return x ** 2
# --8<-- [end:square]


# --8<-- [start:numerical_diff_bad]
def numerical_diff_bad(f, x):
    """A bad forward difference: h = 10e-50 (= 1e-49) vanishes next to x.

    >>> numerical_diff_bad(square, 5.0)   # 10?
    0.0
    """
    h = 10e-50
    return (f(x + h) - f(x)) / h
# --8<-- [end:numerical_diff_bad]


# --8<-- [start:forward_diff]
def forward_diff(f, x, h=1e-4):
    """Forward difference: (f(x+h) - f(x)) / h.

    >>> forward_diff(square, 5.0)   # 10 + h
    10.000099999984968
    """
    return (f(x + h) - f(x)) / h
# --8<-- [end:forward_diff]

forward_diff = checked(f=function, h=positive, x=point)(forward_diff)


# --8<-- [start:numerical_diff]
def numerical_diff(f, x, h=1e-4):
    """Central difference: (f(x+h) - f(x-h)) / 2h.

    >>> numerical_diff(square, 5.0)   # 10
    9.999999999976694
    """
    return (f(x + h) - f(x - h)) / (2 * h)
# --8<-- [end:numerical_diff]

numerical_diff = checked(f=function, h=positive, x=point)(numerical_diff)


# --8<-- [start:answer_backward_diff]
def backward_diff(f, x, h=1e-4):
    """Backward difference: (f(x) - f(x-h)) / h.

    >>> backward_diff(square, 5.0)   # 10 - h
    9.99989999996842
    """
    return (f(x) - f(x - h)) / h
# --8<-- [end:answer_backward_diff]

backward_diff = checked(f=function, h=positive, x=point)(backward_diff)


# --8<-- [start:difference_errors]
def difference_errors(f, dfdx, x, hs):
    """|error| of the forward and the central difference, one per h in hs.

    >>> forward, central = difference_errors(np.sin, np.cos, 1.0, [1e-2, 1e-4])
    >>> forward
    array([4.2e-03, 4.2e-05])
    >>> central
    array([9.0e-06, 9.0e-10])
    """
    exact = dfdx(x)  # the exact derivative, the reference
    forward = [error_of(forward_diff, f, x, h, exact) for h in hs]
    central = [error_of(numerical_diff, f, x, h, exact) for h in hs]
    return np.array(forward), np.array(central)
# --8<-- [end:difference_errors]

difference_errors = checked(
    f=function, dfdx=function, hs=steps,
)(difference_errors)


def error_of(diff, f, x, h, exact):
    """|diff(f, x, h) - exact|, or nan where a step rounds back to x.

    >>> error_of(numerical_diff, square, 5.0, 1e-16, 10.0)
    nan
    """
    try:
        return abs(diff(f, x, h) - exact)
    except StepTooSmallError:  # no difference left to measure
        return np.nan


# --8<-- [start:best_step]
def best_step(hs, errors):
    """The h with the smallest error (nan errors left out), and that error.

    >>> best_step([1e-2, 1e-4, 1e-6], [3e-5, 1e-9, 2e-8])
    (0.0001, 1e-09)
    """
    i = int(np.nanargmin(errors))
    return float(hs[i]), float(errors[i])
# --8<-- [end:best_step]

best_step = checked(hs=steps, errors=same_shape_as("hs"))(best_step)


STEPS = np.logspace(-16, -1, 151)  # h from 1e-16 to 1e-1, 10 points per decade


def tex_number(value, digits=2):
    r"""A number as TeX, for a figure's labels.

    >>> print(tex_number(4.2e-5), tex_number(0.5403), tex_number(0.0))
    4.2 \times 10^{-5} 0.54 0
    """
    if value == 0 or not np.isfinite(value):
        return f"{value:g}"
    if 1e-2 <= abs(value) < 1e3:
        return f"{value:.{digits}g}"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def secant_figure(h=0.7, f=np.sin, dfdx=np.cos, x=1.0):
    """The tangent at x against the forward and the central secant (book
    figure 4-5), each secant's slope minus f'(x) in its legend. The slopes
    are the plain formulas: for a tiny h the figure shows rounding at work.

    >>> [line.get_label() for line in secant_figure().axes[0].get_lines()][:2]
    ['$f(x)$', "$f'(x)$"]
    """
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    ax = fig.add_subplot()
    t = np.linspace(x - 1.3, x + 1.3, 200)
    ax.plot(t, f(t), color="0.6", linewidth=3, label="$f(x)$")
    exact = dfdx(x)
    forward = (f(x + h) - f(x)) / h
    central = (f(x + h) - f(x - h)) / (2 * h)
    lines = [
        (exact, x, "black", "-", r"$f'(x)$"),
        (forward, x, "C0", "--", r"$\frac{f(x+h)-f(x)}{h}\;\; (\Delta = "
         + tex_number(forward - exact) + ")$"),
        (central, x - h, "C1", "-.", r"$\frac{f(x+h)-f(x-h)}{2h}\;\; "
         r"(\Delta = " + tex_number(central - exact) + ")$"),
    ]
    for slope, through, color, style, label in lines:
        ax.plot(t, f(through) + slope * (t - through), color=color,
                linestyle=style, linewidth=1.6, label=label)
    ax.plot([x], [f(x)], "o", color="black", markersize=7, zorder=3)
    ax.plot([x + h], [f(x + h)], "o", color="C0", markersize=7, zorder=3)
    ax.plot([x - h], [f(x - h)], "o", color="C1", markersize=7, zorder=3)
    ax.set_xticks([x - 1, x, x + 1], ["$x-1$", "$x$", "$x+1$"])
    ax.set_yticks([])
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(-0.6, 1.6)
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=11, loc="upper left")
    ax.set_title(f"$h = {tex_number(h, 1)}$", fontsize=12)
    return fig


def error_vs_h_figure(f=np.sin, dfdx=np.cos, x=1.0):
    """Log-log plot of the forward and central difference errors against h,
    with a dot at the smallest error of each.

    >>> len(error_vs_h_figure().axes[0].get_lines())   # 2 curves, 2 dots, 1e-4
    5
    """
    forward, central = difference_errors(f, dfdx, x, STEPS)
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    labels = (r"$\frac{f(x+h)-f(x)}{h}$", r"$\frac{f(x+h)-f(x-h)}{2h}$")
    for errors, color, label in zip((forward, central), ("C0", "C1"),
                                    labels):
        # log axes cannot show an error of exactly 0: leave those points out
        ax.loglog(STEPS, np.where(errors > 0, errors, np.nan), color=color,
                  label=label)
        lowest = np.nanargmin(errors)  # as best_step finds it
        ax.plot(STEPS[lowest], errors[lowest], "o", color=color,
                markersize=6, markeredgecolor="white", zorder=3)
    ax.axvline(1e-4, color="0.4", linestyle=":", linewidth=1)
    ax.annotate(r"$h = 10^{-4}$", xy=(1e-4, 1),
                xycoords=("data", "axes fraction"), xytext=(4, -14),
                textcoords="offset points", color="0.3")
    ax.set_xlabel(r"$h$")
    ax.set_ylabel(r"$|\,\tilde{f}'(x) - f'(x)\,|$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=12)
    return fig


def _typical(errors, width=5):
    """The median of each error and its width neighbours on each side (half
    a decade of STEPS): the error of an h, without the luck of rounding."""
    errors = np.asarray(errors, dtype=float)
    typical = np.full(errors.shape, np.nan)
    for i in range(width, len(errors) - width):
        typical[i] = np.nanmedian(errors[i - width:i + width + 1])
    return typical


def _same_digits(a, b):
    """How many leading significant digits a and b share."""
    a, b = f"{a:.16e}".replace(".", ""), f"{b:.16e}".replace(".", "")
    return next((i for i, (p, q) in enumerate(zip(a, b)) if p != q), 17)


def facts():
    """The values and claims the page's sentences quote (sitegen/facts.py)."""
    h, eps = 1e-4, float(np.finfo(float).eps)
    h_fig = inspect.signature(secant_figure).parameters["h"].default
    x32, h32 = np.float32(5.0), np.float32(10e-50)
    with np.errstate(invalid="ignore"):
        bad32 = (square(x32 + h32) - square(x32)) / h32
    forward_5 = forward_diff(square, 5.0)
    backward_5 = backward_diff(square, 5.0)
    central_5 = numerical_diff(square, 5.0)

    # sin at x = 1: the two error curves of the figure
    forward, central = difference_errors(np.sin, np.cos, 1.0, STEPS)
    forward_h, forward_best = best_step(STEPS, forward)
    central_h, central_best = best_step(STEPS, central)
    at_1e4 = float(central[np.argmin(abs(STEPS - h))])
    truncation = h ** 2 / 6 * abs(-np.cos(1.0))  # h²/6 |f'''(1)|
    exact = np.cos(1.0)
    left = central[1:np.argmin(abs(STEPS - central_h))]  # rounding side
    typical = _typical(central)
    central_typical = float(np.nanmin(typical))  # the valley's usual floor
    square_errors = difference_errors(square, lambda x: 2 * x, 5.0, STEPS)[1]
    square_h, _ = best_step(STEPS, square_errors)
    square_typical = _typical(square_errors)

    def slope(errors, lo, hi):  # slope of log(error) against log(h)
        part = (STEPS >= lo) & (STEPS <= hi)
        return np.polyfit(np.log10(STEPS[part]), np.log10(errors[part]),
                          1)[0]

    # the error model of better_derivatives: each f value off by at most
    # eps|f|/2, so the difference of two by eps|f|, divided by h or 2h
    # (|f| = |f''| = sin 1, |f'''| = cos 1)
    f1, f3 = np.sin(1.0), np.cos(1.0)
    forward_h_theory = np.sqrt(2 * eps * f1 / f1)
    forward_theory = forward_h_theory / 2 * f1 + eps * f1 / forward_h_theory
    central_h_theory = (3 * eps * f1 / (2 * f3)) ** (1 / 3)
    central_theory = (central_h_theory ** 2 / 6 * f3
                      + eps * f1 / (2 * central_h_theory))

    # the model takes x ± h as exact: so they are at x = 1 for h = 2^-k
    # (k <= 52); on the grid they are rounded, which shifts the computed
    # step by up to eps|x ± h|/2 and adds about eps|x f'(x)|/(2h) to the
    # rounding error of either difference: h* grows by these factors
    x_fp = abs(1.0 * np.cos(1.0))
    forward_h_shift = np.sqrt(1 + x_fp / (2 * f1))
    central_h_shift = (1 + x_fp / f1) ** (1 / 3)

    def nearest(h):  # the index of the grid point nearest to h (log scale)
        return int(np.argmin(abs(np.log10(STEPS) - np.log10(h))))

    # the exercises
    sweep_hs = [1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12]
    sweep = [abs(numerical_diff(np.sin, 1.0, s) - exact) for s in sweep_hs]
    best = int(np.argmin(sweep))
    exp_forward = abs(forward_diff(np.exp, 0.0) - 1.0)
    exp_central = abs(numerical_diff(np.exp, 0.0) - 1.0)

    def raises(error, *args):
        try:
            numerical_diff(*args)
        except error:
            return True
        return False

    values = {
        "secant_h": h_fig,
        "secant_tangent_slope": exact,
        "secant_forward_slope": forward_diff(np.sin, 1.0, h_fig),
        "secant_central_slope": numerical_diff(np.sin, 1.0, h_fig),
        "secant_central_closer": bool(
            abs(numerical_diff(np.sin, 1.0, h_fig) - exact)
            < abs(forward_diff(np.sin, 1.0, h_fig) - exact)),
        # the slider of the 4-5 figure: what its smallest steps show
        "secant_forward_flat_1e16": (np.sin(1 + 1e-16) - np.sin(1.0)) / 1e-16
        == 0.0,
        "secant_both_flat_1e17": (np.sin(1 + 1e-17) - np.sin(1 - 1e-17))
        / 2e-17 == 0.0,
        # from h = 1e-2 the gap to the tangent: under 0.5 % of the axes
        "secant_invisible_1e2": 1.3 * abs(forward_diff(np.sin, 1.0, 1e-2)
                                          - exact) / 2.2 < 0.005,
        "secant_forward_min_1e8": min(
            (abs((np.sin(1 + h) - np.sin(1.0)) / h - exact), h)
            for h in 10.0 ** -np.arange(2, 18))[1] == 1e-8,
        "secant_forward_error_1e8": abs(
            (np.sin(1 + 1e-8) - np.sin(1.0)) / 1e-8 - exact),
        "secant_forward_error_1e15": abs(
            (np.sin(1 + 1e-15) - np.sin(1.0)) / 1e-15 - exact),
        "bad_is_zero": numerical_diff_bad(square, 5.0) == 0.0,
        "spacing_5": float(np.spacing(5.0)),
        "half_spacing_over_h": np.spacing(5.0) / 2 / 10e-50,
        "tiny_h_is_lost": 5.0 + 10e-50 == 5.0,
        "float32_h_is_zero": bool(h32 == 0),
        "float32_bad_is_nan": bool(np.isnan(bad32)),
        "bad_h_refused": raises(StepTooSmallError, square, 5.0, 10e-50),
        "float32_h_refused": raises(ValueError, square, 5.0, h32),
        "float16_step_is_lost": bool(np.float16(5.0) + h == np.float16(5.0)),
        "float16_refused": raises(StepTooSmallError, square,
                                  np.float16(5.0)),
        "bool_h_refused": raises(TypeError, square, 5.0, True),
        "forward_square_rounding": abs(forward_5 - (10 + h)),
        "central_square_error": abs(central_5 - 10),
        "eps": eps,
        "only_smallest_h_refused": bool(
            np.isnan(forward).nonzero()[0].tolist() == [0]
            and np.isnan(central).nonzero()[0].tolist() == [0]
            and STEPS[0] == 1e-16 and 1.0 + STEPS[0] == 1.0),
        "rounding_slopes_minus_1": bool(
            round(slope(forward, 1e-15, 1e-11)) == -1
            and round(slope(central, 1e-15, 1e-11)) == -1),
        "truncation_slopes_1_and_2": bool(
            round(slope(forward, 1e-4, 1e-1)) == 1
            and round(slope(central, 1e-3, 1e-1)) == 2),
        "forward_best_h": forward_h,
        "forward_best": forward_best,
        "central_best_h": central_h,
        "central_best": central_best,
        "central_beats_forward": central_best < forward_best
        and central_h > forward_h,
        "central_at_1e4": at_1e4,
        "h_ratio": h / central_h,
        "central_typical": central_typical,
        "typical_ratio": float(f"{at_1e4 / central_typical:.2g}"),
        "typical_over_best": float(f"{central_typical / central_best:.2g}"),
        # the lowest point is far below the valley's usual error: luck
        "lowest_is_lucky": central_best < central_typical / 5,
        "book_h_right_of_valley": h > central_h,
        "truncation_at_1e4": truncation,
        "truncation_dominates": abs(at_1e4 - truncation) < 1e-3 * at_1e4,
        "relative_at_1e4": at_1e4 / exact,
        "digits_at_1e4": _same_digits(numerical_diff(np.sin, 1.0), exact),
        "square_best_h": square_h,
        # x² at 5 has no valley: its usual error is smallest at the right end
        # of the curve, and its smallest error is in the grid's last decade
        "square_has_no_valley": bool(
            np.nanargmin(square_typical)
            == np.flatnonzero(np.isfinite(square_typical))[-1]
            and square_h >= STEPS[-11]),
        "valley_is_jagged": bool((np.diff(left) > 0).any()
                                 and (np.diff(left) < 0).any()),
        "forward_h_theory": forward_h_theory,
        "forward_theory": forward_theory,
        "central_h_theory": central_h_theory,
        "central_theory": central_theory,
        "power_of_two_steps_exact": bool(all(
            (1 + s) - 1 == s and 1 - (1 - s) == s
            for s in 2.0 ** -np.arange(1, 53))),
        "grid_steps_rounded": bool(all(
            (1 + s) - 1 != s or 1 - (1 - s) != s for s in STEPS)),
        "forward_h_shift": forward_h_shift,
        "central_h_shift": central_h_shift,
        "shifted_still_near": bool(
            0.1 < forward_h / (forward_h_theory * forward_h_shift) < 10
            and 0.1 < central_h / (central_h_theory * central_h_shift) < 10),
        "measured_near_theory": bool(
            0.1 < forward_h / forward_h_theory < 10
            and 0.1 < central_h / central_h_theory < 10),
        # ... yet neither lowest point is the grid point nearest the model's
        "theory_not_exact": bool(
            nearest(forward_h) != nearest(forward_h_theory)
            and nearest(central_h) != nearest(central_h_theory)),
        "measured_below_theory": bool(forward_best < forward_theory
                                      and central_best < central_theory),
        "sweep_drop": sweep[0] / sweep[1],
        "sweep_best_h": sweep_hs[best],
        "sweep_rises_after_best": bool(np.all(np.diff(sweep[best:]) > 0)),
        "exp_forward_estimate": h / 2,
        "exp_central_estimate": h ** 2 / 6,
        "exp_forward_error": exp_forward,
        "exp_central_error": exp_central,
        "exp_errors_as_taylor_says": bool(
            abs(exp_forward - h / 2) < 0.01 * h / 2
            and abs(exp_central - h ** 2 / 6) < 0.01 * h ** 2 / 6),
        "backward_square_error": backward_5 - 10,
        "backward_rounding": abs(backward_5 - (10 - h)),
        "mean_is_central": bool(np.isclose((forward_5 + backward_5) / 2,
                                           central_5, rtol=1e-12)),
    }
    # numpy scalars as Python values: a claim must be a bool to vanish
    return {name: value.item() if isinstance(value, np.generic) else value
            for name, value in values.items()}


if __name__ == "__main__":
    # --8<-- [start:demo_bad]
    print(numerical_diff_bad(square, 5.0))
    # --8<-- [end:demo_bad]

    # --8<-- [start:demo_why_zero]
    print(np.spacing(5.0))
    print(5.0 + 10e-50 == 5.0)
    # --8<-- [end:demo_why_zero]

    # --8<-- [start:demo_float32]
    print(np.float32(10e-50))
    # --8<-- [end:demo_float32]

    # --8<-- [start:demo_10e4]
    print(10e-4)
    print(10e-4 == 1e-3)
    # --8<-- [end:demo_10e4]

    # --8<-- [start:demo_forward_central]
    print(forward_diff(square, 5.0))
    print(numerical_diff(square, 5.0))
    # --8<-- [end:demo_forward_central]

    # --8<-- [start:checks_refused]
    for x, h in ((5.0, 10e-50), (np.float16(5.0), 1e-4), (5.0, -1e-4)):
        try:
            numerical_diff(square, x, h)
        except ValueError as error:
            print(f"{type(error).__name__}: {error}")
    # --8<-- [end:checks_refused]

    # --8<-- [start:demo_best_step]
    forward, central = difference_errors(np.sin, np.cos, 1.0, STEPS)
    print("forward:", best_step(STEPS, forward))
    print("central:", best_step(STEPS, central))
    print("central at h=1e-4:", central[np.argmin(abs(STEPS - 1e-4))])
    # --8<-- [end:demo_best_step]

    # --8<-- [start:answer_h_sweep]
    for h in (1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12):
        error = abs(numerical_diff(np.sin, 1.0, h) - np.cos(1.0))
        print(f"h={h:.0e}  error={error:.1e}")
    # --8<-- [end:answer_h_sweep]

    # --8<-- [start:experiment_function]
    x = 0.0
    print(forward_diff(np.exp, x), numerical_diff(np.exp, x), np.exp(x))
    # --8<-- [end:experiment_function]

    # --8<-- [start:answer_backward_diff_demo]
    forward = forward_diff(square, 5.0)
    backward = backward_diff(square, 5.0)
    print(forward, backward)
    print((forward + backward) / 2, numerical_diff(square, 5.0))
    # --8<-- [end:answer_backward_diff_demo]
