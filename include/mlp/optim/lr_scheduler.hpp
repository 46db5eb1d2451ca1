// SPDX-License-Identifier: MIT
// lr_scheduler.hpp: learning-rate schedules: the base every schedule derives from, and the
// three that depend on the epoch alone (StepLR, ExponentialLR, CosineAnnealingLR). The one that
// watches the validation loss is in reduce_lr_on_plateau.hpp.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "mlp/optim/optimizer.hpp"

namespace mlp {

// A schedule sets its optimizer's lr() once per epoch, after that epoch's optimizer steps
// (PyTorch's order: optimizer.step() for every batch, then scheduler.step()). Like PyTorch, it
// counts epochs from 0 at construction (last_epoch) and keeps the optimizer's lr then as base_lr;
// step() advances the count and sets lr = next_lr(). The rules are recursive, as PyTorch 1.13's
// get_lr() is: each new lr is computed from the optimizer's current one.
class LRScheduler {
public:
    explicit LRScheduler(Optimizer& optimizer);
    virtual ~LRScheduler() = default;
    LRScheduler(const LRScheduler&) = delete;
    LRScheduler& operator=(const LRScheduler&) = delete;

    // One epoch has ended. `metric` is the number a schedule may watch (the Trainer passes the
    // epoch's validation loss, or its training loss when there is no validation set); the
    // epoch-based schedules ignore it.
    void step(double metric = std::numeric_limits<double>::quiet_NaN());

    long epoch() const { return epoch_; }        // epochs stepped so far (PyTorch's last_epoch)
    double base_lr() const { return base_lr_; }  // the optimizer's lr when the schedule was made
    Optimizer& optimizer() const { return optimizer_; }

    // Registry-style name ("step_lr") and settings: a resumed run must have the same.
    virtual std::string name() const = 0;
    virtual std::vector<Setting> settings() const = 0;
    // What a checkpoint saves: {"epoch", ...}, {"base_lr", ...} and any state of the schedule's
    // own; load_state takes the same names back (the checkpoint has checked them).
    virtual std::vector<Setting> state() const;
    virtual void load_state(const std::vector<Setting>& state);

protected:
    // The lr for epoch() (already advanced), from the optimizer's current lr().
    virtual double next_lr(double metric) = 0;
    // The value named `name` in `state`; throws std::invalid_argument when it is absent.
    static double value_of(const std::vector<Setting>& state, const std::string& name);

private:
    Optimizer& optimizer_;
    double base_lr_;
    long epoch_ = 0;
};

// lr = lr * gamma every step_size epochs:  lr_e = base_lr * gamma^floor(e / step_size).
struct StepLROptions {
    long step_size = 0;  // must be > 0
    double gamma = 0.1;
};
class StepLR : public LRScheduler {
public:
    StepLR(Optimizer& optimizer, StepLROptions options);
    std::string name() const override { return "step_lr"; }
    std::vector<Setting> settings() const override;

protected:
    double next_lr(double metric) override;

private:
    StepLROptions options_;
};

// lr = lr * gamma every epoch:  lr_e = base_lr * gamma^e.
class ExponentialLR : public LRScheduler {
public:
    ExponentialLR(Optimizer& optimizer, double gamma);
    std::string name() const override { return "exponential_lr"; }
    std::vector<Setting> settings() const override { return {{"gamma", gamma_}}; }

protected:
    double next_lr(double metric) override;

private:
    double gamma_;
};

// Cosine annealing (Loshchilov & Hutter, 2017, without the restarts). The closed form is
//   lr_e = eta_min + (base_lr - eta_min) (1 + cos(pi e / T_max)) / 2
// and PyTorch 1.13 computes it recursively from the current lr:
//   lr_e = eta_min + (lr_{e-1} - eta_min) (1 + cos(pi e / T_max)) / (1 + cos(pi (e - 1) / T_max))
// except when (e - 1 - T_max) is a multiple of 2 T_max, where it adds
//   (base_lr - eta_min) (1 - cos(pi / T_max)) / 2
// so past T_max the lr climbs back up a cosine rather than staying at eta_min. This class does
// the same, so its numbers (and their rounding) are PyTorch's.
struct CosineAnnealingLROptions {
    long T_max = 0;  // must be > 0: the epochs from base_lr down to eta_min
    double eta_min = 0.0;
};
class CosineAnnealingLR : public LRScheduler {
public:
    CosineAnnealingLR(Optimizer& optimizer, CosineAnnealingLROptions options);
    std::string name() const override { return "cosine_annealing_lr"; }
    std::vector<Setting> settings() const override;

protected:
    double next_lr(double metric) override;

private:
    CosineAnnealingLROptions options_;
};

}  // namespace mlp
