"""Input checks, kept out of the taught code: one decorator, ``@checked``.

A function names its checks in one line, ``@checked(f=function, h=positive)``:
each keyword is an argument, each value the rule it must pass, in that order.
A rule raises an error that names the argument and the problem, or returns
what to pass on (``scalar_function`` passes on an f that checks its values).
"""

import copy
import hashlib
import math
import numbers
import pathlib
import pickle
import sys
import types

import numpy as np


class StepTooSmallError(ValueError):
    """x + h or x - h rounds back to x: the difference would be 0."""


def checked(loop=None, **rules):
    """Check the named arguments by their rules, then call the function.

    loop: the body's loop variable; an error raised in the loop then says
    after how many steps the function stopped. An array whose rule is
    marked ``shifted_in_place`` is put back as it was if the call fails.

    >>> @checked(h=positive)
    ... def half(h):
    ...     return h / 2
    >>> half(True)
    Traceback (most recent call last):
    TypeError: h must be a number, got bool True
    """
    def decorate(func):
        code = func.__code__
        names = code.co_varnames[:code.co_argcount]
        defaults = func.__defaults__ or ()
        default = dict(zip(names[len(names) - len(defaults):], defaults))

        def run(*args, **kwargs):
            given = {**default, **dict(zip(names, args)), **kwargs}
            for name, rule in rules.items():
                if name in given:
                    given[name] = rule(name, given[name], given)
            extra = list(args[len(names):])  # the call itself will refuse them
            args = [given[name] for name in names[:len(args)]] + extra
            kwargs = {name: given[name] for name in kwargs}
            saved = {name: given[name].copy() for name, rule in rules.items()
                     if getattr(rule, "shifted_in_place", False)
                     and isinstance(given.get(name), np.ndarray)}
            try:
                return func(*args, **kwargs)
            except BaseException as error:
                for name, before in saved.items():
                    given[name][...] = before  # the caller's array, as it was
                if loop is not None and isinstance(
                        error, (TypeError, ValueError, ArithmeticError)):
                    _say_where_it_stopped(error, func.__name__, loop)
                raise

        for attribute in ("__module__", "__name__", "__qualname__",
                          "__doc__"):
            setattr(run, attribute, getattr(func, attribute))
        run.__wrapped__ = func
        return run
    return decorate


# One store per process, outside this package: a snippets module imported anew (each build,
# each snapshot of the code) finds the runs made from the same files.
_REMEMBERED = sys.modules.setdefault("_snippets_remembered", types.ModuleType("_snippets_remembered"))
_REMEMBERED.runs = getattr(_REMEMBERED, "runs", {})


def remembered(func):
    """func, run once per distinct call: a repeated call (equal arguments,
    arrays compared by their bytes) returns a copy of the first result and
    leaves numpy's global random state as the first call left it. For a
    deterministic function whose run is long (a page, its figures and its
    facts all train the same network). The runs are kept for the process,
    under the bytes of every file of this package (its code and data) and
    numpy's version: a module imported again from the same files finds
    them; any change to the code or the data runs it again.

    >>> calls = []
    >>> @remembered
    ... def twice(x):
    ...     calls.append(x)
    ...     return np.asarray(x) * 2
    >>> twice([1, 2]), twice([1, 2]), len(calls)
    (array([2, 4]), array([2, 4]), 1)
    """
    memo = _REMEMBERED.runs
    package = hashlib.sha256(np.__version__.encode())
    for path in sorted(pathlib.Path(__file__).parent.iterdir()):
        if path.suffix in (".py", ".gz"):
            package.update(path.name.encode() + path.read_bytes())
    code = (func.__module__, func.__qualname__, package.hexdigest())

    def run(*args, **kwargs):
        key = (code, pickle.dumps((args, sorted(kwargs.items()))))
        if key not in memo:
            result = func(*args, **kwargs)
            memo[key] = (copy.deepcopy(result), np.random.get_state())
        result, state = memo[key]
        np.random.set_state(state)
        return copy.deepcopy(result)

    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(run, attribute, getattr(func, attribute))
    run.__wrapped__ = func
    return run


def _say_where_it_stopped(error, name, loop):
    """Prefix the message with the loop variable's value in the body."""
    body = error.__traceback__.tb_next  # the decorated function's frame
    steps = body.tb_frame.f_locals.get(loop) if body else None
    if isinstance(steps, int) and error.args:
        plural = "" if steps == 1 else "s"
        error.args = (f"{name} stopped after {steps} step{plural}: "
                      f"{error.args[0]}", *error.args[1:])


# Rules: rule(name, value, args) -> the value to pass on -------------------

def function(name, f, args):
    """Anything callable."""
    if not callable(f):
        raise TypeError(f"{name} must be a callable function, "
                        f"got {type(f).__name__} {f!r}")
    return f


