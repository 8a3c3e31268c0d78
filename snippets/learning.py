"""4.5 Learning: a two-layer network trained with the numerical gradient.

The book trains on MNIST (784 -> 50 -> 10), where the numerical gradient is far
too slow; here the same code learns the 8x8 UCI digits (64 -> 10 -> 10), small
enough for it. The data file, digits.csv.gz, is the copy scikit-learn ships
(E. Alpaydin, C. Kaynak, UCI Machine Learning Repository, CC BY 4.0).

Run ``python -m snippets.learning`` to print every example the page shows.
"""

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from snippets._checks import checked, count, positive, remembered
from snippets.better_derivatives import relative_error
from snippets.gradient import numerical_gradient
from snippets.neural_net import cross_entropy_error, softmax

# The plain functions inside the training loop: their input checks would run
# 1,520 times a step (the network's entry points check their inputs instead).
numerical_gradient = numerical_gradient.__wrapped__
softmax = softmax.__wrapped__
cross_entropy_error = cross_entropy_error.__wrapped__
DIGITS = Path(__file__).with_name("digits.csv.gz")  # beside this module
BOOK = {"input_size": 784, "hidden_size": 50, "output_size": 10,
        "iters_num": 10000, "batch_size": 100, "learning_rate": 0.1}


# --8<-- [start:load_digits]
def load_digits(path="digits.csv.gz", test_size=397, seed=0):
    """The 8x8 digits as (x_train, t_train), (x_test, t_test).

    Pixels 0..16 become 0..1 (as the book normalizes MNIST), labels
    become one-hot rows, and a fixed seed splits off the test images.
    """
    data = np.loadtxt(path, delimiter=",")
    x = data[:, :-1] / 16.0                  # 64 pixels, now 0..1
    t = np.eye(10)[data[:, -1].astype(int)]  # label 3 -> [0,0,0,1,0,...]
    order = np.random.default_rng(seed).permutation(len(x))
    test, train = order[:test_size], order[test_size:]
    return (x[train], t[train]), (x[test], t[test])
# --8<-- [end:load_digits]


def _from_this_folder(load):
    """load_digits reads the copy beside this module unless given a path."""
    load.__defaults__ = (str(DIGITS), *load.__defaults__[1:])


_from_this_folder(load_digits)


# --8<-- [start:sigmoid]
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)
# --8<-- [end:sigmoid]


# --8<-- [start:TwoLayerNet]
class TwoLayerNet:
    """The book's two_layer_net.py: input -> sigmoid -> softmax."""

    def __init__(self, input_size, hidden_size, output_size,
                 weight_init_std=0.01):
        self.params = {}
        self.params['W1'] = weight_init_std * \
            np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * \
            np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def predict(self, x):
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        return y

    def loss(self, x, t):
        y = self.predict(x)
        return cross_entropy_error(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy

    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)
        grads = {}
        grads['W1'] = numerical_gradient(loss_W, self.params['W1'])
        grads['b1'] = numerical_gradient(loss_W, self.params['b1'])
        grads['W2'] = numerical_gradient(loss_W, self.params['W2'])
        grads['b2'] = numerical_gradient(loss_W, self.params['b2'])
        return grads

    def gradient(self, x, t):  # backpropagation: chapter 5 explains it
        W1, W2 = self.params['W1'], self.params['W2']
        b1, b2 = self.params['b1'], self.params['b2']
        grads = {}
        batch_num = x.shape[0]
        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        # backward
        dy = (y - t) / batch_num
        grads['W2'] = np.dot(z1.T, dy)
        grads['b2'] = np.sum(dy, axis=0)
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=0)
        return grads
# --8<-- [end:TwoLayerNet]


