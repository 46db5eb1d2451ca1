// SPDX-License-Identifier: MIT
// optimizer.cpp: what every optimizer shares: the loops of step() and zero_grad(), the learning
// rate, the step count and the named state buffers.
#include "mlp/optim/optimizer.hpp"

#include <cmath>
#include <stdexcept>

namespace mlp {

Optimizer::Optimizer(std::vector<Param> params, double lr, std::string who)
    : params_(std::move(params)), lr_(lr), who_(std::move(who)) {
    if (!(lr > 0.0) || !std::isfinite(lr)) {
        throw std::invalid_argument(who_ + ": expected lr > 0 and finite, got " + std::to_string(lr) + " (set it with " +
                                    who_ + "(params, {.lr = 0.1}))");
    }
    for (const Param& p : params_) {
        if (p.value == nullptr || p.grad == nullptr || p.value->rows() != p.grad->rows() ||
            p.value->cols() != p.grad->cols()) {
            throw std::invalid_argument(who_ + ": parameter '" + p.name + "' needs a value and a gradient of the same shape");
        }
    }
}

void Optimizer::require(bool ok, const std::string& field, const std::string& expected, double value) const {
    if (!ok || std::isnan(value)) {
        throw std::invalid_argument(who_ + ": expected " + field + " " + expected + ", got " + std::to_string(value));
    }
}

void Optimizer::require_non_negative(const std::string& field, double value) const {
    require(value >= 0.0 && std::isfinite(value), field, ">= 0 and finite", value);
}

void Optimizer::set_lr(double lr) {
    if (!(lr >= 0.0) || !std::isfinite(lr)) {
        throw std::invalid_argument(who_ + "::set_lr: expected lr >= 0 and finite, got " + std::to_string(lr));
    }
    lr_ = lr;
}

void Optimizer::set_steps(long steps) {
    if (steps < 0) {
        throw std::invalid_argument(who_ + "::set_steps: expected steps >= 0, got " + std::to_string(steps));
    }
    steps_ = steps;
}

// Both refuse parameters whose model was replaced after this optimizer was built
// (model = load_model(path)): their pointers would write freed memory.
void Optimizer::zero_grad() {
    check_params_alive(params_, who_, "zero_grad");
    for (Param& p : params_) p.grad->fill(0.0);
}

void Optimizer::step() {
    check_params_alive(params_, who_, "step");
    ++steps_;  // update() reads it as t, the number of this step (1 on the first)
    for (std::size_t i = 0; i < params_.size(); ++i) update(i, *params_[i].value, *params_[i].grad);
}

std::vector<Tensor>& Optimizer::buffer(std::size_t b) {
    // Sized here, not in the constructor: a base constructor cannot ask state_names().
    if (buffers_.empty()) buffers_.assign(state_names().size(), std::vector<Tensor>(params_.size()));
    return buffers_.at(b);
}

std::vector<StateBuffer> Optimizer::state() {
    const std::vector<std::string> names = state_names();
    std::vector<StateBuffer> out;
    for (std::size_t i = 0; i < params_.size(); ++i)
        for (std::size_t b = 0; b < names.size(); ++b) out.push_back({i, names[b], &buffer(b)[i]});
    return out;
}

}  // namespace mlp