def scalar_function(name, f, args):
    """A callable returning one finite number, leaving its input alone."""
    function(name, f, args)

    def checked_f(x):
        before = x.copy() if isinstance(x, np.ndarray) else None
        try:
            value = f(x)
        finally:
            if before is not None and not np.array_equal(x, before):
                where = _first(x != before)
                old, new = before[where], x[where]
                x[...] = before  # put the caller's array back
                raise ValueError(
                    f"{name} changed {_at('x', where)} ({old:.6g} -> "
                    f"{new:.6g}); x is put back, but the gradient of an f "
                    "that changes its input means nothing: let f work on "
                    "a copy")
        if np.ndim(value) != 0:
            raise ValueError(
                f"{name} must return one number, got shape "
                f"{np.shape(value)}; for one point per row use "
                "numerical_gradient_batch")
        if np.asarray(value).dtype.kind not in "biuf":
            raise TypeError(f"{name} must return a real number, "
                            f"got {type(value).__name__} {value!r}")
        if not np.isfinite(value):
            raise FloatingPointError(
                f"{name} returned {value}, not a finite number")
        return value
    return checked_f


def positive(name, value, args):
    """A finite real number > 0, not a bool: a step h, a learning rate."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Real):
        raise TypeError(f"{name} must be a number, "
                        f"got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(
            f"{name} must be a finite number > 0, got {name}={value!r}")
    return value


def count(name, value, args):
    """An integer >= 0, not a bool: a number of steps."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= 0, "
                        f"got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(
            f"{name} must be an integer >= 0, got {name}={value!r}")
    return value


def point(name, x, args):
    """A real number or array, finite, where x + h and x - h are not x."""
    if isinstance(x, int) and not isinstance(x, bool):
        x = float(x)  # what x + h computes in
    if not isinstance(x, (numbers.Real, np.ndarray)):
        raise TypeError(f"{name} must be a number or a numpy array, "
                        f"got {type(x).__name__} {x!r}")
    _check_finite(name, _reals(name, x))
    _check_shift(name, x, args["h"])
    return args[name]


def float_array(name, x, args):
    """A writable finite float array, to shift in place; x ± h is not x."""
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"{name} must be a numpy array, got {type(x).__name__} {x!r}: "
            f"numerical_gradient shifts {name} in place; "
            f"use np.array({name}, dtype=float)")
    if x.dtype.kind != "f":
        example = ""
        if x.dtype.kind in "iu" and x.size:
            first = x.flat[0]
            example = (f", and {x.dtype} stores {name}{_at('', (0,) * x.ndim)}"
                       f" + h = {first + args['h']:g} as {first}")
        raise TypeError(
            f"{name} must be a float array, got {x.dtype}: "
            f"numerical_gradient shifts {name} in place{example}; "
            f"use {name}.astype(float) and let f use it")
    if not x.flags.writeable:
        raise ValueError(
            f"{name} is read-only, but numerical_gradient shifts its "
            "elements in place (and puts them back); pass a writable array "
            f"({name}.copy() helps only if f uses its argument)")
    _check_finite(name, x)
    _check_shift(name, x, args["h"], stored_as=x.dtype)
    return x


float_array.shifted_in_place = True  # put back by checked if the call fails


def float_rows(name, points, args):
    """A float array as float_array, 2-D: one point per row."""
    float_array(name, points, args)
    if points.ndim != 2:
        raise ValueError(f"{name} must be 2-D, one point per row, "
                         f"got shape {points.shape}")
    return points


def reals(name, value, args):
    """Finite real numbers (not bools): a number, a list or an array."""
    _check_finite(name, _reals(name, value))
    return value


def vector(name, value, args):
    """Finite real numbers in one dimension: one point."""
    array = _reals(name, value)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be one point (1-D), got shape {array.shape}")
    _check_finite(name, array)
    return value


def index(name, i, args):
    """An integer index into x, not a bool, where x[i] ± h is not x[i]."""
    if isinstance(i, (bool, np.bool_)) or not isinstance(
            i, numbers.Integral):
        raise TypeError(f"{name} must be an integer index, "
                        f"got {type(i).__name__} {i!r}")
    size = np.size(args["x"])
    if not 0 <= i < size:
        raise ValueError(f"{name}={i} is out of range: x has {size} "
                         f"elements, so {name} must be 0 to {size - 1}")
    _check_shift(f"x[{i}]", (np.asarray(args["x"]) * 1.0)[i], args["h"])
    return i


def steps(name, hs, args):
    """A non-empty 1-D list of steps h, each finite and > 0."""
    array = _reals(name, hs)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D list of steps, "
                         f"got shape {array.shape}")
    _check_finite(name, array)
    if not (array > 0).all():
        raise ValueError(f"{name} must all be > 0, got {hs!r}")
    return hs


def same_shape_as(other):
    """Rule: real numbers (nan allowed) of the shape of argument other."""
    def rule(name, value, args):
        shape, other_shape = np.shape(value), np.shape(args[other])
        _reals(name, value)
        if shape != other_shape:
            raise ValueError(f"{other} and {name} must be of one shape, "
                             f"got {other_shape} and {shape}")
        return value
    return rule


