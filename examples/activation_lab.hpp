// SPDX-License-Identifier: MIT
// activation_lab.hpp: the measurements behind the activation lab, shared by the lab program
// (activation_lab.cpp) and its test, so the test checks the numbers the lab prints.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"
#include <tuple>

#include "xor_experiment.hpp"

namespace lab {

// How big each experiment is: the full lab, or the reduced one the test runs.
struct Scale {
    std::size_t samples = 100000;  // N(0, 1) inputs for the output statistics
    std::size_t deep_layers = 16;  // depth of the vanishing-gradient and SELU stacks
    std::size_t deep_width = 32;
    std::size_t deep_train_steps = 50;
    std::uint32_t seeds = 5;       // seeds for XOR and two moons
    std::size_t moons_points = 800;
    std::size_t moons_epochs = 150;
    std::size_t cost_repeats = 15;
};

// The lab at the scale its test runs (tests/test_activation_lab.cpp): seconds, not minutes, and
// the claims the test checks still hold there.
inline Scale reduced_scale() {
    Scale s;
    s.deep_train_steps = 5;
    s.seeds = 3;
    s.moons_points = 400;
    s.moons_epochs = 60;
    s.cost_repeats = 1;
    return s;
}

struct Row {
    std::string name;
    double out_min = 0, out_max = 0, out_mean = 0, out_var = 0;  // for x ~ N(0, 1)
    double sparsity = 0;                   // fraction of outputs exactly 0
    double grad_at_plus5 = 0, grad_at_minus5 = 0;  // |f'(5)|, |f'(-5)|
    double grad_ratio_init = 0;            // |dW first| / |dW last| in a deep stack at init (PyTorch's init)
    std::vector<double> grad_ratio_by_init;  // the same at init, for each of kInits
    double grad_ratio_trained = 0;         // ... after some training
    double dead_at_init = 0;               // hidden units with f' = 0 on every sample, at init
    double dead_fraction = 0;              // ... after training with a large learning rate (0.5)
    double deep_mean = 0, deep_var = 0;    // activations at the last layer of a LeCun-init stack
    double deep_mean_default = 0, deep_var_default = 0;  // ... of the same stack with PyTorch's init
    double xor_epochs = 0;                 // median epochs to 100% on XOR (NaN: "never", fewer than half reach it)
    double moons_epochs = 0;               // median epochs to 98% on two moons (NaN likewise)
    double ns_per_element = 0;             // forward + backward, per element
};

inline double median(std::vector<double> v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

inline mlp::Tensor normal_tensor(std::size_t rows, std::size_t cols, mlp::Rng& rng) {
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.normal();
    return t;
}

// 1. What the activation does to N(0, 1) inputs: range, mean, variance, exact zeros.
inline void output_statistics(mlp::Activation& act, const Scale& s, Row& row) {
    mlp::Rng rng(1);
    const mlp::Tensor x = normal_tensor(s.samples / 100, 100, rng);
    act.train(false);
    const mlp::Tensor& y = act.forward(x);
    double sum = 0, sum2 = 0, zeros = 0;
    row.out_min = row.out_max = y[0];
    for (std::size_t k = 0; k < y.size(); ++k) {
        sum += y[k];
        sum2 += y[k] * y[k];
        zeros += y[k] == 0.0 ? 1.0 : 0.0;
        row.out_min = std::min(row.out_min, y[k]);
        row.out_max = std::max(row.out_max, y[k]);
    }
    const double n = static_cast<double>(y.size());
    row.out_mean = sum / n;
    row.out_var = sum2 / n - row.out_mean * row.out_mean;
    row.sparsity = zeros / n;
}

// 2. Saturation: the slope far from 0, from the layer's own backward.
inline void saturation(mlp::Activation& act, Row& row) {
    act.train(false);
    act.forward(mlp::Tensor::from_rows({{5.0, -5.0}}));
    const mlp::Tensor& dx = act.backward(mlp::Tensor(1, 2, 1.0));
    row.grad_at_plus5 = std::abs(dx[0]);
    row.grad_at_minus5 = std::abs(dx[1]);
}

inline mlp::Sequential deep_stack(const std::string& name, std::size_t layers, std::size_t width,
                                  mlp::Init init, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    for (std::size_t l = 0; l < layers; ++l) {
        model.emplace<mlp::Dense>(width, width, rng, init);
        model.add(mlp::make_activation(name));
    }
    model.emplace<mlp::Dense>(width, 1, rng, init);
    return model;
}

inline double norm(const mlp::Tensor& t) {
    double s = 0;
    for (std::size_t k = 0; k < t.size(); ++k) s += t[k] * t[k];
    return std::sqrt(s);
}

// The initialisations the gradient-flow claims are measured under: PyTorch's default
// (kaiming_uniform with a = sqrt(5): weight variance 1/(3 fan_in)), Xavier/Glorot (2/(fan_in +
// fan_out)), He/Kaiming (2/fan_in, made for ReLU) and LeCun (1/fan_in, made for SELU).
struct InitChoice {
    const char* label;
    mlp::Init init;
};
inline const std::vector<InitChoice>& inits() {
    static const std::vector<InitChoice> kInits{{"PyTorch default", mlp::Init::PyTorch},
                                                {"Xavier", mlp::Init::XavierNormal},
                                                {"He", mlp::Init::HeNormal},
                                                {"LeCun", mlp::Init::LeCunNormal}};
    return kInits;
}

// |dW| of the first Dense over |dW| of the last, at initialisation, with the given init.
inline double gradient_ratio_at_init(const std::string& name, const Scale& s, mlp::Init init) {
    mlp::Sequential model = deep_stack(name, s.deep_layers, s.deep_width, init, 3);
    model.train(false);
    mlp::Rng rng(4);
    const mlp::Tensor x = normal_tensor(64, s.deep_width, rng);
    const mlp::Tensor y = normal_tensor(64, 1, rng);
    mlp::MSELoss loss;
    loss.forward(model.forward(x), y);
    model.backward(loss.backward());
    const auto params = model.params();
    const double first = norm(*params.front().grad), last = norm(*params[params.size() - 2].grad);
    return last > 0 ? first / last : 0.0;
}

// 3. Vanishing gradients: |dW| of the first Dense over |dW| of the last one, in a deep stack,
// at initialisation under each init, and after a few SGD steps from PyTorch's default.
inline void gradient_flow(const std::string& name, const Scale& s, Row& row) {
    row.grad_ratio_by_init.clear();
    for (const InitChoice& c : inits()) row.grad_ratio_by_init.push_back(gradient_ratio_at_init(name, s, c.init));
    mlp::Sequential model = deep_stack(name, s.deep_layers, s.deep_width, mlp::Init::PyTorch, 3);
    model.train(false);
    mlp::Rng rng(4);
    const mlp::Tensor x = normal_tensor(64, s.deep_width, rng);
    const mlp::Tensor y = normal_tensor(64, 1, rng);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.01});
    auto ratio = [&] {
        sgd.zero_grad();
        loss.forward(model.forward(x), y);
        model.backward(loss.backward());
        const auto params = model.params();
        const double first = norm(*params.front().grad);      // dense0.W
        const double last = norm(*params[params.size() - 2].grad);  // the output layer's W
        return last > 0 ? first / last : 0.0;
    };
    row.grad_ratio_init = ratio();
    for (std::size_t step = 0; step < s.deep_train_steps; ++step) {
        ratio();
        sgd.step();
    }
    row.grad_ratio_trained = ratio();
    if (!std::isfinite(row.grad_ratio_trained)) row.grad_ratio_trained = std::numeric_limits<double>::quiet_NaN();
}