# --8<-- [start:train_neuralnet]
def train_neuralnet(x_train, t_train, x_test, t_test, iters_num=100,
                    batch_size=100, learning_rate=4.0, hidden_size=10,
                    numerical=True, seed=0):
    """The book's train_neuralnet.py as a function: mini-batch SGD."""
    np.random.seed(seed)  # the same batches and weights on every run
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size / batch_size, 1)
    network = TwoLayerNet(input_size=x_train.shape[1],
                          hidden_size=hidden_size, output_size=10)
    train_loss_list, train_acc_list, test_acc_list = [], [], []
    W1_list = []  # the first layer's weights once per epoch (a figure)

    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        if numerical:
            grad = network.numerical_gradient(x_batch, t_batch)
        else:  # backpropagation: the same gradient, much faster
            grad = network.gradient(x_batch, t_batch)

        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)

        if i % iter_per_epoch == 0:
            train_acc_list.append(network.accuracy(x_train, t_train))
            test_acc_list.append(network.accuracy(x_test, t_test))
            W1_list.append(network.params['W1'].copy())

    return network, train_loss_list, train_acc_list, test_acc_list, W1_list
# --8<-- [end:train_neuralnet]

train_neuralnet = checked(iters_num=count, batch_size=count,
                          learning_rate=positive, hidden_size=count)(
    train_neuralnet)
train_neuralnet = remembered(train_neuralnet)


# --8<-- [start:count_forward_passes]
def forward_passes(network, x, t):
    """How many times network.numerical_gradient runs the network forward."""
    calls = []
    predict = network.predict

    def counted(x):
        calls.append(1)
        return predict(x)

    network.predict = counted        # this network now counts its calls
    network.numerical_gradient(x, t)
    del network.predict              # the class's own predict again
    return len(calls)


def parameter_count(input_size, hidden_size, output_size):
    """How many numbers W1, b1, W2 and b2 hold."""
    return (input_size * hidden_size + hidden_size
            + hidden_size * output_size + output_size)
# --8<-- [end:count_forward_passes]


def multiply_adds(input_size, hidden_size, output_size):
    """Multiply-adds per image: (forward pass, backpropagation). The forward
    pass multiplies by W1 and W2; backpropagation does that and, backwards,
    dW2 = z1.T dy, da1 = dy W2.T and dW1 = x.T dz1."""
    forward = input_size * hidden_size + hidden_size * output_size
    backward = hidden_size * output_size * 2 + input_size * hidden_size
    return forward, forward + backward


def _iter_per_epoch(train_size):
    """Steps an epoch at the book's batch size (train_neuralnet's default)."""
    return max(train_size / BOOK["batch_size"], 1)


def _about(x):
    """x to one significant digit: a rough count said as one."""
    return float(f"{x:.1g}")


_TRAINED = {}  # the figures' training run, once per session


def trained():
    """The page's training run: the digits, the default settings."""
    if not _TRAINED:
        (x_train, t_train), (x_test, t_test) = load_digits()
        _TRAINED["run"] = train_neuralnet(x_train, t_train, x_test, t_test)
    return _TRAINED["run"]


def _pixels(ax, image, **colors):
    """An 8x8 image as 64 squares, drawn as vectors (imshow would embed a
    bitmap in the SVG), row 0 at the top."""
    ax.pcolormesh(image[::-1], edgecolors="none", **colors)
    ax.set_aspect("equal")


def _style(ax):
    ax.grid(True, alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)


