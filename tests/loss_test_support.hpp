// SPDX-License-Identifier: MIT
// loss_test_support.hpp: a registry loss against the PyTorch cases of a fixture in loss_torch.txt's
// format, and random tensors (tests/test_multi_margin_loss.cpp, test_huber_loss.cpp, test_l1_loss.cpp).
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "fixtures.hpp"
#include "mlp/core/rng.hpp"
#include "mlp/nn/loss_registry.hpp"

namespace loss_tests {

inline mlp::Tensor tensor(std::size_t rows, std::size_t cols, const std::vector<double>& values) {
    REQUIRE(values.size() == rows * cols);
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < values.size(); ++k) t[k] = values[k];
    return t;
}

inline mlp::Tensor random_tensor(std::size_t rows, std::size_t cols, mlp::Rng& rng, double lo, double hi) {
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform(lo, hi);
    return t;
}

// Checks make_loss(name)'s value and dL/dpred on every case of `fixture` named `name`, to 1e-12
// relative (exact zeros of PyTorch's gradient must be exact zeros here). Returns how many cases.
inline int check_against_torch(const std::string& name, const std::string& fixture) {
    int cases = 0;
    for (const std::string& line : fixtures::lines(fixture)) {
        const auto f = fixtures::split(line, ';');
        REQUIRE(f.size() == 8);
        if (f[0] != name) continue;
        CAPTURE(line);
        ++cases;
        const std::size_t rows = std::stoul(f[1]), cols = std::stoul(f[2]), tcols = std::stoul(f[3]);
        auto loss = mlp::make_loss(name);
        const double value = loss->forward(tensor(rows, cols, fixtures::numbers(f[4])),
                                           tensor(rows, tcols, fixtures::numbers(f[5])));
        CHECK(fixtures::relative_difference(value, std::stod(f[6])) < 1e-12);
        const mlp::Tensor& grad = loss->backward();
        const std::vector<double> expected = fixtures::numbers(f[7]);
        REQUIRE(grad.size() == expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k) {
            CAPTURE(k);
            CHECK(fixtures::relative_difference(grad[k], expected[k]) < 1e-12);
        }
    }
    return cases;
}

}  // namespace loss_tests
