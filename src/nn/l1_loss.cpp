// SPDX-License-Identifier: MIT
// l1_loss.cpp: the mean absolute error forward and backward.
#include "mlp/nn/l1_loss.hpp"

#include <cmath>

namespace mlp {

// L = (1 / (N F)) sum_k |pred[k] - target[k]|
double L1Loss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("L1Loss::forward", pred, target);
    d_.resize(pred.rows(), pred.cols());
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        d_[k] = pred[k] - target[k];
        sum += std::abs(d_[k]);
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = sign(d[k]) / (N F), with sign(0) = 0 at the kink, as PyTorch
// uses the cached difference d_
const Tensor& L1Loss::backward() {
    check_called("L1Loss::backward", d_);
    dpred_.resize(d_.rows(), d_.cols());
    const double scale = 1.0 / static_cast<double>(d_.size());
    for (std::size_t k = 0; k < d_.size(); ++k) dpred_[k] = scale * (d_[k] > 0.0 ? 1.0 : (d_[k] < 0.0 ? -1.0 : 0.0));
    return dpred_;
}

// mean |y|: the loss of predicting 0
Loss::Baseline L1Loss::baseline(const Tensor&, const Tensor& target) const {
    double sum = 0.0;
    for (std::size_t k = 0; k < target.size(); ++k) sum += std::abs(target[k]);
    return {target.empty() ? 0.0 : sum / static_cast<double>(target.size()), "mean(|y|): the loss of outputs near 0"};
}

}  // namespace mlp
