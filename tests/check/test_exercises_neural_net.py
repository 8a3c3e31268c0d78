"""4.4.2's "Try it yourself": each answer runs as the page shows it and shows what it must."""

import contextlib
import io

import numpy as np
import pytest

from sitegen import project, sources

MODULE = "neural_net"


def run(name: str) -> tuple[dict, list[str]]:
    """Run a snippet section of the module, as a page's code block runs it: its names, its lines."""
    sources.use_project_snippets(project.ROOT)  # this project's snippets, as on disk
    namespace: dict = {}
    exec(f"from snippets.{MODULE} import *", namespace)
    exec("x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])", namespace)  # as the page's session has them
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(sources.section(MODULE, name), f"snippets/{MODULE}.py:{name}", "exec"), namespace)
    return namespace, buffer.getvalue().splitlines()


def test_a_gradient_check_without_the_guard_leaves_only_the_error_of_numerical_differentiation():
    namespace, lines = run("answer_no_guard")
    plain = float(lines[0])
    assert plain < 1e-8  # the central difference alone: about 5e-10
    y = namespace["softmax"](namespace["net"].predict(namespace["x"]))
    assert plain < (1e-7 / (y[2] + 1e-7)) / 100  # far below what the 1e-7 guard causes
    np.testing.assert_array_equal(namespace["net"].W, namespace["BOOK_W"])  # the weights are put back


def test_the_training_loop_does_gradient_descent_and_lowers_the_loss_every_step():
    namespace, lines = run("answer_train")
    losses = [float(line.split()[1]) for line in lines]
    p_right = [float(line.split("[")[1].strip("]").split()[2]) for line in lines]
    assert len(losses) == 5 and all(a > b for a, b in zip(losses, losses[1:]))
    assert all(a < b for a, b in zip(p_right, p_right[1:]))
    # independently: 5 steps of W -= 0.5 * x^T (y - t), the gradient of the unguarded loss
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    W = namespace["BOOK_W"].copy()
    for _ in range(5):
        scores = x @ W
        y = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
        W -= 0.5 * np.outer(x, y - t)
    np.testing.assert_allclose(namespace["net"].W, W, rtol=1e-5)  # the guard changes it by ~1e-7
    scores = x @ W
    assert losses[-1] == pytest.approx(-scores[2] + np.log(np.exp(scores).sum()), rel=1e-5)


def test_zero_weights_give_log_3():
    _, lines = run("experiment_seeds")
    assert abs(float(lines[0]) - np.log(3)) < 1e-6
