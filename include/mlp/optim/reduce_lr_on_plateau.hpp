// SPDX-License-Identifier: MIT
// reduce_lr_on_plateau.hpp: cut the learning rate when the validation loss stops improving.
#pragma once

#include <limits>

#include "mlp/optim/lr_scheduler.hpp"

namespace mlp {

// Fields and defaults of torch.optim.lr_scheduler.ReduceLROnPlateau, in mode "min" with
// threshold_mode "rel" (the defaults; the others are not offered).
struct ReduceLROnPlateauOptions {
    double factor = 0.1;      // lr = max(lr * factor, min_lr) on a plateau
    long patience = 10;       // epochs without improvement tolerated before cutting
    double threshold = 1e-4;  // an improvement must beat best * (1 - threshold)
    long cooldown = 0;        // epochs after a cut during which bad epochs are not counted
    double min_lr = 0.0;
    double eps = 1e-8;        // a cut smaller than this is not made
};

// PyTorch 1.13's rule, on each epoch's loss L:
//   if L < best (1 - threshold):  best = L, bad = 0     else: bad = bad + 1
//   if cooldown_left > 0:         cooldown_left -= 1, bad = 0
//   if bad > patience:            lr = max(lr factor, min_lr) (if that lowers lr by > eps),
//                                 cooldown_left = cooldown, bad = 0
// best starts at +infinity. State: best, bad ("num_bad_epochs"), cooldown_left
// ("cooldown_counter"), besides the epoch count.
class ReduceLROnPlateau : public LRScheduler {
public:
    ReduceLROnPlateau(Optimizer& optimizer, ReduceLROnPlateauOptions options = {});
    std::string name() const override { return "reduce_lr_on_plateau"; }
    std::vector<Setting> settings() const override;
    std::vector<Setting> state() const override;
    void load_state(const std::vector<Setting>& state) override;

    double best() const { return best_; }
    long num_bad_epochs() const { return num_bad_epochs_; }

protected:
    double next_lr(double metric) override;

private:
    ReduceLROnPlateauOptions options_;
    double best_ = std::numeric_limits<double>::infinity();
    long num_bad_epochs_ = 0;
    long cooldown_counter_ = 0;
};

}  // namespace mlp
