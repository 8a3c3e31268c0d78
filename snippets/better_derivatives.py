"""Beyond 4.3-4.4: better numerical derivatives, and what a gradient costs.

Run ``python -m snippets.better_derivatives`` to print every example the
page shows, and, not on the page, how long a gradient takes on this machine.
"""

import time

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import checked, count, function, one_hot, point
from snippets._checks import positive, reals, same_shape_as, steps, vector
from snippets.derivative import STEPS, best_step, difference_errors, error_of
from snippets.derivative import forward_diff, numerical_diff
from snippets.gradient import numerical_gradient
from snippets.neural_net import BOOK_W, SimpleNet, analytic_gradient, softmax
from snippets.partial_derivative import function_2


# --8<-- [start:error_model]
EPS = np.finfo(np.float64).eps  # 2.2e-16, the spacing of floats at 1


def forward_model(h, f0, f2):
    """Forward difference: truncation (h/2)|f''| + rounding eps|f|/h.

    Each value of f is off by up to eps|f|/2; at worst the two errors add.

    >>> float(forward_model(1e-8, 1.0, 1.0))
    2.7e-08
    """
    return h / 2 * abs(f2) + EPS * abs(f0) / h


def central_model(h, f0, f3):
    """Central difference: truncation (h²/6)|f'''| + rounding eps|f|/(2h).

    >>> float(central_model(1e-5, 1.0, 1.0))
    2.8e-11
    """
    return h ** 2 / 6 * abs(f3) + EPS * abs(f0) / (2 * h)
# --8<-- [end:error_model]

forward_model = checked(h=positive, f0=reals, f2=reals)(forward_model)
central_model = checked(h=positive, f0=reals, f3=reals)(central_model)


# --8<-- [start:best_h]
def forward_best_h(f0, f2):
    """h* = sqrt(2 eps|f| / |f''|), where forward_model is smallest.

    >>> float(forward_best_h(1.0, 1.0))
    2.1e-08
    """
    return np.sqrt(2 * EPS * abs(f0) / abs(f2))


def central_best_h(f0, f3):
    """h* = (3 eps|f| / (2|f'''|)) ** (1/3), where central_model is smallest.

    >>> float(central_best_h(1.0, 1.0))
    6.9e-06
    """
    return (3 * EPS * abs(f0) / (2 * abs(f3))) ** (1 / 3)
# --8<-- [end:best_h]

forward_best_h = checked(f0=reals, f2=reals)(forward_best_h)
central_best_h = checked(f0=reals, f3=reals)(central_best_h)


# --8<-- [start:typical_best_step]
FINE_STEPS = np.logspace(-16, -1, 1501)  # 1e-16 to 0.1, 100 per decade


def typical_best_step(hs, errors, width=50):
    """best_step of the median error over width neighbours on each side.

    >>> typical_best_step([1, 2, 3, 4, 5], [5, 1, 9, 8, 7], width=1)
    (2.0, 5.0)
    """
    errors = np.asarray(errors, dtype=float)
    typical = np.full(errors.shape, np.nan)
    for i in range(width, len(errors) - width):
        typical[i] = np.nanmedian(errors[i - width:i + width + 1])
    return best_step(hs, typical)
# --8<-- [end:typical_best_step]

typical_best_step = checked(
    hs=steps, errors=same_shape_as("hs"), width=count,
)(typical_best_step)


# sin at x = 1: f, f'', f''' there
SIN_1 = np.sin(1.0), -np.sin(1.0), -np.cos(1.0)


