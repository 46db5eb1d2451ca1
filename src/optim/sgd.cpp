// SPDX-License-Identifier: MIT
// sgd.cpp: torch.optim.SGD's update rule, written out.
#include "mlp/optim/sgd.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace mlp {

SGD::SGD(std::vector<Param> params, SGDOptions options)
    : Optimizer(std::move(params), options.lr, "SGD"), options_(options) {
    require_non_negative("momentum", options.momentum);
    require_non_negative("dampening", options.dampening);
    require_non_negative("weight_decay", options.weight_decay);
    if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0)) {
        throw std::invalid_argument("SGD: nesterov expects momentum > 0 and dampening = 0, got momentum = " +
                                    std::to_string(options.momentum) + ", dampening = " +
                                    std::to_string(options.dampening));
    }
}

SGDOptions SGD::options() const {
    SGDOptions o = options_;
    o.lr = lr();
    return o;
}

std::vector<Setting> SGD::settings() const {
    return {{"momentum", options_.momentum},
            {"dampening", options_.dampening},
            {"weight_decay", options_.weight_decay},
            {"nesterov", options_.nesterov ? 1.0 : 0.0}};
}

std::vector<std::string> SGD::state_names() const { return {"momentum_buffer"}; }

// The rule above, one element at a time, so each parameter is read and written in one pass
// (three passes over 200,000 weights cost more than the arithmetic).
void SGD::update(std::size_t i, Tensor& p, const Tensor& grad) {
    // Copies, not references: the compiler then knows that writing p[k] cannot change lr or
    // momentum, hoists the tests on them out of the loop and vectorises it.
    const SGDOptions o = options_;
    const double lr = this->lr();
    Tensor& b = momentum_buffers()[i];
    const bool first = b.empty();  // the buffer starts as the gradient, undamped
    if (o.momentum != 0.0 && first) b.resize(p.rows(), p.cols());

    for (std::size_t k = 0; k < p.size(); ++k) {
        double g = grad[k] + o.weight_decay * p[k];  // g = grad + weight_decay * p
        if (o.momentum != 0.0) {
            b[k] = first ? g : o.momentum * b[k] + (1.0 - o.dampening) * g;
            g = o.nesterov ? g + o.momentum * b[k] : b[k];
        }
        p[k] -= lr * g;  // p = p - lr * g
    }
}

}  // namespace mlp
