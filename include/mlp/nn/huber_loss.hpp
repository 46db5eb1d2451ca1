// SPDX-License-Identifier: MIT
// huber_loss.hpp: the Huber loss (Huber 1964; PyTorch's nn.HuberLoss, delta = 1): squared for
// small errors, linear for large ones, so an outlier pulls with a bounded force.
#pragma once

#include <string>

#include "mlp/nn/loss.hpp"

namespace mlp {

// d = pred - target, pred and target: (N, F)
//   l(d) = d^2 / 2                   where |d| < delta
//          delta (|d| - delta / 2)   elsewhere
//   L = mean over the N F elements of l(d)
// Outputs are values, read as classes the way MSELoss reads them (its accuracy, probabilities
// and decision are inherited).
class HuberLoss : public MSELoss {
public:
    explicit HuberLoss(double delta = 1.0);
    double forward(const Tensor& pred, const Tensor& target) override;
    const Tensor& backward() override;
    std::string name() const override { return "HuberLoss"; }
    Baseline baseline(const Tensor& pred, const Tensor& target) const override;

private:
    double delta_;
    Tensor d_;      // (N, F) pred - target
    Tensor dpred_;  // (N, F)
};

}  // namespace mlp
