// SPDX-License-Identifier: MIT
// regression_1d_experiment.hpp: "without activations a network can only draw straight lines",
// on a curve. sin(x) on [-3, 3] fitted by a linear stack, a small ReLU network and a small Tanh
// network; shared by the lesson (regression_1d.cpp) and its test (tests/test_regression_1d_claim.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace regression_lesson {

constexpr std::size_t kPoints = 61;    // x = -3, -2.9, ..., 3
constexpr std::size_t kHidden = 12;
constexpr std::size_t kEpochs = 3000;  // full batch

// x: (61, 1) evenly spaced on [-3, 3]; y = sin(x).
inline mlp::Tensor inputs() {
    mlp::Tensor x(kPoints, 1);
    for (std::size_t n = 0; n < kPoints; ++n) x(n, 0) = -3.0 + 6.0 * static_cast<double>(n) / (kPoints - 1);
    return x;
}
inline mlp::Tensor targets(const mlp::Tensor& x) {
    mlp::Tensor y(x.rows(), 1);
    for (std::size_t n = 0; n < x.rows(); ++n) y(n, 0) = std::sin(x(n, 0));
    return y;
}

// "none": 1-12-12-1 with nothing between the layers; otherwise 1-12-12-1 with the activation.
inline mlp::Sequential make_model(const std::string& activation, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(1, kHidden, rng);
    if (activation != "none") model.add(mlp::make_activation(activation));
    model.emplace<mlp::Dense>(kHidden, kHidden, rng);
    if (activation != "none") model.add(mlp::make_activation(activation));
    model.emplace<mlp::Dense>(kHidden, 1, rng);
    return model;
}

struct Fit {
    std::string activation;
    double mse = 0.0;                  // on the 61 training points
    std::vector<double> grid_x, grid_y;  // the fitted curve on a fine grid (601 points)
    std::size_t bends = 0;             // grid points where the curve's second difference is not ~0
    mlp::Sequential model;
};

// The least-squares straight line through the data: the best any linear stack can do.
inline double best_line_mse(const mlp::Tensor& x, const mlp::Tensor& y) {
    double mx = 0, my = 0;
    for (std::size_t n = 0; n < x.rows(); ++n) {
        mx += x(n, 0);
        my += y(n, 0);
    }
    mx /= static_cast<double>(x.rows());
    my /= static_cast<double>(x.rows());
    double sxy = 0, sxx = 0;
    for (std::size_t n = 0; n < x.rows(); ++n) {
        sxy += (x(n, 0) - mx) * (y(n, 0) - my);
        sxx += (x(n, 0) - mx) * (x(n, 0) - mx);
    }
    const double slope = sxy / sxx, intercept = my - slope * mx;
    double mse = 0;
    for (std::size_t n = 0; n < x.rows(); ++n) {
        const double e = slope * x(n, 0) + intercept - y(n, 0);
        mse += e * e;
    }
    return mse / static_cast<double>(x.rows());
}

// Full-batch SGD with momentum on MSE; then the curve on a fine grid and how often it bends:
// a straight line never does, a ReLU network only at its kinks, a Tanh network everywhere.
inline Fit fit(const std::string& activation, std::uint32_t seed, std::size_t epochs = kEpochs) {
    Fit f;
    f.activation = activation;
    f.model = make_model(activation, seed);
    const mlp::Tensor x = inputs(), y = targets(x);
    mlp::MSELoss loss;
    mlp::SGD sgd(f.model.params(), {.lr = 0.01, .momentum = 0.9});
    mlp::Trainer trainer(f.model, loss, sgd, {.epochs = epochs, .seed = seed, .progress = false});
    trainer.fit(x, y);
    f.mse = trainer.evaluate(x, y).loss;
    constexpr std::size_t kGrid = 601;
    mlp::Tensor g(kGrid, 1);
    for (std::size_t k = 0; k < kGrid; ++k) g(k, 0) = -3.0 + 6.0 * static_cast<double>(k) / (kGrid - 1);
    f.model.train(false);
    const mlp::Tensor& p = f.model.forward(g);
    for (std::size_t k = 0; k < kGrid; ++k) {
        f.grid_x.push_back(g(k, 0));
        f.grid_y.push_back(p(k, 0));
    }
    for (std::size_t k = 1; k + 1 < kGrid; ++k)
        if (std::abs(f.grid_y[k - 1] - 2 * f.grid_y[k] + f.grid_y[k + 1]) > 1e-9) ++f.bends;
    return f;
}

// The three fits (none, relu, tanh, in that order) over the data, each named with its MSE.
inline std::string picture(const std::vector<Fit>& fits, std::uint32_t seed) {
    const mlp::Tensor x = inputs(), y = targets(x);
    std::vector<mlp::Series> series;
    series.push_back({"data: sin(x)", std::vector<double>(x.data(), x.data() + x.size()),
                      std::vector<double>(y.data(), y.data() + y.size()), true});
    for (const Fit& f : fits) {
        // What the fit looks like, from its measured bends (not from the activation's name).
        const std::string shape = f.bends == 0    ? "a straight line"
                                  : f.bends < 60  ? "straight but at " + std::to_string(f.bends) + " of 599 points: piecewise linear"
                                                  : "bends at " + std::to_string(f.bends) + " of 599 points: a curve";
        char name[160];
        std::snprintf(name, sizeof name, "%s: %s, MSE %.4f", f.activation.c_str(), shape.c_str(), f.mse);
        series.push_back({name, f.grid_x, f.grid_y, false});
    }
    return mlp::svg_line_chart("fitting sin(x) with 1-12-12-1 networks, seed " + std::to_string(seed), series, "x", "y");
}

}  // namespace regression_lesson
