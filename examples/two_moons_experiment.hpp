// SPDX-License-Identifier: MIT
// two_moons_experiment.hpp: the two-moons experiment shared by the lesson (two_moons.cpp) and
// its test (tests/test_two_moons_claim.cpp), so the test checks exactly what the lesson shows.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "mlp/mlp.hpp"

namespace two_moons_lesson {

constexpr const char* kDataFile = "datasets/two_moons.csv";  // relative to the repository root
constexpr std::size_t kEpochs = 150;
constexpr std::size_t kBatch = 32;
constexpr double kTestFraction = 0.2;

// 2-16-16-1: tanh between the Dense layers, or nothing at all (three linear maps = one line).
// The output is a logit: BCEWithLogitsLoss applies the sigmoid inside the loss.
inline mlp::Sequential make_model(bool nonlinear, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 16, rng);
    if (nonlinear) model.add(mlp::make_activation("tanh"));
    model.emplace<mlp::Dense>(16, 16, rng);
    if (nonlinear) model.add(mlp::make_activation("tanh"));
    model.emplace<mlp::Dense>(16, 1, rng);
    return model;
}

struct Result {
    double train_accuracy = 0.0;
    double test_accuracy = 0.0;
    double all_accuracy = 0.0;  // on all 1000 points: for a line, test sets of 200 are too noisy
    mlp::History history;
    mlp::Split split;
    mlp::Sequential model;
};

// The seed picks the 80/20 split, the first weights and the batch order. on_epoch, if given,
// is called after every epoch (the lesson draws a live sparkline with it).
inline Result train(const mlp::Dataset& data, bool nonlinear, std::uint32_t seed,
                    std::function<void(const mlp::EpochStats&)> on_epoch = nullptr) {
    Result r;
    mlp::Rng rng(seed);
    r.split = mlp::train_test_split(data, kTestFraction, rng);
    r.model = make_model(nonlinear, seed);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(r.model.params(), {.lr = 0.05, .momentum = 0.9});
    mlp::Trainer trainer(r.model, loss, sgd, {.epochs = kEpochs, .batch_size = kBatch, .seed = seed, .progress = false, .on_epoch = std::move(on_epoch)});
    r.history = trainer.fit(r.split.train.x, r.split.train.y, r.split.test.x, r.split.test.y);
    r.train_accuracy = trainer.evaluate(r.split.train.x, r.split.train.y).accuracy;
    r.test_accuracy = trainer.evaluate(r.split.test.x, r.split.test.y).accuracy;
    r.all_accuracy = trainer.evaluate(data.x, data.y).accuracy;
    return r;
}

}  // namespace two_moons_lesson
