// SPDX-License-Identifier: MIT
// checkpoint_test_support.hpp: the small model and data the checkpoint tests train and resume
// (tests/test_checkpoint.cpp, tests/test_checkpoint_trust.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

#include "mlp/core/rng.hpp"
#include "mlp/core/tensor.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/sequential.hpp"

namespace checkpoint_tests {

// Dense, PReLU (a learned slope the optimizer also carries state for), Dense:
// parameters dense0.W, dense0.b, prelu1.a, dense2.W, dense2.b.
inline mlp::Sequential model_for(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 6, rng);
    model.emplace<mlp::PReLU>(6);
    model.emplace<mlp::Dense>(6, 1, rng);
    return model;
}

// n points in [-1, 1]^2, labelled 1 where x0 * x1 > 0 (XOR by quadrant).
inline void toy_data(mlp::Tensor& x, mlp::Tensor& y, std::size_t n, std::uint32_t seed = 99) {
    mlp::Rng rng(seed);
    x = mlp::Tensor(n, 2);
    y = mlp::Tensor(n, 1);
    for (std::size_t i = 0; i < n; ++i) {
        x(i, 0) = rng.uniform(-1, 1);
        x(i, 1) = rng.uniform(-1, 1);
        y(i, 0) = x(i, 0) * x(i, 1) > 0 ? 1.0 : 0.0;
    }
}

}  // namespace checkpoint_tests
