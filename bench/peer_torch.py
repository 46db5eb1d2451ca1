# SPDX-License-Identifier: MIT
# peer_torch.py: PyTorch's times for the benchmark's workloads, run by bench/bench.cpp (or by hand:
#   /usr/bin/python3 bench/peer_torch.py). Optional: the library never needs Python or torch.
# Prints one "key value" line per workload; bench.cpp reads them and prints the ratios.
# For a fair fp32/fp64 peer, run it against OpenBLAS (bench/README.md says how).
import ctypes
import statistics
import time

import torch


def set_threads(n):
    # torch's own threads, and OpenBLAS's (its pool ignores torch.set_num_threads in Debian's build)
    torch.set_num_threads(n)
    try:
        ctypes.CDLL("libblas.so.3").openblas_set_num_threads(n)
    except (OSError, AttributeError):
        pass  # not OpenBLAS


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def xor_us_per_epoch(epochs=500):
    # 2-4-1, tanh hidden, linear output, MSE, full batch, SGD lr 0.1 momentum 0.9 (as bench_xor)
    set_threads(1)
    torch.manual_seed(1)
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = torch.nn.MSELoss()

    def run():
        for _ in range(epochs):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()

    return median_time(run, 5) / epochs * 1e6


def mlp_samples_per_s(dtype, threads, samples=2048):
    # 784-256-128-10, ReLU, cross-entropy, batch 64, SGD lr 0.01 (as bench_mnist_shape)
    set_threads(threads)
    torch.manual_seed(7)
    x = torch.rand(samples, 784, dtype=dtype)
    y = torch.randint(0, 10, (samples,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch():
        order = torch.randperm(samples)
        for begin in range(0, samples, 64):
            idx = order[begin:begin + 64]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()

    epoch()  # warm-up
    return samples / median_time(epoch, 5)


print("torch_version", torch.__version__.split("+")[0].replace(".", "")[:3], flush=True)
print("xor_us_per_epoch", xor_us_per_epoch(), flush=True)
print("mlp_fp64_1_thread_samples_per_s", mlp_samples_per_s(torch.float64, 1), flush=True)
print("mlp_fp32_best_samples_per_s", max(mlp_samples_per_s(torch.float32, t) for t in (1, 2)), flush=True)