def digits_figure():
    """The first training image of each digit, 0 to 9, with its label."""
    (x_train, t_train), _ = load_digits()
    labels = t_train.argmax(axis=1)
    fig = Figure(figsize=(6.4, 1.7), layout="constrained")
    for digit, ax in enumerate(fig.subplots(1, 10)):
        image = x_train[np.flatnonzero(labels == digit)[0]].reshape(8, 8)
        _pixels(ax, image, cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(str(digit), fontsize=12)
        ax.set_axis_off()
    return fig


def loss_figure():
    """The mini-batch loss at every step (the book's figure 4-11)."""
    _, losses, _, _, _ = trained()
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(np.arange(1, len(losses) + 1), losses, color="C0")
    ax.set_ylabel("$L$")
    ax.set_ylim(0, None)
    _style(ax)
    return fig


def _accuracy_lines(ax, train_acc, test_acc, upto=None):
    upto = len(train_acc) if upto is None else upto
    epochs = np.arange(len(train_acc))
    ax.plot(epochs[:upto], train_acc[:upto], marker="o", color="C0")
    ax.plot(epochs[:upto], test_acc[:upto], marker="s", linestyle="--",
            color="C1")
    ax.set_xlim(-0.3, len(train_acc) - 0.7)
    ax.set_ylim(0, 1.0)
    _style(ax)


def accuracy_figure():
    """Train (solid) and test (dashed) accuracy once per epoch (the book's
    figure 4-12)."""
    _, _, train_acc, test_acc, _ = trained()
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = fig.add_subplot()
    _accuracy_lines(ax, train_acc, test_acc)
    for values, color, offset in ((train_acc, "C0", 6),
                                  (test_acc, "C1", -14)):
        ax.annotate(f"{values[-1]:.3f}", (len(values) - 1, values[-1]),
                    xytext=(-34, offset), textcoords="offset points",
                    color=color)
    return fig


def weights_figure(epoch=7):
    """W1's ten columns as 8x8 images after `epoch` epochs; below, the loss
    so far and the train (solid) and test (dashed) accuracy so far."""
    _, losses, train_acc, test_acc, W1_list = trained()
    (x_train, _), _ = load_digits()
    epoch, steps = int(epoch), len(losses)
    step = int(epoch * _iter_per_epoch(len(x_train))) + 1  # W1_list's steps
    W1 = W1_list[epoch]
    limit = np.abs(W1_list[-1]).max()
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.3])
    for j, ax in enumerate(top.subplots(1, W1.shape[1])):
        _pixels(ax, W1[:, j].reshape(8, 8), cmap="RdBu_r", vmin=-limit,
                vmax=limit)
        ax.set_axis_off()
    left, right = bottom.subplots(1, 2)
    left.plot(np.arange(1, step + 1), losses[:step], color="C0")
    left.set_xlim(0, steps)
    left.set_ylim(0, max(losses) * 1.05)
    left.set_ylabel("$L$")
    left.set_title(f"$i = {step}$", fontsize=11)
    _style(left)
    _accuracy_lines(right, train_acc, test_acc, upto=epoch + 1)
    right.set_title(f"${train_acc[epoch]:.3f}$, ${test_acc[epoch]:.3f}$"
                    .replace("$, $", ",\\ "), fontsize=11)
    return fig


def _loss_before(x_train, t_train):
    """The training loss before the first update (the page's seed)."""
    np.random.seed(0)
    network = TwoLayerNet(input_size=64, hidden_size=10, output_size=10)
    return network.loss(x_train, t_train)


