// SPDX-License-Identifier: MIT
// test_huber_loss.cpp: the Huber loss against PyTorch, by hand, by finite differences, misuse.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "loss_test_support.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/huber_loss.hpp"
#include "mlp/tools/gradcheck.hpp"

using mlp::Tensor;

TEST_CASE("HuberLoss: values and gradients agree with PyTorch, at |d| = delta and far outside it too") {
    CHECK(loss_tests::check_against_torch("huber", "margin_robust_loss_torch.txt") == 2);
}

TEST_CASE("HuberLoss: squared inside delta, linear outside, and an outlier pulls with at most delta") {
    mlp::HuberLoss loss;
    // d = 0.5: 0.125;  d = -3: 1 (3 - 0.5) = 2.5;  mean 1.3125
    CHECK(loss.forward(Tensor::from_rows({{0.5}, {-3.0}}), Tensor(2, 1)) == 1.3125);
    CHECK(loss.backward() == Tensor::from_rows({{0.25}, {-0.5}}));
    CHECK(loss.forward(Tensor::from_rows({{1e6}}), Tensor(1, 1)) == 1e6 - 0.5);
    CHECK(loss.backward()(0, 0) == 1.0);
    CHECK(loss.baseline(Tensor(2, 1), Tensor::from_rows({{0.5}, {-3.0}})).value == 1.3125);
}

TEST_CASE("HuberLoss: backward matches finite differences") {
    mlp::Identity through;
    for (const std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        mlp::Rng rng(seed);
        const Tensor pred = loss_tests::random_tensor(5, 3, rng, -3.0, 3.0);
        const Tensor target = loss_tests::random_tensor(5, 3, rng, -1.0, 1.0);
        mlp::HuberLoss loss;
        const mlp::GradcheckResult r = mlp::gradcheck(through, loss, pred, target, {.tolerance = 1e-7});
        CAPTURE(r.summary);
        CHECK(r.passed);
        CHECK_FALSE(r.all_zero);
    }
}

TEST_CASE("HuberLoss: misuse throws naming what was expected") {
    mlp::HuberLoss loss;
    CHECK_THROWS_WITH_AS(loss.forward(Tensor(2, 1), Tensor(3, 1)),
                         "HuberLoss::forward: expected target of shape (2, 1) (the prediction's), got (3, 1)",
                         std::invalid_argument);
    CHECK_THROWS_AS(loss.backward(), std::logic_error);
    CHECK_THROWS_WITH_AS(mlp::HuberLoss(0.0), "HuberLoss: expected delta > 0, got 0", std::invalid_argument);
}
