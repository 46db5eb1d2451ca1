// SPDX-License-Identifier: MIT
// test_trainer.cpp: epochs, batches, shuffling, early stopping, validation, NaN reports.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/trainer.hpp"

using mlp::Tensor;

namespace {
mlp::Sequential model_for(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 6, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(6, 1, rng);
    return model;
}
// A separable toy problem: class 1 when x0 + x1 > 0.
void toy_data(Tensor& x, Tensor& y, std::size_t n, std::uint32_t seed) {
    mlp::Rng rng(seed);
    x = Tensor(n, 2);
    y = Tensor(n, 1);
    for (std::size_t i = 0; i < n; ++i) {
        x(i, 0) = rng.uniform(-1, 1);
        x(i, 1) = rng.uniform(-1, 1);
        y(i, 0) = x(i, 0) + x(i, 1) > 0 ? 1.0 : 0.0;
    }
}
}  // namespace

TEST_CASE("Trainer: one step per batch, one history entry per epoch") {
    Tensor x, y;
    toy_data(x, y, 10, 1);
    mlp::Sequential model = model_for(1);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 3, .batch_size = 4, .progress = false});
    const mlp::History h = trainer.fit(x, y);
    CHECK(h.epochs.size() == 3);
    CHECK(sgd.steps() == 3 * 3);  // batches of 4, 4 and 2
    CHECK(h.last().epoch == 3);
    CHECK_FALSE(h.stopped_early);
}

TEST_CASE("Trainer: learns a separable problem, and the loss falls") {
    Tensor x, y;
    toy_data(x, y, 200, 2);
    mlp::Sequential model = model_for(2);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.5, .momentum = 0.9});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 60, .batch_size = 20, .seed = 3, .progress = false});
    const mlp::History h = trainer.fit(x, y);
    CHECK(h.last().loss < 0.5 * h.epochs.front().loss);
    CHECK(trainer.evaluate(x, y).accuracy >= 0.95);
}

TEST_CASE("Trainer: shuffling is seeded: same seed same weights, other seed other weights") {
    Tensor x, y;
    toy_data(x, y, 30, 4);
    auto train = [&](std::uint32_t shuffle_seed) {
        mlp::Sequential model = model_for(5);
        mlp::MSELoss loss;
        mlp::SGD sgd(model.params(), {.lr = 0.1});
        mlp::Trainer trainer(model, loss, sgd,
                             {.epochs = 5, .batch_size = 7, .seed = shuffle_seed, .progress = false});
        trainer.fit(x, y);
        return dynamic_cast<mlp::Dense&>(model[0]).W;
    };
    CHECK(train(1) == train(1));
    CHECK(train(1) != train(2));
}

TEST_CASE("Trainer: stops early at a target loss or accuracy") {
    Tensor x, y;
    toy_data(x, y, 100, 6);
    mlp::Sequential model = model_for(6);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.5, .momentum = 0.9});
    mlp::Trainer by_accuracy(model, loss, sgd, {.epochs = 1000, .stop_at_accuracy = 0.9, .progress = false});
    const mlp::History h = by_accuracy.fit(x, y);
    CHECK(h.stopped_early);
    CHECK(h.epochs.size() < 1000);
    CHECK(h.last().accuracy >= 0.9);
    CHECK(h.epochs_to_accuracy(0.9) == h.last().epoch);

    mlp::Trainer by_loss(model, loss, sgd, {.epochs = 1000, .stop_at_loss = 0.2, .progress = false});
    const mlp::History h2 = by_loss.fit(x, y);
    CHECK(h2.stopped_early);
    CHECK(h2.last().loss <= 0.2);
    CHECK(h2.stop_reason.find("loss") != std::string::npos);
}

TEST_CASE("Trainer: validation numbers are the evaluation of the model after each epoch") {
    Tensor x, y, xv, yv;
    toy_data(x, y, 40, 7);
    toy_data(xv, yv, 15, 8);
    mlp::Sequential model = model_for(7);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.2});
    int calls = 0;
    mlp::Trainer trainer(model, loss, sgd,
                         {.epochs = 4, .progress = false, .on_epoch = [&](const mlp::EpochStats&) { ++calls; }});
    const mlp::History h = trainer.fit(x, y, xv, yv);
    CHECK(calls == 4);
    const auto final = trainer.evaluate(xv, yv);
    CHECK(h.last().val_loss == final.loss);
    CHECK(h.last().val_accuracy == final.accuracy);
    CHECK(std::isnan(trainer.fit(x, y).last().val_loss));
}

