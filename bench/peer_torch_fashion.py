# SPDX-License-Identifier: MIT
# peer_torch_fashion.py: PyTorch fp32's time to 88.5% test accuracy on Fashion-MNIST, with the
# network and schedule of examples/fashion_mnist_experiment.hpp (784-256-128-10 ReLU, batch 64,
# SGD momentum 0.9, lr 0.05 on a per-epoch cosine over 12 epochs, pixels standardised by the
# training set's mean and std). Run by `bench --fashion` (or by hand:
#   /usr/bin/python3 bench/peer_torch_fashion.py DIR THREADS), DIR holding the four IDX files.
# Prints "key value" lines; the clock starts when training starts, and includes the evaluation
# after each epoch, as the mlp run's does.
import gzip
import math
import os
import sys
import time

import torch


def read_idx(path):
    if not os.path.exists(path) and path.endswith(".gz"):
        path = path[:-3]
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def main():
    directory = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    torch.set_num_threads(threads)
    epochs, batch, peak_lr, target = 12, 64, 0.05, 0.885
    x = read_idx(directory + "/train-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255
    y = read_idx(directory + "/train-labels-idx1-ubyte.gz").long()
    xt = read_idx(directory + "/t10k-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255
    yt = read_idx(directory + "/t10k-labels-idx1-ubyte.gz").long()
    mean, std = x.mean(), x.std(unbiased=False)
    x, xt = (x - mean) / std, (xt - mean) / std
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=peak_lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    start = time.perf_counter()
    reached, best = 0.0, 0.0
    for epoch in range(1, epochs + 1):
        for group in opt.param_groups:
            group["lr"] = peak_lr * 0.5 * (1 + math.cos(math.pi * (epoch - 1) / epochs))
        order = torch.randperm(x.shape[0])
        for begin in range(0, x.shape[0], batch):
            idx = order[begin:begin + batch]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
        with torch.no_grad():
            accuracy = (model(xt).argmax(1) == yt).float().mean().item()
        best = max(best, accuracy)
        if accuracy >= target and reached == 0.0:
            reached = time.perf_counter() - start
            print("fashion_epoch_reached", epoch, flush=True)
    print("fashion_best_accuracy", best, flush=True)
    print("fashion_seconds_total", time.perf_counter() - start, flush=True)
    print("fashion_seconds_to_885", reached if reached > 0 else -1, flush=True)


main()
