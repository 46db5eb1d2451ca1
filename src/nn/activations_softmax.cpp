// SPDX-License-Identifier: MIT
// activations_softmax.cpp: row-wise Softmax and LogSoftmax, stable for large logits.
#include "mlp/nn/activations_softmax.hpp"

#include <algorithm>
#include <cmath>

#include "mlp/core/math.hpp"

namespace mlp {

// y[n][j] = exp(x[n][j] - m) / sum_j' exp(x[n][j'] - m),  m = max_j x[n][j]   (math.hpp)
// x: (N, F) -> y: (N, F), each row sums to 1
const Tensor& Softmax::forward(const Tensor& x) {
    start_forward(x);
    softmax_rows(x, y_);
    return y_;
}

// dy_j/dx_i = y_j ([i == j] - y_i), so dx[n][i] = y[n][i] (dy[n][i] - sum_j dy[n][j] y[n][j])
// uses the cached output y_
const Tensor& Softmax::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t n = 0; n < dy.rows(); ++n) {
        double dot = 0.0;
        for (std::size_t j = 0; j < dy.cols(); ++j) dot += dy(n, j) * y_(n, j);
        for (std::size_t i = 0; i < dy.cols(); ++i) dx_(n, i) = y_(n, i) * (dy(n, i) - dot);
    }
    return dx_;
}

// y[n][j] = x[n][j] - log sum_j' exp(x[n][j'])       (log_sum_exp_row: math.hpp)
const Tensor& LogSoftmax::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t n = 0; n < x.rows(); ++n) {
        const double lse = log_sum_exp_row(x, n);
        for (std::size_t j = 0; j < x.cols(); ++j) y_(n, j) = x(n, j) - lse;
    }
    return y_;
}

// dy_j/dx_i = [i == j] - softmax_i, so dx[n][i] = dy[n][i] - exp(y[n][i]) sum_j dy[n][j]
// uses the cached output y_ (exp(y) is the softmax)
const Tensor& LogSoftmax::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t n = 0; n < dy.rows(); ++n) {
        double sum = 0.0;
        for (std::size_t j = 0; j < dy.cols(); ++j) sum += dy(n, j);
        for (std::size_t i = 0; i < dy.cols(); ++i) dx_(n, i) = dy(n, i) - std::exp(y_(n, i)) * sum;
    }
    return dx_;
}

}  // namespace mlp
