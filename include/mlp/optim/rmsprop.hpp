// SPDX-License-Identifier: MIT
// rmsprop.hpp: RMSprop (Hinton, Coursera lecture 6e, 2012): divide the gradient by a running
// root mean square of its recent values.
#pragma once

#include "mlp/optim/optimizer.hpp"

namespace mlp {

// Fields in torch.optim.RMSprop's order, with its defaults.
struct RMSpropOptions {
    double lr = 1e-2;
    double alpha = 0.99;  // decay of the running mean of g^2
    double eps = 1e-8;
    double weight_decay = 0.0;
    double momentum = 0.0;
    bool centered = false;
};

// torch.optim.RMSprop as PyTorch 1.13 computes it, for parameter p with gradient g:
//   g    = g + weight_decay * p
//   s    = alpha s + (1 - alpha) g^2             s starts at 0
//   a    = alpha a + (1 - alpha) g               centered only (a starts at 0)
//   d    = sqrt(s - a^2) + eps  if centered,  sqrt(s) + eps  otherwise
//   b    = momentum b + g / d,   p = p - lr b    if momentum > 0 (b starts at 0)
//   p    = p - lr g / d                          otherwise
// Where PyTorch differs from the lecture (and from TensorFlow): eps is added outside the square
// root, and there is no bias correction, so the first steps are large (s starts at 0: the first
// step is lr g / (sqrt(1 - alpha) |g|), ten times lr with alpha = 0.99). The centred variant is
// Graves (2013). State per parameter: "square_avg" (s), "momentum_buffer" (b, momentum > 0),
// "grad_avg" (a, centered).
class RMSprop : public Optimizer {
public:
    RMSprop(std::vector<Param> params, RMSpropOptions options);

    const RMSpropOptions& options() const { return options_; }  // lr as constructed; lr() is current
    std::string name() const override { return "rmsprop"; }
    std::vector<Setting> settings() const override;
    std::vector<std::string> state_names() const override;
    std::vector<std::string> non_negative_state() const override { return {"square_avg"}; }

protected:
    void update(std::size_t i, Tensor& p, const Tensor& grad) override;

private:
    RMSpropOptions options_;
};

}  // namespace mlp
