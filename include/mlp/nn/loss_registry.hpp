// SPDX-License-Identifier: MIT
// loss_registry.hpp: every loss by its name ("mse", "bce-logits", ...), for command lines and
// config files, and the one line that adds a user's own loss to it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mlp/nn/loss.hpp"

namespace mlp {

// What a caller must know about a loss to hand it targets, as data (the loss's own forward checks
// the shapes; this says which shape to build).
//   ClassIndex: targets are (N, 1) class indices 0..C-1 for (N, C) outputs (cross-entropy,
//               multi-margin).
//   LikeOutput: targets have the outputs' shape (N, F): a 0/1 column for one output, one-hot
//               rows for several (mse, bce, bce-logits, huber, l1).
enum class LossTargets { ClassIndex, LikeOutput };

using LossFactory = std::function<std::unique_ptr<Loss>()>;

struct LossInfo {
    std::string name;      // registry name: "bce-logits"
    std::string pytorch;   // "nn.BCEWithLogitsLoss"
    std::string outputs;   // what the network's outputs mean to it: "logits", "probabilities", ...
    LossTargets targets;
    LossFactory make;
};

// Builds a loss by its registry name (case-insensitive): "mse", "bce", "bce-logits",
// "cross-entropy", "multi-margin", "huber", "l1", or one added with register_loss. An unknown name throws
// std::invalid_argument listing the known ones.
std::unique_ptr<Loss> make_loss(std::string_view name);

// Every name make_loss knows, sorted.
std::vector<std::string> loss_names();

// The registry entry for a name (same rules and errors as make_loss).
const LossInfo& loss_info(std::string_view name);

// Adds a loss kind. One line at namespace scope:
//   static const bool registered = mlp::register_loss({"huber", "nn.HuberLoss", "values",
//       mlp::LossTargets::LikeOutput, [] { return std::make_unique<Huber>(); }});
// Returns true; throws std::invalid_argument when the name is empty, not lower case, holds ':'
// or is taken, or there is no factory.
bool register_loss(LossInfo info);

}  // namespace mlp
