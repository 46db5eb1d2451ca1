// SPDX-License-Identifier: MIT
// test_diagnostics.cpp: each number of the training diagnostics on a case where the answer is known.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "mlp/mlp.hpp"

namespace {

// A batch of 8 points in the plane, a few on each side of 0.
mlp::Tensor points() {
    return mlp::Tensor::from_rows({{1.0, 0.5}, {-1.0, 0.25}, {0.5, -1.0}, {-0.5, -0.5},
                                   {2.0, 1.0}, {-2.0, 1.5}, {0.25, 2.0}, {-0.75, -2.0}});
}

bool mentions(const std::vector<std::string>& warnings, const std::string& text) {
    for (const std::string& w : warnings)
        if (w.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("diagnose: the first loss of zero weights is exactly the baseline of each loss") {
    mlp::Rng rng(1);
    const mlp::Tensor x = points();
    SUBCASE("CrossEntropyLoss: ln(C)") {
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 3, rng, mlp::Init::Zeros);
        mlp::CrossEntropyLoss loss;
        const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {2}, {0}, {1}, {2}, {0}, {1}});
        const mlp::Diagnostics d = mlp::diagnose(model, loss, x, y, 0.1);
        CHECK(d.initial_loss == doctest::Approx(std::log(3.0)).epsilon(1e-12));
        CHECK(d.expected_loss == doctest::Approx(std::log(3.0)).epsilon(1e-12));
        CHECK(d.expected_why.find("ln(3)") != std::string::npos);
        CHECK(d.warnings.empty());  // exactly at the baseline; W = 0 has no update ratio to flag
    }
    SUBCASE("BCEWithLogitsLoss: ln(2)") {
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 1, rng, mlp::Init::Zeros);
        mlp::BCEWithLogitsLoss loss;
        const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}, {1}, {0}, {1}, {0}});
        const mlp::Diagnostics d = mlp::diagnose(model, loss, x, y, 0.1);
        CHECK(d.initial_loss == doctest::Approx(std::log(2.0)).epsilon(1e-12));
        CHECK(d.expected_loss == doctest::Approx(std::log(2.0)).epsilon(1e-12));
    }
    SUBCASE("MSELoss: mean(y^2), the loss of predicting 0") {
        mlp::Sequential model;
        model.emplace<mlp::Dense>(2, 1, rng, mlp::Init::Zeros);
        mlp::MSELoss loss;
        const mlp::Tensor y = mlp::Tensor::from_rows({{1}, {2}, {0}, {0}, {1}, {0}, {3}, {1}});
        const mlp::Diagnostics d = mlp::diagnose(model, loss, x, y, 0.1);
        CHECK(d.expected_loss == doctest::Approx(16.0 / 8.0).epsilon(1e-12));
        CHECK(d.initial_loss == doctest::Approx(2.0).epsilon(1e-12));
    }
}

TEST_CASE("diagnose: a first loss far above the baseline is flagged as confidently wrong") {
    // Logits of +-50 for the wrong class: cross-entropy near 50, against ln(2) = 0.69.
    mlp::Sequential model;
    model.emplace<mlp::Dense>(mlp::Tensor::from_rows({{50.0, -50.0}, {0.0, 0.0}}), mlp::Tensor(1, 2));
    mlp::CrossEntropyLoss loss;
    const mlp::Tensor x = mlp::Tensor::from_rows({{1.0, 0.0}, {1.0, 0.0}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{1}, {1}});
    const mlp::Diagnostics d = mlp::diagnose(model, loss, x, y, 0.01);
    CHECK(d.initial_loss == doctest::Approx(100.0).epsilon(1e-9));
    CHECK(mentions(d.warnings, "confidently wrong"));
}

