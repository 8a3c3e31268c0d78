"""4.4.2 Gradients in a neural network: softmax, cross-entropy, SimpleNet.

Run ``python -m snippets.neural_net`` to print every example the page shows.
"""

import numpy as np

from snippets._checks import StepTooSmallError, checked, one_hot
from snippets._checks import probabilities, reals
from snippets._checks import same_shape_as, scores, targets, vector, weights
from snippets.gradient import numerical_gradient

# what the book prints: its weights, its loss and its gradient dW
# --8<-- [start:book_w]
# the weights printed in the book
BOOK_W = np.array([[0.47355232, 0.9977393, 0.84668094],
                   [0.85557411, 0.03563661, 0.69422093]])
# --8<-- [end:book_w]
BOOK_LOSS_PRINTED = "0.92806853663411326"  # as the book prints it
BOOK_LOSS = float(BOOK_LOSS_PRINTED)
BOOK_DW = np.array([[0.21924763, 0.14356247, -0.36281009],
                    [0.32887144, 0.2153437, -0.54421514]])


# --8<-- [start:softmax]
def softmax(a):
    """exp(a) / sum(exp(a)) along the last axis, for a vector or a batch.

    >>> softmax(np.array([1010.0, 1000.0, 990.0]))
    array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])
    """
    a = a - np.max(a, axis=-1, keepdims=True)  # now exp cannot overflow
    return np.exp(a) / np.sum(np.exp(a), axis=-1, keepdims=True)
# --8<-- [end:softmax]

softmax = checked(a=scores)(softmax)


# --8<-- [start:cross_entropy_error]
def cross_entropy_error(y, t):
    """Mean over the batch of -log(y[correct class] + 1e-7).

    >>> cross_entropy_error(np.array([0.1, 0.7, 0.2]), np.array([0, 1, 0]))
    np.float64(0.3566748010815999)
    >>> cross_entropy_error(np.array([[0.1, 0.7, 0.2]]), np.array([1]))
    np.float64(0.3566748010815999)
    """
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:            # one sample: a batch of one
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.shape == y.shape:     # one-hot: turn into labels
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
# --8<-- [end:cross_entropy_error]

cross_entropy_error = checked(y=probabilities, t=targets)(cross_entropy_error)


# --8<-- [start:SimpleNet]
class SimpleNet:
    """One layer, 2 inputs, 3 classes; W is given, or drawn with a seed.

    >>> SimpleNet(seed=0).W.round(3)
    array([[ 0.126, -0.132,  0.64 ],
           [ 0.105, -0.536,  0.362]])
    """

    def __init__(self, W=None, seed=None):
        if W is None:
            W = np.random.default_rng(seed).standard_normal((2, 3))
        self.W = np.asarray(W) * 1.0  # a float copy (float32 stays float32)

    def predict(self, x):
        return np.dot(x, self.W)

    def loss(self, x, t):
        z = self.predict(x)
        y = softmax(z)
        return cross_entropy_error(y, t)
# --8<-- [end:SimpleNet]

SimpleNet.__init__ = checked(W=weights)(SimpleNet.__init__)


# --8<-- [start:analytic_gradient]
def analytic_gradient(net, x, t):
    """dL/dW = outer(x, softmax(x W) - t) for one sample, without the 1e-7.

    >>> x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    >>> analytic_gradient(SimpleNet(BOOK_W), x, t).round(4)
    array([[ 0.2192,  0.1436, -0.3628],
           [ 0.3289,  0.2153, -0.5442]])
    """
    return np.outer(x, softmax(net.predict(x)) - t)


