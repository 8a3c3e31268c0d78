"""4.5: the digits, the two-layer network and its training (snippets/learning.py)."""

import inspect

import numpy as np
import pytest

from snippets import learning
from snippets._checks import remembered
from snippets.learning import TwoLayerNet, forward_passes, load_digits, train_neuralnet

# The UCI optdigits test set (the file scikit-learn ships): its class distribution, as the
# UCI description lists it
UCI_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


@pytest.fixture(scope="module")
def data():
    return load_digits()


def test_the_digits_are_the_uci_set_normalized_and_one_hot(data):
    (x_train, t_train), (x_test, t_test) = data
    x, t = np.vstack([x_train, x_test]), np.vstack([t_train, t_test])
    assert x.shape == (sum(UCI_COUNTS), 64) and len(x_test) == 397
    assert np.bincount(t.argmax(axis=1)).tolist() == UCI_COUNTS
    assert set(np.unique(x * 16)) <= set(range(17)) and x.max() == 1.0  # 0..16 -> 0..1
    assert (t.sum(axis=1) == 1).all() and set(np.unique(t)) == {0.0, 1.0}


def test_the_split_is_fixed_by_its_seed_and_leaves_no_image_out(data):
    (x_train, _), (x_test, _) = data
    again = load_digits()
    np.testing.assert_array_equal(again[0][0], x_train)
    other = load_digits(seed=1)
    assert not np.array_equal(other[1][0], x_test)
    raw = np.loadtxt(learning.DIGITS, delimiter=",")[:, :-1] / 16.0
    split = np.vstack([x_train, x_test])
    np.testing.assert_array_equal(split[np.lexsort(split.T)], raw[np.lexsort(raw.T)])  # every image, once


def test_the_numerical_gradient_and_backpropagation_agree():
    """The gradient check of the page, on a fresh network: within the central difference's
    error (relative 1e-4 is the usual limit of a correct implementation)."""
    np.random.seed(3)
    network = TwoLayerNet(input_size=5, hidden_size=4, output_size=3, weight_init_std=1.0)
    x, t = np.random.rand(6, 5), np.eye(3)[np.random.randint(0, 3, 6)]
    numerical, backprop = network.numerical_gradient(x, t), network.gradient(x, t)
    for key in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(backprop[key], numerical[key], rtol=1e-4, atol=1e-7)


def test_a_numerical_gradient_costs_two_forward_passes_per_parameter_and_changes_nothing():
    np.random.seed(0)
    network = TwoLayerNet(input_size=3, hidden_size=2, output_size=2)
    before = {key: value.copy() for key, value in network.params.items()}
    x, t = np.ones((4, 3)), np.eye(2)[[0, 1, 0, 1]]
    n = sum(value.size for value in network.params.values())
    assert forward_passes(network, x, t) == 2 * n == 2 * learning.parameter_count(3, 2, 2)
    assert "predict" not in vars(network)  # the class's predict again
    for key, value in before.items():
        np.testing.assert_array_equal(network.params[key], value)


def test_training_with_the_numerical_gradient_lowers_the_loss(data):
    (x_train, t_train), (x_test, t_test) = data
    _, losses, _, _, _ = train_neuralnet(x_train[:400], t_train[:400], x_test, t_test, iters_num=80,
                                         batch_size=20, hidden_size=4)
    assert np.mean(losses[-5:]) < np.mean(losses[:5]) - 0.5


def test_numerical_and_backpropagation_training_take_the_same_path(data):
    (x_train, t_train), (x_test, t_test) = data
    small = dict(iters_num=8, batch_size=10, hidden_size=3)
    a = train_neuralnet(x_train[:100], t_train[:100], x_test, t_test, **small)
    b = train_neuralnet(x_train[:100], t_train[:100], x_test, t_test, numerical=False, **small)
    np.testing.assert_allclose(a[1], b[1], rtol=1e-5)
    for wa, wb in zip(a[4], b[4]):
        np.testing.assert_allclose(wa, wb, rtol=1e-4, atol=1e-8)


def test_the_pages_training_learns_far_better_than_always_guessing_one_digit(data):
    """The page's settings (with backpropagation, which the test above shows takes the same
    path): the test accuracy beats five times the most common digit's share."""
    (x_train, t_train), (x_test, t_test) = data
    _, losses, train_acc, test_acc, _ = train_neuralnet(x_train, t_train, x_test, t_test, numerical=False)
    majority = np.bincount(t_test.argmax(axis=1)).max() / len(t_test)
    assert test_acc[-1] > 5 * majority
    assert losses[-1] < losses[0] / 3 and len(test_acc) == int(np.ceil(100 / (len(x_train) / 100)))


def test_training_refuses_a_learning_rate_that_is_not_a_positive_number(data):
    (x_train, t_train), (x_test, t_test) = data
    with pytest.raises(ValueError, match="learning_rate"):
        train_neuralnet(x_train, t_train, x_test, t_test, learning_rate=-1.0)
    with pytest.raises(TypeError, match="iters_num"):
        train_neuralnet(x_train, t_train, x_test, t_test, iters_num=1.5)


def test_a_remembered_run_returns_copies_and_the_random_state_of_a_real_run():
    calls = []

    def draw(n):
        calls.append(n)
        return np.random.rand(n)

    remembered_draw = remembered(draw)
    np.random.seed(5)
    first = remembered_draw(3)
    after_first = np.random.rand()
    first[0] = -1.0  # the caller changes its copy
    np.random.seed(99)
    second = remembered_draw(3)
    assert len(calls) == 1 and second[0] != -1.0
    assert np.random.rand() == after_first  # as if draw had run again


def test_the_default_batch_size_is_the_books():
    """The slider's steps per epoch use BOOK's batch size (snippets/learning.py, _iter_per_epoch)."""
    assert inspect.signature(train_neuralnet).parameters["batch_size"].default == learning.BOOK["batch_size"]
