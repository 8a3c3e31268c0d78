"""4.4.2 Gradients in a neural network: softmax, cross-entropy error and SimpleNet.

Run ``python -m snippets.neural_net`` to print every example the page shows.
"""

import numpy as np

from snippets.gradient import numerical_gradient

BOOK_W = np.array([[0.47355232, 0.9977393, 0.84668094],
                   [0.85557411, 0.03563661, 0.69422093]])  # the weights printed in the book


# --8<-- [start:softmax]
def softmax(a):
    """exp(a) / sum(exp(a)) along the last axis, for a vector or a batch (소프트맥스).

    Subtracting the maximum first changes nothing mathematically but keeps exp from overflowing.

    >>> softmax(np.array([1010.0, 1000.0, 990.0]))
    array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])
    """
    a = np.asarray(a, dtype=np.float64)
    if a.ndim not in (1, 2):
        raise ValueError(f"softmax takes a vector or a batch (1-D or 2-D), got shape {a.shape}")
    exp_a = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)
# --8<-- [end:softmax]


# --8<-- [start:cross_entropy_error]
def cross_entropy_error(y, t):
    """Mean of -log(y[correct class] + 1e-7) over the batch (교차 엔트로피 오차).

    t is one-hot (same shape as y) or class labels (one per row of y).

    >>> cross_entropy_error(np.array([0.1, 0.7, 0.2]), np.array([0, 1, 0]))
    np.float64(0.3566748010815999)
    >>> cross_entropy_error(np.array([[0.1, 0.7, 0.2]]), np.array([1]))
    np.float64(0.3566748010815999)
    """
    y, t = np.asarray(y, dtype=np.float64), np.asarray(t)
    given = f"got y {y.shape} and t {t.shape}"
    if y.ndim == 1:                      # one sample: a batch of one
        t = t[np.newaxis] if t.shape == y.shape else t.reshape(-1)
        y = y[np.newaxis]
    if t.shape == y.shape:               # one-hot: turn into labels
        t = t.argmax(axis=1)
    if y.ndim != 2 or t.shape != (y.shape[0],):
        raise ValueError(f"t must be one-hot with the shape of y, or one label per row of y; {given}")
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
# --8<-- [end:cross_entropy_error]


# --8<-- [start:SimpleNet]
class SimpleNet:
    """One layer, 2 inputs, 3 classes: loss = cross_entropy_error(softmax(x @ W), t).

    W is given, or drawn from a normal distribution with a seeded generator.

    >>> SimpleNet(seed=0).W.round(3)
    array([[ 0.126, -0.132,  0.64 ],
           [ 0.105, -0.536,  0.362]])
    """

    def __init__(self, W=None, seed=None):
        if W is None:
            W = np.random.default_rng(seed).standard_normal((2, 3))
        self.W = np.array(W, dtype=np.float64)  # a float64 copy
        if self.W.shape != (2, 3):
            raise ValueError(f"W must have shape (2, 3), got {self.W.shape}")

    def predict(self, x):
        return np.dot(x, self.W)

    def loss(self, x, t):
        z = self.predict(x)
        y = softmax(z)
        return cross_entropy_error(y, t)
# --8<-- [end:SimpleNet]


# --8<-- [start:analytic_gradient]
def analytic_gradient(net, x, t):
    """dL/dW = outer(x, softmax(x W) - t) for one sample with one-hot t (without the 1e-7 guard).

    >>> analytic_gradient(SimpleNet(BOOK_W), np.array([0.6, 0.9]), np.array([0, 0, 1])).round(4)
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
    if a.shape != b.shape:
        raise ValueError(f"a and b must have one shape, got {a.shape} and {b.shape}")
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)  # 1e-300: no 0/0 where both are 0
    return float(np.max(np.abs(a - b) / scale))
# --8<-- [end:analytic_gradient]


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
    def f(W):
        return net.loss(x, t)

    print(numerical_gradient(f, net.W))
    # --8<-- [end:demo_def]

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
    y = softmax(net.predict(x))
    print(1e-7 / (y[2] + 1e-7))
    # --8<-- [end:demo_check]

    # --8<-- [start:demo_seeded]
    net = SimpleNet(seed=42)
    print(net.W)
    print(net.loss(x, t))
    # --8<-- [end:demo_seeded]

    # --8<-- [start:demo_shapes]
    try:
        cross_entropy_error(np.array([[0.1, 0.7, 0.2]]), np.array([0, 1]))
    except ValueError as error:
        print("ValueError:", error)
    # --8<-- [end:demo_shapes]

    # --8<-- [start:experiment_train]
    net = SimpleNet(W=BOOK_W)
    for step in range(5):
        dW = numerical_gradient(lambda w: net.loss(x, t), net.W)
        net.W -= 0.5 * dW
        print(step, net.loss(x, t), softmax(net.predict(x)).round(3))
    # --8<-- [end:experiment_train]

    # --8<-- [start:experiment_seeds]
    for seed in (0, 1, 2):
        net = SimpleNet(seed=seed)
        print(seed, np.argmax(net.predict(x)), net.loss(x, t))
    # --8<-- [end:experiment_seeds]