def facts():
    """The values and claims the page's sentences quote (sitegen/facts.py)."""
    (x_train, t_train), (x_test, t_test) = load_digits()
    network, losses, train_acc, test_acc, W1_list = trained()
    chance = 1 / t_test.shape[1]
    counts = np.bincount(t_test.argmax(axis=1), minlength=10)
    majority = counts.max() / counts.sum()  # always guessing one digit

    # the gradient check: a fresh network, three images
    np.random.seed(0)
    fresh = TwoLayerNet(input_size=64, hidden_size=10, output_size=10)
    x, t = x_train[:3], t_train[:3]
    numerical = fresh.numerical_gradient(x, t)
    backprop = fresh.gradient(x, t)
    errors = {key: float(relative_error(backprop[key], numerical[key]).max())
              for key in backprop}

    # the guard: backprop differentiates the loss without the 1e-7, so
    # each relative error is about 1e-7 / y for the correct class's y
    y = fresh.predict(x)[np.arange(len(x)), t.argmax(axis=1)]
    guard = 1e-7 / y.mean()
    worst = np.unravel_index(
        relative_error(backprop["W1"], numerical["W1"]).argmax(),
        backprop["W1"].shape)

    # the cost in forward passes
    n_params = parameter_count(64, 10, 10)
    passes = forward_passes(fresh, x, t)
    forward, backprop_cost = multiply_adds(64, 10, 10)
    book_params = parameter_count(BOOK["input_size"], BOOK["hidden_size"],
                                  BOOK["output_size"])
    book_forward, book_backprop = multiply_adds(
        BOOK["input_size"], BOOK["hidden_size"], BOOK["output_size"])

    # the book's learning rate, 100 steps (backprop: the same gradient)
    slow = train_neuralnet(x_train, t_train, x_test, t_test,
                           learning_rate=BOOK["learning_rate"],
                           numerical=False)
    fast_check = train_neuralnet(x_train, t_train, x_test, t_test,
                                 numerical=False)
    steps_per_epoch = _iter_per_epoch(len(x_train))
    lr10 = train_neuralnet(x_train, t_train, x_test, t_test,
                           learning_rate=10.0, numerical=False)
    long = train_neuralnet(x_train, t_train, x_test, t_test, iters_num=2000,
                           numerical=False)
    long_gap = long[2][-1] - long[3][-1]
    z1 = sigmoid(np.dot(x_train, lr10[0].params['W1'])
                 + lr10[0].params['b1'])
    saturated = np.mean((z1 < 0.01) | (z1 > 0.99))
    values = {
        "lr10_loss": lr10[1][-1],
        "lr10_test_acc": lr10[3][-1],
        "lr10_fails": bool(abs(lr10[1][-1] - np.log(10)) < 0.2
                           and lr10[3][-1] < 0.2),
        "lr10_first_loss": lr10[1][0],
        "lr10_overshoots": bool(lr10[1][0] > np.log(10)),
        # its hidden layer: nearly every sigmoid stuck near 0 or 1
        "lr10_saturated_percent": 100 * saturated,
        "lr10_one_class": bool(len(np.unique(
            lr10[0].predict(x_test).argmax(axis=1))) == 1),
        "long_train_acc": long[2][-1],
        "long_test_acc": long[3][-1],
        "long_gap": long_gap,
        "long_no_overfitting": bool(long[3][-1] > test_acc[-1]
                                    and long_gap < 0.05),
        "images": len(x_train) + len(x_test),
        "train_size": len(x_train),
        "test_size": len(x_test),
        "steps_per_epoch": steps_per_epoch,
        "epochs": len(train_acc),
        "first_loss": losses[0],
        "loss_before": _loss_before(x_train, t_train),
        "last_loss": losses[-1],
        "loss_falls": bool(np.mean(losses[-10:]) < np.mean(losses[:10]) / 3),
        # the first steps: a plateau near ln 10 (ten equal probabilities)
        "first_losses_near_ln10": bool(
            abs(np.mean(losses[:10]) - np.log(10)) < 0.1),
        "plateau_then_falls": bool(min(losses[:20]) > 2.0
                                   and max(losses[-10:]) < 0.5),
        "accuracy_starts_near_chance": bool(
            max(test_acc[:2] + train_acc[:2]) < 0.15),
        # W1 starts near 0 and grows as it learns (the slider's images)
        "weights_grow": bool(np.abs(W1_list[0]).max() * 10
                             < np.abs(W1_list[-1]).max()),
        "train_acc": train_acc[-1],
        "test_acc": test_acc[-1],
        "test_acc_percent": 100 * test_acc[-1],
        "first_test_acc": test_acc[0],
        "well_above_chance": bool(test_acc[-1] > 5 * max(chance, majority)),
        "chance_percent": 100 * chance,
        "gap": train_acc[-1] - test_acc[-1],
        "gap_small": bool(abs(train_acc[-1] - test_acc[-1]) < 0.05),
        "check_W1": errors["W1"],
        "check_b1": errors["b1"],
        "check_W2": errors["W2"],
        "check_b2": errors["b2"],
        "check_max": max(errors.values()),
        "check_small": bool(max(errors.values()) < 1e-4),
        "params": n_params,
        "passes": passes,
        "passes_are_2n": passes == 2 * n_params,
        # backpropagation in forward passes: its multiply-adds over a pass's
        "backprop_passes": backprop_cost / forward,
        "backprop_about_two": bool(2 <= backprop_cost / forward < 2.5
                                   and 2 <= book_backprop / book_forward < 2.5),
        "ratio": _about(passes / (backprop_cost / forward)),
        "book_ratio": _about(2 * book_params / (book_backprop / book_forward)),
        "guard": guard,
        "guard_explains": bool(all(
            abs(errors[key] - guard) < 0.05 * guard
            for key in ("b1", "W2", "b2"))),
        "worst_w1_tiny": bool(abs(backprop["W1"][worst])
                              < 0.01 * np.abs(backprop["W1"]).max()),
        "book_params": book_params,
        "book_passes": 2 * book_params,
        "book_total_passes": 2 * book_params * BOOK["iters_num"],
        "book_lr_loss": slow[1][-1],
        "book_lr_slow": bool(slow[1][-1] > 2.0 and slow[3][-1] < 0.5),
        "book_lr_test_acc": slow[3][-1],
        # backprop follows the same path: the same accuracy at the end
        "backprop_same_path": bool(
            np.allclose(fast_check[1], losses, rtol=1e-4)
            and fast_check[3] == test_acc and fast_check[2] == train_acc),
        "backprop_loss_diff": float(np.max(
            np.abs(np.subtract(fast_check[1], losses)) / np.abs(losses))),
    }
    return {name: value.item() if isinstance(value, np.generic) else value
            for name, value in values.items()}


