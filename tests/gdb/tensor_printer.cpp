// SPDX-License-Identifier: MIT
// tensor_printer.cpp: tensors of telling shapes for the gdb printer test (tensor_printer.gdb):
// a small one, one too big to show whole, an empty one. Built at -O0 -g3.
#include <cstdio>

#include "mlp/core/tensor.hpp"

// The test breaks here, so every tensor is constructed and filled.
void look_at(const mlp::Tensor& small, const mlp::Tensor& big, const mlp::Tensor& empty) {
    std::printf("%zu %zu %zu\n", small.size(), big.size(), empty.size());
}

int main() {
    const mlp::Tensor small = mlp::Tensor::from_rows({{1.5, -2.25}, {0.001, 1e-9}, {1000000, 0.593269992}});
    mlp::Tensor big(30, 20);
    for (std::size_t r = 0; r < big.rows(); ++r)
        for (std::size_t c = 0; c < big.cols(); ++c) big(r, c) = 100.0 * static_cast<double>(r) + static_cast<double>(c);
    const mlp::Tensor empty;
    look_at(small, big, empty);
    return 0;
}
