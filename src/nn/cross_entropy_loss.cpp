// SPDX-License-Identifier: MIT
// cross_entropy_loss.cpp: softmax cross-entropy over C classes, forward and backward.
#include "mlp/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "loss_support.hpp"
#include "mlp/core/math.hpp"

namespace mlp {

// ---------------------------------------------------------------------------------------------
// CrossEntropyLoss
// ---------------------------------------------------------------------------------------------

// Checks that target is (N, 1) beside logits (N, C) with N > 0, or throws.
void check_class_targets(const char* who, const Tensor& pred, const Tensor& target) {
    if (pred.empty()) throw std::invalid_argument(std::string(who) + ": expected non-empty logits, got " + pred.shape());
    if (target.rows() != pred.rows() || target.cols() != 1) {
        throw std::invalid_argument(std::string(who) + ": expected target of shape (" +
                                    std::to_string(pred.rows()) +
                                    ", 1) holding class indices, got " + target.shape());
    }
}

// Reads target[n] as a class index below C, or throws naming the bad row.
std::size_t class_at(const char* who, const Tensor& pred, const Tensor& target, std::size_t n) {
    const double t = target(n, 0);
    if (!(t >= 0.0 && t < static_cast<double>(pred.cols()) && t == std::floor(t))) {
        throw std::invalid_argument(std::string(who) + ": expected a class index in 0.." +
                                    std::to_string(pred.cols() - 1) + " at row " +
                                    std::to_string(n) + ", got " + std::to_string(t));
    }
    return static_cast<std::size_t>(t);
}

// softmax[n][c] = exp(z[n][c] - m) / sum_c' exp(z[n][c'] - m),  m = max_c z[n][c]
// L = (1 / N) sum_n [ log sum_c exp(z[n][c]) - z[n][target[n]] ]      (math.hpp, stable)
double CrossEntropyLoss::forward(const Tensor& pred, const Tensor& target) {
    check_class_targets("CrossEntropyLoss::forward", pred, target);
    class_.resize(pred.rows());
    for (std::size_t n = 0; n < pred.rows(); ++n) class_[n] = class_index(*this, "forward", target, n, pred.cols());
    softmax_rows(pred, softmax_);
    double sum = 0.0;
    for (std::size_t n = 0; n < pred.rows(); ++n) sum += log_sum_exp_row(pred, n) - pred(n, class_[n]);
    return sum / static_cast<double>(pred.rows());
}

// dz[n][c] = (softmax[n][c] - [c == target[n]]) / N      uses the cached softmax_
const Tensor& CrossEntropyLoss::backward() {
    check_called("CrossEntropyLoss::backward", softmax_);
    dpred_.resize(softmax_.rows(), softmax_.cols());
    const double scale = 1.0 / static_cast<double>(softmax_.rows());
    for (std::size_t n = 0; n < softmax_.rows(); ++n)
        for (std::size_t c = 0; c < softmax_.cols(); ++c)
            dpred_(n, c) = scale * (softmax_(n, c) - (c == class_[n] ? 1.0 : 0.0));
    return dpred_;
}

void CrossEntropyLoss::probabilities(const Tensor& pred, Tensor& p) const { softmax_rows(pred, p); }

// ln C: every class 1/C
Loss::Baseline CrossEntropyLoss::baseline(const Tensor& pred, const Tensor&) const {
    const std::string C = std::to_string(pred.cols());
    return {std::log(static_cast<double>(pred.cols())),
            "ln(C) = ln(" + C + "): logits near 0 give each of the " + C + " classes 1/" + C};
}

}  // namespace mlp
