"""4.3.1 The derivative: numerical differentiation and its two error sources.

Run ``python -m snippets.derivative`` to print every example the page shows.
"""

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
@checked(f=function, h=positive, x=point)
def forward_diff(f, x, h=1e-4):
    """Forward difference: (f(x+h) - f(x)) / h.

    >>> forward_diff(square, 5.0)   # 10 + h
    10.000099999984968
    """
    return (f(x + h) - f(x)) / h
# --8<-- [end:forward_diff]


# --8<-- [start:numerical_diff]
@checked(f=function, h=positive, x=point)
def numerical_diff(f, x, h=1e-4):
    """Central difference: (f(x+h) - f(x-h)) / 2h.

    >>> numerical_diff(square, 5.0)   # 10
    9.999999999976694
    """
    return (f(x + h) - f(x - h)) / (2 * h)
# --8<-- [end:numerical_diff]


# --8<-- [start:difference_errors]
@checked(f=function, dfdx=function, hs=steps)
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


def error_of(diff, f, x, h, exact):
    """|diff(f, x, h) - exact|, or nan where x + h or x - h rounds to x.

    >>> error_of(numerical_diff, square, 5.0, 1e-16, 10.0)
    nan
    """
    try:
        return abs(diff(f, x, h) - exact)
    except StepTooSmallError:  # no difference to measure
        return np.nan
# --8<-- [end:difference_errors]


# --8<-- [start:best_step]
@checked(hs=steps, errors=same_shape_as("hs"))
def best_step(hs, errors):
    """The h with the smallest error (nan errors left out), and that error.

    >>> best_step([1e-2, 1e-4, 1e-6], [3e-5, 1e-9, 2e-8])
    (0.0001, 1e-09)
    """
    i = int(np.nanargmin(errors))
    return float(hs[i]), float(errors[i])
# --8<-- [end:best_step]


STEPS = np.logspace(-16, -1, 151)  # h from 1e-16 to 1e-1, 10 points per decade


def error_vs_h_figure(f=np.sin, dfdx=np.cos, x=1.0):
    """Log-log plot of the forward and central difference errors against h.

    >>> len(error_vs_h_figure().axes[0].get_lines())   # 2 curves, h = 1e-4
    3
    """
    forward, central = difference_errors(f, dfdx, x, STEPS)
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    # log axes cannot show an error of exactly 0: leave those points out
    ax.loglog(STEPS, np.where(forward > 0, forward, np.nan),
              label=r"$\frac{f(x+h)-f(x)}{h}$")
    ax.loglog(STEPS, np.where(central > 0, central, np.nan),
              label=r"$\frac{f(x+h)-f(x-h)}{2h}$")
    ax.axvline(1e-4, color="0.4", linestyle=":", linewidth=1)
    ax.annotate(r"$h = 10^{-4}$", xy=(1e-4, 1),
                xycoords=("data", "axes fraction"), xytext=(4, -14),
                textcoords="offset points", color="0.3")
    ax.set_xlabel(r"$h$")
    ax.set_ylabel(r"$|\,\tilde{f}'(x) - f'(x)\,|$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=12)
    return fig


if __name__ == "__main__":
    # --8<-- [start:demo_bad]
    print(numerical_diff_bad(square, 5.0))
    # --8<-- [end:demo_bad]

    # --8<-- [start:demo_why_zero]
    print(np.spacing(5.0))
    print(5.0 + 10e-50 == 5.0)
    print(np.float32(10e-50))
    # --8<-- [end:demo_why_zero]

    # --8<-- [start:demo_10e4]
    print(10e-4)
    print(10e-4 == 1e-3)
    # --8<-- [end:demo_10e4]

    # --8<-- [start:demo_forward_central]
    print(forward_diff(square, 5.0))
    print(numerical_diff(square, 5.0))
    # --8<-- [end:demo_forward_central]

    # --8<-- [start:demo_checked]
    for x, h in ((5.0, 10e-50), (np.float16(5.0), 1e-4), (5.0, -1e-4)):
        try:
            numerical_diff(square, x, h)
        except ValueError as error:
            print(f"{type(error).__name__}: {error}")
    # --8<-- [end:demo_checked]

    # --8<-- [start:demo_best_step]
    forward, central = difference_errors(np.sin, np.cos, 1.0, STEPS)
    print("forward:", best_step(STEPS, forward))
    print("central:", best_step(STEPS, central))
    print("central at h=1e-4:", central[np.argmin(abs(STEPS - 1e-4))])
    # --8<-- [end:demo_best_step]

    # --8<-- [start:experiment_h]
    for h in (1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12):
        error = abs(numerical_diff(np.sin, 1.0, h) - np.cos(1.0))
        print(f"h={h:.0e}  error={error:.1e}")
    # --8<-- [end:experiment_h]

    # --8<-- [start:experiment_function]
    x = 0.0
    print(forward_diff(np.exp, x), numerical_diff(np.exp, x), np.exp(x))
    # --8<-- [end:experiment_function]
