"""4.3.1 The derivative: numerical differentiation and its two error sources.

Run ``python -m snippets.derivative`` to print every example the page shows.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import check_callable, check_step


# --8<-- [start:square]
def square(x):
    """f(x) = x**2 (exact derivative / 해석적 미분: 2x).

    >>> square(5.0)
    25.0
    """
    return x ** 2
# --8<-- [end:square]


# --8<-- [start:numerical_diff_bad]
def numerical_diff_bad(f, x):
    """Bad forward difference / 나쁜 구현: h = 10e-50 (= 1e-49).

    >>> numerical_diff_bad(square, 5.0)   # 10?
    0.0
    """
    check_callable(f)
    h = 10e-50
    return (f(x + h) - f(x)) / h
# --8<-- [end:numerical_diff_bad]


# --8<-- [start:forward_diff]
def forward_diff(f, x, h=1e-4):
    """Forward difference / 전방 차분: (f(x+h) - f(x)) / h.

    >>> forward_diff(square, 5.0)   # 10 + h
    10.000099999984968
    """
    check_callable(f)
    check_step(h)
    return (f(x + h) - f(x)) / h
# --8<-- [end:forward_diff]


# --8<-- [start:numerical_diff]
def numerical_diff(f, x, h=1e-4):
    """Central difference / 중심 차분: (f(x+h) - f(x-h)) / 2h.

    >>> numerical_diff(square, 5.0)   # 10
    9.999999999976694
    """
    check_callable(f)
    check_step(h)
    return (f(x + h) - f(x - h)) / (2 * h)
# --8<-- [end:numerical_diff]


# --8<-- [start:difference_errors]
def difference_errors(f, dfdx, x, hs):
    """|error| of the forward and central differences of f at x, one per h in hs.

    dfdx is the exact derivative (정확한 도함수), the reference.

    >>> forward, central = difference_errors(np.sin, np.cos, 1.0, [1e-2, 1e-4])
    >>> forward
    array([4.2e-03, 4.2e-05])
    >>> central
    array([9.0e-06, 9.0e-10])
    """
    check_callable(f)
    check_callable(dfdx)
    hs = np.asarray(hs, dtype=float)
    exact = dfdx(x)
    forward = np.array([abs(forward_diff(f, x, h) - exact) for h in hs])
    central = np.array([abs(numerical_diff(f, x, h) - exact) for h in hs])
    return forward, central
# --8<-- [end:difference_errors]


# --8<-- [start:best_step]
def best_step(hs, errors):
    """The h with the smallest error, and that error / 오차가 가장 작은 h와 그 오차.

    >>> best_step([1e-2, 1e-4, 1e-6], [3e-5, 1e-9, 2e-8])
    (0.0001, 1e-09)
    """
    hs, errors = np.asarray(hs, dtype=float), np.asarray(errors, dtype=float)
    if hs.shape != errors.shape or hs.size == 0:
        raise ValueError(f"hs and errors must be non-empty and of one shape, got {hs.shape} and {errors.shape}")
    i = int(np.argmin(errors))
    return float(hs[i]), float(errors[i])
# --8<-- [end:best_step]


STEPS = np.logspace(-16, -1, 151)  # h from 1e-16 to 1e-1, 10 points per decade


def error_vs_h_figure(f=np.sin, dfdx=np.cos, x=1.0):
    """Log-log plot of the forward and central difference errors against h.

    >>> fig = error_vs_h_figure()
    >>> len(fig.axes[0].get_lines())   # forward, central, and the line at h = 1e-4
    3
    """
    forward, central = difference_errors(f, dfdx, x, STEPS)
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    # log axes cannot show an error of exactly 0: leave those points out
    ax.loglog(STEPS, np.where(forward > 0, forward, np.nan), label=r"$\frac{f(x+h)-f(x)}{h}$")
    ax.loglog(STEPS, np.where(central > 0, central, np.nan), label=r"$\frac{f(x+h)-f(x-h)}{2h}$")
    ax.axvline(1e-4, color="0.4", linestyle=":", linewidth=1)
    ax.annotate(r"$h = 10^{-4}$", xy=(1e-4, 1), xycoords=("data", "axes fraction"),
                xytext=(4, -14), textcoords="offset points", color="0.3")
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
