// SPDX-License-Identifier: MIT
// xor_experiment.hpp: the XOR experiment shared by the lesson (xor.cpp) and its test, so the
// test checks exactly what the lesson shows. One run trains a 2-8-8-1 stack and measures what
// the lesson needs to explain it: divergence and its epoch, dead hidden units, hidden units that
// act as a straight line on the data, and the range of pre-activations seen during training.
// The verdicts and explanations built from these measurements are in xor_verdict.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace xor_lesson {

// The four points of XOR and their labels.
inline mlp::Tensor inputs() { return mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}}); }
inline mlp::Tensor targets() { return mlp::Tensor::from_rows({{0}, {1}, {1}, {0}}); }

// Every stack has the same shape, 2-8-8-1, and the same seeds; only the activation between the
// Dense layers differs. "none" puts nothing there: three linear maps in a row. The others are
// every activation in the registry (mlp::activation_names()), with their default parameters.
inline std::vector<std::string> activations() {
    std::vector<std::string> names{"none"};
    for (const std::string& name : mlp::activation_names())
        if (name != "identity") names.push_back(name);  // identity is "none" with extra steps
    return names;
}

// Layers 0, 2, 4 are Dense; 1 and 3 the activation (absent for "none").
inline mlp::Sequential make_model(const std::string& activation, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    if (activation != "none") model.add(mlp::make_activation(activation));
    model.emplace<mlp::Dense>(8, 8, rng);
    if (activation != "none") model.add(mlp::make_activation(activation));
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}

constexpr std::size_t kEpochs = 2000;
constexpr double kStopLoss = 1e-3;
constexpr double kLr = 0.1;
constexpr double kMomentum = 0.9;

// ---------------------------------------------------------------------------------------------
// Measurements of one activation layer on the inputs it gets (pre: (N, F) pre-activations).
// They ask the layer itself (forward, backward), so they hold for any activation, a student's too.
// ---------------------------------------------------------------------------------------------

// Units j whose output passes no gradient back on any sample: backward with dL/dy = 1 in column
// j only (0 elsewhere) returns dL/dx = 0 everywhere. Such a unit cannot learn again.
inline std::size_t dead_units(const mlp::Layer& activation, const mlp::Tensor& pre) {
    std::unique_ptr<mlp::Layer> act = activation.clone();
    act->train(false);
    act->forward(pre);
    std::size_t dead = 0;
    for (std::size_t j = 0; j < pre.cols(); ++j) {
        mlp::Tensor dy(pre.rows(), pre.cols(), 0.0);
        for (std::size_t n = 0; n < pre.rows(); ++n) dy(n, j) = 1.0;
        const mlp::Tensor& dx = act->backward(dy);
        bool zero = true;
        for (std::size_t k = 0; k < dx.size(); ++k) zero = zero && dx[k] == 0.0;
        dead += zero ? 1 : 0;
    }
    return dead;
}

// Units j that act as a straight line on the data: along the segment between every pair of
// samples, unit j's output equals the chord between its two ends (compared at 17 points, to
// 1e-9 of its size). When every unit of every activation layer is straight, the network is one
// affine map on these samples, and on XOR it can do no better than a line. A dead unit (a
// constant) is straight too. This compares f with its own linear fit; no list of kinds.
inline std::size_t straight_units(const mlp::Layer& activation, const mlp::Tensor& pre) {
    constexpr std::size_t kSteps = 16;
    const std::size_t N = pre.rows(), F = pre.cols();
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t a = 0; a < N; ++a)
        for (std::size_t b = a + 1; b < N; ++b) pairs.emplace_back(a, b);
    if (pairs.empty()) return F;
    mlp::Tensor along(pairs.size() * (kSteps + 1), F);  // row (p, s): pre[a] + s/kSteps (pre[b] - pre[a])
    for (std::size_t p = 0; p < pairs.size(); ++p)
        for (std::size_t s = 0; s <= kSteps; ++s)
            for (std::size_t j = 0; j < F; ++j) {
                const double t = static_cast<double>(s) / kSteps;
                along(p * (kSteps + 1) + s, j) = pre(pairs[p].first, j) + t * (pre(pairs[p].second, j) - pre(pairs[p].first, j));
            }
    std::unique_ptr<mlp::Layer> act = activation.clone();
    act->train(false);
    const mlp::Tensor& y = act->forward(along);
    std::size_t straight = 0;
    for (std::size_t j = 0; j < F; ++j) {
        bool line = true;
        for (std::size_t p = 0; p < pairs.size() && line; ++p) {
            const double y0 = y(p * (kSteps + 1), j), y1 = y(p * (kSteps + 1) + kSteps, j);
            for (std::size_t s = 1; s < kSteps && line; ++s) {
                const double chord = y0 + static_cast<double>(s) / kSteps * (y1 - y0);
                line = std::abs(y(p * (kSteps + 1) + s, j) - chord) <= 1e-9 * (1.0 + std::abs(y0) + std::abs(y1));
            }
        }
        straight += line ? 1 : 0;
    }
    return straight;
}

// ---------------------------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------------------------

