// SPDX-License-Identifier: MIT
// dropout_experiment.hpp: what dropout does to the gap between training and test accuracy, on
// a set-up built to overfit, shared by the lesson (dropout.cpp) and its test.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace dropout_lesson {

// Overfitting on purpose: 30 noisy two-moons points to learn from, a 2-64-64-1 network with
// about 4,400 weights, 1,500 full-batch epochs; 1,000 fresh points to test on.
constexpr std::size_t kTrain = 30, kTest = 1000, kEpochs = 1500, kWidth = 64;
constexpr double kNoise = 0.35, kDropout = 0.5;

struct Run {
    double train_accuracy = 0.0;  // on the 30 training points, in evaluation mode
    double test_accuracy = 0.0;
    double gap() const { return train_accuracy - test_accuracy; }
};

// One network, with or without Dropout(p) after each hidden ReLU; the same data and weights
// for both (the seed draws them).
inline Run train(std::uint32_t seed, bool with_dropout) {
    mlp::Rng data_rng(seed);
    const mlp::Dataset train = mlp::make_moons(kTrain, kNoise, data_rng);
    const mlp::Dataset test = mlp::make_moons(kTest, kNoise, data_rng);
    mlp::Rng rng(seed + 100);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, kWidth, rng);
    model.emplace<mlp::ReLU>();
    if (with_dropout) model.emplace<mlp::Dropout>(kDropout, seed);
    model.emplace<mlp::Dense>(kWidth, kWidth, rng);
    model.emplace<mlp::ReLU>();
    if (with_dropout) model.emplace<mlp::Dropout>(kDropout, seed + 1);
    model.emplace<mlp::Dense>(kWidth, 1, rng);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.05, .momentum = 0.9});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = kEpochs, .seed = seed, .progress = false});
    trainer.fit(train.x, train.y);
    return {trainer.evaluate(train.x, train.y).accuracy, trainer.evaluate(test.x, test.y).accuracy};
}

struct Comparison {
    std::vector<std::uint32_t> seeds;
    std::vector<Run> plain, dropout;
    std::size_t narrower = 0;    // seeds where dropout's gap is smaller
    std::size_t better_test = 0; // seeds where dropout's test accuracy is higher
    double median_gap_plain = 0.0, median_gap_dropout = 0.0;
    double median_test_plain = 0.0, median_test_dropout = 0.0;
};

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

inline Comparison compare(const std::vector<std::uint32_t>& seeds) {
    Comparison c;
    c.seeds = seeds;
    std::vector<double> gp, gd, tp, td;
    for (const std::uint32_t seed : seeds) {
        c.plain.push_back(train(seed, false));
        c.dropout.push_back(train(seed, true));
        const Run& p = c.plain.back();
        const Run& d = c.dropout.back();
        c.narrower += d.gap() < p.gap() ? 1 : 0;
        c.better_test += d.test_accuracy > p.test_accuracy ? 1 : 0;
        gp.push_back(p.gap());
        gd.push_back(d.gap());
        tp.push_back(p.test_accuracy);
        td.push_back(d.test_accuracy);
    }
    c.median_gap_plain = median(gp);
    c.median_gap_dropout = median(gd);
    c.median_test_plain = median(tp);
    c.median_test_dropout = median(td);
    return c;
}

// The verdict, from the numbers alone. The rule: dropout "narrows the gap" when its gap is
// smaller on a majority of the seeds AND its median gap is smaller; "widens" when both point
// the other way; otherwise the seeds disagree and the lesson says so. The same rule, with
// test accuracy, for whether it helped on new data.
inline std::string verdict(const Comparison& c) {
    const std::size_t n = c.seeds.size();
    std::string gap, test;
    if (2 * c.narrower > n && c.median_gap_dropout < c.median_gap_plain) gap = "dropout narrows the train/test gap";
    else if (2 * c.narrower < n && c.median_gap_dropout > c.median_gap_plain) gap = "dropout WIDENS the train/test gap";
    else gap = "the seeds disagree on whether dropout changes the gap";
    if (2 * c.better_test > n && c.median_test_dropout > c.median_test_plain) test = "and raises test accuracy";
    else if (2 * c.better_test < n && c.median_test_dropout < c.median_test_plain) test = "but LOWERS test accuracy";
    else test = "while test accuracy does not clearly change";
    return gap + " (smaller on " + std::to_string(c.narrower) + " of " + std::to_string(n) + " seeds), " + test +
           " (higher on " + std::to_string(c.better_test) + " of " + std::to_string(n) + ")";
}

}  // namespace dropout_lesson
