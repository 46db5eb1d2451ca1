// SPDX-License-Identifier: MIT
// adagrad.hpp: Adagrad (Duchi, Hazan & Singer, 2011): each element's step shrinks with the sum
// of all its squared gradients so far.
#pragma once

#include "mlp/optim/optimizer.hpp"

namespace mlp {

// Fields in torch.optim.Adagrad's order, with its defaults.
struct AdagradOptions {
    double lr = 1e-2;
    double lr_decay = 0.0;
    double weight_decay = 0.0;
    double initial_accumulator_value = 0.0;
    double eps = 1e-10;
};

// torch.optim.Adagrad as PyTorch 1.13 computes it, for parameter p with gradient g at step t:
//   g    = g + weight_decay * p
//   clr  = lr / (1 + (t - 1) lr_decay)            the learning rate decayed by the step count
//   S    = S + g^2                                S starts at initial_accumulator_value
//   p    = p - clr g / (sqrt(S) + eps)
// Where PyTorch differs from the paper: the paper's diagonal update has no eps (it adds a delta
// inside the square root only in the regret bound's version), no learning-rate decay and no
// initial accumulator: all three are PyTorch's additions. State per parameter: "sum" (S).
class Adagrad : public Optimizer {
public:
    Adagrad(std::vector<Param> params, AdagradOptions options);

    const AdagradOptions& options() const { return options_; }  // lr as constructed; lr() is current
    std::string name() const override { return "adagrad"; }
    std::vector<Setting> settings() const override;
    std::vector<std::string> state_names() const override { return {"sum"}; }
    std::vector<std::string> non_negative_state() const override { return {"sum"}; }

protected:
    void update(std::size_t i, Tensor& p, const Tensor& grad) override;

private:
    AdagradOptions options_;
};

}  // namespace mlp
