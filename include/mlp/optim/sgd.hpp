// sgd.hpp: stochastic gradient descent with momentum, dampening, weight decay and Nesterov.
#pragma once

#include <vector>

#include "mlp/nn/layer.hpp"

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
// (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html)
class SGD {
public:
    SGD(std::vector<Param> params, SGDOptions options);

    void step();       // apply the rule above once to every parameter
    void zero_grad();  // set every gradient to 0 (backward adds into them)

    const SGDOptions& options() const { return options_; }
    void set_lr(double lr);
    const std::vector<Param>& params() const { return params_; }
    // Momentum buffers, one per parameter, empty until the first step (for checkpoints).
    std::vector<Tensor>& momentum_buffers() { return buffers_; }
    long steps() const { return steps_; }
    void set_steps(long steps);  // steps >= 0 (a checkpoint restores it)

private:
    std::vector<Param> params_;
    SGDOptions options_;
    std::vector<Tensor> buffers_;  // b for each parameter, same shape as it
    long steps_ = 0;
};

}  // namespace mlp
