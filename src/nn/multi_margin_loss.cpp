// SPDX-License-Identifier: MIT
// multi_margin_loss.cpp: the multiclass hinge loss forward and backward.
#include "mlp/nn/multi_margin_loss.hpp"

#include "mlp/core/math.hpp"

namespace mlp {

// L = (1 / N) sum_n (1 / C) sum_{i != y} max(0, margin - x[n][y] + x[n][i]),   y = target[n]
double MultiMarginLoss::forward(const Tensor& pred, const Tensor& target) {
    check_class_targets("MultiMarginLoss::forward", pred, target);
    const std::size_t N = pred.rows(), C = pred.cols();
    class_.resize(N);
    for (std::size_t n = 0; n < N; ++n) class_[n] = class_at("MultiMarginLoss::forward", pred, target, n);
    x_ = pred;
    double sum = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        const std::size_t y = class_[n];
        for (std::size_t i = 0; i < C; ++i) {
            if (i == y) continue;
            const double z = margin_ - x_(n, y) + x_(n, i);
            if (z > 0.0) sum += z;
        }
    }
    return sum / static_cast<double>(C) / static_cast<double>(N);
}

// For each wrong class i whose margin is violated (z = margin - x[n][y] + x[n][i] > 0):
//   dx[n][i] += 1 / (N C),   dx[n][y] -= 1 / (N C)
// Every other element's derivative is 0; at z = 0 exactly the hinge's kink takes the flat side,
// as PyTorch does.   uses the cached scores x_ and classes class_
const Tensor& MultiMarginLoss::backward() {
    check_called("MultiMarginLoss::backward", x_);
    const std::size_t N = x_.rows(), C = x_.cols();
    dpred_.resize(N, C);
    dpred_.fill(0.0);
    const double g = 1.0 / static_cast<double>(C) / static_cast<double>(N);
    for (std::size_t n = 0; n < N; ++n) {
        const std::size_t y = class_[n];
        for (std::size_t i = 0; i < C; ++i) {
            if (i == y || margin_ - x_(n, y) + x_(n, i) <= 0.0) continue;
            dpred_(n, i) += g;
            dpred_(n, y) -= g;
        }
    }
    return dpred_;
}

void MultiMarginLoss::probabilities(const Tensor& pred, Tensor& p) const { softmax_rows(pred, p); }

// Scores near 0: each of the C - 1 wrong classes costs the whole margin, divided by C.
Loss::Baseline MultiMarginLoss::baseline(const Tensor& pred, const Tensor&) const {
    const double C = static_cast<double>(pred.cols());
    return {margin_ * (C - 1.0) / C, "margin (C - 1) / C: scores near 0 leave every wrong class a whole margin short"};
}

}  // namespace mlp
