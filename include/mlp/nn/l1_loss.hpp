// SPDX-License-Identifier: MIT
// l1_loss.hpp: the mean absolute error (PyTorch's nn.L1Loss).
#pragma once

#include <string>

#include "mlp/nn/loss.hpp"

namespace mlp {

// L = mean over the N F elements of |pred - target|          pred, target: (N, F)
// Every error pulls with the same force whatever its size, so the minimiser is the median, not
// the mean. Outputs are values, read as classes the way MSELoss reads them (inherited).
class L1Loss : public MSELoss {
public:
    double forward(const Tensor& pred, const Tensor& target) override;
    const Tensor& backward() override;
    std::string name() const override { return "L1Loss"; }
    Baseline baseline(const Tensor& pred, const Tensor& target) const override;

private:
    Tensor d_;      // (N, F) pred - target
    Tensor dpred_;  // (N, F)
};

}  // namespace mlp
