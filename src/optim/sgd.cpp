// sgd.cpp: torch.optim.SGD's update rule, written out.
#include "mlp/optim/sgd.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace mlp {

namespace {
void check_rate(const char* field, double value) {
    if (!(value >= 0.0) || !std::isfinite(value)) {
        throw std::invalid_argument(std::string("SGD: expected ") + field +
                                    " >= 0 and finite, got " + std::to_string(value));
    }
}
}  // namespace

SGD::SGD(std::vector<Param> params, SGDOptions options)
    : params_(std::move(params)), options_(options), buffers_(params_.size()) {
    if (!(options.lr > 0.0) || !std::isfinite(options.lr)) {
        throw std::invalid_argument("SGD: expected lr > 0 and finite, got " +
                                    std::to_string(options.lr) +
                                    " (set it with SGD(params, {.lr = 0.1}))");
    }
    check_rate("momentum", options.momentum);
    check_rate("dampening", options.dampening);
    check_rate("weight_decay", options.weight_decay);
    if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0)) {
        throw std::invalid_argument("SGD: nesterov expects momentum > 0 and dampening = 0, got momentum = " +
                                    std::to_string(options.momentum) + ", dampening = " +
                                    std::to_string(options.dampening));
    }
    for (const Param& p : params_) {
        if (p.value == nullptr || p.grad == nullptr || p.value->rows() != p.grad->rows() ||
            p.value->cols() != p.grad->cols()) {
            throw std::invalid_argument("SGD: parameter '" + p.name +
                                        "' needs a value and a gradient of the same shape");
        }
    }
}

void SGD::set_lr(double lr) {
    if (!(lr > 0.0) || !std::isfinite(lr)) {
        throw std::invalid_argument("SGD::set_lr: expected lr > 0 and finite, got " + std::to_string(lr));
    }
    options_.lr = lr;
}

void SGD::set_steps(long steps) {
    if (steps < 0) throw std::invalid_argument("SGD::set_steps: expected steps >= 0, got " + std::to_string(steps));
    steps_ = steps;
}

void SGD::zero_grad() {
    check_params_alive(params_, "SGD::zero_grad");
    for (Param& p : params_) p.grad->fill(0.0);
}

// The rule above, one element at a time, so each parameter is read and written in one pass
// (three passes over 200,000 weights cost more than the arithmetic).
void SGD::step() {
    // A copy, not a reference: the compiler then knows that writing p[k] cannot change lr or
    // momentum, hoists the tests on them out of the loop and vectorises it.
    check_params_alive(params_, "SGD::step");
    const SGDOptions o = options_;
    for (std::size_t i = 0; i < params_.size(); ++i) {
        Tensor& p = *params_[i].value;
        const Tensor& grad = *params_[i].grad;
        Tensor& b = buffers_[i];
        const bool first = b.empty();  // the buffer starts as the gradient, undamped
        if (o.momentum != 0.0 && first) b.resize(p.rows(), p.cols());

        for (std::size_t k = 0; k < p.size(); ++k) {
            double g = grad[k] + o.weight_decay * p[k];  // g = grad + weight_decay * p
            if (o.momentum != 0.0) {
                b[k] = first ? g : o.momentum * b[k] + (1.0 - o.dampening) * g;
                g = o.nesterov ? g + o.momentum * b[k] : b[k];
            }
            p[k] -= o.lr * g;  // p = p - lr * g
        }
    }
    ++steps_;
}

}  // namespace mlp
