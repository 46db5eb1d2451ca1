// SPDX-License-Identifier: MIT
// reduce_lr_on_plateau.cpp: torch.optim.lr_scheduler.ReduceLROnPlateau's rule (mode min, rel).
#include "mlp/optim/reduce_lr_on_plateau.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mlp {

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, ReduceLROnPlateauOptions options)
    : LRScheduler(optimizer), options_(options) {
    if (!(options.factor >= 0.0 && options.factor < 1.0)) {
        throw std::invalid_argument("ReduceLROnPlateau: expected factor in [0, 1), got " + std::to_string(options.factor));
    }
    if (options.patience < 0 || options.cooldown < 0) {
        throw std::invalid_argument("ReduceLROnPlateau: expected patience and cooldown >= 0, got " +
                                    std::to_string(options.patience) + " and " + std::to_string(options.cooldown));
    }
    if (!(options.min_lr >= 0.0) || !(options.threshold >= 0.0) || !(options.eps >= 0.0)) {
        throw std::invalid_argument("ReduceLROnPlateau: expected min_lr, threshold and eps >= 0, got " +
                                    std::to_string(options.min_lr) + ", " + std::to_string(options.threshold) +
                                    " and " + std::to_string(options.eps));
    }
}

std::vector<Setting> ReduceLROnPlateau::settings() const {
    return {{"factor", options_.factor},
            {"patience", static_cast<double>(options_.patience)},
            {"threshold", options_.threshold},
            {"cooldown", static_cast<double>(options_.cooldown)},
            {"min_lr", options_.min_lr},
            {"eps", options_.eps}};
}

std::vector<Setting> ReduceLROnPlateau::state() const {
    std::vector<Setting> out = LRScheduler::state();
    out.push_back({"best", best_});
    out.push_back({"num_bad_epochs", static_cast<double>(num_bad_epochs_)});
    out.push_back({"cooldown_counter", static_cast<double>(cooldown_counter_)});
    return out;
}

void ReduceLROnPlateau::load_state(const std::vector<Setting>& state) {
    const double bad = value_of(state, "num_bad_epochs"), cooldown = value_of(state, "cooldown_counter");
    const double best = value_of(state, "best");
    if (!(bad >= 0.0 && bad <= 1e15 && cooldown >= 0.0 && cooldown <= 1e15) || std::isnan(best)) {
        throw std::invalid_argument("ReduceLROnPlateau::load_state: expected counts >= 0 and a best loss, got " +
                                    std::to_string(bad) + ", " + std::to_string(cooldown) + ", " +
                                    std::to_string(best));
    }
    LRScheduler::load_state(state);
    best_ = best;
    num_bad_epochs_ = static_cast<long>(bad);
    cooldown_counter_ = static_cast<long>(cooldown);
}

double ReduceLROnPlateau::next_lr(double loss) {
    if (std::isnan(loss)) throw std::invalid_argument("ReduceLROnPlateau::step: expected the epoch's loss, got nan");
    if (loss < best_ * (1.0 - options_.threshold)) {
        best_ = loss;
        num_bad_epochs_ = 0;
    } else {
        ++num_bad_epochs_;
    }
    if (cooldown_counter_ > 0) {
        --cooldown_counter_;
        num_bad_epochs_ = 0;  // bad epochs during the cooldown are not counted
    }
    const double lr = optimizer().lr();
    if (num_bad_epochs_ > options_.patience) {
        cooldown_counter_ = options_.cooldown;
        num_bad_epochs_ = 0;
        const double cut = std::max(lr * options_.factor, options_.min_lr);
        if (lr - cut > options_.eps) return cut;
    }
    return lr;
}

}  // namespace mlp
