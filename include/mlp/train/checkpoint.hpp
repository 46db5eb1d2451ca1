// SPDX-License-Identifier: MIT
// checkpoint.hpp: a training run saved to a file and resumed so that it goes on exactly as if it
// had never stopped. Beside the trainer, not part of it: the training loop does not need it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "mlp/train/trainer.hpp"

namespace mlp {

// save_checkpoint writes, through a temporary file and a rename, everything a run needs to go on:
// the model (as a model file), the optimizer (its name, settings, lr, step count and every state
// buffer, asked of the optimizer through Optimizer's interface), the schedule's state, and the
// trainer's RunState (epochs done, the shuffling engine in a form the same in every build, the
// sample order, early stopping's count and best weights). Layers' random generators (Dropout,
// RReLU) are saved too (Layer::state), so a run with dropout resumes bit-identically. Call it
// after fit() returns or from TrainConfig::on_epoch.
void save_checkpoint(const Trainer& trainer, const std::string& path);

// Restores all of that into the trainer's model, optimizer and schedule, which must have the
// same architecture, kind and settings (the learning rate is taken from the file); versions 1
// and 2 still load. Pass `samples`, the number of rows the next fit() trains on, so that a
// checkpoint taken on other data is refused here (without it, fit() refuses). The next fit() on
// the same data then runs epochs epochs_done() + 1 .. config().epochs and ends with the same
// weights, bit for bit, as a run that never stopped. A file that does not fit (another
// architecture, optimizer or schedule, an epoch beyond config().epochs, a malformed line) is
// refused with a ModelFileError naming its line, and nothing is changed.
void load_checkpoint(Trainer& trainer, const std::string& path, std::optional<std::size_t> samples = std::nullopt);
// The same from the checkpoint's text; `source` names it in error messages (the fuzzer uses it).
void load_checkpoint_from_string(Trainer& trainer, const std::string& text, const std::string& source = "<string>",
                                 std::optional<std::size_t> samples = std::nullopt);

}  // namespace mlp
