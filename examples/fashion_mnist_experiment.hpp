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
#include <memory>
#include <stdexcept>
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

// How one run trains. The default is the lesson's run: SGD with momentum, the learning rate
// falling along a cosine, no dropout, no early stopping. `fashion_mnist --compare` changes one
// thing at a time (compare_setups() below) and measures what each contributes.
struct Setup {
    std::size_t epochs = 12;
    std::size_t batch = 64;
    double lr = 0.05;         // the peak learning rate, at epoch 1
    double momentum = 0.9;    // SGD's; Adam has its own betas (0.9, 0.999)
    std::uint32_t seed = 1;
    std::string optimizer = "sgd";  // "sgd" or "adam"
    bool cosine = true;       // the cosine schedule (lr_at); false: lr constant
    double dropout = 0.0;     // > 0: Dropout(p) after each hidden ReLU
    std::size_t patience = 0; // > 0: early stopping on a validation split
    std::size_t validation = 0;  // with patience: the last `validation` training images, held out
};

// Cosine decay from lr to near 0 over the run, per epoch (Loshchilov & Hutter's SGDR without restarts):
//   lr_e = lr * (1 + cos(pi * (e - 1) / E)) / 2,   e = 1..E
// which is what mlp::CosineAnnealingLR with T_max = E gives (train() uses it).
inline double lr_at(const Setup& s, std::size_t epoch) {
    if (!s.cosine) return s.lr;
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

// 784-256-128-10 with ReLU; CrossEntropyLoss applies the softmax. With dropout > 0, a
// Dropout(p) after each hidden ReLU (its own generator, seeded from rng).
inline mlp::Sequential make_model(mlp::Rng& rng, double dropout = 0.0) {
    mlp::Sequential model;
    model.emplace<mlp::Dense>(784, 256, rng);
    model.add(mlp::make_activation("relu"));
    if (dropout > 0) model.emplace<mlp::Dropout>(dropout, static_cast<std::uint32_t>(rng.engine()()));
    model.emplace<mlp::Dense>(256, 128, rng);
    model.add(mlp::make_activation("relu"));
    if (dropout > 0) model.emplace<mlp::Dropout>(dropout, static_cast<std::uint32_t>(rng.engine()()));
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

// What a run ended with, besides its per-epoch reports (train() fills it when given).
struct Outcome {
    std::size_t epochs_run = 0;
    bool stopped_early = false;
    std::size_t best_epoch = 0;  // with patience: the epoch whose weights the model holds
    std::string stop_reason;
};

// The training itself is mlp::Trainer's loop (the five steps: forward, loss, zero_grad,
// backward, step, on shuffled batches of s.batch), with the optimizer, schedule and early
// stopping the setup names. After each epoch: the test accuracy, reported through on_epoch;
// progress(done, total, epoch, loss) after each epoch too (the Trainer has no per-batch hook).
inline std::vector<EpochReport> train(mlp::Sequential& model, const Data& d, const Setup& s, const Progress& progress = nullptr,
                                      const std::function<void(const EpochReport&)>& on_epoch = nullptr,
                                      Outcome* outcome = nullptr) {
    mlp::CrossEntropyLoss loss;
    std::unique_ptr<mlp::Optimizer> optimizer;
    if (s.optimizer == "adam") optimizer = std::make_unique<mlp::Adam>(model.params(), mlp::AdamOptions{.lr = s.lr});
    else optimizer = std::make_unique<mlp::SGD>(model.params(), mlp::SGDOptions{.lr = s.lr, .momentum = s.momentum});
    mlp::TrainConfig config{.epochs = s.epochs, .batch_size = s.batch, .shuffle = true, .seed = s.seed, .progress = false};
    // PyTorch's CosineAnnealingLR(T_max = epochs), stepped after each epoch: epoch e trains at lr_at(s, e).
    if (s.cosine) config.scheduler = std::make_shared<mlp::CosineAnnealingLR>(*optimizer, mlp::CosineAnnealingLROptions{.T_max = static_cast<long>(s.epochs)});
    if (s.patience > 0) config.patience = s.patience;

    std::vector<EpochReport> reports;
    const auto start = std::chrono::steady_clock::now();
    double lr = optimizer->lr();  // the lr the epoch trained at (the schedule moves it after the epoch)
    config.on_epoch = [&](const mlp::EpochStats& e) {
        const double test_acc = accuracy(predict(model, d.test.x), d.test.y);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        reports.push_back({e.epoch, lr, e.loss, test_acc, seconds});
        lr = optimizer->lr();
        if (on_epoch) on_epoch(reports.back());
        if (progress) progress(e.epoch * d.train.x.rows(), s.epochs * d.train.x.rows(), e.epoch, e.loss);
    };
    mlp::Trainer trainer(model, loss, *optimizer, config);
    mlp::History history;
    if (s.patience > 0) {
        // Early stopping watches a validation split: the last s.validation training images, which
        // then do not train. Never the test images: choosing the epoch on them would make the
        // test accuracy an optimistic estimate.
        const std::size_t N = d.train.x.rows();
        if (s.validation == 0 || s.validation >= N)
            throw std::invalid_argument("fashion_mnist::train: expected a validation split of 1 to " + std::to_string(N - 1) +
                                        " images with patience, got " + std::to_string(s.validation));
        std::vector<std::size_t> fit_rows(N - s.validation), val_rows(s.validation);
        for (std::size_t n = 0; n < N; ++n) (n < fit_rows.size() ? fit_rows[n] : val_rows[n - fit_rows.size()]) = n;
        mlp::Tensor x, y, x_val, y_val;
        mlp::gather_rows(d.train.x, fit_rows, x);
        mlp::gather_rows(d.train.y, fit_rows, y);
        mlp::gather_rows(d.train.x, val_rows, x_val);
        mlp::gather_rows(d.train.y, val_rows, y_val);
        // When patience runs out the model ends with the best epoch's weights, so the last
        // report (measured before they were put back) is not the model's: predict again.
        history = trainer.fit(x, y, x_val, y_val);
    } else {
        history = trainer.fit(d.train.x, d.train.y);
    }
    if (outcome != nullptr) *outcome = {history.epochs.size(), history.stopped_early, history.best_epoch, history.stop_reason};
    return reports;
}

// The ablation `fashion_mnist --compare` runs: each row changes one thing of the row it is
// compared with, and says what the textbooks lead one to expect.
struct Variant {
    std::string label;
    Setup setup;
    std::size_t baseline;   // the row (0-based) it is compared with; itself for the first
    std::string expected;   // "higher accuracy", "same accuracy, less time", ...
};
// Early stopping holds out the last twelfth of the training images (5,000 of 60,000).
inline std::vector<Variant> compare_setups(const Setup& lesson, std::size_t train_images) {
    Setup constant = lesson, adam = lesson, dropout = lesson, early = lesson, seed2 = lesson;
    constant.cosine = false;
    adam.optimizer = "adam";
    adam.lr = 1e-3;  // Kingma & Ba's default; 0.05 is an SGD rate
    dropout.dropout = 0.2;
    early.patience = 2;
    early.validation = train_images / 12;
    seed2.seed = lesson.seed + 1;
    return {{"SGD + momentum, lr constant", constant, 0, ""},
            {"+ cosine schedule (the lesson)", lesson, 0, "higher"},
            {"Adam lr 0.001 instead of SGD", adam, 1, "higher"},
            {"lesson + dropout 0.2", dropout, 1, "higher"},
            {"lesson + early stopping", early, 1, "not lower"},
            {"lesson, next seed (noise)", seed2, 1, ""}};
}

// The verdict on a change of test accuracy (in points) against the seed-to-seed noise measured
// by the last row (how far the lesson's accuracy moves when only the seed changes):
//   "higher" when change > noise, "lower" when change < -noise, "within noise" otherwise.
inline std::string verdict(double change, double noise) {
    if (change > noise) return "higher";
    if (change < -noise) return "lower";
    return "within noise";
}

// Does the verdict bear out the expectation? "higher" needs "higher"; "not lower" accepts
// "higher" and "within noise".
inline bool as_expected(const std::string& expected, const std::string& measured) {
    if (expected == "not lower") return measured != "lower";
    return expected == measured;
}

}  // namespace fashion_mnist
