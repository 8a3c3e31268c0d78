"""What a gradient costs in time: the numerical gradient against backpropagation (4.5).

    .venv/bin/python benchmarks/learning.py [--repeat 5]

The page counts the cost in forward passes (the same on every machine, so builds stay
byte-identical); this measures it on this machine. For the page's network (64 -> 10 -> 10) it
times one numerical gradient and one backpropagation on a mini-batch of 100 digits. For the
book's MNIST network (784 -> 50 -> 10, random inputs of MNIST's shape: only the shapes matter)
one numerical gradient would take minutes, so it times forward passes and multiplies by the
number a numerical gradient runs (2 per parameter, counted by snippets.learning.forward_passes
on the small network). A measurement, not a test: it prints a table.
"""

import argparse
import statistics
import time

import numpy as np

from snippets.learning import BOOK, TwoLayerNet, load_digits, parameter_count


def best_time(call, repeat: int) -> float:
    """The median of `repeat` timings of call(), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    (x_train, t_train), _ = load_digits()
    x, t = x_train[:100], t_train[:100]
    np.random.seed(0)
    small = TwoLayerNet(input_size=64, hidden_size=10, output_size=10)

    rng = np.random.default_rng(0)
    x_mnist = rng.random((100, BOOK["input_size"]))
    t_mnist = np.eye(10)[rng.integers(0, 10, 100)]
    np.random.seed(0)
    book = TwoLayerNet(input_size=BOOK["input_size"], hidden_size=BOOK["hidden_size"],
                       output_size=BOOK["output_size"])

    print("| network | forward pass | backpropagation | numerical gradient | ratio |\n|---|---|---|---|---|")
    for name, network, xs, ts, measure in (("64 → 10 → 10 (digits)", small, x, t, True),
                                           ("784 → 50 → 10 (MNIST shape)", book, x_mnist, t_mnist, False)):
        forward = best_time(lambda network=network, xs=xs: network.predict(xs), args.repeat * 20)
        backprop = best_time(lambda network=network, xs=xs, ts=ts: network.gradient(xs, ts), args.repeat * 20)
        n = parameter_count(network.params["W1"].shape[0], network.params["W1"].shape[1],
                            network.params["W2"].shape[1])
        if measure:
            numerical = best_time(lambda network=network, xs=xs, ts=ts: network.numerical_gradient(xs, ts), args.repeat)
            label = f"{numerical * 1e3:,.0f} ms"
        else:  # 2 forward passes (of the loss) per parameter
            loss = best_time(lambda network=network, xs=xs, ts=ts: network.loss(xs, ts), args.repeat * 20)
            numerical = 2 * n * loss
            label = f"≈ {numerical:,.0f} s (2 × {n:,} losses)"
        print(f"| {name} | {forward * 1e6:,.0f} µs | {backprop * 1e6:,.0f} µs | {label} | "
              f"{numerical / backprop:,.0f} |")
    steps = BOOK["iters_num"]
    print(f"\nThe book's {steps:,} steps with the numerical gradient: about {2 * parameter_count(784, 50, 10) * loss * steps / 3600:,.0f} hours "
          f"on this machine; with backpropagation: {backprop * steps:,.0f} s.")


if __name__ == "__main__":
    main()
