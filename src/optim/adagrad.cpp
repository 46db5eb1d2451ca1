// SPDX-License-Identifier: MIT
// adagrad.cpp: torch.optim.Adagrad's rule in PyTorch 1.13's order of operations.
#include "mlp/optim/adagrad.hpp"

#include <cmath>

namespace mlp {

Adagrad::Adagrad(std::vector<Param> params, AdagradOptions options)
    : Optimizer(std::move(params), options.lr, "Adagrad"), options_(options) {
    require_non_negative("lr_decay", options.lr_decay);
    require_non_negative("weight_decay", options.weight_decay);
    require_non_negative("initial_accumulator_value", options.initial_accumulator_value);
    require_non_negative("eps", options.eps);
}

std::vector<Setting> Adagrad::settings() const {
    return {{"lr_decay", options_.lr_decay},
            {"weight_decay", options_.weight_decay},
            {"initial_accumulator_value", options_.initial_accumulator_value},
            {"eps", options_.eps}};
}

void Adagrad::update(std::size_t i, Tensor& p, const Tensor& grad) {
    const AdagradOptions o = options_;
    Tensor& S = buffer(0)[i];
    // PyTorch fills S in the constructor; filling it at the first step is the same S.
    if (S.empty()) S = Tensor(p.rows(), p.cols(), o.initial_accumulator_value);

    const double t = static_cast<double>(steps());
    const double clr = lr() / (1.0 + (t - 1.0) * o.lr_decay);
    for (std::size_t k = 0; k < p.size(); ++k) {
        double g = grad[k];
        if (o.weight_decay != 0.0) g = g + o.weight_decay * p[k];
        S[k] = S[k] + 1.0 * g * g;
        const double std_dev = std::sqrt(S[k]) + o.eps;
        p[k] += -clr * (g / std_dev);
    }
}

}  // namespace mlp