// Fraction of the hidden units of layer 1 (the activation after the first Dense) whose slope is
// exactly 0 on every sample of x: such a unit passes no gradient and can never learn again.
inline double dead_fraction(mlp::Sequential& model, const mlp::Tensor& x) {
    model.train(false);
    const mlp::Tensor& pre = model[0].forward(x);
    model[1].forward(pre);
    const mlp::Tensor& slope = model[1].backward(mlp::Tensor(pre.rows(), pre.cols(), 1.0));
    std::size_t dead = 0;
    for (std::size_t j = 0; j < slope.cols(); ++j) {
        bool all_zero = true;
        for (std::size_t n = 0; n < slope.rows(); ++n) all_zero = all_zero && slope(n, j) == 0.0;
        dead += all_zero ? 1 : 0;
    }
    model.train(true);
    return static_cast<double>(dead) / static_cast<double>(slope.cols());
}

// 4. Dying units: train a 2-64-1 network on two moons with a large learning rate (0.5, plain
// SGD, batch 32), and count dead hidden units before and after.
inline void dead_units(const std::string& name, const Scale& s, Row& row) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (name == "softmax" || name == "log_softmax") {  // row-wise: no per-unit slope to read
        row.dead_at_init = row.dead_fraction = nan;
        return;
    }
    mlp::Rng data_rng(7);
    const mlp::Dataset moons = mlp::make_moons(s.moons_points, 0.1, data_rng);
    const mlp::Tensor& x = moons.x;
    const mlp::Tensor& y = moons.y;
    mlp::Rng rng(8);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 64, rng);
    model.add(mlp::make_activation(name));
    model.emplace<mlp::Dense>(64, 1, rng);
    row.dead_at_init = dead_fraction(model, x);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.5});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 20, .batch_size = 32, .seed = 9, .progress = false});
    try {
        trainer.fit(x, y);
        row.dead_fraction = dead_fraction(model, x);
    } catch (const std::runtime_error&) {
        row.dead_fraction = std::numeric_limits<double>::infinity();  // diverged: printed as such
    }
}