struct Result {
    std::string activation;
    std::uint32_t seed = 0;
    double loss = 0.0;                 // MSE on the four points after the last step (NaN if diverged)
    double accuracy = 0.0;             // output >= 0.5 read as class 1
    std::size_t epochs_to_100 = 0;     // first epoch at 100%, 0 if never
    std::size_t epochs_run = 0;        // epochs completed
    double loss_500_before_end = 0.0;  // training loss 500 epochs before the last (to see if it was still falling)
    bool diverged = false;             // the loss overflowed and the trainer stopped the run
    std::size_t diverged_at_epoch = 0; // the epoch whose loss was not finite
    std::size_t hidden_units = 0;      // units in the activation layers (16; 0 for "none")
    std::size_t dead_at_init = 0;      // hidden units passing no gradient on any of the four points
    std::size_t dead_at_end = 0;
    std::size_t straight_at_end = 0;   // hidden units that are a straight line on the data at the end
    double pre_min = 0.0, pre_max = 0.0;  // smallest and largest pre-activation met during training
    double output_low = 0.0, output_high = 0.0;  // the smallest and largest of the four final outputs
    mlp::Sequential model;
};

// The indices of the activation layers: every layer that is not the first or a Dense after it
// (the stack alternates Dense, activation, Dense, ...).
inline std::vector<std::size_t> activation_layers(const mlp::Sequential& model) {
    std::vector<std::size_t> out;
    for (std::size_t i = 1; i < model.size(); i += 2) out.push_back(i);
    if (model.size() == 3) out.clear();  // "none": three Dense layers in a row
    return out;
}

// The input of every activation layer for x, in evaluation mode (RReLU uses its mean slope, so
// looking draws no random numbers and changes nothing about the run).
inline std::vector<mlp::Tensor> pre_activations(mlp::Sequential& model, const mlp::Tensor& x) {
    const bool was_training = model.training();
    model.train(false);
    std::vector<mlp::Tensor> pres;
    const std::vector<std::size_t> acts = activation_layers(model);
    mlp::Tensor h = x;
    for (std::size_t i = 0; i < model.size(); ++i) {
        if (std::find(acts.begin(), acts.end(), i) != acts.end()) pres.push_back(h);
        h = model[i].forward(h);
    }
    model.train(was_training);
    return pres;
}

// Full-batch SGD with momentum on MSE, the same for every stack. `change`, if given, alters the
// freshly built model before training (a test uses it to kill every ReLU unit at init).
inline Result train(const std::string& activation, std::uint32_t seed,
                    const std::function<void(mlp::Sequential&)>& change = nullptr) {
    Result r;
    r.activation = activation;
    r.seed = seed;
    r.model = make_model(activation, seed);
    if (change) change(r.model);
    const mlp::Tensor x = inputs(), y = targets();
    const std::vector<std::size_t> acts = activation_layers(r.model);
    r.pre_min = std::numeric_limits<double>::infinity();
    r.pre_max = -std::numeric_limits<double>::infinity();
    auto look = [&] {  // widen the range of pre-activations met; those of the next epoch's forward
        for (const mlp::Tensor& pre : pre_activations(r.model, x))
            for (std::size_t k = 0; k < pre.size(); ++k) {
                if (!std::isfinite(pre[k])) continue;
                r.pre_min = std::min(r.pre_min, pre[k]);
                r.pre_max = std::max(r.pre_max, pre[k]);
            }
    };
    // Measured on a copy after training, so the first backward a debugger meets is training's.
    mlp::Sequential initial = r.model;
    const std::vector<mlp::Tensor> pres0 = pre_activations(initial, x);
    for (const mlp::Tensor& pre : pres0) r.hidden_units += pre.cols();
    look();
    std::vector<double> losses;
    mlp::MSELoss loss;
    mlp::SGD sgd(r.model.params(), {.lr = kLr, .momentum = kMomentum});
    mlp::Trainer trainer(r.model, loss, sgd,
                         {.epochs = kEpochs, .seed = seed, .stop_at_loss = kStopLoss, .progress = false,
                          .on_epoch = [&](const mlp::EpochStats& e) {
                              losses.push_back(e.loss);
                              r.epochs_run = e.epoch;
                              look();
                          }});
    mlp::History history;
    try {
        history = trainer.fit(x, y);
    } catch (const std::runtime_error&) {  // the trainer stops a run whose loss overflows
        r.diverged = true;
        r.diverged_at_epoch = r.epochs_run + 1;
        r.loss = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    const mlp::Trainer::Evaluation final = trainer.evaluate(x, y);
    r.loss = final.loss;
    r.accuracy = final.accuracy;
    r.epochs_to_100 = history.epochs_to_accuracy(1.0);
    r.model.train(false);
    const mlp::Tensor out = r.model.forward(x);
    r.output_low = *std::min_element(out.data(), out.data() + out.size());
    r.output_high = *std::max_element(out.data(), out.data() + out.size());
    r.loss_500_before_end = losses.size() > 500 ? losses[losses.size() - 501] : losses.front();
    for (std::size_t a = 0; a < acts.size(); ++a) {
        r.dead_at_init += dead_units(initial[acts[a]], pres0[a]);
    }
    const std::vector<mlp::Tensor> pres = pre_activations(r.model, x);
    for (std::size_t a = 0; a < acts.size(); ++a) {
        r.dead_at_end += dead_units(r.model[acts[a]], pres[a]);
        r.straight_at_end += straight_units(r.model[acts[a]], pres[a]);
    }
    return r;
}

// Every (activation, seed) pair, seeds 1 .. seeds, trained side by side on every core
// (mlp::run_experiments): results[a * seeds + (seed - 1)] is train(activations[a], seed),
// bit for bit what a plain double loop gives.
inline std::vector<Result> train_all(const std::vector<std::string>& activations, std::uint32_t seeds) {
    return mlp::run_experiments(activations.size() * seeds, [&](std::size_t i) {
        return train(activations[i / seeds], static_cast<std::uint32_t>(i % seeds + 1));
    });
}

}  // namespace xor_lesson
