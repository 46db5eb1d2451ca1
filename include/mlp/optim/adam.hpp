// SPDX-License-Identifier: MIT
// adam.hpp: Adam (Kingma & Ba, 2015): momentum on the gradient and a per-element step size from
// the running mean of its square, both corrected for starting at zero.
#pragma once

#include "mlp/optim/optimizer.hpp"

namespace mlp {

// Fields in torch.optim.Adam's order, with its defaults.
struct AdamOptions {
    double lr = 1e-3;
    double beta1 = 0.9;    // decay of the gradient's running mean m
    double beta2 = 0.999;  // decay of the squared gradient's running mean v
    double eps = 1e-8;
    double weight_decay = 0.0;  // L2: lambda p joins the gradient
    bool amsgrad = false;
};

// torch.optim.Adam as PyTorch 1.13 computes it, for parameter p with gradient g at step t (1, 2, ...):
//   g     = g + weight_decay * p                  (L2, through the gradient)
//   m     = beta1 m + (1 - beta1) g               m, v start at 0
//   v     = beta2 v + (1 - beta2) g^2
//   vmax  = max(vmax, v)                          amsgrad only; then vmax replaces v below
//   p     = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// Where PyTorch differs from the paper: the paper adds eps to sqrt(v_hat), the bias-corrected
// v, and so does this; but its Algorithm 1 corrects m and v separately, while PyTorch folds the
// correction of m into the step size, which is the same number up to rounding. amsgrad (Reddi
// et al., 2018) keeps the maximum of the uncorrected v and then bias-corrects it, which the
// paper does not. State per parameter: "exp_avg" (m), "exp_avg_sq" (v), "max_exp_avg_sq" (vmax,
// amsgrad only).
class Adam : public Optimizer {
public:
    Adam(std::vector<Param> params, AdamOptions options);

    const AdamOptions& options() const { return options_; }  // lr as constructed; lr() is current
    std::string name() const override { return "adam"; }
    std::vector<Setting> settings() const override;
    std::vector<std::string> state_names() const override;
    std::vector<std::string> non_negative_state() const override { return {"exp_avg_sq", "max_exp_avg_sq"}; }

protected:
    // AdamW's constructor: the same rule with the weight decay taken out of the gradient.
    Adam(std::vector<Param> params, AdamOptions options, const char* who, bool decoupled_decay);
    void update(std::size_t i, Tensor& p, const Tensor& grad) override;

private:
    AdamOptions options_;
    bool decoupled_decay_ = false;  // AdamW: p = p (1 - lr weight_decay) instead of L2
};

}  // namespace mlp