// 5. Self-normalisation: mean and variance of the last hidden layer's activations in a deep
// stack for N(0, 1) inputs, with LeCun-normal init (what SELU was designed for) and with PyTorch's default.
inline std::pair<double, double> last_hidden_statistics(mlp::Sequential& model, const Scale& s) {
    model.train(false);
    mlp::Rng rng(6);
    const mlp::Tensor x = normal_tensor(256, s.deep_width * 2, rng);
    const mlp::Tensor* h = &x;
    for (std::size_t i = 0; i + 1 < model.size(); ++i) h = &model[i].forward(*h);
    double sum = 0, sum2 = 0;
    for (std::size_t k = 0; k < h->size(); ++k) {
        sum += (*h)[k];
        sum2 += (*h)[k] * (*h)[k];
    }
    const double n = static_cast<double>(h->size());
    return {sum / n, sum2 / n - (sum / n) * (sum / n)};
}

inline void depth_statistics(const std::string& name, const Scale& s, Row& row) {
    mlp::Sequential reference = deep_stack(name, s.deep_layers, s.deep_width * 2, mlp::Init::PyTorch, 5);
    const auto [mean, var] = last_hidden_statistics(reference, s);
    row.deep_mean_default = mean;
    row.deep_var_default = var;
    mlp::Sequential model = deep_stack(name, s.deep_layers, s.deep_width * 2, mlp::Init::LeCunNormal, 5);
    std::tie(row.deep_mean, row.deep_var) = last_hidden_statistics(model, s);
}


// 6. Speed of learning: median epochs to 100% on XOR (the lesson's setup) and to 98% training
// accuracy on two moons (2-16-16-1, batch 32, SGD lr 0.1 momentum 0.9), over seeds.
inline void learning_speed(const std::string& name, const Scale& s, Row& row) {
    std::vector<double> xor_epochs, moons_epochs;
    for (std::uint32_t seed = 1; seed <= s.seeds; ++seed) {
        const xor_lesson::Result r = xor_lesson::train(name, seed);
        if (r.accuracy == 1.0 && r.epochs_to_100 > 0) xor_epochs.push_back(static_cast<double>(r.epochs_to_100));

        mlp::Rng data_rng(100 + seed);
        const mlp::Dataset moons = mlp::make_moons(s.moons_points, 0.1, data_rng);
        mlp::Sequential model;
        mlp::Rng rng(seed);
        model.emplace<mlp::Dense>(2, 16, rng);
        model.add(mlp::make_activation(name));
        model.emplace<mlp::Dense>(16, 16, rng);
        model.add(mlp::make_activation(name));
        model.emplace<mlp::Dense>(16, 1, rng);
        mlp::BCEWithLogitsLoss loss;
        mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
        mlp::Trainer trainer(model, loss, sgd,
                             {.epochs = s.moons_epochs, .batch_size = 32, .seed = seed,
                              .stop_at_accuracy = 0.98, .progress = false});
        try {
            const mlp::History h = trainer.fit(moons.x, moons.y);
            if (h.stopped_early) moons_epochs.push_back(static_cast<double>(h.last().epoch));
        } catch (const std::runtime_error&) {
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    row.xor_epochs = 2 * xor_epochs.size() > s.seeds ? median(xor_epochs) : nan;
    row.moons_epochs = 2 * moons_epochs.size() > s.seeds ? median(moons_epochs) : nan;
}

// 7. Cost: forward + backward on a 256 x 256 tensor, nanoseconds per element (median).
inline void cost(mlp::Activation& act, const Scale& s, Row& row) {
    mlp::Rng rng(2);
    const mlp::Tensor x = normal_tensor(256, 256, rng);
    const mlp::Tensor dy(256, 256, 1.0);
    act.train(false);
    std::vector<double> times;
    for (std::size_t r = 0; r < s.cost_repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        act.forward(x);
        act.backward(dy);
        const auto stop = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double, std::nano>(stop - start).count() / static_cast<double>(x.size()));
    }
    row.ns_per_element = median(times);
}

// Experiments 1 to 6: they depend on nothing but the activation and the seeds, so the lab runs
// them for every activation side by side (mlp::run_experiments).
inline Row measure_untimed(const std::string& name, const Scale& s) {
    Row row;
    row.name = name;
    auto act = mlp::make_activation(name);
    output_statistics(*act, s, row);
    saturation(*act, row);
    gradient_flow(name, s, row);
    dead_units(name, s, row);
    depth_statistics(name, s, row);
    learning_speed(name, s, row);
    return row;
}

// Experiment 7, a timing: the lab runs it for one activation at a time, with nothing else running.
inline void measure_cost(Row& row, const Scale& s) {
    auto act = mlp::make_activation(row.name);
    cost(*act, s, row);
}

inline Row measure(const std::string& name, const Scale& s) {
    Row row = measure_untimed(name, s);
    measure_cost(row, s);
    return row;
}

inline const Row& find(const std::vector<Row>& rows, const std::string& name) {
    for (const Row& r : rows)
        if (r.name == name) return r;
    throw std::invalid_argument("lab::find: no row for " + name);
}

}  // namespace lab

