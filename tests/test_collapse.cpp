// SPDX-License-Identifier: MIT
// test_collapse.cpp: collapse_linear folds linear runs and changes no output.
#include <doctest/doctest.h>

#include <cmath>

#include "mlp/nn/activation.hpp"
#include "mlp/tools/collapse.hpp"
#include "mlp/nn/dense.hpp"

using mlp::Tensor;

namespace {
Tensor random_input(mlp::Rng& rng) {
    Tensor x(6, 3);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = rng.uniform(-3, 3);
    return x;
}
double max_difference(const Tensor& a, const Tensor& b) {
    REQUIRE(a.shape() == b.shape());
    double worst = 0;
    for (std::size_t k = 0; k < a.size(); ++k) worst = std::max(worst, std::abs(a[k] - b[k]));
    return worst;
}
}  // namespace

TEST_CASE("collapse_linear: a stack with no activation becomes one Dense with the same outputs") {
    mlp::Rng rng(8);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(3, 7, rng);
    model.emplace<mlp::Identity>();
    model.emplace<mlp::Dense>(7, 5, rng);
    model.emplace<mlp::Dense>(5, 2, rng);
    mlp::Sequential folded = mlp::collapse_linear(model);
    REQUIRE(folded.size() == 1);
    const auto& dense = dynamic_cast<const mlp::Dense&>(folded[0]);
    CHECK(dense.in_features() == 3);
    CHECK(dense.out_features() == 2);
    const Tensor x = random_input(rng);
    const Tensor expected = model.forward(x);
    CHECK(max_difference(folded.forward(x), expected) < 1e-12);
    CHECK(max_difference(expected, Tensor(6, 2)) > 0.01);  // the outputs are not trivially 0
}

TEST_CASE("collapse_linear: folds only across nothing non-linear") {
    mlp::Rng rng(9);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(3, 4, rng);
    model.emplace<mlp::Dense>(4, 4, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(4, 6, rng);
    model.emplace<mlp::Dense>(6, 1, rng);
    mlp::Sequential folded = mlp::collapse_linear(model);
    REQUIRE(folded.size() == 3);
    CHECK(folded[0].name() == "Dense(3, 4)");
    CHECK(folded[1].name() == "Tanh");
    CHECK(folded[2].name() == "Dense(4, 1)");
    const Tensor x = random_input(rng);
    CHECK(max_difference(folded.forward(x), model.forward(x)) < 1e-12);
}

TEST_CASE("collapse_linear: leaves a model without linear runs as it was") {
    mlp::Sequential model;
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Sigmoid>();
    mlp::Sequential folded = mlp::collapse_linear(model);
    REQUIRE(folded.size() == 2);
    CHECK(folded[1].name() == "Sigmoid");
}

TEST_CASE("collapse_linear: Dense layers whose widths do not chain are named") {
    mlp::Rng rng(1);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 3, rng);
    model.emplace<mlp::Dense>(4, 1, rng);
    CHECK_THROWS_WITH_AS(mlp::collapse_linear(model),
                         "collapse_linear: layer 1 (Dense(4, 1)) follows a linear run of width 3; the widths do not chain",
                         std::invalid_argument);
}
