// SPDX-License-Identifier: MIT
// shape_checks.hpp (private to src/): the shape checks shared by the named, blocked and reference
// matrix products (kernels.cpp, blocked.cpp), so all of them throw the same messages. Each
// throws std::invalid_argument("<kernel>: expected ..., got ...").
#pragma once

#include "mlp/core/tensor.hpp"

namespace mlp::detail {

void check_matmul(const char* kernel, const Tensor& A, const Tensor& B);
void check_matmul_at_b_add(const char* kernel, const Tensor& A, const Tensor& B, const Tensor& C);
void check_matmul_a_bt(const char* kernel, const Tensor& A, const Tensor& B);

}  // namespace mlp::detail
