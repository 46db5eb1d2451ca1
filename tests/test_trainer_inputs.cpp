// SPDX-License-Identifier: MIT
// test_trainer_inputs.cpp: fit and evaluate refuse NaN or infinite data up front, naming the
// tensor, row and column, before anything is trained.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/trainer.hpp"

using mlp::Tensor;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

mlp::Sequential model_for(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 4, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(4, 1, rng);
    return model;
}

void data(Tensor& x, Tensor& y, std::size_t n) {
    mlp::Rng rng(11);
    x = Tensor(n, 2);
    y = Tensor(n, 1);
    for (std::size_t i = 0; i < n; ++i) {
        x(i, 0) = rng.uniform(-1, 1);
        x(i, 1) = rng.uniform(-1, 1);
        y(i, 0) = x(i, 0) - x(i, 1);
    }
}

std::vector<Tensor> weights(mlp::Sequential& model) {
    std::vector<Tensor> out;
    for (const mlp::Param& p : model.params()) out.push_back(*p.value);
    return out;
}

bool same(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!(a[k] == b[k])) return false;
    return a.size() == b.size();
}

}  // namespace

TEST_CASE("Trainer: a NaN target under MSE is named by row and column, not blamed on the learning rate") {
    Tensor x, y;
    data(x, y, 6);
    y(2, 0) = kNaN;
    mlp::Sequential model = model_for(1);
    const std::vector<Tensor> before = weights(model);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    int epochs_run = 0;
    mlp::Trainer trainer(model, loss, sgd,
                         {.epochs = 3, .progress = false, .on_epoch = [&](const mlp::EpochStats&) { ++epochs_run; }});
    std::string message;
    try {
        trainer.fit(x, y);
    } catch (const std::invalid_argument& e) {
        message = e.what();
    }
    CHECK(message == "Trainer::fit: expected finite numbers in y, got nan at row 2, column 0 of y (6, 1)");
    CHECK(message.find("learning rate") == std::string::npos);
    CHECK(epochs_run == 0);
    CHECK(sgd.steps() == 0);
    CHECK(same(weights(model), before));
}

TEST_CASE("Trainer: an infinite input is refused before training, not after an epoch through Tanh") {
    Tensor x, y;
    data(x, y, 6);
    x(4, 1) = -kInf;
    mlp::Sequential model = model_for(2);
    const std::vector<Tensor> before = weights(model);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 3, .batch_size = 2, .progress = false});
    CHECK_THROWS_WITH_AS(trainer.fit(x, y), "Trainer::fit: expected finite numbers in x, got -inf at row 4, column 1 of x (6, 2)",
                         std::invalid_argument);
    CHECK(sgd.steps() == 0);
    CHECK(same(weights(model), before));
    x(4, 1) = 0.5;  // mended, the same trainer trains
    CHECK(trainer.fit(x, y).epochs.size() == 3);
}

TEST_CASE("Trainer: NaN in validation data is an error, not val_loss = nan") {
    Tensor x, y, x_val, y_val;
    data(x, y, 6);
    data(x_val, y_val, 3);
    mlp::Sequential model = model_for(3);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 2, .progress = false});
    SUBCASE("in x_val") {
        x_val(1, 0) = kNaN;
        CHECK_THROWS_WITH_AS(trainer.fit(x, y, x_val, y_val),
                             "Trainer::fit: expected finite numbers in x_val, got nan at row 1, column 0 of x_val (3, 2)",
                             std::invalid_argument);
    }
    SUBCASE("in y_val") {
        y_val(2, 0) = kInf;
        CHECK_THROWS_WITH_AS(trainer.fit(x, y, x_val, y_val),
                             "Trainer::fit: expected finite numbers in y_val, got inf at row 2, column 0 of y_val (3, 1)",
                             std::invalid_argument);
    }
    CHECK(sgd.steps() == 0);
}

TEST_CASE("Trainer: evaluate refuses NaN or infinite data, naming it") {
    Tensor x, y;
    data(x, y, 4);
    mlp::Sequential model = model_for(4);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 1, .progress = false});
    CHECK(std::isfinite(trainer.evaluate(x, y).loss));
    y(3, 0) = kNaN;
    CHECK_THROWS_WITH_AS(trainer.evaluate(x, y), "Trainer::evaluate: expected finite numbers in y, got nan at row 3, column 0 of y (4, 1)",
                         std::invalid_argument);
}
