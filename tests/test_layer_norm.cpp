// SPDX-License-Identifier: MIT
// test_layer_norm.cpp: LayerNorm against PyTorch (values and gradients), gradcheck, its per-row
// statistics, misuse, and a round trip through a model file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "norm_test_support.hpp"
#include "mlp/mlp.hpp"

using mlp::Tensor;
using norm_tests::check_close;
using norm_tests::random_tensor;

TEST_CASE("LayerNorm: values and gradients agree with PyTorch") {
    std::map<std::string, Tensor> torch = norm_tests::torch_fixture();
    int steps = 0;
    for (const std::string spec : {"layer_norm:4", "layer_norm:3,0.01"}) {
        CAPTURE(spec);
        std::unique_ptr<mlp::Layer> layer = mlp::make_layer(spec);
        CHECK(layer->spec() == spec);
        CHECK(layer->buffers().empty());
        std::vector<mlp::Param> params = layer->params();
        REQUIRE(params.size() == 2);
        CHECK(params[0].name == "gamma");
        CHECK(params[1].name == "beta");
        *params[0].value = torch.at(spec + ";init;gamma");
        *params[1].value = torch.at(spec + ";init;beta");
        for (const std::string step : {"train1", "eval"}) {
            const std::string key = spec + ";" + step + ";";
            if (torch.count(key + "x") == 0) continue;
            CAPTURE(step);
            ++steps;
            layer->train(step != "eval");
            params[0].grad->fill(0.0);
            params[1].grad->fill(0.0);
            const Tensor y = layer->forward(torch.at(key + "x"));
            const Tensor dx = layer->backward(torch.at(key + "w"));
            check_close(y, torch.at(key + "y"), "y");
            check_close(dx, torch.at(key + "dx"), "dx");
            check_close(*params[0].grad, torch.at(key + "dgamma"), "dgamma");
            check_close(*params[1].grad, torch.at(key + "dbeta"), "dbeta");
        }
    }
    CHECK(steps == 3);
}

TEST_CASE("LayerNorm: backward matches finite differences") {
    for (const std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        mlp::LayerNorm ln(5);
        ln.gamma = random_tensor(1, 5, seed + 10, 0.5, 2.0);
        ln.beta = random_tensor(1, 5, seed + 20);
        const mlp::GradcheckResult r = mlp::gradcheck(ln, random_tensor(4, 5, seed), {.tolerance = 1e-7});
        CAPTURE(r.summary);
        CHECK(r.passed);
        CHECK_FALSE(r.all_zero);
        CHECK(r.largest_gradient > 0.1);
    }
    mlp::Rng rng(9);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(3, 6, rng);
    model.emplace<mlp::LayerNorm>(6);
    model.emplace<mlp::GELU>();
    model.emplace<mlp::Dense>(6, 2, rng);
    mlp::MSELoss loss;
    const mlp::GradcheckResult r = mlp::gradcheck(model, loss, random_tensor(5, 3, 1), random_tensor(5, 2, 2));
    CAPTURE(r.summary);
    CHECK(r.passed);
    CHECK_FALSE(r.all_zero);
}

TEST_CASE("LayerNorm: each row comes out with mean 0 and spread 1 before gamma and beta, whatever the batch") {
    mlp::LayerNorm ln(8);
    const Tensor x = random_tensor(3, 8, 5, -10.0, 40.0);
    const Tensor y = ln.forward(x);
    for (std::size_t n = 0; n < 3; ++n) {
        double mean = 0.0, var = 0.0;
        for (std::size_t j = 0; j < 8; ++j) mean += y(n, j) / 8.0;
        for (std::size_t j = 0; j < 8; ++j) var += (y(n, j) - mean) * (y(n, j) - mean) / 8.0;
        CHECK(std::abs(mean) < 1e-12);
        CHECK(var == doctest::Approx(1.0).epsilon(1e-6));
    }
    // One row on its own gives what it gave inside the batch: rows do not see each other.
    Tensor row(1, 8);
    for (std::size_t j = 0; j < 8; ++j) row(0, j) = x(1, j);
    const Tensor y1 = ln.forward(row);
    for (std::size_t j = 0; j < 8; ++j) CHECK(y1(0, j) == y(1, j));
}

TEST_CASE("LayerNorm: misuse throws a message naming what was expected and what came") {
    mlp::LayerNorm ln(3);
    CHECK_THROWS_WITH_AS(ln.forward(Tensor(2, 4)), "LayerNorm::forward: expected input with 3 columns and at least one row, got (2, 4)",
                         std::invalid_argument);
    ln.forward(Tensor(2, 3));
    CHECK_THROWS_AS(ln.backward(Tensor(3, 3)), std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_layer("layer_norm:3,-1"), "LayerNorm: expected eps > 0, got -1", std::invalid_argument);
    CHECK_THROWS_AS(mlp::make_layer("layer_norm"), std::invalid_argument);
    CHECK_THROWS_AS(mlp::make_layer("layer_norm:2.5"), std::invalid_argument);
}

TEST_CASE("LayerNorm: saved and loaded, a model predicts bit for bit what it did") {
    mlp::Rng rng(3);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 4, rng);
    model.add(mlp::make_layer("layer_norm:4,0.001"));
    model.emplace<mlp::Dense>(4, 1, rng);
    auto& ln = dynamic_cast<mlp::LayerNorm&>(model[1]);
    ln.gamma = random_tensor(1, 4, 1);
    ln.beta = random_tensor(1, 4, 2);
    const Tensor x = random_tensor(6, 2, 3);
    const Tensor before = model.forward(x);
    const std::string text = mlp::model_to_string(model);
    CHECK(text.find("layer layer_norm:4,0.001\ngamma 1 4\n") != std::string::npos);
    mlp::Sequential loaded = mlp::load_model_from_string(text);
    CHECK(loaded.forward(x) == before);
}