def model_figure():
    """The measured errors of sin'(1) against h, the model and its h*.

    >>> len(model_figure().axes[0].get_lines())   # 2 measured, 2 model, 2 h*
    6
    """
    f0, f2, f3 = SIN_1
    forward, central = difference_errors(np.sin, np.cos, 1.0, FINE_STEPS)
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = fig.add_subplot()
    for color, errors in (("C0", forward), ("C1", central)):
        ax.loglog(FINE_STEPS, np.where(errors > 0, errors, np.nan),
                  color=color, linewidth=0.6, alpha=0.55)
    ax.loglog(FINE_STEPS, [forward_model(h, f0, f2) for h in FINE_STEPS],
              color="C0", linestyle="--", linewidth=1.6,
              label=r"$\frac{h}{2}|f''| + \frac{\varepsilon |f|}{h}$")
    ax.loglog(FINE_STEPS, [central_model(h, f0, f3) for h in FINE_STEPS],
              color="C1", linestyle="--", linewidth=1.6,
              label=r"$\frac{h^2}{6}|f'''| + \frac{\varepsilon |f|}{2h}$")
    for color, h in (("C0", forward_best_h(f0, f2)),
                     ("C1", central_best_h(f0, f3))):
        ax.axvline(h, color=color, linestyle=":", linewidth=1.2)
    ax.set_ylim(1e-17, 1)
    ax.set_xlabel(r"$h$")
    ax.set_ylabel(r"$|\,\tilde{f}'(x) - f'(x)\,|$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=12, loc="upper center")
    return fig


# --8<-- [start:complex_step]
def complex_step(f, x, h=1e-20):
    """Im f(x + ih) / h: f'(x) with no subtraction, for an analytic f.

    >>> complex_step(np.sin, 1.0)   # cos(1) = 0.5403023058681398
    np.float64(0.5403023058681398)
    """
    return np.imag(f(x + 1j * h)) / h
# --8<-- [end:complex_step]

complex_step = checked(f=function, x=reals, h=positive)(complex_step)


# --8<-- [start:not_analytic]
def x_abs_x(x):
    """f(x) = x|x|, whose derivative is 2|x|: smooth, but uses abs.

    >>> x_abs_x(-3.0)
    np.float64(-9.0)
    """
    return x * np.abs(x)


def relu(x):
    """max(0, x) with a comparison, as plain Python writes it.

    Python's complex refuses the comparison (TypeError); numpy's complex
    compares the real parts first, so x > 0 branches on the real part.

    >>> relu(-2.0), relu(2.0)
    (0.0, 2.0)
    """
    return x if x > 0 else 0.0
# --8<-- [end:not_analytic]


# --8<-- [start:richardson]
def richardson(f, x, h=1e-3):
    """(4 D(h/2) - D(h)) / 3 from two central differences D: error O(h⁴).

    >>> richardson(np.sin, 1.0)   # cos(1) = 0.5403023058681398
    np.float64(0.540302305868)
    """
    return (4 * numerical_diff(f, x, h / 2) - numerical_diff(f, x, h)) / 3
# --8<-- [end:richardson]

richardson = checked(f=function, h=positive, x=point)(richardson)


# --8<-- [start:answer_forward_richardson]
def forward_richardson(f, x, h=1e-4):
    """2 F(h/2) - F(h) from two forward differences F: error O(h²).

    >>> forward_richardson(np.sin, 1.0)   # cos(1) = 0.5403023058681398
    np.float64(0.540302306)
    """
    return 2 * forward_diff(f, x, h / 2) - forward_diff(f, x, h)
# --8<-- [end:answer_forward_richardson]

forward_richardson = checked(f=function, h=positive, x=point)(
    forward_richardson)


# --8<-- [start:method_errors]
METHODS = (forward_diff, numerical_diff, richardson, complex_step)


def method_errors(f, dfdx, x, hs):
    """|error| of each way in METHODS (one row each), one per h in hs.

    >>> method_errors(np.sin, np.cos, 1.0, [1e-3])
    array([[4.2e-04],
           [9.0e-08],
           [3.5e-14],
           [9.0e-08]])
    """
    exact = dfdx(x)
    return np.array([[error_of(way, f, x, h, exact) for h in hs]
                     for way in METHODS])
# --8<-- [end:method_errors]

method_errors = checked(f=function, dfdx=function, hs=steps)(method_errors)


def methods_figure():
    """The errors of the four ways against h; a symlog axis shows 0.

    >>> len(methods_figure().axes[0].get_lines())
    4
    """
    errors = method_errors(np.sin, np.cos, 1.0, FINE_STEPS)
    labels = (r"$\frac{f(x+h)-f(x)}{h}$", r"$\frac{f(x+h)-f(x-h)}{2h}$",
              r"$\frac{4D(h/2)-D(h)}{3}$", r"$\frac{\mathrm{Im}\,f(x+ih)}{h}$")
    fig = Figure(figsize=(6.4, 4.8), layout="constrained")
    ax = fig.add_subplot()
    # the complex step at the bottom, wide and pale: on the right it has the
    # central difference's error, and the thin central line shows inside it
    styles = ({"linewidth": 0.7, "zorder": 2}, {"linewidth": 0.7, "zorder": 4},
              {"linewidth": 0.7, "zorder": 3},
              {"linewidth": 3.2, "alpha": 0.45, "zorder": 1})
    for row, label, color, style in zip(errors, labels,
                                        ("C0", "C1", "C2", "C3"), styles):
        ax.plot(FINE_STEPS, row, color=color, label=label, **style)
    ax.set_xscale("log")
    # linear from 0 to 1e-17, logarithmic above: an error of exactly 0 shows
    ax.set_yscale("symlog", linthresh=1e-17, linscale=0.5)
    ax.set_ylim(0, 1)
    ax.set_yticks([0, 1e-16, 1e-13, 1e-10, 1e-7, 1e-4, 1e-1])
    ax.set_xlabel(r"$h$")
    ax.set_ylabel(r"$|\,\tilde{f}'(x) - f'(x)\,|$")
    ax.grid(True, which="major", alpha=0.3)
    fig.legend(fontsize=11, loc="outside upper center", ncols=4)
    return fig


# --8<-- [start:relative_error]
def relative_error(a, b):
    """|a - b| / max(|a|, |b|) element by element; 0 where both are 0.

    >>> relative_error([1.0, 0.0, 2.0], [1.1, 0.0, -2.0])
    array([0.09090909, 0.        , 2.        ])
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.maximum(np.abs(a), np.abs(b))
    return np.abs(a - b) / np.where(scale == 0, 1.0, scale)
# --8<-- [end:relative_error]

relative_error = checked(a=reals, b=same_shape_as("a"))(relative_error)


# --8<-- [start:loss_without_guard]
def loss_without_guard(net, x, t):
    """SimpleNet's loss for one sample, -log y[correct], without the 1e-7.

    >>> x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    >>> loss_without_guard(SimpleNet(BOOK_W), x, t)
    np.float64(0.9280685387482351)
    """
    y = softmax(net.predict(x))
    return -np.log(y[np.argmax(t)])
# --8<-- [end:loss_without_guard]

loss_without_guard = checked(x=vector, t=one_hot)(loss_without_guard)


# --8<-- [start:Counted]
class Counted:
    """f that counts its calls in .calls.

    >>> f = Counted(np.sin)
    >>> f(0.0), f.calls
    (np.float64(0.0), 1)
    """

    def __init__(self, f):
        self.f = f
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return self.f(x)
# --8<-- [end:Counted]

Counted.__init__ = checked(f=function)(Counted.__init__)


# --8<-- [start:evaluations]
def evaluations(n):
    """How many times numerical_gradient calls f for n parameters.

    >>> evaluations(3)
    6
    """
    f = Counted(function_2)
    numerical_gradient(f, np.ones(n))
    return f.calls
# --8<-- [end:evaluations]

evaluations = checked(n=count)(evaluations)


SIZES = [10, 30, 100, 300, 1000, 3000, 10000]  # numbers of parameters


def evaluations_figure():
    """The counted evaluations of f per gradient against n, and 2n.

    >>> len(evaluations_figure().axes[0].get_lines())
    2
    """
    counts = [evaluations(n) for n in SIZES]
    fig = Figure(figsize=(5.6, 4.2), layout="constrained")
    ax = fig.add_subplot()
    ax.loglog(SIZES, [2 * n for n in SIZES], color="0.55", linewidth=1.2,
              label=r"$2n$")
    ax.loglog(SIZES, counts, "o", color="C0")
    ax.set_xlabel(r"$n$")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=12)
    return fig


@checked(n=count, repeat=count)
def seconds_per_gradient(n, repeat=3):
    """The shortest of repeat timings of one gradient of n parameters.

    >>> seconds_per_gradient(10) > 0
    True
    """
    x = np.ones(n)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        numerical_gradient(function_2, x)
        times.append(time.perf_counter() - start)
    return min(times)


def _near(a, b, factor=10):
    """a and b agree within factor (10: the same order of magnitude)."""
    return 1 / factor < a / b < factor


def _decade(h):
    """The powers of ten just below and just above h."""
    k = int(np.floor(np.log10(h)))
    return 10.0 ** k, 10.0 ** (k + 1)


def _raises_type_error(f, x):
    """Whether complex_step(f, x) raises a TypeError."""
    try:
        complex_step(f, x)
    except TypeError:
        return True
    return False


def _per_decade(hs):
    """How many h a log-spaced grid has per power of ten."""
    return round((len(hs) - 1) / np.log10(hs[-1] / hs[0]))


def _calls(way):
    """How many times way calls f for one derivative of sin at 1."""
    f = Counted(np.sin)
    way(f, 1.0)
    return f.calls


def facts():
    """The values the page quotes, computed now."""
    f0, f2, f3 = SIN_1
    forward, central = difference_errors(np.sin, np.cos, 1.0, FINE_STEPS)
    all_errors = method_errors(np.sin, np.cos, 1.0, FINE_STEPS)
    richardson_errors = all_errors[2]
    # 4.3.1's measurement: its grid of 10 h per decade, its lowest points
    measured = dict(zip(("forward", "central"), (
        best_step(STEPS, errors)[0]
        for errors in difference_errors(np.sin, np.cos, 1.0, STEPS))))
    decades = {way: _decade(h) for way, h in measured.items()}
    h_forward, h_central = forward_best_h(f0, f2), central_best_h(f0, f3)
    model = {"forward": (h_forward, forward_model(h_forward, f0, f2)),
             "central": (h_central, central_model(h_central, f0, f3))}
    typical = {"forward": typical_best_step(FINE_STEPS, forward),
               "central": typical_best_step(FINE_STEPS, central)}
    net, x, t = SimpleNet(BOOK_W), np.array([0.6, 0.9]), np.array([0, 0, 1])
    analytic = analytic_gradient(net, x, t)
    guarded = relative_error(
        analytic, numerical_gradient(lambda w: net.loss(x, t), net.W))
    unguarded = relative_error(analytic, numerical_gradient(
        lambda w: loss_without_guard(net, x, t), net.W))
    y = softmax(net.predict(x))
    guard_share = 1e-7 / (y[2] + 1e-7)
    counts = {n: evaluations(n) for n in SIZES}
    per_parameter = {counts[n] / n for n in SIZES}
    simple_net_calls = Counted(lambda w: net.loss(x, t))
    numerical_gradient(simple_net_calls, net.W)
    # rounding x + h and x - h adds up to eps|x f'(x)| / (2h) to either
    # difference: its share of the model's rounding term, and how far h* moves
    x_share = {"forward": abs(1.0 * np.cos(1.0)) / (2 * abs(f0)),
               "central": abs(1.0 * np.cos(1.0)) / abs(f0)}
    h_shift = {"forward": np.sqrt(1 + x_share["forward"]),
               "central": np.cbrt(1 + x_share["central"])}
    exp_h = central_best_h(1.0, 1.0)
    _, exp_central = difference_errors(np.exp, np.exp, 0.0, FINE_STEPS)
    exp_typical = typical_best_step(FINE_STEPS, exp_central)
    return {
        "coarse_per_decade": _per_decade(STEPS),
        "fine_per_decade": _per_decade(FINE_STEPS),
        "fine_best_central_h": best_step(FINE_STEPS, central)[0],
        # the single luckiest h depends on the grid: on the fine one the
        # central difference's lies below the decade of 4.3.1's lowest point
        "lucky_point_moves": bool(
            best_step(FINE_STEPS, central)[0] < decades["central"][0]),
        "lucky_ratio": (measured["central"]
                        / best_step(FINE_STEPS, central)[0]),
        "x_share_forward": x_share["forward"],
        "x_share_central": x_share["central"],
        "h_shift_forward": h_shift["forward"],
        "h_shift_central": h_shift["central"],
        # with the rounding of x +- h, h* moves by less than 20 %
        "h_shift_small": bool(max(h_shift.values()) < 1.2),
        # x = 1 and h a power of two: 1 + h and 1 - h are exact
        "powers_of_two_exact": all(
            (1.0 + 2.0 ** -k) - 1.0 == 2.0 ** -k
            and 1.0 - (1.0 - 2.0 ** -k) == 2.0 ** -k for k in range(1, 53)),
        "exact_fine_steps": int(sum(
            (1.0 + h) - 1.0 == h and 1.0 - (1.0 - h) == h
            for h in FINE_STEPS)),
        "fine_steps": FINE_STEPS.size,
        "exp_h": exp_h,
        # e^x at 0 has f = f3 = 1, sin at 1 has |f / f3| = tan 1 > 1:
        # the h* of e^x is the smaller one
        "exp_h_smaller": bool(exp_h < h_central),
        "exp_h_ratio": h_central / exp_h,
        "exp_model_within_10x": bool(
            _near(exp_typical[0], exp_h)
            and _near(exp_typical[1], central_model(exp_h, 1.0, 1.0))),
        "forward_h": h_forward,
        "forward_error": model["forward"][1],
        "forward_typical_h": typical["forward"][0],
        "forward_typical_error": typical["forward"][1],
        "central_h": h_central,
        "central_error": model["central"][1],
        "central_typical_h": typical["central"][0],
        "central_typical_error": typical["central"][1],
        "central_best_error": best_step(FINE_STEPS, central)[1],
        # how many times the model's error is the typical measured one
        "forward_ratio": model["forward"][1] / typical["forward"][1],
        "central_ratio": model["central"][1] / typical["central"][1],
        "book_h_ratio": 1e-4 / h_central,
        "measured_forward_h": measured["forward"],
        "measured_central_h": measured["central"],
        "forward_valley_low": decades["forward"][0],
        "forward_valley_high": decades["forward"][1],
        "central_valley_low": decades["central"][0],
        "central_valley_high": decades["central"][1],
        # 4.3.1's lowest point and the typical valley lie in the same decade
        "valleys_in_decades": all(
            decades[way][0] <= h < decades[way][1]
            for way in decades for h in (measured[way], typical[way][0])),
        "book_h_ratio_measured": 1e-4 / measured["central"],
        # the predicted h* is a little right of the typical valley, < 3 times
        "h_star_near_valley": all(
            typical[way][0] < model[way][0] < 3 * typical[way][0]
            for way in model),
        # the model gets the typical best h and its error within 10 times
        "model_within_10x": all(
            _near(typical[way][0], model[way][0])
            and _near(typical[way][1], model[way][1]) for way in model),
        # on the fine grid, the luckiest h beats the model's error
        "lucky_below_model": all(
            best_step(FINE_STEPS, errors)[1] < model[way][1]
            for way, errors in (("forward", forward), ("central", central))),
        "complex_error": abs(complex_step(np.sin, 1.0, 1e-200) - np.cos(1.0)),
        "complex_abs": complex_step(np.abs, 2.0),
        "complex_x_abs_x": complex_step(x_abs_x, 2.0),
        "complex_relu_numpy": complex_step(relu, np.float64(2.0)),
        # numpy's complex compares real parts: relu and np.maximum branch on
        # them, with no error, and give relu's derivative on either side
        "numpy_comparisons_branch": bool(
            complex_step(relu, np.float64(2.0)) == 1.0
            and complex_step(relu, np.float64(-2.0)) == 0.0
            and complex_step(lambda x: np.maximum(x, 0.0), 2.0) == 1.0
            and complex_step(lambda x: np.maximum(x, 0.0), -2.0) == 0.0
            and complex_step(lambda x: np.max([x, 0.0]), 2.0) == 1.0),
        # Python's own complex refuses >, and so max and if x > 0
        "python_comparison_raises": _raises_type_error(relu, 2.0)
            and _raises_type_error(lambda x: max(x, 0.0), 2.0),
        # == compares the imaginary parts too: x + ih is not 2
        "numpy_equality_sees_step": bool(np.float64(2.0) + 1j * 1e-20 != 2.0),
        "richardson_h": best_step(FINE_STEPS, richardson_errors)[0],
        "richardson_error": best_step(FINE_STEPS, richardson_errors)[1],
        "richardson_typical_h": typical_best_step(
            FINE_STEPS, richardson_errors)[0],
        "richardson_typical_error": typical_best_step(
            FINE_STEPS, richardson_errors)[1],
        "spacing": np.spacing(np.cos(1.0)),
        # the spacing as the alt texts read it: 1.1 (times 10 to the) -16
        "spacing_mantissa": np.spacing(np.cos(1.0)) / 10.0 ** np.floor(
            np.log10(np.spacing(np.cos(1.0)))),
        "spacing_exponent": int(np.floor(np.log10(np.spacing(np.cos(1.0))))),
        # below h = 1e-8 the complex step is off by exactly 0 or one spacing
        "complex_within_spacing": all(
            abs(complex_step(np.sin, 1.0, h) - np.cos(1.0))
            in (0.0, np.spacing(np.cos(1.0)))
            for h in FINE_STEPS if h <= 1e-8),
        # on the right (h >= 1e-4) the complex step has the central
        # difference's error, within 1 %: the two lines coincide
        "complex_matches_central": bool(np.allclose(
            all_errors[3][FINE_STEPS >= 1e-4],
            all_errors[1][FINE_STEPS >= 1e-4], rtol=0.01, atol=0)),
        "central_calls": _calls(numerical_diff),
        "richardson_calls": _calls(richardson),
        "complex_calls": _calls(complex_step),
        "richardson_twice_central":
            _calls(richardson) == 2 * _calls(numerical_diff),
        "gradcheck_guarded": guarded.max(),
        "gradcheck_unguarded": unguarded.max(),
        "guard_share": guard_share,
        # CS231n's "happy" ends at 1e-7: the guarded check is just above it
        "guarded_just_above_happy": bool(1e-7 < guarded.max() < 1e-6),
        # the 1e-7 explains the whole relative error, to 1 %
        "guard_explains": bool(abs(guarded.max() / guard_share - 1) < 0.01),
        "evaluations_10000": counts[10000],
        "simple_net_weights": net.W.size,
        "simple_net_calls": simple_net_calls.calls,
        # forgetting "- t" puts the relative error where CS231n says wrong
        "bug_probably_wrong": bool(relative_error(
            np.outer(x, y), numerical_gradient(lambda w: net.loss(x, t), net.W)
        ).max() > 1e-2),
        "two_per_parameter": per_parameter == {2.0},
        "evaluations_million": round(per_parameter.pop() * 10 ** 6),
    }


if __name__ == "__main__":
    # --8<-- [start:demo_best_h]
    f0, f2, f3 = np.sin(1.0), -np.sin(1.0), -np.cos(1.0)
    forward, central = difference_errors(np.sin, np.cos, 1.0, FINE_STEPS)
    row = "{:8} {:10} h={:.1e}  error={:.1e}"
    h = forward_best_h(f0, f2)
    print(row.format("forward", "predicted", h, forward_model(h, f0, f2)))
    print(row.format("", "best", *best_step(FINE_STEPS, forward)))
    print(row.format("", "typical", *typical_best_step(FINE_STEPS, forward)))
    h = central_best_h(f0, f3)
    print(row.format("central", "predicted", h, central_model(h, f0, f3)))
    print(row.format("", "best", *best_step(FINE_STEPS, central)))
    print(row.format("", "typical", *typical_best_step(FINE_STEPS, central)))
    # --8<-- [end:demo_best_h]

    # --8<-- [start:demo_complex_step]
    for h in (1e-1, 1e-4, 1e-8, 1e-20, 1e-100, 1e-200):
        error = abs(complex_step(np.sin, 1.0, h) - np.cos(1.0))
        print(f"h={h:.0e}  error={error:.1e}")
    # --8<-- [end:demo_complex_step]

    # --8<-- [start:demo_not_analytic]
    print(complex_step(np.abs, 2.0), numerical_diff(np.abs, 2.0))
    print(complex_step(x_abs_x, 2.0), numerical_diff(x_abs_x, 2.0))
    print(complex_step(relu, np.float64(2.0)),
          complex_step(lambda x: np.maximum(x, 0.0), 2.0))
    # --8<-- [end:demo_not_analytic]

    # --8<-- [start:demo_methods]
    errors = method_errors(np.sin, np.cos, 1.0, FINE_STEPS)
    for way, row in zip(METHODS, errors):
        h, error = best_step(FINE_STEPS, row)
        print(f"{way.__name__:15} best h={h:.1e}  error={error:.1e}")
    # --8<-- [end:demo_methods]

    # --8<-- [start:demo_gradient_check]
    net = SimpleNet(BOOK_W)
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    analytic = analytic_gradient(net, x, t)
    numerical = numerical_gradient(lambda w: net.loss(x, t), net.W)
    print(relative_error(analytic, numerical))
    print(relative_error(analytic, numerical).max())
    # --8<-- [end:demo_gradient_check]

    # --8<-- [start:demo_without_guard]
    numerical = numerical_gradient(
        lambda w: loss_without_guard(net, x, t), net.W)
    print(relative_error(analytic, numerical).max())
    # --8<-- [end:demo_without_guard]

    # --8<-- [start:demo_counted]
    for n in (10, 100, 1000, 10000):
        print(n, evaluations(n))
    f = Counted(lambda w: net.loss(x, t))
    numerical_gradient(f, net.W)
    print("SimpleNet:", net.W.size, "weights,", f.calls, "calls")
    # --8<-- [end:demo_counted]

    # --8<-- [start:demo_per_derivative]
    for way in METHODS:
        f = Counted(np.sin)
        way(f, 1.0)
        print(f"{way.__name__:15} calls={f.calls}")
    # --8<-- [end:demo_per_derivative]

    # --8<-- [start:experiment_exp]
    h = central_best_h(np.exp(0.0), np.exp(0.0))  # f = f''' = e^x = 1
    forward, central = difference_errors(np.exp, np.exp, 0.0, FINE_STEPS)
    row = "{:10} h={:.1e}  error={:.1e}"
    print(row.format("predicted", h, central_model(h, 1.0, 1.0)))
    print(row.format("best", *best_step(FINE_STEPS, central)))
    print(row.format("typical", *typical_best_step(FINE_STEPS, central)))
    # --8<-- [end:experiment_exp]

    # --8<-- [start:answer_forgotten_t]
    net = SimpleNet(BOOK_W)
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])

    def gradient_without_t(net, x, t):
        return np.outer(x, softmax(net.predict(x)))  # forgot "- t"

    numerical = numerical_gradient(lambda w: net.loss(x, t), net.W)
    print(relative_error(gradient_without_t(net, x, t), numerical))
    print(relative_error(gradient_without_t(net, x, t), numerical).max())
    # --8<-- [end:answer_forgotten_t]

    # --8<-- [start:answer_forward_richardson_demo]
    for h in (1e-2, 1e-3, 1e-4):
        forward = abs(forward_diff(np.sin, 1.0, h) - np.cos(1.0))
        better = abs(forward_richardson(np.sin, 1.0, h) - np.cos(1.0))
        print(f"h={h:.0e}  forward={forward:.1e}  extrapolated={better:.1e}")
    # --8<-- [end:answer_forward_richardson_demo]

    # --8<-- [start:experiment_double]
    print(evaluations(1000), evaluations(2000))
    # --8<-- [end:experiment_double]

    # --8<-- [start:timing]
    # not on the page: times change from machine to machine and run to run
    for n in SIZES:
        print(f"n={n:5}  {seconds_per_gradient(n):.2e} s per gradient")
    # --8<-- [end:timing]