if __name__ == "__main__":
    # --8<-- [start:demo_data]
    (x_train, t_train), (x_test, t_test) = load_digits()
    print(x_train.shape, t_train.shape)
    print(x_test.shape, t_test.shape)
    print(t_train[0])
    # --8<-- [end:demo_data]

    # --8<-- [start:demo_train]
    network, train_loss_list, train_acc_list, test_acc_list, W1_list = \
        train_neuralnet(x_train, t_train, x_test, t_test)
    for epoch, (train_acc, test_acc) in enumerate(zip(train_acc_list,
                                                      test_acc_list)):
        print(f"epoch {epoch}: train acc {train_acc:.3f}, "
              f"test acc {test_acc:.3f}")
    # --8<-- [end:demo_train]

    # --8<-- [start:demo_gradient_check]
    np.random.seed(0)
    network = TwoLayerNet(input_size=64, hidden_size=10, output_size=10)
    x_batch, t_batch = x_train[:3], t_train[:3]
    grad_numerical = network.numerical_gradient(x_batch, t_batch)
    grad_backprop = network.gradient(x_batch, t_batch)
    for key in ('W1', 'b1', 'W2', 'b2'):
        diff = relative_error(grad_backprop[key], grad_numerical[key])
        print(key, f"{diff.max():.1e}")
    # --8<-- [end:demo_gradient_check]

    # --8<-- [start:answer_lr10]
    result = train_neuralnet(x_train, t_train, x_test, t_test,
                             learning_rate=10.0, numerical=False)
    network, train_loss_list, train_acc_list, test_acc_list, _ = result
    print(f"loss {train_loss_list[-1]:.3f}, test acc {test_acc_list[-1]:.3f}")
    # --8<-- [end:answer_lr10]

    # --8<-- [start:answer_long]
    result = train_neuralnet(x_train, t_train, x_test, t_test,
                             iters_num=2000, numerical=False)
    network, train_loss_list, train_acc_list, test_acc_list, _ = result
    print(f"train acc {train_acc_list[-1]:.3f}, "
          f"test acc {test_acc_list[-1]:.3f}")
    # --8<-- [end:answer_long]

    # --8<-- [start:answer_no_softmax]
    class NoSoftmaxNet(TwoLayerNet):
        def predict(self, x):
            W1, W2 = self.params['W1'], self.params['W2']
            b1, b2 = self.params['b1'], self.params['b2']
            a1 = np.dot(x, W1) + b1
            z1 = sigmoid(a1)
            a2 = np.dot(z1, W2) + b2
            return a2  # scores, not probabilities

    np.random.seed(0)
    scores_net = NoSoftmaxNet(input_size=64, hidden_size=10, output_size=10)
    probabilities_net = TwoLayerNet(input_size=64, hidden_size=10,
                                    output_size=10)
    probabilities_net.params = scores_net.params  # the same weights
    with np.errstate(invalid="ignore"):  # no warning for log(-0.01)
        print(scores_net.loss(x_train, t_train))
    print(probabilities_net.loss(x_train, t_train))
    print(scores_net.accuracy(x_test, t_test),
          probabilities_net.accuracy(x_test, t_test))
    # --8<-- [end:answer_no_softmax]

    # --8<-- [start:demo_cost]
    print(parameter_count(64, 10, 10))
    print(forward_passes(network, x_batch, t_batch))
    # --8<-- [end:demo_cost]
