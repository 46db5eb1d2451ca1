// SPDX-License-Identifier: MIT
// test_loss.cpp: MSE, BCE, BCE-with-logits and cross-entropy against PyTorch and by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "fixtures.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/tools/gradcheck.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/core/rng.hpp"

using mlp::Tensor;

namespace {
std::unique_ptr<mlp::Loss> make_loss(const std::string& name) {
    if (name == "MSELoss") return std::make_unique<mlp::MSELoss>();
    if (name == "BCELoss") return std::make_unique<mlp::BCELoss>();
    if (name == "BCEWithLogitsLoss") return std::make_unique<mlp::BCEWithLogitsLoss>();
    if (name == "CrossEntropyLoss") return std::make_unique<mlp::CrossEntropyLoss>();
    throw std::runtime_error("unknown loss " + name);
}

Tensor tensor(std::size_t rows, std::size_t cols, const std::vector<double>& values) {
    Tensor t(rows, cols);
    for (std::size_t k = 0; k < values.size(); ++k) t[k] = values[k];
    return t;
}

Tensor random_tensor(std::size_t rows, std::size_t cols, mlp::Rng& rng, double lo, double hi) {
    Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform(lo, hi);
    return t;
}
}  // namespace

TEST_CASE("Losses: values and gradients agree with PyTorch (fixture from make_loss_fixture.py)") {
    const auto cases = fixtures::lines("loss_torch.txt");
    REQUIRE(cases.size() == 7);
    for (const std::string& line : cases) {
        const auto f = fixtures::split(line, ';');
        REQUIRE(f.size() == 8);
        CAPTURE(line);
        const std::size_t rows = std::stoul(f[1]), cols = std::stoul(f[2]), tcols = std::stoul(f[3]);
        auto loss = make_loss(f[0]);
        const double value = loss->forward(tensor(rows, cols, fixtures::numbers(f[4])),
                                           tensor(rows, tcols, fixtures::numbers(f[5])));
        CHECK(fixtures::relative_difference(value, std::stod(f[6])) < 1e-12);
        const Tensor& grad = loss->backward();
        const std::vector<double> expected = fixtures::numbers(f[7]);
        REQUIRE(grad.size() == expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k) {
            CAPTURE(k);
            CHECK(fixtures::relative_difference(grad[k], expected[k]) < 1e-12);
        }
    }
}

TEST_CASE("MSELoss: worked by hand") {
    mlp::MSELoss loss;
    // ((1 - 0)^2 + (0 - 2)^2) / 2 = 2.5 ; d/dpred = 2 (pred - target) / 2
    CHECK(loss.forward(Tensor::from_rows({{1}, {0}}), Tensor::from_rows({{0}, {2}})) == 2.5);
    CHECK(loss.backward() == Tensor::from_rows({{1}, {-2}}));
}

TEST_CASE("CrossEntropyLoss: uniform logits cost ln(C)") {
    mlp::CrossEntropyLoss loss;
    CHECK(loss.forward(Tensor(3, 4, 0.7), Tensor::from_rows({{0}, {3}, {1}})) ==
          doctest::Approx(std::log(4.0)));
}

TEST_CASE("Losses: backward matches finite differences") {
    mlp::Rng rng(2);
    mlp::Identity through;  // gradcheck a loss through a layer that passes x on unchanged
    const mlp::GradcheckOptions options{.tolerance = 1e-7};

    mlp::MSELoss mse;
    auto r = mlp::gradcheck(through, mse, random_tensor(4, 3, rng, -2, 2), random_tensor(4, 3, rng, -2, 2), options);
    INFO(r);
    CHECK(r.passed);

    mlp::BCELoss bce;
    r = mlp::gradcheck(through, bce, random_tensor(4, 2, rng, 0.05, 0.95), random_tensor(4, 2, rng, 0, 1), options);
    INFO(r);
    CHECK(r.passed);

    mlp::BCEWithLogitsLoss bcel;
    r = mlp::gradcheck(through, bcel, random_tensor(4, 2, rng, -4, 4), random_tensor(4, 2, rng, 0, 1), options);
    INFO(r);
    CHECK(r.passed);

    mlp::CrossEntropyLoss ce;
    r = mlp::gradcheck(through, ce, random_tensor(5, 3, rng, -3, 3),
                       Tensor::from_rows({{0}, {2}, {1}, {1}, {0}}), options);
    INFO(r);
    CHECK(r.passed);
}

