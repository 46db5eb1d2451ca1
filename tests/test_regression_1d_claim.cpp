// SPDX-License-Identifier: MIT
// test_regression_1d_claim.cpp: the 1-D regression lesson's claim over seeds, on its own code:
// without activations the fit is a straight line (the best one, far worse than the others);
// ReLU's fit is piecewise linear (straight except at a few kinks); Tanh's bends everywhere.
#include <doctest/doctest.h>

#include "../examples/regression_1d_experiment.hpp"

TEST_CASE("regression_1d: a linear stack draws the best straight line; ReLU a polyline; Tanh a curve") {
    const mlp::Tensor x = regression_lesson::inputs(), y = regression_lesson::targets(x);
    const double best_line = regression_lesson::best_line_mse(x, y);
    CHECK(best_line == doctest::Approx(0.1753).epsilon(1e-3));
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        const regression_lesson::Fit line = regression_lesson::fit("none", seed);
        const regression_lesson::Fit relu = regression_lesson::fit("relu", seed);
        const regression_lesson::Fit tanh = regression_lesson::fit("tanh", seed);
        CHECK(line.bends == 0);
        CHECK(line.mse >= best_line - 1e-9);
        CHECK(line.mse > 5 * relu.mse);
        CHECK(line.mse > 5 * tanh.mse);
        CHECK(relu.bends > 0);   // it does bend ...
        CHECK(relu.bends < 60);  // ... but only at its kinks
        CHECK(tanh.bends > 500);
    }
}