def scores(name, a, args):
    """Real scores, 1-D or 2-D (one sample per row), without nan or +inf."""
    array = _reals(name, a)
    if array.ndim not in (1, 2) or array.shape[-1] == 0:
        raise ValueError(f"{name} must be a vector or a batch (1-D or 2-D) "
                         f"of at least one score, got shape {array.shape}")
    bad = np.isnan(array) | (array == np.inf)
    if bad.any():
        where = _first(bad)
        raise ValueError(f"{name} must not hold nan or +inf, got "
                         f"{array[where]} at {_at(name, where)}")
    if (array.max(axis=-1) == -np.inf).any():
        raise ValueError(f"{name} has a row of only -inf: no softmax")
    return a


def probabilities(name, y, args):
    """Real numbers in [0, 1], 1-D or 2-D (one sample per row)."""
    array = _reals(name, y)
    if array.ndim not in (1, 2) or array.size == 0:
        raise ValueError(f"{name} must be a non-empty vector or batch "
                         f"(1-D or 2-D), got shape {array.shape}")
    bad = ~((array >= 0) & (array <= 1))  # also nan
    if bad.any():
        where = _first(bad)
        raise ValueError(f"{name} must be probabilities in [0, 1], got "
                         f"{array[where]} at {_at(name, where)}")
    return y


def targets(name, t, args):
    """One-hot rows with the shape of y, or one integer label per row."""
    y, labels = np.asarray(args["y"]), np.asarray(t)
    classes = y.shape[-1]
    if labels.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be labels or one-hot rows, got "
                        f"{type(t).__name__} {t!r}")
    if labels.shape == y.shape:
        rows = labels.reshape(-1, classes)
        ok = np.isin(rows, (0, 1)) & (rows.sum(axis=1) == 1)[:, None]
        if not ok.all():
            row = _first(~ok)[0]
            where = _at(name, (row,) if labels.ndim == 2 else ())
            raise ValueError(
                f"{name} has the shape of y {y.shape}, so it must be "
                f"one-hot (a single 1 per row, 0 elsewhere), but {where} = "
                f"{rows[row]}")
        return t
    if labels.shape not in ([(y.shape[0],)] if y.ndim == 2 else [(), (1,)]):
        raise ValueError(
            f"{name} must be one-hot with the shape of y, or one label per "
            f"row of y; got y {y.shape} and {name} {labels.shape}")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got {labels.dtype} "
                        f"{name} = {labels}")
    bad = (labels < 0) | (labels >= classes)
    if bad.any():
        where = _first(bad)
        at = f" at {_at(name, where)}" if where else ""
        raise ValueError(
            f"label {labels[where]}{at} is out of range for {classes} "
            f"classes: labels are 0 to {classes - 1}")
    return t


def one_hot(name, t, args):
    """One one-hot vector, one entry per class of args["net"]."""
    classes = args["net"].W.shape[1]
    array = np.asarray(t)
    if array.shape != (classes,) or not (
            np.isin(array, (0, 1)).all() and array.sum() == 1):
        raise ValueError(f"{name} must be one one-hot vector of {classes} "
                         f"classes, got {array!r}")
    return t


def weights(name, W, args):
    """SimpleNet's W: None (drawn at random), or finite reals (2, 3)."""
    if W is not None:
        array = _reals(name, W)
        if array.shape != (2, 3):
            raise ValueError(
                f"{name} must have shape (2, 3), got {array.shape}")
        _check_finite(name, array)
    return W


# Helpers -------------------------------------------------------------------

def _reals(name, value):
    """value as an array of real numbers, or a TypeError naming it."""
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        got = (f"a {array.dtype} array" if isinstance(value, np.ndarray)
               else f"{type(value).__name__} {value!r}")
        raise TypeError(f"{name} must be real numbers, got {got}")
    return array


def _first(mask):
    """The index of the first True in mask (a tuple, () for 0-d)."""
    return np.unravel_index(np.flatnonzero(mask)[0], np.shape(mask))


def _at(name, where):
    """name[i, j], or name alone for a 0-d index."""
    where = tuple(int(i) for i in where)
    return f"{name}[{', '.join(map(str, where))}]" if where else name


def _check_finite(name, array):
    bad = ~np.isfinite(array)
    if bad.any():
        where = _first(bad)
        raise ValueError(f"{name} must be finite, got {array[where]}"
                         + (f" at {_at(name, where)}" if where else ""))


def _check_shift(name, x, h, stored_as=None):
    """Raise StepTooSmallError where x ± h rounds back to x, computed in
    x's own dtype (and stored as stored_as, if given)."""
    x = np.asarray(x)
    up, down = np.asarray(x + h), np.asarray(x - h)
    if stored_as is not None:
        up, down = up.astype(stored_as), down.astype(stored_as)
    lost_up, lost_down = up == x, down == x
    if not (lost_up | lost_down).any():
        return
    where = _first(lost_up | lost_down)
    label = _at(name, where)
    sign = "±" if lost_up[where] and lost_down[where] else (
        "+" if lost_up[where] else "-")
    value = up.dtype.type(x[where])
    raise StepTooSmallError(
        f"{label} {sign} h rounds back to {label} = {value:.6g} in "
        f"{up.dtype} (np.spacing({label}) = {np.spacing(abs(value)):.3g}, "
        f"h = {h:g}): the difference would be 0; use a larger h or a "
        "wider float dtype")