TEST_CASE("diagnose: gradient norm per layer and update ratio per parameter, worked by hand") {
    // x = (1, 2), W = (0.5, -0.5)^T, b = 0: pred = -0.5, target 1, MSE = (-1.5)^2 = 2.25
    // dL/dpred = 2 (pred - y) = -3;  dW = x^T (-3) = (-3, -6)^T;  db = -3
    mlp::Sequential model;
    model.emplace<mlp::Dense>(mlp::Tensor::from_rows({{0.5}, {-0.5}}), mlp::Tensor(1, 1));
    mlp::MSELoss loss;
    const mlp::Tensor x = mlp::Tensor::from_rows({{1.0, 2.0}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{1.0}});
    const double lr = 0.01;
    const mlp::Diagnostics d = mlp::diagnose(model, loss, x, y, lr);

    CHECK(d.initial_loss == doctest::Approx(2.25).epsilon(1e-12));
    REQUIRE(d.layers.size() == 1);
    CHECK(d.layers[0].grad_norm == doctest::Approx(std::sqrt(9.0 + 36.0 + 9.0)).epsilon(1e-12));
    REQUIRE(d.params.size() == 2);
    CHECK(d.params[0].name == "dense0.W");
    CHECK(d.params[0].grad_norm == doctest::Approx(std::sqrt(45.0)).epsilon(1e-12));
    CHECK(d.params[0].value_norm == doctest::Approx(std::sqrt(0.5)).epsilon(1e-12));
    // lr |dW| / |W| = 0.01 sqrt(45) / sqrt(0.5) = 0.01 sqrt(90)
    CHECK(d.params[0].update_ratio == doctest::Approx(lr * std::sqrt(90.0)).epsilon(1e-12));
    CHECK(d.params[1].name == "dense0.b");
    CHECK(d.params[1].grad_norm == doctest::Approx(3.0).epsilon(1e-12));
    CHECK(std::isnan(d.params[1].update_ratio));  // b = 0: no ratio
}

TEST_CASE("diagnose: leaves the parameters and their gradients as it found them") {
    mlp::Rng rng(3);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 4, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(4, 1, rng);
    for (mlp::Param& p : model.params()) p.grad->fill(0.125);  // as if mid-accumulation
    const mlp::Sequential before = model;
    mlp::MSELoss loss;
    const mlp::Tensor y = mlp::Tensor::from_rows({{1}, {0}, {1}, {0}, {1}, {0}, {1}, {0}});
    mlp::diagnose(model, loss, points(), y, 0.1);
    mlp::Sequential copy = before;
    std::vector<mlp::Param> now = model.params(), then = copy.params();
    REQUIRE(now.size() == then.size());
    for (std::size_t i = 0; i < now.size(); ++i) {
        CAPTURE(now[i].name);
        CHECK(*now[i].value == *then[i].value);
        CHECK(*now[i].grad == mlp::Tensor(now[i].grad->rows(), now[i].grad->cols(), 0.125));
    }
}

TEST_CASE("diagnose: a ReLU layer whose biases are forced negative is 100% dead, and flagged") {
    mlp::Rng rng(5);
    mlp::Sequential model;
    auto& hidden = model.emplace<mlp::Dense>(2, 6, rng);
    hidden.b.fill(-100.0);  // every pre-activation is below 0 for every point
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Dense>(6, 1, rng);
    mlp::MSELoss loss;
    const mlp::Tensor y = mlp::Tensor::from_rows({{1}, {0}, {1}, {0}, {1}, {0}, {1}, {0}});
    const mlp::Diagnostics d = mlp::diagnose(model, loss, points(), y, 0.1);
    REQUIRE(d.layers.size() == 3);
    CHECK(d.layers[1].dead_units == 6);
    CHECK(d.layers[1].dead_fraction == 1.0);
    CHECK(d.layers[0].grad_norm == 0.0);  // nothing flows back through dead units
    CHECK(mentions(d.warnings, "6 of 6 units are dead"));
    CHECK(mentions(d.warnings, "Layer 0 (Dense(2, 6)) gets no gradient"));
    CHECK(std::isnan(d.layers[0].dead_fraction));  // not a ReLU: not measured
}

TEST_CASE("diagnose: half the units dead when half the biases are forced negative") {
    mlp::Sequential model;
    // Small weights, biases -100, +100, -100, +100: units 0 and 2 are dead for every input.
    model.emplace<mlp::Dense>(mlp::Tensor(2, 4, 0.01), mlp::Tensor::from_rows({{-100.0, 100.0, -100.0, 100.0}}));
    model.emplace<mlp::ReLU>();
    mlp::MSELoss loss;
    const mlp::Diagnostics d = mlp::diagnose(model, loss, points(), mlp::Tensor(8, 4), 0.1);
    CHECK(d.layers[1].dead_units == 2);
    CHECK(d.layers[1].dead_fraction == 0.5);
}

