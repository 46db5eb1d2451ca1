// SPDX-License-Identifier: MIT
// test_l1_loss.cpp: the mean absolute error against PyTorch, by hand, by finite differences, misuse.
#include <doctest/doctest.h>

#include <stdexcept>

#include "loss_test_support.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/l1_loss.hpp"
#include "mlp/tools/gradcheck.hpp"

using mlp::Tensor;

TEST_CASE("L1Loss: values and gradients agree with PyTorch, sign(0) = 0 included") {
    CHECK(loss_tests::check_against_torch("l1", "margin_robust_loss_torch.txt") == 1);
}

TEST_CASE("L1Loss: worked by hand") {
    mlp::L1Loss loss;
    CHECK(loss.forward(Tensor::from_rows({{0.5, -3.0}, {1.0, 2.0}}), Tensor::from_rows({{0.0, 0.0}, {1.0, 0.0}})) == 1.375);
    CHECK(loss.backward() == Tensor::from_rows({{0.25, -0.25}, {0.0, 0.25}}));
    CHECK(loss.baseline(Tensor(1, 2), Tensor::from_rows({{-1.0, 3.0}})).value == 2.0);
}

TEST_CASE("L1Loss: backward matches finite differences away from d = 0") {
    mlp::Identity through;
    for (const std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        mlp::Rng rng(seed);
        Tensor pred = loss_tests::random_tensor(4, 3, rng, 0.1, 2.0);
        for (std::size_t k = 0; k < pred.size(); k += 2) pred[k] = -pred[k];  // both signs, |d| >= 0.1
        mlp::L1Loss loss;
        const mlp::GradcheckResult r = mlp::gradcheck(through, loss, pred, Tensor(4, 3), {.tolerance = 1e-7});
        CAPTURE(r.summary);
        CHECK(r.passed);
        CHECK_FALSE(r.all_zero);
    }
}

TEST_CASE("L1Loss: misuse throws naming what was expected") {
    mlp::L1Loss loss;
    CHECK_THROWS_WITH_AS(loss.forward(Tensor(2, 2), Tensor(2, 1)),
                         "L1Loss::forward: expected target of shape (2, 2) (the prediction's), got (2, 1)",
                         std::invalid_argument);
    CHECK_THROWS_AS(loss.backward(), std::logic_error);
}