TEST_CASE("Trainer: a diverging run stops with the epoch and batch, not NaN weights") {
    Tensor x, y;
    toy_data(x, y, 20, 9);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] *= 1e3;  // unscaled inputs
    mlp::Sequential model = model_for(9);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 10.0});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 50, .batch_size = 5, .progress = false});
    try {
        trainer.fit(x, y);
        FAIL("expected the run to be stopped");
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        CHECK(what.find("Trainer::fit: the loss became") == 0);
        CHECK(what.find("at epoch") != std::string::npos);
        CHECK(what.find("batch") != std::string::npos);
        INFO(what);
        // Here the weights stay finite while the outputs grow until squaring them overflows.
        CHECK(what.find("first non-finite: the loss (MSELoss): every layer's output is finite, but the largest |output| is") != std::string::npos);
        CHECK(what.find("learning rate") != std::string::npos);
    }
}

TEST_CASE("Trainer: a NaN in the data is reported as such") {
    Tensor x, y;
    toy_data(x, y, 8, 10);
    x(3, 1) = std::nan("");
    mlp::Sequential model = model_for(10);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 2, .progress = false});
    // Found up front, by row and column, before any training (tests/test_trainer_inputs.cpp).
    CHECK_THROWS_WITH_AS(trainer.fit(x, y), "Trainer::fit: expected finite numbers in x, got nan at row 3, column 1 of x (8, 2)",
                         std::invalid_argument);
    CHECK(sgd.steps() == 0);
}

TEST_CASE("Trainer: misuse throws with what was expected and what came") {
    mlp::Sequential model = model_for(1);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    CHECK_THROWS_WITH_AS(mlp::Trainer(model, loss, sgd, {.epochs = 0}), "Trainer: expected epochs > 0, got 0",
                         std::invalid_argument);
    mlp::Trainer trainer(model, loss, sgd, {.progress = false});
    CHECK_THROWS_WITH_AS(trainer.fit(Tensor(4, 2), Tensor(3, 1)),
                         "Trainer::fit: expected inputs and targets with the same, non-zero number of rows, got (4, 2) and (3, 1)",
                         std::invalid_argument);
    CHECK_FALSE(mlp::stderr_is_terminal());  // ctest captures stderr: the progress line stays quiet
}

TEST_CASE("Trainer: a non-finite weight is named with its parameter and element") {
    Tensor x, y;
    toy_data(x, y, 8, 11);
    mlp::Sequential model = model_for(11);
    dynamic_cast<mlp::Dense&>(model[2]).W(4, 0) = std::numeric_limits<double>::infinity();
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 2, .progress = false});
    CHECK_THROWS_WITH_AS(trainer.fit(x, y), doctest::Contains("first non-finite: parameter dense2.W[4, 0] is inf"),
                         std::runtime_error);
}

TEST_CASE("Trainer: refuses stop values and optimizers a caller got wrong") {
    mlp::Sequential model = model_for(1);
    mlp::BCEWithLogitsLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    CHECK_THROWS_WITH_AS(mlp::Trainer(model, loss, sgd, {.stop_at_accuracy = 95.0}),
                         "Trainer: expected stop_at_accuracy in [0, 1] (a fraction, not a percentage), got 95.000000",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::Trainer(model, loss, sgd, {.stop_at_loss = std::numeric_limits<double>::quiet_NaN()}),
                         "Trainer: expected stop_at_loss to be a number, got nan", std::invalid_argument);

    mlp::Sequential copy = model;  // the classic slip: the optimizer points into the original
    CHECK_THROWS_WITH_AS(mlp::Trainer(copy, loss, sgd),
                         "Trainer: the optimizer updates none of the model's parameters (was the optimizer built "
                         "from another model, or from a copy of this one?)",
                         std::invalid_argument);

    // Freezing layers is fine: an optimizer over the last layer only.
    mlp::SGD last_only(model[2].params(), {.lr = 0.1});
    CHECK_NOTHROW(mlp::Trainer(model, loss, last_only, {.progress = false}));
}

TEST_CASE("Trainer: a step that overflows the weights is caught after the last step of the epoch, for every seed") {
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        Tensor x, y;
        toy_data(x, y, 8, seed);
        for (std::size_t k = 0; k < x.size(); ++k) x[k] *= 1e3;  // gradients far above 1, so lr * dW overflows
        mlp::Rng rng(seed);
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 1, rng);  // dW = x^T dy: as large as the inputs
        mlp::MSELoss loss;
        // One full batch and one epoch: the only step is the last, and the loss before it is finite.
        mlp::SGD sgd(model.params(), {.lr = 1e308});
        mlp::Trainer trainer(model, loss, sgd, {.epochs = 1, .batch_size = 0, .progress = false});
        try {
            trainer.fit(x, y);
            FAIL("fit returned with non-finite weights");
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            INFO(what);
            CHECK(what.find("Trainer::fit: a parameter became non-finite in the last step of epoch 1 (batch 1): parameter ") == 0);
            CHECK(what.find("learning rate") != std::string::npos);
        }
    }
}
