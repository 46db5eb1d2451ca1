// SPDX-License-Identifier: MIT
// huber_loss.cpp: the Huber loss forward and backward.
#include "mlp/nn/huber_loss.hpp"

#include <cmath>
#include <stdexcept>

#include "mlp/core/number_text.hpp"

namespace mlp {

namespace {
// l(d) = d^2 / 2 where |d| < delta, delta (|d| - delta / 2) elsewhere; both give delta^2 / 2 at
// |d| = delta, so the loss is continuous, and so is its slope.
double huber(double d, double delta) {
    const double a = std::abs(d);
    return a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
}
}  // namespace

HuberLoss::HuberLoss(double delta) : delta_(delta) {
    if (!(delta > 0.0) || !std::isfinite(delta))
        throw std::invalid_argument("HuberLoss: expected delta > 0, got " + format_number(delta));
}

// L = (1 / (N F)) sum_k l(pred[k] - target[k])
double HuberLoss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("HuberLoss::forward", pred, target);
    d_.resize(pred.rows(), pred.cols());
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        d_[k] = pred[k] - target[k];
        sum += huber(d_[k], delta_);
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = clamp(d[k], -delta, delta) / (N F):   l'(d) = d inside, delta sign(d) outside
// uses the cached difference d_
const Tensor& HuberLoss::backward() {
    check_called("HuberLoss::backward", d_);
    dpred_.resize(d_.rows(), d_.cols());
    const double scale = 1.0 / static_cast<double>(d_.size());
    for (std::size_t k = 0; k < d_.size(); ++k) {
        const double slope = d_[k] <= -delta_ ? -delta_ : (d_[k] >= delta_ ? delta_ : d_[k]);
        dpred_[k] = scale * slope;
    }
    return dpred_;
}

// mean l(y): the loss of predicting 0
Loss::Baseline HuberLoss::baseline(const Tensor&, const Tensor& target) const {
    double sum = 0.0;
    for (std::size_t k = 0; k < target.size(); ++k) sum += huber(target[k], delta_);
    return {target.empty() ? 0.0 : sum / static_cast<double>(target.size()), "mean(huber(y)): the loss of outputs near 0"};
}

}  // namespace mlp
