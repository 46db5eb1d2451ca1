// SPDX-License-Identifier: MIT
// lr_scheduler.cpp: the schedule base and the epoch-based schedules, as PyTorch 1.13 computes them.
#include "mlp/optim/lr_scheduler.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace mlp {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer), base_lr_(optimizer.lr()) {}

void LRScheduler::step(double metric) {
    ++epoch_;  // next_lr reads the epoch being ended
    double lr = 0.0;
    try {
        lr = next_lr(metric);
    } catch (...) {
        --epoch_;  // a refused step changes nothing
        throw;
    }
    optimizer_.set_lr(lr);
}

std::vector<Setting> LRScheduler::state() const {
    return {{"epoch", static_cast<double>(epoch_)}, {"base_lr", base_lr_}};
}

void LRScheduler::load_state(const std::vector<Setting>& state) {
    const double epoch = value_of(state, "epoch");
    if (!(epoch >= 0.0) || epoch != std::floor(epoch) || epoch > 1e15) {
        throw std::invalid_argument("LRScheduler::load_state: expected epoch a whole number >= 0, got " +
                                    std::to_string(epoch));
    }
    epoch_ = static_cast<long>(epoch);
    base_lr_ = value_of(state, "base_lr");
}

double LRScheduler::value_of(const std::vector<Setting>& state, const std::string& name) {
    for (const Setting& s : state)
        if (s.name == name) return s.value;
    throw std::invalid_argument("LRScheduler::load_state: expected a value named " + name);
}

StepLR::StepLR(Optimizer& optimizer, StepLROptions options) : LRScheduler(optimizer), options_(options) {
    if (options.step_size <= 0) {
        throw std::invalid_argument("StepLR: expected step_size > 0, got " + std::to_string(options.step_size));
    }
}

std::vector<Setting> StepLR::settings() const {
    return {{"step_size", static_cast<double>(options_.step_size)}, {"gamma", options_.gamma}};
}

// lr_e = lr_{e-1} * gamma when e is a multiple of step_size, lr_{e-1} otherwise.
double StepLR::next_lr(double) {
    const double lr = optimizer().lr();
    return epoch() % options_.step_size == 0 ? lr * options_.gamma : lr;
}

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma) : LRScheduler(optimizer), gamma_(gamma) {}

// lr_e = lr_{e-1} * gamma
double ExponentialLR::next_lr(double) { return optimizer().lr() * gamma_; }

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, CosineAnnealingLROptions options)
    : LRScheduler(optimizer), options_(options) {
    if (options.T_max <= 0) {
        throw std::invalid_argument("CosineAnnealingLR: expected T_max > 0, got " + std::to_string(options.T_max));
    }
}

std::vector<Setting> CosineAnnealingLR::settings() const {
    return {{"T_max", static_cast<double>(options_.T_max)}, {"eta_min", options_.eta_min}};
}

// PyTorch 1.13's recursive form (see the header). (e - 1 - T_max) mod 2 T_max is taken as
// Python takes it, never negative.
double CosineAnnealingLR::next_lr(double) {
    const double pi = std::numbers::pi;
    const long e = epoch(), T = options_.T_max;
    const double lr = optimizer().lr(), eta_min = options_.eta_min;
    long r = (e - 1 - T) % (2 * T);
    if (r < 0) r += 2 * T;
    if (r == 0) return lr + (base_lr() - eta_min) * (1.0 - std::cos(pi / static_cast<double>(T))) / 2.0;
    return (1.0 + std::cos(pi * static_cast<double>(e) / static_cast<double>(T))) /
               (1.0 + std::cos(pi * static_cast<double>(e - 1) / static_cast<double>(T))) * (lr - eta_min) +
           eta_min;
}

}  // namespace mlp
