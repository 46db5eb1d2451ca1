// SPDX-License-Identifier: MIT
// test_sequential.cpp: chaining layers, naming parameters, summary, deep copies.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/tools/gradcheck.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"

using mlp::Tensor;

namespace {
mlp::Sequential small_model(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(8, 8, rng);
    model.emplace<mlp::ReLU>();
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}
const Tensor kX = Tensor::from_rows({{0.1, -0.4}, {1.2, 0.3}, {-0.7, 0.9}});
}  // namespace

TEST_CASE("Sequential: forward is the layers composed in order") {
    mlp::Sequential model = small_model(1);
    auto& first = dynamic_cast<mlp::Dense&>(model[0]);
    auto& last = dynamic_cast<mlp::Dense&>(model[4]);
    const Tensor y = model.forward(kX);
    // The same computation by hand through separate copies of the layers.
    mlp::Dense d0 = first, d2 = dynamic_cast<mlp::Dense&>(model[2]), d4 = last;
    mlp::Tanh tanh;
    mlp::ReLU relu;
    const Tensor expected = d4.forward(relu.forward(d2.forward(tanh.forward(d0.forward(kX)))));
    CHECK(y == expected);
    CHECK(y.shape() == "(3, 1)");
}

TEST_CASE("Sequential: backward matches finite differences through the whole model") {
    mlp::Sequential model = small_model(2);
    mlp::MSELoss loss;
    const auto r = mlp::gradcheck(model, loss, kX, Tensor::from_rows({{1}, {0}, {0.5}}));
    INFO(r);
    CHECK(r.passed);
    CHECK(r.worst_error < 1e-6);
}

TEST_CASE("Sequential: parameters are named by kind and position") {
    mlp::Sequential model = small_model(1);
    const auto params = model.params();
    REQUIRE(params.size() == 6);
    CHECK(params[0].name == "dense0.W");
    CHECK(params[1].name == "dense0.b");
    CHECK(params[2].name == "dense2.W");
    CHECK(params[5].name == "dense4.b");
    CHECK(params[2].value == &dynamic_cast<mlp::Dense&>(model[2]).W);
}

TEST_CASE("Sequential: summary lists each layer, its width and parameter count, and the total") {
    const mlp::Sequential model = small_model(1);
    CHECK(model.parameter_count() == (2 * 8 + 8) + (8 * 8 + 8) + (8 + 1));
    const std::string s = model.summary();
    CHECK(s.find("Dense(2, 8)") != std::string::npos);
    CHECK(s.find("Tanh") != std::string::npos);
    CHECK(s.find("total parameters") != std::string::npos);
    CHECK(s.find("105") != std::string::npos);
    CHECK(model.output_width(2) == 1);
}

TEST_CASE("Sequential: copies are deep") {
    mlp::Sequential model = small_model(1);
    mlp::Sequential copy = model;
    dynamic_cast<mlp::Dense&>(copy[0]).W(0, 0) += 1.0;
    CHECK(dynamic_cast<mlp::Dense&>(copy[0]).W != dynamic_cast<mlp::Dense&>(model[0]).W);
    CHECK(copy.size() == model.size());
}

TEST_CASE("Sequential: train(false) reaches every layer") {
    mlp::Sequential model = small_model(1);
    model.train(false);
    for (std::size_t i = 0; i < model.size(); ++i) CHECK_FALSE(model[i].training());
    model.emplace<mlp::Sigmoid>();  // a layer added later follows the model's mode
    CHECK_FALSE(model[5].training());
}

TEST_CASE("Sequential: misuse throws with a clear message") {
    mlp::Sequential empty;
    CHECK_THROWS_WITH_AS(empty.forward(kX), "Sequential::forward: the model has no layers", std::logic_error);
    CHECK_THROWS_WITH_AS(empty.add(nullptr), "Sequential::add: expected a layer, got nullptr",
                         std::invalid_argument);
    mlp::Sequential model = small_model(1);
    CHECK_THROWS_WITH_AS(model.forward(Tensor(3, 5)),
                         "Dense::forward: expected input with 2 columns and at least one row, got (3, 5)",
                         std::invalid_argument);
    CHECK_THROWS_AS(model[7], std::out_of_range);
}
