"""4.5's "Try it yourself": each answer runs as the page shows it and shows what it must."""

import numpy as np

from support import run_answer

MODULE = "learning"


def run(*names: str) -> tuple[dict, list[str]]:
    """The answer sections as the page's session runs them: after its data block."""
    namespace, printed = run_answer(MODULE, "demo_data", *names)
    return namespace, printed.splitlines()[3:]  # after demo_data's three lines


def test_a_learning_rate_of_10_learns_nothing():
    namespace, lines = run("answer_lr10")
    losses, test_acc = namespace["train_loss_list"], namespace["test_acc_list"]
    assert abs(losses[-1] - np.log(10)) < 0.2  # ten equal probabilities
    assert test_acc[-1] < 2 * 1 / 10
    assert lines == [f"loss {losses[-1]:.3f}, test acc {test_acc[-1]:.3f}"]


def test_training_longer_fits_the_training_set_and_the_gap_grows():
    namespace, lines = run("answer_long")
    train_acc, test_acc = namespace["train_acc_list"], namespace["test_acc_list"]
    assert len(namespace["train_loss_list"]) == 2000
    assert train_acc[-1] > test_acc[-1] > 0.9
    x_train = namespace["x_train"]
    short_gap = np.subtract(*[a[-1] for a in namespace["train_neuralnet"](
        x_train, namespace["t_train"], namespace["x_test"], namespace["t_test"], numerical=False)[2:4]])
    assert train_acc[-1] - test_acc[-1] > short_gap
    assert lines == [f"train acc {train_acc[-1]:.3f}, test acc {test_acc[-1]:.3f}"]


def test_without_softmax_the_loss_is_nan_and_the_accuracy_is_unchanged():
    namespace, lines = run("answer_no_softmax")
    assert lines[0] == "nan"
    scores = namespace["scores_net"].predict(namespace["x_train"])
    assert (scores < 0).any()  # a log of a negative score: nan
    assert abs(float(lines[1]) - np.log(10)) < 0.01  # softmax of tiny scores: nearly equal
    left, right = lines[2].split()
    assert left == right
