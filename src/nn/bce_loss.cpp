// SPDX-License-Identifier: MIT
// bce_loss.cpp: binary cross-entropy on probabilities and on logits, forward and backward.
#include "mlp/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "loss_support.hpp"
#include "mlp/core/math.hpp"

namespace mlp {

// ---------------------------------------------------------------------------------------------
// BCELoss
// ---------------------------------------------------------------------------------------------

// L = -(1 / (N F)) sum_k [ t log p + (1 - t) log(1 - p) ], each log clamped at -100
double BCELoss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("BCELoss::forward", pred, target);
    check_probabilities("BCELoss::forward", "probabilities (pred)", pred);
    check_probabilities("BCELoss::forward", "targets", target);
    p_ = pred;
    t_ = target;
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        const double log_p = std::max(std::log(pred[k]), -100.0);
        const double log_1mp = std::max(std::log1p(-pred[k]), -100.0);
        sum -= target[k] * log_p + (1.0 - target[k]) * log_1mp;
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = (p - t) / (p (1 - p)) / (N F), with p (1 - p) kept at least epsilon as PyTorch
// does, so a saturated p gives a large but finite gradient.   uses the cached p_ and t_
// PyTorch's epsilon is the float 1e-12 (binary_cross_entropy_backward in ATen's Loss.cpp),
// which is 9.9999998e-13 as a double; using the same number keeps the gradients identical.
const Tensor& BCELoss::backward() {
    constexpr double kEpsilon = static_cast<double>(1e-12f);
    check_called("BCELoss::backward", p_);
    dpred_.resize(p_.rows(), p_.cols());
    const double scale = 1.0 / static_cast<double>(p_.size());
    for (std::size_t k = 0; k < p_.size(); ++k) {
        const double denom = std::max(p_[k] * (1.0 - p_[k]), kEpsilon);
        dpred_[k] = scale * (p_[k] - t_[k]) / denom;
    }
    return dpred_;
}

// p1 = pred (one column), as MSELoss reads its outputs
void BCELoss::probabilities(const Tensor& pred, Tensor& p) const {
    output_probabilities("BCELoss::probabilities", pred, p, clipped);
}

// ---------------------------------------------------------------------------------------------
// BCEWithLogitsLoss
// ---------------------------------------------------------------------------------------------

// L = (1 / (N F)) sum_k [ softplus(x) - x t ],  softplus(x) = max(x, 0) + log1p(exp(-|x|))
double BCEWithLogitsLoss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("BCEWithLogitsLoss::forward", pred, target);
    check_probabilities("BCEWithLogitsLoss::forward", "targets", target);
    x_ = pred;
    t_ = target;
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        const double x = pred[k];
        sum += softplus(x) - x * target[k];  // = max(x, 0) - x t + log1p(exp(-|x|))
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = (sigmoid(x) - t) / (N F)     uses the cached logits x_ and targets t_
const Tensor& BCEWithLogitsLoss::backward() {
    check_called("BCEWithLogitsLoss::backward", x_);
    dpred_.resize(x_.rows(), x_.cols());
    const double scale = 1.0 / static_cast<double>(x_.size());
    for (std::size_t k = 0; k < x_.size(); ++k) {
        dpred_[k] = scale * (sigmoid(x_[k]) - t_[k]);
    }
    return dpred_;
}

// p1 = sigmoid(x)
void BCEWithLogitsLoss::probabilities(const Tensor& pred, Tensor& p) const {
    output_probabilities("BCEWithLogitsLoss::probabilities", pred, p, logistic);
}

// ln 2: a probability of 1/2 for everything
Loss::Baseline BCELoss::baseline(const Tensor&, const Tensor&) const {
    return {std::log(2.0), "ln(2): a sigmoid of inputs near 0 gives every probability 1/2"};
}

Loss::Baseline BCEWithLogitsLoss::baseline(const Tensor&, const Tensor&) const {
    return {std::log(2.0), "ln(2): logits near 0 give every probability 1/2"};
}

}  // namespace mlp
