// SPDX-License-Identifier: MIT
// adamw.hpp: AdamW (Loshchilov & Hutter, 2019): Adam with the weight decay taken out of the
// gradient and applied to the weights directly.
#pragma once

#include "mlp/optim/adam.hpp"

namespace mlp {

// Fields in torch.optim.AdamW's order, with its defaults (note weight_decay = 1e-2, not 0).
struct AdamWOptions {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 1e-2;
    bool amsgrad = false;
};

// torch.optim.AdamW as PyTorch 1.13 computes it, at step t (1, 2, ...):
//   p     = p (1 - lr * weight_decay)            decoupled: before, and apart from, the gradient
//   m     = beta1 m + (1 - beta1) g
//   v     = beta2 v + (1 - beta2) g^2
//   vmax  = max(vmax, v)                         amsgrad only; then vmax replaces v below
//   p     = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// Where PyTorch differs from the paper: the paper scales the decay by a schedule multiplier
// eta_t alone (p = p - eta_t lambda p), PyTorch by the learning rate (lr * weight_decay), so
// with the default 1e-2 and lr 1e-3 a weight shrinks by 1e-5 per step. Same state as Adam.
class AdamW : public Adam {
public:
    AdamW(std::vector<Param> params, AdamWOptions options);
    std::string name() const override { return "adamw"; }
};

}  // namespace mlp
