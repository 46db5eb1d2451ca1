// SPDX-License-Identifier: MIT
// test_sgd.cpp: SGD's update rule against torch.optim.SGD (fixture from make_sgd_fixture.py).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "fixtures.hpp"
#include "mlp/optim/sgd.hpp"

using mlp::Tensor;

namespace {
// The same starting point and gradients as make_sgd_fixture.py.
Tensor start() {
    Tensor p(2, 3);
    for (std::size_t k = 0; k < 6; ++k) p[k] = 0.1 * static_cast<double>(k + 1) - 0.3;
    return p;
}
void gradient(Tensor& g, int s) {
    for (std::size_t k = 0; k < 6; ++k) {
        const double kk = static_cast<double>(k);
        g[k] = std::sin(kk + 2 * s) + 0.5 * std::cos(3 * kk - s);
    }
}
}  // namespace

TEST_CASE("SGD: plain, momentum, dampening, Nesterov and weight decay match PyTorch step by step") {
    const std::map<std::string, mlp::SGDOptions> configs{
        {"plain", {.lr = 0.1}},
        {"momentum", {.lr = 0.1, .momentum = 0.9}},
        {"dampening", {.lr = 0.05, .momentum = 0.8, .dampening = 0.3}},
        {"nesterov", {.lr = 0.1, .momentum = 0.9, .nesterov = true}},
        {"weight_decay", {.lr = 0.1, .weight_decay = 0.01}},
        {"all", {.lr = 0.07, .momentum = 0.5, .weight_decay = 0.2, .nesterov = true}},
    };
    // expected[config][step][k]
    std::map<std::string, std::map<int, std::map<std::size_t, double>>> expected;
    const auto lines = fixtures::lines("sgd_torch.csv");
    for (std::size_t i = 1; i < lines.size(); ++i) {  // line 0 is the header
        const auto f = fixtures::split(lines[i], ',');
        expected[f[0]][std::stoi(f[1])][std::stoul(f[2])] = std::stod(f[3]);
    }
    REQUIRE(expected.size() == configs.size());

    for (const auto& config : configs) {  // not [name, options]: Clang 14 cannot capture those
        const auto& name = config.first;
        const auto& options = config.second;
        CAPTURE(name);
        Tensor p = start(), g(2, 3);
        mlp::SGD sgd({{"p", &p, &g}}, options);
        for (int s = 1; s <= 5; ++s) {
            sgd.zero_grad();
            gradient(g, s);
            sgd.step();
            for (std::size_t k = 0; k < 6; ++k) {
                CAPTURE(s);
                CAPTURE(k);
                // Relative to the parameters' scale (0.1 to 0.3), not to p[k] alone: "momentum"
                // step 3 lands on -0.0033 by cancellation, where Clang + libc++ and GCC +
                // libstdc++ differ by 1e-16 (a relative 1.6e-14 of that small value). A wrong
                // rule is off by 1e-3 or more.
                CHECK(std::abs(p[k] - expected[name][s][k]) < 1e-14 * std::max(std::abs(expected[name][s][k]), 0.1));
            }
        }
        CHECK(sgd.steps() == 5);
    }
}

TEST_CASE("SGD: the momentum buffer starts as the first gradient") {
    Tensor p(1, 1, 1.0), g(1, 1, 2.0);
    mlp::SGD sgd({{"p", &p, &g}}, {.lr = 0.5, .momentum = 0.9, .dampening = 0.5});
    sgd.step();  // b = g = 2 (undamped on the first step); p = 1 - 0.5 * 2
    CHECK(p[0] == 0.0);
    CHECK(sgd.momentum_buffers()[0][0] == 2.0);
    sgd.step();  // b = 0.9 * 2 + 0.5 * 2 = 2.8; p = 0 - 0.5 * 2.8
    CHECK(p[0] == doctest::Approx(-1.4));
}

TEST_CASE("SGD: zero_grad clears every gradient") {
    Tensor p(2, 2, 1.0), g(2, 2, 3.0);
    mlp::SGD sgd({{"p", &p, &g}}, {.lr = 0.1});
    sgd.zero_grad();
    CHECK(g == Tensor(2, 2, 0.0));
}

TEST_CASE("SGD: bad options throw with the value that came") {
    Tensor p(1, 1), g(1, 1), wrong(2, 1);
    CHECK_THROWS_WITH_AS(mlp::SGD({{"p", &p, &g}}, {}),
                         "SGD: expected lr > 0 and finite, got 0.000000 (set it with SGD(params, {.lr = 0.1}))",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::SGD({{"p", &p, &g}}, {.lr = 0.1, .momentum = -1}),
                         "SGD: expected momentum >= 0 and finite, got -1.000000", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::SGD({{"p", &p, &g}}, {.lr = 0.1, .nesterov = true}),
                         "SGD: nesterov expects momentum > 0 and dampening = 0, got momentum = 0.000000, dampening = 0.000000",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::SGD({{"p", &p, &wrong}}, {.lr = 0.1}),
                         "SGD: parameter 'p' needs a value and a gradient of the same shape",
                         std::invalid_argument);
    mlp::SGD sgd({{"p", &p, &g}}, {.lr = 0.1});
    CHECK_THROWS_AS(sgd.set_lr(-1), std::invalid_argument);
}

TEST_CASE("SGD: set_steps refuses a negative count") {
    mlp::Tensor w(1, 1), dw(1, 1);
    mlp::SGD sgd({{"w", &w, &dw}}, {.lr = 0.1});
    CHECK_THROWS_WITH_AS(sgd.set_steps(-1), "SGD::set_steps: expected steps >= 0, got -1", std::invalid_argument);
    sgd.set_steps(7);
    CHECK(sgd.steps() == 7);
}
