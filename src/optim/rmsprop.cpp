// SPDX-License-Identifier: MIT
// rmsprop.cpp: torch.optim.RMSprop's rule in PyTorch 1.13's order of operations.
#include "mlp/optim/rmsprop.hpp"

#include <cmath>

namespace mlp {

RMSprop::RMSprop(std::vector<Param> params, RMSpropOptions options)
    : Optimizer(std::move(params), options.lr, "RMSprop"), options_(options) {
    require_non_negative("alpha", options.alpha);
    require_non_negative("eps", options.eps);
    require_non_negative("weight_decay", options.weight_decay);
    require_non_negative("momentum", options.momentum);
}

std::vector<Setting> RMSprop::settings() const {
    return {{"alpha", options_.alpha},
            {"eps", options_.eps},
            {"weight_decay", options_.weight_decay},
            {"momentum", options_.momentum},
            {"centered", options_.centered ? 1.0 : 0.0}};
}

std::vector<std::string> RMSprop::state_names() const { return {"square_avg", "momentum_buffer", "grad_avg"}; }

void RMSprop::update(std::size_t i, Tensor& p, const Tensor& grad) {
    const RMSpropOptions o = options_;
    const double lr = this->lr();
    Tensor& s = buffer(0)[i];
    Tensor& b = buffer(1)[i];
    Tensor& a = buffer(2)[i];
    if (s.empty()) s = Tensor(p.rows(), p.cols());  // zeros
    if (o.momentum > 0.0 && b.empty()) b = Tensor(p.rows(), p.cols());
    if (o.centered && a.empty()) a = Tensor(p.rows(), p.cols());

    for (std::size_t k = 0; k < p.size(); ++k) {
        double g = grad[k];
        if (o.weight_decay != 0.0) g = g + o.weight_decay * p[k];
        s[k] = s[k] * o.alpha + (1.0 - o.alpha) * g * g;
        double d = 0.0;
        if (o.centered) {
            a[k] = a[k] * o.alpha + (1.0 - o.alpha) * g;
            d = std::sqrt(s[k] + -1.0 * a[k] * a[k]);  // the variance of g, not its second moment
        } else {
            d = std::sqrt(s[k]);
        }
        d = d + o.eps;
        if (o.momentum > 0.0) {
            b[k] = b[k] * o.momentum + g / d;
            p[k] += -lr * b[k];
        } else {
            p[k] += -lr * (g / d);
        }
    }
}

}  // namespace mlp