TEST_CASE("Losses: logits of +-1000 give finite losses and gradients") {
    const Tensor logits = Tensor::from_rows({{1000, -1000}, {-1000, 1000}});
    mlp::BCEWithLogitsLoss bcel;
    CHECK(std::isfinite(bcel.forward(logits, Tensor::from_rows({{1, 0}, {1, 0}}))));
    mlp::CrossEntropyLoss ce;
    const double value = ce.forward(logits, Tensor::from_rows({{1}, {0}}));
    CHECK(value == doctest::Approx(2000.0));
    for (const mlp::Loss* loss : std::initializer_list<mlp::Loss*>{&bcel, &ce}) {
        const Tensor& grad = const_cast<mlp::Loss*>(loss)->backward();
        for (std::size_t k = 0; k < grad.size(); ++k) CHECK(std::isfinite(grad[k]));
    }
    mlp::BCELoss bce;  // probabilities of exactly 0 and 1: the log is clamped at -100
    CHECK(bce.forward(Tensor::from_rows({{0}, {1}}), Tensor::from_rows({{1}, {0}})) == 100.0);
    CHECK(std::isfinite(bce.backward()[0]));
}

TEST_CASE("Losses: accuracy reads predictions the way each loss means them") {
    mlp::MSELoss mse;
    CHECK(mse.accuracy(Tensor::from_rows({{0.6}, {0.4}, {0.9}}), Tensor::from_rows({{1}, {0}, {0}})) ==
          doctest::Approx(2.0 / 3.0));
    mlp::BCEWithLogitsLoss bcel;  // logits: the threshold is 0, not 0.5
    CHECK(bcel.accuracy(Tensor::from_rows({{0.2}, {-0.1}}), Tensor::from_rows({{1}, {1}})) == 0.5);
    mlp::CrossEntropyLoss ce;
    CHECK(ce.accuracy(Tensor::from_rows({{1, 3, 2}, {5, 0, 1}}), Tensor::from_rows({{1}, {2}})) == 0.5);
}

