// SPDX-License-Identifier: MIT
// adam.cpp: torch.optim.Adam's (and AdamW's) rule, written out in PyTorch 1.13's order of
// operations, so the numbers agree with it to the last few bits.
#include "mlp/optim/adam.hpp"

#include <algorithm>
#include <cmath>

namespace mlp {

Adam::Adam(std::vector<Param> params, AdamOptions options) : Adam(std::move(params), options, "Adam", false) {}

Adam::Adam(std::vector<Param> params, AdamOptions options, const char* who, bool decoupled_decay)
    : Optimizer(std::move(params), options.lr, who), options_(options), decoupled_decay_(decoupled_decay) {
    require(options.beta1 >= 0.0 && options.beta1 < 1.0, "beta1", "in [0, 1)", options.beta1);
    require(options.beta2 >= 0.0 && options.beta2 < 1.0, "beta2", "in [0, 1)", options.beta2);
    require_non_negative("eps", options.eps);
    require_non_negative("weight_decay", options.weight_decay);
}

std::vector<Setting> Adam::settings() const {
    return {{"beta1", options_.beta1},
            {"beta2", options_.beta2},
            {"eps", options_.eps},
            {"weight_decay", options_.weight_decay},
            {"amsgrad", options_.amsgrad ? 1.0 : 0.0}};
}

std::vector<std::string> Adam::state_names() const { return {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}; }

void Adam::update(std::size_t i, Tensor& p, const Tensor& grad) {
    const AdamOptions o = options_;
    const double lr = this->lr();
    Tensor& m = buffer(0)[i];
    Tensor& v = buffer(1)[i];
    Tensor& vmax = buffer(2)[i];
    if (m.empty()) m = Tensor(p.rows(), p.cols());  // zeros
    if (v.empty()) v = Tensor(p.rows(), p.cols());
    if (o.amsgrad && vmax.empty()) vmax = Tensor(p.rows(), p.cols());

    const double t = static_cast<double>(steps());
    const double step_size = lr / (1.0 - std::pow(o.beta1, t));               // lr / (1 - beta1^t)
    const double bias_correction2_sqrt = std::sqrt(1.0 - std::pow(o.beta2, t));  // sqrt(1 - beta2^t)
    for (std::size_t k = 0; k < p.size(); ++k) {
        double g = grad[k];
        if (decoupled_decay_) {
            p[k] *= 1.0 - lr * o.weight_decay;  // AdamW: decay the weight itself
        } else if (o.weight_decay != 0.0) {
            g = g + o.weight_decay * p[k];  // Adam: L2 through the gradient
        }
        m[k] = m[k] * o.beta1 + (1.0 - o.beta1) * g;
        v[k] = v[k] * o.beta2 + (1.0 - o.beta2) * g * g;
        double second = v[k];
        if (o.amsgrad) {
            vmax[k] = std::max(vmax[k], v[k]);
            second = vmax[k];
        }
        const double denom = std::sqrt(second) / bias_correction2_sqrt + o.eps;
        p[k] += -step_size * (m[k] / denom);
    }
}

}  // namespace mlp