def max_relative_error(a, b):
    """max |a - b| / max(|a|, |b|), element by element.

    >>> max_relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.002]))
    0.000999
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)  # no 0/0
    return float(np.max(np.abs(a - b) / scale))
# --8<-- [end:analytic_gradient]

analytic_gradient = checked(x=vector, t=one_hot)(analytic_gradient)
max_relative_error = checked(a=reals, b=same_shape_as("a"))(max_relative_error)


def facts():
    """The values and claims the page's prose quotes (sitegen/facts.py).

    >>> facts()["loss_calls"], facts()["parameters"]
    (12, 6)
    """
    net, x, t = SimpleNet(W=BOOK_W), np.array([0.6, 0.9]), np.array([0, 0, 1])
    y = softmax(net.predict(x))
    loss = net.loss(x, t)
    loss_digits, book_digits = f"{loss:.15f}", f"{BOOK_LOSS:.15f}"
    differ = next(i for i, (a, b) in enumerate(zip(loss_digits, book_digits))
                  if a != b) - 1  # decimal places: "0." comes first

    calls = []

    def f(w):
        calls.append(1)
        return net.loss(x, t)

    dW = numerical_gradient(f, net.W)
    analytic = analytic_gradient(net, x, t)
    guard = 1e-7 / (y[2] + 1e-7)
    plain = numerical_gradient(lambda w: -np.sum(t * np.log(softmax(
        net.predict(x)))), net.W)
    largest = np.unravel_index(np.argmax(np.abs(dW)), dW.shape)

    net32 = SimpleNet(BOOK_W.astype(np.float32))
    dW32 = numerical_gradient(lambda w: net32.loss(x, t), net32.W)
    x32 = x.astype(np.float32)  # float32 inputs too: a float32 loss
    loss32 = net32.loss(x32, t)
    dW32x = numerical_gradient(lambda w: net32.loss(x32, t), net32.W)
    f32x_error = float(np.max(np.abs(dW32x - dW) / np.abs(dW)))
    # a difference of two losses off by one float32 spacing, divided by 2h:
    # the unit of the gradient's error (a typical size, not a bound)
    loss32_grad_error = float(np.spacing(loss32)) / (2 * 1e-4)
    units = np.abs(dW32x - dW) / loss32_grad_error
    # each float32 loss, against the float64 loss at the same float32 inputs
    loss32_ulps = []
    for idx in np.ndindex(net32.W.shape):
        for step in (np.float32(1e-4), -np.float32(1e-4)):
            W32 = net32.W.copy()
            W32[idx] += step
            exact = SimpleNet(W32.astype(np.float64)).loss(
                x32.astype(np.float64), t)
            loss32_ulps.append(abs(float(SimpleNet(W32).loss(x32, t)) - exact)
                               / float(np.spacing(loss32)))
    h32 = np.float32(1e-4)
    steps = ((net32.W + h32).astype(np.float64)
             - (net32.W - h32).astype(np.float64)) / 2
    f32_error = float(np.max(np.abs(dW32 - dW) / np.abs(dW)))  # as printed
    f32_step_error = float(np.max(np.abs(steps / 1e-4 - 1)))
    # W + h and W - h each round by half a gap at most: the distance moved
    # is off by one gap at most, a relative error of gap / 2h
    f32_step_bound = float(np.max(np.spacing(np.abs(net32.W) + h32))
                           / (2 * 1e-4))
    top = np.log(np.finfo(np.float64).max)  # exp overflows beyond this
    with np.errstate(over="ignore"):
        overflow = bool(np.isfinite(np.exp(np.floor(top * 100) / 100))
                        and np.isinf(np.exp(np.ceil(top * 100) / 100))
                        and np.isinf(np.exp(1000.0)))

    trained, losses, p_right = SimpleNet(W=BOOK_W), [], []
    for step in range(6):
        losses.append(trained.loss(x, t))
        p_right.append(softmax(trained.predict(x))[2])
        grad = numerical_gradient(lambda w: trained.loss(x, t), trained.W)
        if step == 0:
            first_order = 0.5 * np.sum(grad ** 2)
        trained.W -= 0.5 * grad
    zero_loss = SimpleNet(np.zeros((2, 3))).loss(x, t)
    seeded = [SimpleNet(seed=seed).loss(x, t) for seed in (0, 1, 2)]
    guessed = [int(np.argmax(SimpleNet(seed=seed).predict(x)))
               for seed in (0, 1, 2)]
    # the network 4.5 trains: 784 = 28 x 28 inputs, 50 hidden, 10 outputs
    big = 784 * 50 + 50 + 50 * 10 + 10
    net16 = SimpleNet(BOOK_W.astype(np.float16))
    try:
        numerical_gradient(lambda w: net16.loss(x, t), net16.W)
        f16_refused = False
    except StepTooSmallError:
        f16_refused = True
    return {
        # the book's network
        "predicts_correct": int(np.argmax(y)) == int(np.argmax(t)),
        "p_correct": y[2], "loss": loss,
        "loss_is_minus_log_p": bool(np.isclose(loss, -np.log(y[2] + 1e-7))),
        # probability 1 for the correct class: -log(1 + 1e-7), just below 0
        "sure_loss_below_0": bool(
            cross_entropy_error(np.array([0.0, 0.0, 1.0]), t)
            == -np.log(1 + 1e-7) < 0),
        "book_loss_unguarded": bool(abs(-np.log(y[2]) - BOOK_LOSS) < 1e-8
                                    < 1e-7 < abs(loss - BOOK_LOSS)),
        "guard_lowers_loss": -np.log(y[2]) - loss,
        "loss_differs_at": differ,
        # dW
        "dw00": dW[0, 0], "dw12": dW[1, 2],
        "dw00_positive": bool(dW[0, 0] > 0),
        "dw12_negative": bool(dW[1, 2] < 0),
        "w12_largest": tuple(int(i) for i in largest) == (1, 2),
        "column_signs": bool((dW[:, :2] > 0).all() and (dW[:, 2] < 0).all()),
        "row_ratio": bool(np.allclose(dW[1], 0.9 / 0.6 * dW[0], rtol=1e-6)),
        # the gradient check
        "rel_error": max_relative_error(dW, analytic), "guard": guard,
        "guard_explains": bool(abs(max_relative_error(dW, analytic) - guard)
                               < 0.01 * guard),
        "book_dw_is_analytic": bool(np.abs(BOOK_DW - analytic).max() < 5e-9),
        "book_dw_is_unguarded": bool(np.abs(BOOK_DW - dW).max() > 5e-9),
        "book_dw_diff": np.abs(BOOK_DW - dW).max(),
        "book_loss": BOOK_LOSS_PRINTED,
        "no_guard_error": max_relative_error(plain, analytic),
        "no_guard_far_smaller": bool(max_relative_error(plain, analytic)
                                     < guard / 100),
        # softmax: exp(a) overflows float64 for a above about 709.78
        "exp_overflow": top, "exp_overflows_there": overflow,
        # float32 weights, float64 x: the loss is float64
        "f32_error": f32_error, "f32_step_error": f32_step_error,
        "f32_loss_is_float64": net32.loss(x, t).dtype == np.float64,
        "f32_spacing_half": float(np.spacing(np.float32(0.5))),
        "f32_step_explains": bool(abs(f32_error - f32_step_error)
                                  < 0.05 * f32_step_error),
        "f32_step_bound": f32_step_bound,
        "f32_step_within": bool(f32_step_error <= f32_step_bound),
        # float32 weights and x: the loss is float32, its rounding dominates
        "f32x_error": f32x_error,
        "f32x_loss_is_float32": loss32.dtype == np.float32,
        "f32x_far_larger": bool(f32x_error > 10 * f32_error),
        "loss32_spacing": float(np.spacing(loss32)),
        "loss32_grad_error": loss32_grad_error,
        "loss32_max_ulps": max(loss32_ulps),
        "loss32_beyond_one_rounding": max(loss32_ulps) > 0.5,
        "f32x_abs_error": float(np.max(np.abs(dW32x - dW))),
        "f32x_units_min": float(units.min()),
        "f32x_units_max": float(units.max()),
        "f32x_unit_is_typical": bool(units.min() < 1 < units.max() < 3),
        "dw_min": float(np.min(np.abs(analytic))),
        "f32x_worst_at_smallest": bool(
            np.argmax(np.abs(dW32x - dW) / np.abs(dW))
            == np.argmin(np.abs(analytic))),
        # cost
        "loss_calls": len(calls), "parameters": net.W.size,
        "two_per_parameter": len(calls) == 2 * net.W.size,
        "big_parameters": big, "big_calls": 2 * big,
        # try it yourself
        "loss_falls": bool(np.all(np.diff(losses) < 0)),
        "p_right_grows": bool(np.all(np.diff(p_right) > 0)),
        "first_order_drop": first_order, "first_drop": losses[0] - losses[1],
        "drop_below_first_order": bool(losses[0] - losses[1] < first_order),
        "trained_loss": losses[5], "trained_p": p_right[5],
        "zero_loss": zero_loss, "f16_refused": f16_refused,
        "seeds_both_sides": bool(min(seeded) < zero_loss < max(seeded)),
        "seeds_right": ", ".join(str(s) for s, c in enumerate(guessed)
                                  if c == 2),
        "seeds_wrong": ", ".join(str(s) for s, c in enumerate(guessed)
                                  if c != 2),
        # a wrong guess can still have a loss below log 3
        "wrong_below_log3": bool(any(
            c != 2 and loss_ < zero_loss for c, loss_ in zip(guessed, seeded))),
        "zero_loss_is_log3": bool(np.isclose(zero_loss, np.log(3),
                                             rtol=1e-6)),
    }


if __name__ == "__main__":
    # --8<-- [start:demo_net]
    net = SimpleNet(W=BOOK_W)
    x = np.array([0.6, 0.9])
    t = np.array([0, 0, 1])
    p = net.predict(x)
    print(p)
    print(np.argmax(p))
    print(softmax(p))
    print(net.loss(x, t))
    # --8<-- [end:demo_net]

    # --8<-- [start:demo_dw]
    f = lambda w: net.loss(x, t)
    dW = numerical_gradient(f, net.W)
    print(dW)
    # --8<-- [end:demo_dw]

    # --8<-- [start:demo_def]
    def f(w):
        return net.loss(x, t)

    print(numerical_gradient(f, net.W))
    # --8<-- [end:demo_def]

    # --8<-- [start:demo_float32]
    net32 = SimpleNet(BOOK_W.astype(np.float32))
    dW32 = numerical_gradient(lambda w: net32.loss(x, t), net32.W)
    print(dW32.dtype)
    print(dW32)
    # --8<-- [end:demo_float32]

    # --8<-- [start:demo_float32_x]
    x32 = x.astype(np.float32)
    print(net32.loss(x, t).dtype, net32.loss(x32, t).dtype)
    dW32x = numerical_gradient(lambda w: net32.loss(x32, t), net32.W)
    print(np.max(np.abs(dW32 - dW) / np.abs(dW)))
    print(np.max(np.abs(dW32x - dW) / np.abs(dW)))
    # --8<-- [end:demo_float32_x]

    # --8<-- [start:demo_copy_pitfall]
    print(numerical_gradient(f, net.W.copy()))
    # --8<-- [end:demo_copy_pitfall]

    # --8<-- [start:demo_using_w]
    def loss_at(W):
        return SimpleNet(W).loss(x, t)

    print(numerical_gradient(loss_at, net.W.copy()))
    # --8<-- [end:demo_using_w]

    # --8<-- [start:demo_check]
    analytic = analytic_gradient(net, x, t)
    print(analytic)
    print(max_relative_error(dW, analytic))
    # --8<-- [end:demo_check]

    # --8<-- [start:demo_guard]
    y = softmax(net.predict(x))
    print(1e-7 / (y[2] + 1e-7))  # every element shrinks by this ratio
    # --8<-- [end:demo_guard]

    # --8<-- [start:demo_count]
    calls = []

    def f(w):
        calls.append(1)  # one more evaluation of the loss
        return net.loss(x, t)

    dW = numerical_gradient(f, net.W)
    print(len(calls), net.W.size)
    # --8<-- [end:demo_count]

    # --8<-- [start:demo_seeded]
    seeded = SimpleNet(seed=42)
    print(seeded.W)
    print(seeded.loss(x, t))
    # --8<-- [end:demo_seeded]


    # --8<-- [start:answer_train]
    net = SimpleNet(W=BOOK_W)
    for step in range(1, 6):
        dW = numerical_gradient(lambda w: net.loss(x, t), net.W)
        net.W -= 0.5 * dW
        print(step, net.loss(x, t), softmax(net.predict(x)).round(3))
    # --8<-- [end:answer_train]

    # --8<-- [start:experiment_seeds]
    print(SimpleNet(np.zeros((2, 3))).loss(x, t))  # all weights 0
    for seed in (0, 1, 2):
        net = SimpleNet(seed=seed)
        print(seed, np.argmax(net.predict(x)), net.loss(x, t))
    # --8<-- [end:experiment_seeds]

    # --8<-- [start:answer_no_guard]
    net = SimpleNet(W=BOOK_W)
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])

    def loss_no_guard(w):
        y = softmax(net.predict(x))
        return -np.sum(t * np.log(y))  # E = -sum t_k log y_k, no 1e-7

    dW_plain = numerical_gradient(loss_no_guard, net.W)
    print(max_relative_error(dW_plain, analytic_gradient(net, x, t)))
    # --8<-- [end:answer_no_guard]
