"""4.4.2 Gradients in a neural network: softmax, cross-entropy, SimpleNet.

Run ``python -m snippets.neural_net`` to print every example the page shows.
"""

import numpy as np

from snippets._checks import checked, one_hot, probabilities, reals
from snippets._checks import same_shape_as, scores, targets, vector, weights
from snippets.gradient import numerical_gradient

# the weights printed in the book
BOOK_W = np.array([[0.47355232, 0.9977393, 0.84668094],
                   [0.85557411, 0.03563661, 0.69422093]])


# --8<-- [start:softmax]
@checked(a=scores)
def softmax(a):
    """exp(a) / sum(exp(a)) along the last axis, for a vector or a batch.

    >>> softmax(np.array([1010.0, 1000.0, 990.0]))
    array([9.99954600e-01, 4.53978686e-05, 2.06106005e-09])
    """
    a = a - np.max(a, axis=-1, keepdims=True)  # now exp cannot overflow
    return np.exp(a) / np.sum(np.exp(a), axis=-1, keepdims=True)
# --8<-- [end:softmax]


# --8<-- [start:cross_entropy_error]
@checked(y=probabilities, t=targets)
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


# --8<-- [start:SimpleNet]
class SimpleNet:
    """One layer, 2 inputs, 3 classes; W is given, or drawn with a seed.

    >>> SimpleNet(seed=0).W.round(3)
    array([[ 0.126, -0.132,  0.64 ],
           [ 0.105, -0.536,  0.362]])
    """

    @checked(W=weights)
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


# --8<-- [start:analytic_gradient]
@checked(x=vector, t=one_hot)
def analytic_gradient(net, x, t):
    """dL/dW = outer(x, softmax(x W) - t) for one sample, without the 1e-7.

    >>> x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    >>> analytic_gradient(SimpleNet(BOOK_W), x, t).round(4)
    array([[ 0.2192,  0.1436, -0.3628],
           [ 0.3289,  0.2153, -0.5442]])
    """
    return np.outer(x, softmax(net.predict(x)) - t)


@checked(a=reals, b=same_shape_as("a"))
def max_relative_error(a, b):
    """max |a - b| / max(|a|, |b|), element by element.

    >>> max_relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.002]))
    0.000999
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)  # no 0/0
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

    # --8<-- [start:demo_float32]
    net32 = SimpleNet(BOOK_W.astype(np.float32))
    dW32 = numerical_gradient(lambda w: net32.loss(x, t), net32.W)
    print(dW32.dtype)
    print(dW32)
    # --8<-- [end:demo_float32]

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
    y_one = np.array([[0.1, 0.7, 0.2]])
    for t_bad in (np.array([0, 1]), np.array([[0.2, 0.3, 0.5]]),
                  np.array([[0, 0, 0]]), np.array([3]), np.array([-1]),
                  np.array([1.0])):
        try:
            cross_entropy_error(y_one, t_bad)
        except (TypeError, ValueError) as error:
            print(f"{type(error).__name__}: {error}")
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
