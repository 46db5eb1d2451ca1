// SPDX-License-Identifier: MIT
// norm_test_support.hpp: what the BatchNorm1d and LayerNorm tests share: the PyTorch fixture
// (norm_torch.txt, tests/fixtures/make_norm_fixture.py), a closeness check at the reference's
// scale, and random tensors.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "mlp/core/rng.hpp"
#include "mlp/core/tensor.hpp"

namespace norm_tests {

// norm_torch.txt as "case;step;what" -> tensor.
inline std::map<std::string, mlp::Tensor> torch_fixture() {
    std::map<std::string, mlp::Tensor> out;
    for (const std::string& line : fixtures::lines("norm_torch.txt")) {
        const auto f = fixtures::split(line, ';');
        REQUIRE(f.size() == 6);
        mlp::Tensor t(std::stoul(f[3]), std::stoul(f[4]));
        const std::vector<double> values = fixtures::numbers(f[5]);
        REQUIRE(values.size() == t.size());
        for (std::size_t k = 0; k < t.size(); ++k) t[k] = values[k];
        out[f[0] + ";" + f[1] + ";" + f[2]] = t;
    }
    return out;
}

// Every element within 1e-12 of the reference, relative to the reference's largest element (an
// element near 0 that comes from cancellation is compared at the tensor's scale).
inline void check_close(const mlp::Tensor& got, const mlp::Tensor& want, const std::string& what) {
    CAPTURE(what);
    REQUIRE(got.rows() == want.rows());
    REQUIRE(got.cols() == want.cols());
    double scale = 0.0;
    for (std::size_t k = 0; k < want.size(); ++k) scale = std::max(scale, std::abs(want[k]));
    REQUIRE(scale > 0.0);
    for (std::size_t k = 0; k < want.size(); ++k) {
        CAPTURE(k);
        CHECK(std::abs(got[k] - want[k]) <= 1e-12 * scale);
    }
}

inline mlp::Tensor random_tensor(std::size_t rows, std::size_t cols, std::uint32_t seed, double lo = -2.0,
                                 double hi = 2.0) {
    mlp::Rng rng(seed);
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform(lo, hi);
    return t;
}

}  // namespace norm_tests