TEST_CASE("diagnose: sigmoid and tanh saturate with huge weights and not with zero ones") {
    const mlp::Tensor x = points();  // every |x| >= 0.25, so 100 x is far in a tail
    const mlp::Tensor y(8, 2);
    mlp::MSELoss loss;
    SUBCASE("Sigmoid") {
        mlp::Sequential big;
        big.emplace<mlp::Dense>(mlp::Tensor::from_rows({{100.0, 0.0}, {0.0, 100.0}}), mlp::Tensor(1, 2));
        big.emplace<mlp::Sigmoid>();
        const mlp::Diagnostics d = mlp::diagnose(big, loss, x, y, 0.1);
        CHECK(d.layers[1].saturated_fraction == 1.0);
        CHECK(mentions(d.warnings, "100% of its outputs sit in a flat tail"));

        mlp::Sequential zero;
        zero.emplace<mlp::Dense>(mlp::Tensor(2, 2), mlp::Tensor(1, 2));
        zero.emplace<mlp::Sigmoid>();
        CHECK(mlp::diagnose(zero, loss, x, y, 0.1).layers[1].saturated_fraction == 0.0);
    }
    SUBCASE("Tanh") {
        mlp::Sequential big;
        // Column 0 is saturated (100 x1), column 1 is not (0.01 x2): exactly half.
        big.emplace<mlp::Dense>(mlp::Tensor::from_rows({{100.0, 0.0}, {0.0, 0.01}}), mlp::Tensor(1, 2));
        big.emplace<mlp::Tanh>();
        const mlp::Diagnostics d = mlp::diagnose(big, loss, x, y, 0.1);
        CHECK(d.layers[1].saturated_fraction == 0.5);
    }
}

TEST_CASE("Trainer::diagnose uses the optimizer's learning rate, and the report reads") {
    mlp::Rng rng(7);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Dense>(8, 2, rng);
    mlp::CrossEntropyLoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.05});
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 1, .progress = false});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}, {1}, {0}, {1}, {0}});
    const mlp::Diagnostics d = mlp::diagnose(trainer.model(), loss, points(), y, trainer.optimizer());
    CHECK(d.lr == 0.05);
    CHECK(d.samples == 8);
    REQUIRE(d.params.size() == 4);
    CHECK(d.params[2].name == "dense2.W");
    CHECK(d.params[2].update_ratio ==
          doctest::Approx(0.05 * d.params[2].grad_norm / d.params[2].value_norm).epsilon(1e-12));

    std::ostringstream os;
    os << d;
    const std::string text = os.str();
    CAPTURE(text);
    CHECK(text.find("Training diagnostics: 8 samples, CrossEntropyLoss, lr 0.05") != std::string::npos);
    CHECK(text.find("ln(C) = ln(2)") != std::string::npos);
    CHECK(text.find("dead units") != std::string::npos);
    CHECK(text.find("dense0.W") != std::string::npos);
}

TEST_CASE("diagnose: misuse throws with a message naming what was expected") {
    mlp::Rng rng(1);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 1, rng);
    mlp::MSELoss loss;
    CHECK_THROWS_WITH_AS(mlp::diagnose(model, loss, points(), mlp::Tensor(3, 1), 0.1),
                         "diagnose: expected inputs and targets with the same, non-zero number of rows, got (8, 2) and (3, 1)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::diagnose(model, loss, points(), mlp::Tensor(8, 1), 0.0),
                         doctest::Contains("diagnose: expected lr > 0"), std::invalid_argument);
}

TEST_CASE("diagnose: a large step is blamed on the learning rate only when the first loss is near its baseline") {
    // The same two-moons network twice: once with its last layer 30 times too large (the first
    // loss far above ln 2, large gradients), once healthy with lr 100. Only the second is the
    // learning rate's fault; the first must point at the start instead.
    mlp::Rng data_rng(1);
    const mlp::Dataset moons = mlp::make_moons(200, 0.1, data_rng);
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        auto build = [&] {
            mlp::Rng rng(seed);
            mlp::Sequential model;
            model.emplace<mlp::Dense>(2, 16, rng);
            model.emplace<mlp::ReLU>();
            model.emplace<mlp::Dense>(16, 1, rng);
            return model;
        };
        mlp::BCEWithLogitsLoss loss;
        mlp::Sequential wrong = build();
        mlp::Dense& last = dynamic_cast<mlp::Dense&>(wrong[2]);
        for (std::size_t k = 0; k < last.W.size(); ++k) last.W[k] *= 30.0;
        const mlp::Diagnostics starts_wrong = mlp::diagnose(wrong, loss, moons.x, moons.y, 0.1);
        CHECK(mentions(starts_wrong.warnings, "confidently wrong"));
        CHECK_FALSE(mentions(starts_wrong.warnings, "the learning rate is probably too large"));

        mlp::Sequential healthy = build();
        const mlp::Diagnostics too_fast = mlp::diagnose(healthy, loss, moons.x, moons.y, 100.0);
        CHECK_FALSE(mentions(too_fast.warnings, "confidently wrong"));
        CHECK(mentions(too_fast.warnings, "the learning rate is probably too large"));
    }
}