TEST_CASE("Losses: misuse throws with what was expected and what came") {
    mlp::MSELoss mse;
    CHECK_THROWS_WITH_AS(mse.forward(Tensor(4, 1), Tensor(4, 2)),
                         "MSELoss::forward: expected target of shape (4, 1) (the prediction's), got (4, 2)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mse.forward(Tensor(), Tensor()),
                         "MSELoss::forward: expected a non-empty prediction, got (0, 0)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::MSELoss().backward(), "MSELoss::backward: call forward() before backward()",
                         std::logic_error);
    mlp::BCELoss bce;
    CHECK_THROWS_WITH_AS(bce.forward(Tensor::from_rows({{1.5}}), Tensor::from_rows({{1}})),
                         "BCELoss::forward: expected probabilities (pred) in [0, 1], got 1.500000 at (0, 0)",
                         std::invalid_argument);
    mlp::BCEWithLogitsLoss bcel;
    CHECK_THROWS_WITH_AS(bcel.forward(Tensor::from_rows({{3}}), Tensor::from_rows({{2}})),
                         "BCEWithLogitsLoss::forward: expected targets in [0, 1], got 2.000000 at (0, 0)",
                         std::invalid_argument);
    mlp::CrossEntropyLoss ce;
    CHECK_THROWS_WITH_AS(ce.forward(Tensor(2, 3), Tensor::from_rows({{0}, {3}})),
                         "CrossEntropyLoss::forward: expected a class index in 0..2 at row 1, got 3.000000",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(ce.forward(Tensor(2, 3), Tensor::from_rows({{0}, {0.5}})),
                         "CrossEntropyLoss::forward: expected a class index in 0..2 at row 1, got 0.500000",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(ce.forward(Tensor(2, 3), Tensor(2, 3)),
                         "CrossEntropyLoss::forward: expected target of shape (2, 1) holding class indices, got (2, 3)",
                         std::invalid_argument);
}

TEST_CASE("Loss::probabilities: each loss reads its outputs the way it means them") {
    Tensor p;
    mlp::BCEWithLogitsLoss logits;
    logits.probabilities(Tensor::from_rows({{0.0}, {1000.0}, {-1000.0}, {std::log(3.0)}}), p);
    CHECK(p == Tensor::from_rows({{0.5, 0.5}, {0.0, 1.0}, {1.0, 0.0}, {1.0 - 0.75, 0.75}}));

    mlp::BCELoss bce;
    bce.probabilities(Tensor::from_rows({{0.2}, {0.9}}), p);
    CHECK(p(0, 1) == 0.2);
    CHECK(p(1, 0) == doctest::Approx(0.1));

    mlp::MSELoss mse;  // an MSE network's output is a probability-like value, clipped to [0, 1]
    mse.probabilities(Tensor::from_rows({{0.02}, {0.97}, {1.3}, {-0.2}}), p);
    CHECK(p(0, 1) == 0.02);
    CHECK(p(1, 1) == 0.97);
    CHECK(p(2, 1) == 1.0);
    CHECK(p(3, 1) == 0.0);

    mlp::CrossEntropyLoss ce;
    ce.probabilities(Tensor::from_rows({{1000.0, 1000.0, -1000.0}, {0.0, std::log(3.0), 0.0}}), p);
    CHECK(p(0, 0) == doctest::Approx(0.5));
    CHECK(p(0, 2) == 0.0);
    CHECK(p(1, 1) == doctest::Approx(0.6));
    bce.probabilities(Tensor::from_rows({{0.2, 0.6, 0.2}}), p);  // several outputs are classes, as for MSE
    CHECK(p(0, 1) == doctest::Approx(0.6));
    CHECK_THROWS_WITH_AS(bce.probabilities(Tensor(0, 1), p),
                         "BCELoss::probabilities: expected a non-empty prediction, got (0, 1)", std::invalid_argument);
}

TEST_CASE("Loss::decide: an even chance is the lower class, for every loss") {
    const Tensor one = Tensor::from_rows({{0.0}});
    CHECK(mlp::BCEWithLogitsLoss().decide(one, 0) == 0);  // sigmoid(0) = 1/2: p0 = p1
    CHECK(mlp::BCELoss().decide(Tensor::from_rows({{0.5}}), 0) == 0);
    CHECK(mlp::CrossEntropyLoss().decide(Tensor::from_rows({{1.0, 2.0, 2.0}}), 0) == 1);
    CHECK(mlp::BCEWithLogitsLoss().accuracy(one, Tensor::from_rows({{1.0}})) == 0.0);
    CHECK_THROWS_WITH_AS(mlp::MSELoss().decide(one, 1), "MSELoss::decide: expected a row below 1, got row 1",
                         std::invalid_argument);
}

TEST_CASE("Loss::accuracy: a target row is a 0/1 value, a one-hot row or a class index") {
    const Tensor logits = Tensor::from_rows({{2.0, 1.0, 0.0}, {0.0, 0.0, 3.0}, {0.0, 4.0, 0.0}});
    mlp::CrossEntropyLoss ce;
    CHECK(ce.accuracy(logits, Tensor::from_rows({{0}, {2}, {0}})) == doctest::Approx(2.0 / 3.0));
    CHECK(ce.accuracy(logits, Tensor::from_rows({{1, 0, 0}, {0, 0, 1}, {1, 0, 0}})) == doctest::Approx(2.0 / 3.0));
    mlp::BCEWithLogitsLoss bcel;  // several logits with one-hot targets: the largest one is the class
    CHECK(bcel.accuracy(logits, Tensor::from_rows({{1, 0, 0}, {0, 0, 1}, {0, 1, 0}})) == 1.0);
    CHECK(bcel.accuracy(Tensor::from_rows({{1.0}, {-1.0}}), Tensor::from_rows({{0.7}, {0.2}})) == 1.0);
    CHECK_THROWS_WITH_AS(ce.accuracy(logits, Tensor::from_rows({{0}, {3}, {0}})),
                         "CrossEntropyLoss::target_class: expected a class index in 0..2 at row 1, got 3.000000",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(ce.accuracy(logits, Tensor(2, 1)),
                         "CrossEntropyLoss::accuracy: expected a non-empty prediction and a target with as many rows "
                         "and 1 or as many columns, got (3, 3) and (2, 1)",
                         std::invalid_argument);
}

TEST_CASE("Loss::decide and accuracy agree with the most probable class, for every loss") {
    mlp::Rng rng(5);
    Tensor one(40, 1), three(40, 3), binary(40, 1), classes(40, 1);
    for (std::size_t k = 0; k < one.size(); ++k) one[k] = rng.uniform(-3.0, 3.0);
    for (std::size_t k = 0; k < three.size(); ++k) three[k] = rng.uniform(-3.0, 3.0);
    for (std::size_t n = 0; n < 40; ++n) {
        binary(n, 0) = rng.uniform() < 0.5 ? 0.0 : 1.0;
        classes(n, 0) = static_cast<double>(rng.index(3));
    }
    Tensor probabilities_one = one;  // BCE needs values in [0, 1]
    for (std::size_t k = 0; k < one.size(); ++k) probabilities_one[k] = (one[k] + 3.0) / 6.0;
    mlp::BCEWithLogitsLoss logits;
    mlp::BCELoss bce;
    mlp::MSELoss mse;
    mlp::CrossEntropyLoss ce;
    struct Case {
        mlp::Loss* loss;
        const Tensor* pred;
        const Tensor* target;
    };
    for (const Case& c : {Case{&logits, &one, &binary}, Case{&bce, &probabilities_one, &binary},
                          Case{&mse, &one, &binary}, Case{&ce, &three, &classes}}) {
        CAPTURE(c.loss->name());
        Tensor p;
        c.loss->probabilities(*c.pred, p);
        std::size_t correct = 0;
        for (std::size_t n = 0; n < 40; ++n) {
            CHECK(c.loss->decide(*c.pred, n) == mlp::argmax_row(p, n));
            if (c.loss->decide(*c.pred, n) == static_cast<std::size_t>((*c.target)(n, 0))) ++correct;
        }
        CHECK(c.loss->accuracy(*c.pred, *c.target) == static_cast<double>(correct) / 40.0);
        CHECK(correct > 0);
        CHECK(correct < 40);
    }
}
