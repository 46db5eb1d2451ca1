// SPDX-License-Identifier: MIT
// optimizers_experiment.hpp: the optimizers lesson's experiment, shared by the lesson
// (optimizers.cpp) and its test (tests/test_optimizers_lesson.cpp), so the test checks exactly
// what the lesson shows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace optimizers_lesson {

constexpr std::size_t kSamples = 200;
constexpr double kNoise = 0.1;
constexpr std::size_t kEpochs = 150;
constexpr std::size_t kBatch = 50;
constexpr double kTarget = 0.99;  // "epochs to 99%": the first epoch whose training accuracy reaches it
constexpr double kScale = 100.0;  // the badly scaled problem multiplies the second feature by this

// One optimizer as the lesson sets it up: a label, and how to build it on a model's parameters.
struct Choice {
    std::string label;  // "Adam (lr 0.01)"
    std::unique_ptr<mlp::Optimizer> (*make)(std::vector<mlp::Param>);
};

// The usual starting learning rates of each (PyTorch's examples and the lecture notes), not tuned
// to this problem; everything else at PyTorch's defaults.
inline const std::vector<Choice>& choices() {
    static const std::vector<Choice> table{
        {"SGD (lr 0.1)",
         [](std::vector<mlp::Param> p) -> std::unique_ptr<mlp::Optimizer> {
             return std::make_unique<mlp::SGD>(std::move(p), mlp::SGDOptions{.lr = 0.1});
         }},
        {"momentum (lr 0.1, 0.9)",
         [](std::vector<mlp::Param> p) -> std::unique_ptr<mlp::Optimizer> {
             return std::make_unique<mlp::SGD>(std::move(p), mlp::SGDOptions{.lr = 0.1, .momentum = 0.9});
         }},
        {"Nesterov (lr 0.1, 0.9)",
         [](std::vector<mlp::Param> p) -> std::unique_ptr<mlp::Optimizer> {
             return std::make_unique<mlp::SGD>(std::move(p), mlp::SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true});
         }},
        {"RMSprop (lr 0.01)",
         [](std::vector<mlp::Param> p) -> std::unique_ptr<mlp::Optimizer> {
             return std::make_unique<mlp::RMSprop>(std::move(p), mlp::RMSpropOptions{.lr = 0.01});
         }},
        {"Adagrad (lr 0.1)",
         [](std::vector<mlp::Param> p) -> std::unique_ptr<mlp::Optimizer> {
             return std::make_unique<mlp::Adagrad>(std::move(p), mlp::AdagradOptions{.lr = 0.1});
         }},
        {"Adam (lr 0.01)",
         [](std::vector<mlp::Param> p) -> std::unique_ptr<mlp::Optimizer> {
             return std::make_unique<mlp::Adam>(std::move(p), mlp::AdamOptions{.lr = 0.01});
         }},
        {"AdamW (lr 0.01)",
         [](std::vector<mlp::Param> p) -> std::unique_ptr<mlp::Optimizer> {
             return std::make_unique<mlp::AdamW>(std::move(p), mlp::AdamWOptions{.lr = 0.01});
         }},
    };
    return table;
}

// The two problems: two moons as drawn, and the same points with the second feature x100 (a
// feature in other units, left unscaled), where one learning rate cannot suit both weights.
inline mlp::Dataset problem(bool badly_scaled, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Dataset data = mlp::make_moons(kSamples, kNoise, rng);
    if (badly_scaled)
        for (std::size_t n = 0; n < data.x.rows(); ++n) data.x(n, 1) *= kScale;
    return data;
}

// 2-16-16-1 with tanh; the output is a logit (BCEWithLogitsLoss).
inline mlp::Sequential make_model(std::uint32_t seed) {
    mlp::Rng rng(seed + 1000);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 16, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(16, 16, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(16, 1, rng);
    return model;
}

struct Run {
    std::vector<double> losses;  // training loss per epoch (a diverged run is cut short: inf after)
    std::size_t epochs_to_target = 0;  // 0: never
    double final_loss = 0.0;
};

// One optimizer on one problem from one seed (the seed picks the data, the weights and the
// batch order). A run whose loss becomes non-finite counts as never reaching the target.
inline Run train(const Choice& choice, bool badly_scaled, std::uint32_t seed) {
    const mlp::Dataset data = problem(badly_scaled, seed);
    mlp::Sequential model = make_model(seed);
    mlp::BCEWithLogitsLoss loss;
    std::unique_ptr<mlp::Optimizer> optimizer = choice.make(model.params());
    mlp::Trainer trainer(model, loss, *optimizer, {.epochs = kEpochs, .batch_size = kBatch, .seed = seed, .progress = false});
    Run run;
    try {
        const mlp::History h = trainer.fit(data.x, data.y);
        for (const mlp::EpochStats& e : h.epochs) run.losses.push_back(e.loss);
        run.epochs_to_target = h.epochs_to_accuracy(kTarget);
        run.final_loss = h.last().loss;
    } catch (const std::runtime_error&) {  // the loss became NaN or infinite
        run.losses.resize(kEpochs, std::numeric_limits<double>::infinity());
        run.epochs_to_target = 0;
        run.final_loss = std::numeric_limits<double>::infinity();
    }
    return run;
}

// The median of values, where "never" (0 epochs) counts as more than any number of epochs.
inline double median_epochs(std::vector<std::size_t> epochs) {
    std::vector<double> v;
    for (std::size_t e : epochs) v.push_back(e == 0 ? std::numeric_limits<double>::infinity() : static_cast<double>(e));
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}
inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}

// Medians over seeds of one optimizer on one problem, and the per-epoch median loss curve.
struct Summary {
    std::string label;
    double median_epochs = 0.0;  // infinity: the median seed never reached the target
    double median_final_loss = 0.0;
    std::size_t reached = 0;     // seeds that reached the target
    std::vector<double> median_curve;
};

inline Summary summarise(const Choice& choice, bool badly_scaled, const std::vector<std::uint32_t>& seeds) {
    Summary s;
    s.label = choice.label;
    std::vector<Run> runs;
    for (std::uint32_t seed : seeds) runs.push_back(train(choice, badly_scaled, seed));
    std::vector<std::size_t> epochs;
    std::vector<double> finals;
    for (const Run& r : runs) {
        epochs.push_back(r.epochs_to_target);
        finals.push_back(r.final_loss);
        if (r.epochs_to_target > 0) ++s.reached;
    }
    s.median_epochs = median_epochs(epochs);
    s.median_final_loss = median(finals);
    for (std::size_t e = 0; e < kEpochs; ++e) {
        std::vector<double> at;
        for (const Run& r : runs) at.push_back(r.losses[e]);
        s.median_curve.push_back(median(at));
    }
    return s;
}

}  // namespace optimizers_lesson
