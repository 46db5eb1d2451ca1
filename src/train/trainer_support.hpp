// SPDX-License-Identifier: MIT
// trainer_support.hpp: what trainer.cpp calls from trainer_support.cpp. Not installed.
#pragma once

#include <cstddef>
#include <string>

#include "mlp/train/trainer.hpp"

namespace mlp {

// A NaN or infinity in the data would surface only later, as a non-finite loss blamed on the
// learning rate or on a weight; so the data is checked once, up front, and the first bad number
// is named by tensor, row and column (std::invalid_argument "<who>: expected finite numbers in
// <name>, got nan at row 3, column 1 of x (8, 2)").
void require_finite(const char* who, const char* name, const Tensor& t);

// Where did the first NaN or infinity come from? A parameter that is already non-finite, the
// input batch, the first layer whose output is non-finite, or else the loss.
std::string locate_non_finite(Sequential& model, const Loss& loss, const Tensor& x);

// The progress line on stderr, redrawn in place: "epoch 3/100  loss 0.25  accuracy 50.0%".
void draw_progress(const EpochStats& e, std::size_t epochs, bool final_line);

}  // namespace mlp
