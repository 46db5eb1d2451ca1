// SPDX-License-Identifier: MIT
// trainer_support.hpp: what trainer.cpp calls from trainer_support.cpp. Not installed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mlp/train/trainer.hpp"

namespace mlp {

// Throws std::invalid_argument("Trainer: expected ...") for a setting out of range (epochs 0,
// stop_at_accuracy outside [0, 1], patience 0, ...), an optimizer that updates none of the model's
// parameters (built for another model, or for a copy of this one), or a schedule built on
// another optimizer. An optimizer may update only some of them: the rest are frozen.
void check_setup(Sequential& model, const Optimizer& optimizer, const TrainConfig& config);

// A NaN or infinity in the data would surface only later, as a non-finite loss blamed on the
// learning rate or on a weight; so the data is checked once, up front, and the first bad number
// is named by tensor, row and column (std::invalid_argument "<who>: expected finite numbers in
// <name>, got nan at row 3, column 1 of x (8, 2)").
void require_finite(const char* who, const char* name, const Tensor& t);

// Where did the first NaN or infinity come from? A parameter that is already non-finite, the
// input batch, the first layer whose output is non-finite, or else the loss.
std::string locate_non_finite(Sequential& model, const Loss& loss, const Tensor& x);

// The loss is checked before each step, which leaves the epoch's last step unchecked: an update
// that overflowed the weights there would end a fit that returns normally with infinite weights.
// Throws std::runtime_error naming the first non-finite value of the optimizer's parameters (the
// ones a step changes, in a list it keeps, so the check allocates nothing).
void require_finite_parameters(const std::vector<Param>& params, std::size_t epoch, std::size_t batch);

// The progress line on stderr, redrawn in place: "epoch 3/100  loss 0.25  accuracy 50.0%".
void draw_progress(const EpochStats& e, std::size_t epochs, bool final_line);

}  // namespace mlp
