// SPDX-License-Identifier: MIT
// test_multi_margin_loss.cpp: the multiclass hinge loss against PyTorch, by hand, by finite
// differences, and its misuse.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "loss_test_support.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/multi_margin_loss.hpp"
#include "mlp/tools/gradcheck.hpp"

using mlp::Tensor;

TEST_CASE("MultiMarginLoss: values and gradients agree with PyTorch, the kink at z = 0 included") {
    CHECK(loss_tests::check_against_torch("multi-margin", "margin_robust_loss_torch.txt") == 2);
}

TEST_CASE("MultiMarginLoss: worked by hand") {
    mlp::MultiMarginLoss loss;
    // row 0, class 0: wrong classes 1 (1 - 2 + 1.5 = 0.5) and 2 (1 - 2 - 3 < 0): 0.5 / 3
    // row 1, class 2: wrong classes 0 (1 - 0 + 0 = 1) and 1 (1 - 0 + 0.5 = 1.5): 2.5 / 3
    const double value = loss.forward(Tensor::from_rows({{2.0, 1.5, -3.0}, {0.0, 0.5, 0.0}}), Tensor::from_rows({{0}, {2}}));
    CHECK(value == doctest::Approx((0.5 / 3 + 2.5 / 3) / 2).epsilon(1e-15));
    const double g = 1.0 / 6.0;
    CHECK(loss.backward() == Tensor::from_rows({{-g, g, 0.0}, {g, g, -2 * g}}));
    // scores near 0 cost the baseline, margin (C - 1) / C
    CHECK(loss.forward(Tensor(4, 3), Tensor::from_rows({{0}, {1}, {2}, {0}})) == doctest::Approx(2.0 / 3.0));
    CHECK(loss.baseline(Tensor(4, 3), Tensor(4, 1)).value == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("MultiMarginLoss: backward matches finite differences") {
    mlp::Identity through;
    for (const std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        mlp::Rng rng(seed);
        mlp::MultiMarginLoss loss;
        Tensor target(6, 1);
        for (std::size_t n = 0; n < 6; ++n) target(n, 0) = static_cast<double>(rng.index(4));
        const Tensor pred = loss_tests::random_tensor(6, 4, rng, -1.5, 1.5);
        // keep every z = 1 - x[y] + x[i] away from the kink at 0, where the derivative jumps
        bool near_kink = false;
        for (std::size_t n = 0; n < 6; ++n)
            for (std::size_t i = 0; i < 4; ++i)
                if (std::abs(1.0 - pred(n, static_cast<std::size_t>(target(n, 0))) + pred(n, i)) < 1e-3) near_kink = true;
        REQUIRE_FALSE(near_kink);
        const mlp::GradcheckResult r = mlp::gradcheck(through, loss, pred, target, {.tolerance = 1e-7});
        CAPTURE(r.summary);
        CHECK(r.passed);
        CHECK_FALSE(r.all_zero);
    }
}

TEST_CASE("MultiMarginLoss: accuracy is the highest score, and bad targets are refused by row") {
    mlp::MultiMarginLoss loss;
    CHECK(loss.accuracy(Tensor::from_rows({{0.1, 0.9}, {2.0, -1.0}}), Tensor::from_rows({{1}, {1}})) == 0.5);
    CHECK_THROWS_WITH_AS(loss.forward(Tensor(2, 3), Tensor::from_rows({{0}, {3}})),
                         "MultiMarginLoss::forward: expected a class index in 0..2 at row 1, got 3.000000",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(loss.forward(Tensor(2, 3), Tensor(2, 3)),
                         "MultiMarginLoss::forward: expected target of shape (2, 1) holding class indices, got (2, 3)",
                         std::invalid_argument);
    mlp::MultiMarginLoss fresh;
    CHECK_THROWS_AS(fresh.backward(), std::logic_error);
}
