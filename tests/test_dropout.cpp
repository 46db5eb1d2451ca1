// SPDX-License-Identifier: MIT
// test_dropout.cpp: inverted dropout: identity in evaluation, 0 or x/(1-p) in training at the
// rate p, backward with the forward's mask, gradcheck, and a dropout run resumed bit-identically.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "mlp/nn/activation.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/dropout.hpp"
#include "mlp/nn/layer_registry.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/tools/gradcheck.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/checkpoint.hpp"
#include "mlp/train/trainer.hpp"

using mlp::Tensor;

namespace {
// Inputs away from 0 so "zeroed" is never confused with an input that was 0.
Tensor inputs(std::size_t rows, std::size_t cols, std::uint32_t seed) {
    mlp::Rng rng(seed);
    Tensor x(rows, cols);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = (rng.uniform() < 0.5 ? -1.0 : 1.0) * rng.uniform(0.5, 2.0);
    return x;
}
}  // namespace

TEST_CASE("Dropout: the identity in evaluation mode") {
    mlp::Dropout dropout(0.5, 3);
    dropout.eval();
    const Tensor x = inputs(20, 7, 1);
    CHECK(dropout.forward(x) == x);
    const Tensor dy = inputs(20, 7, 2);
    CHECK(dropout.backward(dy) == dy);
}

TEST_CASE("Dropout: in training every element is 0 or x / (1 - p), and some of each") {
    for (const double p : {0.1, 0.5, 0.8}) {
        CAPTURE(p);
        mlp::Dropout dropout(p, 11);
        const Tensor x = inputs(50, 20, 3);
        const Tensor& y = dropout.forward(x);
        std::size_t zeros = 0, kept = 0;
        for (std::size_t k = 0; k < x.size(); ++k) {
            if (y[k] == 0.0) {
                ++zeros;
            } else {
                CHECK(y[k] == x[k] * (1.0 / (1.0 - p)));
                ++kept;
            }
        }
        CHECK(zeros > 0);
        CHECK(kept > 0);
    }
}

TEST_CASE("Dropout: the zeroed fraction is within 1% of p over 10^5 elements, on several seeds") {
    for (const double p : {0.2, 0.5}) {
        for (std::uint32_t seed = 1; seed <= 3; ++seed) {
            CAPTURE(p);
            CAPTURE(seed);
            mlp::Dropout dropout(p, seed);
            const Tensor x(1000, 100, 1.0);
            const Tensor& y = dropout.forward(x);
            std::size_t zeros = 0;
            for (std::size_t k = 0; k < y.size(); ++k) zeros += y[k] == 0.0 ? 1 : 0;
            CHECK(std::abs(static_cast<double>(zeros) / 1e5 - p) < 0.01);
        }
    }
}

TEST_CASE("Dropout: backward passes the gradient through the forward's mask, and only there") {
    mlp::Dropout dropout(0.4, 5);
    const Tensor x = inputs(30, 9, 4);
    const Tensor y = dropout.forward(x);
    const Tensor dy = inputs(30, 9, 6);
    const Tensor& dx = dropout.backward(dy);
    for (std::size_t k = 0; k < x.size(); ++k) {
        // the mask m = y / x; dx = dy m
        CHECK(dx[k] == dy[k] * (y[k] == 0.0 ? 0.0 : 1.0 / (1.0 - 0.4)));
    }
    // A second backward still uses the same mask (no new draw).
    CHECK(dropout.backward(dy) == dx);
}

TEST_CASE("Dropout: passes gradcheck alone and inside a model, by replaying its draws") {
    mlp::Dropout dropout(0.3, 8);
    const mlp::GradcheckResult alone = mlp::gradcheck(dropout, inputs(6, 5, 7));
    CHECK_MESSAGE(alone.passed, alone.summary);
    CHECK(alone.largest_gradient > 0.0);

    mlp::Rng rng(2);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(3, 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dropout>(0.5, 9);
    model.emplace<mlp::RReLU>(0.1, 0.3, 4);  // also draws in training
    model.emplace<mlp::Dense>(8, 1, rng);
    mlp::MSELoss loss;
    const mlp::GradcheckResult whole = mlp::gradcheck(model, loss, inputs(5, 3, 8), inputs(5, 1, 9));
    CHECK_MESSAGE(whole.passed, whole.summary);
    CHECK(whole.largest_gradient > 0.0);
}

TEST_CASE("Dropout: spec, registry, state and misuse") {
    CHECK(mlp::Dropout(0.5).spec() == "dropout:0.5");
    CHECK(mlp::Dropout(0.25, 7).spec() == "dropout:0.25,7");
    CHECK(mlp::make_layer("dropout:0.25,7")->spec() == "dropout:0.25,7");
    CHECK(mlp::Dropout(0.5).name() == "Dropout(0.5)");
    CHECK_THROWS_WITH_AS(mlp::Dropout(1.5), "Dropout: expected a probability p in [0, 1], got 1.5",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::Dropout(0.5).set_state("12 apples"),
                         doctest::Contains("Dropout::set_state: expected a random generator's state"),
                         std::invalid_argument);
    // The state restores the draws exactly.
    mlp::Dropout a(0.5, 1);
    const std::string saved = a.state();
    const Tensor x = inputs(4, 4, 1);
    const Tensor first = a.forward(x);
    a.set_state(saved);
    CHECK(a.forward(x) == first);
}

TEST_CASE("Dropout: a training run checkpointed mid-way resumes bit-identically") {
    const auto make = [] {
        mlp::Rng rng(4);
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 12, rng);
        model.emplace<mlp::ReLU>();
        model.emplace<mlp::Dropout>(0.3, 21);
        model.emplace<mlp::Dense>(12, 1, rng);
        return model;
    };
    const Tensor x = inputs(40, 2, 12);
    Tensor y(40, 1);
    for (std::size_t n = 0; n < 40; ++n) y(n, 0) = x(n, 0) * x(n, 1) > 0 ? 1.0 : 0.0;
    const mlp::SGDOptions options{.lr = 0.1, .momentum = 0.9};
    const auto config = [](std::size_t epochs) {
        return mlp::TrainConfig{.epochs = epochs, .batch_size = 8, .seed = 3, .progress = false};
    };
    mlp::BCEWithLogitsLoss loss;

    mlp::Sequential straight = make();
    mlp::SGD sgd_straight(straight.params(), options);
    mlp::Trainer(straight, loss, sgd_straight, config(10)).fit(x, y);

    const std::string path = (std::filesystem::temp_directory_path() / "mlp_test_dropout_checkpoint.txt").string();
    {
        mlp::Sequential first = make();
        mlp::SGD sgd(first.params(), options);
        mlp::Trainer trainer(first, loss, sgd, config(4));
        trainer.fit(x, y);
        mlp::save_checkpoint(trainer, path);
    }
    // A fresh model whose dropout generator is elsewhere: only the checkpoint can put it back.
    mlp::Sequential resumed = make();
    resumed[2].set_state(mlp::Dropout(0.3, 999).state());
    mlp::SGD sgd(resumed.params(), options);
    mlp::Trainer trainer(resumed, loss, sgd, config(10));
    mlp::load_checkpoint(trainer, path);
    trainer.fit(x, y);

    const auto a = straight.params(), b = resumed.params();
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) CHECK(*a[k].value == *b[k].value);
    std::filesystem::remove(path);
}
