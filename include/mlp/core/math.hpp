// SPDX-License-Identifier: MIT
// math.hpp: the few numerically delicate scalar and row functions, each written once, with the
// reason it is stable, and called everywhere (layers, losses, plots).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "mlp/core/tensor.hpp"

namespace mlp {

// sigmoid(x) = 1 / (1 + exp(-x)), written so exp() only ever sees a non-positive argument:
// for x < 0 the equal form exp(x) / (1 + exp(x)) cannot overflow at x = -1000 (the naive
// form gives exp(1000) = inf there, and inf / inf = NaN in derived formulas).
inline double sigmoid(double x) {
    if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
}

// softplus(x) = log(1 + exp(x)), written as max(x, 0) + log1p(exp(-|x|)): exp() never
// overflows, and log1p keeps the digits that log(1 + tiny) would round away for x << 0.
inline double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

// Largest element of row n.
double row_max(const Tensor& x, std::size_t n);

// log sum_j exp(x[n][j]), computed as m + log sum_j exp(x[n][j] - m) with m the row's max:
// every exp() argument is then <= 0, so logits of +-1000 neither overflow nor all underflow.
double log_sum_exp_row(const Tensor& x, std::size_t n);

// y[n][j] = exp(x[n][j] - m) / sum_j' exp(x[n][j'] - m), m = max_j x[n][j], for every row.
// Subtracting the row max changes nothing mathematically and keeps exp() from overflowing.
// y is resized to x's shape.            x: (N, C)  ->  y: (N, C), each row sums to 1
void softmax_rows(const Tensor& x, Tensor& y);

}  // namespace mlp
