// SPDX-License-Identifier: MIT
// fashion_mnist_experiment.hpp: the Fashion-MNIST lesson's data loading and training loop, shared
// by examples/fashion_mnist.cpp and its test (tests/test_fashion_mnist.cpp, on a few hundred images).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace fashion_mnist {

// The ten classes, in label order (Zalando's README for the data set).
inline const std::vector<std::string>& class_names() {
    static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

// Where the IDX files are: the argument if given, else $MLP_FASHION_MNIST_DIR, else where
// Debian's dataset-fashion-mnist package puts them.
inline std::string data_dir(const std::string& from_argument = "") {
    if (!from_argument.empty()) return from_argument;
    if (const char* env = std::getenv("MLP_FASHION_MNIST_DIR"); env != nullptr && *env != '\0') return env;
    return "/usr/share/datasets/fashion-mnist";
}

struct Data {
    mlp::Dataset train;  // x (N, 784) in [0, 1], y (N, 1) class 0..9
    mlp::Dataset test;
};

// Reads the four files (gzipped, or not if they were unpacked: a name without .gz is tried
// when the .gz one is absent). `train_limit`/`test_limit` > 0 keep only the first images.
inline Data load(const std::string& dir, std::size_t train_limit = 0, std::size_t test_limit = 0) {
    auto file = [&](const std::string& stem) {
        const std::string gz = dir + "/" + stem + ".gz";
        return std::ifstream(gz).good() ? gz : dir + "/" + stem;
    };
    return {mlp::read_idx(file("train-images-idx3-ubyte"), file("train-labels-idx1-ubyte"), train_limit),
            mlp::read_idx(file("t10k-images-idx3-ubyte"), file("t10k-labels-idx1-ubyte"), test_limit)};
}

// How one run trains. The optimizer is SGD with momentum and a cosine learning-rate schedule
// written out in train() below; when the library gains other optimizers and schedules, they go
// where `sgd` and `lr_at` are.
struct Setup {
    std::size_t epochs = 12;
    std::size_t batch = 64;
    double lr = 0.05;         // the peak learning rate, at epoch 1
    double momentum = 0.9;
    std::uint32_t seed = 1;
};

// Cosine decay from lr to near 0 over the run, per epoch (Loshchilov & Hutter's SGDR without restarts):
//   lr_e = lr * (1 + cos(pi * (e - 1) / E)) / 2,   e = 1..E
inline double lr_at(const Setup& s, std::size_t epoch) {
    return s.lr * 0.5 * (1.0 + std::cos(std::numbers::pi * static_cast<double>(epoch - 1) / static_cast<double>(s.epochs)));
}

// Shifts and scales every pixel by the training set's own mean and standard deviation (one
// number each, over all pixels; fitted on the training set only, applied to both).
inline void standardise(Data& d) {
    double sum = 0.0, sum2 = 0.0;
    for (std::size_t k = 0; k < d.train.x.size(); ++k) {
        sum += d.train.x[k];
        sum2 += d.train.x[k] * d.train.x[k];
    }
    const double n = static_cast<double>(d.train.x.size());
    const double mean = sum / n, stddev = std::sqrt(sum2 / n - mean * mean);
    for (mlp::Tensor* x : {&d.train.x, &d.test.x})
        for (std::size_t k = 0; k < x->size(); ++k) (*x)[k] = ((*x)[k] - mean) / stddev;
}

// 784-256-128-10 with ReLU; CrossEntropyLoss applies the softmax.
inline mlp::Sequential make_model(mlp::Rng& rng) {
    mlp::Sequential model;
    model.emplace<mlp::Dense>(784, 256, rng);
    model.add(mlp::make_activation("relu"));
    model.emplace<mlp::Dense>(256, 128, rng);
    model.add(mlp::make_activation("relu"));
    model.emplace<mlp::Dense>(128, 10, rng);
    return model;
}

struct EpochReport {
    std::size_t epoch;
    double lr, train_loss, test_accuracy, seconds;  // seconds since training began
};

// Progress inside an epoch: samples done so far in the whole run, and the run's total.
using Progress = std::function<void(std::size_t done, std::size_t total, std::size_t epoch, double loss)>;

// Predicted classes for x, in evaluation mode, a few thousand rows at a time.
inline std::vector<std::size_t> predict(mlp::Sequential& model, const mlp::Tensor& x) {
    model.train(false);
    std::vector<std::size_t> out;
    constexpr std::size_t kChunk = 2000;
    for (std::size_t begin = 0; begin < x.rows(); begin += kChunk) {
        const std::size_t end = std::min(x.rows(), begin + kChunk);
        mlp::Tensor xb(end - begin, x.cols());
        std::copy(x.data() + begin * x.cols(), x.data() + end * x.cols(), xb.data());
        const std::vector<std::size_t> p = mlp::predicted_classes(model.forward(xb));
        out.insert(out.end(), p.begin(), p.end());
    }
    model.train(true);
    return out;
}

inline double accuracy(const std::vector<std::size_t>& predicted, const mlp::Tensor& y) {
    std::size_t right = 0;
    for (std::size_t n = 0; n < predicted.size(); ++n) right += predicted[n] == static_cast<std::size_t>(y(n, 0));
    return static_cast<double>(right) / static_cast<double>(predicted.size());
}

// The training loop, written out so the five steps show: shuffle, then for each mini-batch
// forward, loss, zero_grad, backward, step. After each epoch: the test accuracy.
inline std::vector<EpochReport> train(mlp::Sequential& model, const Data& d, const Setup& s, const Progress& progress = nullptr,
                                      const std::function<void(const EpochReport&)>& on_epoch = nullptr) {
    mlp::Rng rng(s.seed);
    mlp::CrossEntropyLoss loss;
    mlp::SGD sgd(model.params(), {.lr = s.lr, .momentum = s.momentum});
    const std::size_t N = d.train.x.rows(), F = d.train.x.cols();
    std::vector<std::size_t> order(N);
    for (std::size_t n = 0; n < N; ++n) order[n] = n;
    mlp::Tensor xb, yb;
    std::vector<EpochReport> reports;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t epoch = 1; epoch <= s.epochs; ++epoch) {
        sgd.set_lr(lr_at(s, epoch));
        rng.shuffle(order);
        double loss_sum = 0.0;
        std::size_t batches = 0;
        for (std::size_t begin = 0; begin < N; begin += s.batch) {
            const std::size_t end = std::min(N, begin + s.batch);
            xb.resize(end - begin, F);
            yb.resize(end - begin, 1);
            for (std::size_t r = 0; r < end - begin; ++r) {
                std::copy(d.train.x.data() + order[begin + r] * F, d.train.x.data() + (order[begin + r] + 1) * F,
                          xb.data() + r * F);
                yb(r, 0) = d.train.y(order[begin + r], 0);
            }
            const mlp::Tensor& pred = model.forward(xb);  // 1. forward
            loss_sum += loss.forward(pred, yb);           // 2. loss
            sgd.zero_grad();                              // 3. clear last step's gradients
            model.backward(loss.backward());              // 4. backprop dL/dpred
            sgd.step();                                   // 5. update the parameters
            ++batches;
            if (progress) progress((epoch - 1) * N + end, s.epochs * N, epoch, loss_sum / static_cast<double>(batches));
        }
        const double test_acc = accuracy(predict(model, d.test.x), d.test.y);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        reports.push_back({epoch, lr_at(s, epoch), loss_sum / static_cast<double>(batches), test_acc, seconds});
        if (on_epoch) on_epoch(reports.back());
    }
    return reports;
}

}  // namespace fashion_mnist
