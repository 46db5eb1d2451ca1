// SPDX-License-Identifier: MIT
// sgd.hpp: stochastic gradient descent with momentum, dampening, weight decay and Nesterov.
#pragma once

#include <vector>

#include "mlp/optim/optimizer.hpp"

namespace mlp {

// Fields in torch.optim.SGD's order; all but lr default to PyTorch's defaults.
struct SGDOptions {
    double lr = 0.0;            // learning rate, must be > 0
    double momentum = 0.0;      // mu
    double dampening = 0.0;     // tau
    double weight_decay = 0.0;  // lambda (L2 penalty added to the gradient)
    bool nesterov = false;
};

// torch.optim.SGD's update rule, step by step, for every parameter p with gradient g:
//   g = g + weight_decay * p                         (weight decay joins the gradient)
//   if momentum != 0:
//       b = g                                on the first step (the buffer starts as g)
//       b = momentum * b + (1 - dampening) * g   on every later step
//       g = g + momentum * b     if nesterov
//       g = b                    otherwise
//   p = p - lr * g
// (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html). Where PyTorch differs from
// Sutskever et al. (2013): the paper writes v = mu v - lr g, p = p + v, with lr inside the
// buffer; PyTorch keeps lr outside, so changing lr mid-run rescales the whole step at once.
// State per parameter: "momentum_buffer" (b), only when momentum != 0.
class SGD : public Optimizer {
public:
    SGD(std::vector<Param> params, SGDOptions options);

    // The options, with lr as it is now (a schedule may have changed it).
    SGDOptions options() const;
    // Momentum buffers, one per parameter, empty until the first step.
    std::vector<Tensor>& momentum_buffers() { return buffer(0); }

    std::string name() const override { return "sgd"; }
    std::vector<Setting> settings() const override;
    std::vector<std::string> state_names() const override;

protected:
    void update(std::size_t i, Tensor& p, const Tensor& grad) override;

private:
    SGDOptions options_;
};

}  // namespace mlp
