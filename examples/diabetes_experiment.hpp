// SPDX-License-Identifier: MIT
// diabetes_experiment.hpp: regression on real data, shared by examples/diabetes.cpp and its test
// (tests/test_real_data_claims.cpp): predict disease progression one year on from 10 measurements.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace diabetes_lesson {

inline const char* kFile = "datasets/diabetes.csv";

inline mlp::Dataset load(const std::string& path) {
    return mlp::read_csv(path, mlp::CsvTargets{.columns = {"progression"}, .class_labels = false});
}

struct Result {
    double r2 = 0.0;   // on the test split, in the target's own units
    double mae = 0.0;  // mean absolute error, in progression units
};

struct Split {
    mlp::Tensor x_train, y_train, x_test, y_test;
};

// A seeded 80/20 split (not stratified: the target is continuous).
inline Split split(const mlp::Dataset& d, mlp::Rng& rng) {
    std::vector<std::size_t> order(d.x.rows());
    for (std::size_t n = 0; n < order.size(); ++n) order[n] = n;
    rng.shuffle(order);
    const std::size_t test = order.size() / 5, train = order.size() - test;
    Split s{mlp::Tensor(train, d.x.cols()), mlp::Tensor(train, 1), mlp::Tensor(test, d.x.cols()), mlp::Tensor(test, 1)};
    for (std::size_t k = 0; k < order.size(); ++k) {
        mlp::Tensor& x = k < train ? s.x_train : s.x_test;
        mlp::Tensor& y = k < train ? s.y_train : s.y_test;
        const std::size_t row = k < train ? k : k - train;
        for (std::size_t i = 0; i < d.x.cols(); ++i) x(row, i) = d.x(order[k], i);
        y(row, 0) = d.y(order[k], 0);
    }
    return s;
}

// Standardise the features and the target on the training split (the network learns a target
// of mean 0 and std 1; predictions are mapped back before they are scored), train with MSE,
// and score on the test split. hidden == 0 means no hidden layer: linear regression.
inline Result train(const mlp::Dataset& d, std::uint32_t seed, std::size_t hidden) {
    mlp::Rng rng(seed);
    const Split s = split(d, rng);
    mlp::Standardizer fx, fy;
    const mlp::Tensor x_train = fx.fit_transform(s.x_train), x_test = fx.transform(s.x_test);
    const mlp::Tensor y_train = fy.fit_transform(s.y_train);

    mlp::Sequential model;
    if (hidden == 0) {
        model.emplace<mlp::Dense>(d.x.cols(), 1, rng);
    } else {
        model.emplace<mlp::Dense>(d.x.cols(), hidden, rng);
        model.add(mlp::make_activation("tanh"));
        model.emplace<mlp::Dense>(hidden, 1, rng);
    }
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.01, .momentum = 0.9, .weight_decay = 1e-2});
    mlp::Trainer(model, loss, sgd, {.epochs = 100, .batch_size = 32, .seed = seed, .progress = false}).fit(x_train, y_train);

    model.train(false);
    mlp::Tensor pred = model.forward(x_test);
    for (std::size_t n = 0; n < pred.rows(); ++n) pred(n, 0) = pred(n, 0) * fy.stddev()[0] + fy.mean()[0];
    return {mlp::r2_score(s.y_test, pred), mlp::mean_absolute_error(s.y_test, pred)};
}

constexpr std::uint32_t kSeeds = 10;
constexpr std::size_t kHidden = 16;
constexpr double kClaimR2 = 0.40;  // the mean test R^2 the lesson claims for the 10-16-1 network

struct Summary {
    double mlp_r2 = 0.0, mlp_mae = 0.0, linear_r2 = 0.0, linear_mae = 0.0;
};

inline Summary run_seeds(const mlp::Dataset& d, bool print) {
    Summary s;
    if (print) std::printf("%6s %12s %12s %12s %12s\n", "seed", "MLP R^2", "MLP MAE", "linear R^2", "linear MAE");
    for (std::uint32_t seed = 1; seed <= kSeeds; ++seed) {
        const Result m = train(d, seed, kHidden), l = train(d, seed, 0);
        if (print) std::printf("%6u %12.3f %12.1f %12.3f %12.1f\n", seed, m.r2, m.mae, l.r2, l.mae);
        s.mlp_r2 += m.r2 / kSeeds;
        s.mlp_mae += m.mae / kSeeds;
        s.linear_r2 += l.r2 / kSeeds;
        s.linear_mae += l.mae / kSeeds;
    }
    return s;
}

}  // namespace diabetes_lesson
