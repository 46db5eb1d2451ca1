// SPDX-License-Identifier: MIT
// math.cpp: the row functions of math.hpp (softmax and log-sum-exp, stable for large logits).
#include "mlp/core/math.hpp"

namespace mlp {

double row_max(const Tensor& x, std::size_t n) {
    double m = x(n, 0);
    for (std::size_t j = 1; j < x.cols(); ++j) m = std::max(m, x(n, j));
    return m;
}

double log_sum_exp_row(const Tensor& x, std::size_t n) {
    const double m = row_max(x, n);
    double sum = 0.0;
    for (std::size_t j = 0; j < x.cols(); ++j) sum += std::exp(x(n, j) - m);
    return m + std::log(sum);
}

void softmax_rows(const Tensor& x, Tensor& y) {
    y.resize(x.rows(), x.cols());
    for (std::size_t n = 0; n < x.rows(); ++n) {
        const double m = row_max(x, n);
        double sum = 0.0;
        for (std::size_t j = 0; j < x.cols(); ++j) sum += y(n, j) = std::exp(x(n, j) - m);
        for (std::size_t j = 0; j < x.cols(); ++j) y(n, j) /= sum;
    }
}

}  // namespace mlp
