// SPDX-License-Identifier: MIT
// real_data_experiment.hpp: the step from toy data to real data, shared by the iris,
// breast_cancer, digits and wine lessons and their test (tests/test_real_data_claims.cpp).
#pragma once

#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "lesson_options.hpp"
#include "mlp/mlp.hpp"

namespace real_data_lesson {

// One lesson's settings: the file, the accuracy it claims and how it trains.
struct Setup {
    std::string name;
    std::string file;         // relative to the repository root
    double target = 0.0;      // the test accuracy the lesson claims
    std::size_t hidden = 32;  // F-hidden-C with tanh between
    std::size_t epochs = 100;
    std::size_t batch = 32;
    double lr = 0.05;
    double weight_decay = 1e-3;  // a little L2 keeps small sets (iris: 120 rows) from overfitting
};

inline Setup iris() { return {.name = "iris", .file = "datasets/iris.csv", .target = 0.95, .hidden = 16, .epochs = 100, .batch = 16, .lr = 0.02}; }
inline Setup breast_cancer() {
    return {.name = "breast_cancer", .file = "datasets/breast_cancer.csv", .target = 0.95, .hidden = 32, .epochs = 60, .batch = 32, .lr = 0.02};
}
inline Setup wine() { return {.name = "wine", .file = "datasets/wine.csv", .target = 0.95, .hidden = 16, .epochs = 60, .batch = 16, .lr = 0.02}; }
inline Setup digits() { return {.name = "digits", .file = "datasets/digits.csv", .target = 0.96, .hidden = 64, .epochs = 40, .batch = 32, .lr = 0.05}; }

struct Result {
    double train_accuracy = 0.0;
    double test_accuracy = 0.0;
    std::size_t train_rows = 0;
    std::size_t test_rows = 0;
    mlp::History history;
    std::vector<std::size_t> test_truth;      // the test split's classes
    std::vector<std::size_t> test_predicted;  // what the trained model predicted for them
};

// Split 80/20 (stratified, seeded), standardise with statistics of the training split only,
// train F-hidden-C with tanh and softmax cross-entropy (CrossEntropyLoss fuses the softmax).
inline Result train(const Setup& setup, const mlp::Dataset& data, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Split split = mlp::train_test_split(data, 0.2, rng);
    mlp::Standardizer standardizer;
    const mlp::Tensor x_train = standardizer.fit_transform(split.train.x);
    const mlp::Tensor x_test = standardizer.transform(split.test.x);

    mlp::Sequential model;
    model.emplace<mlp::Dense>(data.x.cols(), setup.hidden, rng);
    model.add(mlp::make_activation("tanh"));
    model.emplace<mlp::Dense>(setup.hidden, mlp::class_count(data.y), rng);

    mlp::CrossEntropyLoss loss;
    mlp::SGD sgd(model.params(), {.lr = setup.lr, .momentum = 0.9, .weight_decay = setup.weight_decay});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = setup.epochs, .batch_size = setup.batch, .seed = seed, .progress = false});
    Result r;
    r.history = trainer.fit(x_train, split.train.y, x_test, split.test.y);
    r.train_accuracy = trainer.evaluate(x_train, split.train.y).accuracy;
    r.test_accuracy = trainer.evaluate(x_test, split.test.y).accuracy;
    r.train_rows = x_train.rows();
    r.test_rows = x_test.rows();
    model.train(false);
    r.test_truth = mlp::class_indices(split.test.y);
    r.test_predicted = mlp::predicted_classes(model.forward(x_test));
    return r;
}

}  // namespace real_data_lesson

namespace real_data_lesson {

constexpr std::uint32_t kSeeds = 10;

// The lesson's program: trains on seeds 1..kSeeds, prints each seed's accuracies and the mean,
// and returns 0 only when the mean test accuracy reaches the target (the claim a test checks).
// Quick mode (--quick or MLP_QUICK=1) trains one seed and checks no claim.
inline int run(Setup setup, const lesson::About& about, int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options, about)) return 2;
    const std::uint32_t seeds = options.quick ? 1 : kSeeds;
    if (options.quick) setup.epochs = 5;
    mlp::Dataset data;
    const std::string path = lesson::data_file(options, std::filesystem::path(setup.file).filename().string());
    try {
        mlp::read_csv_into(path, data);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n(give the data folder with --data DIR or MLP_DATA_DIR)\n", e.what());
        return 1;
    }
    std::printf("%s: %zu samples, %zu features, %zu classes. 80/20 stratified split, standardised on the\n"
                "training split, %zu-%zu-%zu with tanh, softmax cross-entropy, SGD (lr %g, momentum 0.9,\n"
                "weight decay %g), %zu epochs of batches of %zu.\n\n",
                setup.name.c_str(), data.x.rows(), data.x.cols(), mlp::class_count(data.y), data.x.cols(),
                setup.hidden, mlp::class_count(data.y), setup.lr, setup.weight_decay, setup.epochs, setup.batch);
    std::printf("%6s %10s %10s\n", "seed", "train", "test");
    double sum = 0.0;
    std::vector<std::size_t> truth, predicted;  // every seed's test split, pooled
    for (std::uint32_t seed = 1; seed <= seeds; ++seed) {
        const Result r = train(setup, data, seed);
        sum += r.test_accuracy;
        truth.insert(truth.end(), r.test_truth.begin(), r.test_truth.end());
        predicted.insert(predicted.end(), r.test_predicted.begin(), r.test_predicted.end());
        std::printf("%6u %9.2f%% %9.2f%%\n", seed, 100.0 * r.train_accuracy, 100.0 * r.test_accuracy);
    }
    const double mean = sum / seeds;
    // Accuracy hides which classes are confused; the matrix and per-class numbers show it.
    const mlp::ConfusionMatrix m = mlp::confusion_matrix(truth, predicted, mlp::class_count(data.y));
    std::printf("\nThe test splits of all %u seeds together (%zu predictions); rows: true class, columns: predicted:\n%s\n%s",
                seeds, m.total(), mlp::confusion_matrix_text(m).c_str(), mlp::classification_report(m).c_str());
    std::printf("\nmean test accuracy over %u seeds: %.2f%% (claim, over %u seeds: >= %.0f%%)\n", seeds, 100.0 * mean,
                kSeeds, 100.0 * setup.target);
    if (options.quick) {
        std::printf("Quick mode (%zu epochs, 1 seed): the claim was not checked.\n", setup.epochs);
        return 0;
    }
    if (mean < setup.target) {
        std::printf("CLAIM FAILED\n");
        return 1;
    }
    return 0;
}

}  // namespace real_data_lesson
