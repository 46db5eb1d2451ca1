// SPDX-License-Identifier: MIT
// adam_rules.hpp: what the checker of exercise 8 (check_adam.cpp) runs on: the parameters and
// gradients of every step, the two settings, mlp::Adam's path and the paths of the wrong rules a
// student might write (adam_rules.cpp), and the XOR run through the Trainer.
#pragma once

#include <vector>

#include "checker/checker.hpp"

namespace exercises {

constexpr int kAdamSteps = 10;
// Each step's change must match mlp::Adam's to this relative error (the parameters, about 1 in
// size, then agree to about 1e-12); the same formula in another order lands near 1e-14.
constexpr double kAdamTolerance = 1e-9;
// Before step kAdamLrChangeStep + 1 the checker halves the rate with set_lr(), as a schedule
// would: an Adam that reads the rate cached from its options, not lr(), goes wrong only then.
constexpr int kAdamLrChangeStep = 5;
extern const char* const kAdamParamNames[4];  // "W1", "b1", "W2", "b2"

// Four parameters of shapes (2, 3), (1, 3), (3, 3), (1, 3): non-square and square, and two of one
// shape (state kept per shape instead of per parameter shows). Gradients at step s (0-based):
// every element's sign and size (1e-3 to 1) drawn anew, so no step's gradient is a multiple of
// another's and some elements are small enough for eps to matter.
struct AdamModel {
    std::vector<mlp::Tensor> p, g;
    AdamModel();
    void set_gradients(int step);
    std::vector<mlp::Param> list();
};

struct AdamSettings {
    double lr, beta1, beta2, eps, weight_decay;
    const char* label;
    mlp::AdamOptions options() const;
    double lr_at(int step) const { return step >= kAdamLrChangeStep ? 0.5 * lr : lr; }  // step from 0
};
// PyTorch's defaults (lr 0.01), then betas far apart, a large eps and weight decay.
const std::vector<AdamSettings>& adam_settings();

// The changes mlp::Adam makes: path[s][i] is parameter i's change at step s + 1.
std::vector<std::vector<mlp::Tensor>> library_adam_path(const AdamSettings& settings, int steps);

// A rule a student might write by mistake, simulated with one scalar loop per element.
enum class AdamRule {
    NoBiasCorrection, TOneAhead, TPerParameter, TStuckAtOne, EpsInsideSqrt, EpsBeforeCorrection,
    StaleMoments, SwappedBetas, LrTwice, NoSqrt, DecaySignFlipped, DecoupledDecay, NoWeightDecay,
    StateByShape, CachedLr, SkipZeroGradients
};
struct AdamRuleInfo {
    AdamRule rule;
    const char* hint;
};
const std::vector<AdamRuleInfo>& adam_rules();
std::vector<std::vector<mlp::Tensor>> simulate_adam(AdamRule rule, const AdamSettings& settings, int steps);

// Trains a 2-8-1 tanh network on XOR through mlp::Trainer with the student's optimizer and with
// mlp::Adam, 3 seeds: every run must reach 100% and end with mlp::Adam's weights.
void check_adam_on_xor(Verdict& v, const MakeAdam& student);

}  // namespace exercises
