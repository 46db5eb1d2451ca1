// SPDX-License-Identifier: MIT
// activation_registry.hpp: every activation by name ("gelu", "leaky_relu:0.2"), and each
// one's properties as data (docs/activations.md's comparison table is generated from them).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mlp/nn/activation.hpp"

namespace mlp {

// What a textbook says about an activation, as data. Words rather than booleans where the
// honest answer is not yes or no ("near", "left", "C1 when alpha = 1").
struct ActivationInfo {
    std::string name;           // registry name: "leaky_relu"
    std::string parameters;     // "slope = 0.01", "" when none
    std::string pytorch;        // "nn.LeakyReLU"
    std::string formula;        // "x if x > 0, slope x otherwise"
    std::string range;          // "(-inf, inf)"
    std::string zero_centred;   // "yes", "no", "near": is the mean output near 0 for inputs around 0?
    std::string monotonic;      // "yes", "no"
    std::string smooth;         // "yes" (infinitely differentiable), "C1", "no" (a kink)
    std::string bounded;        // "yes", "no", "below", "above"
    std::string saturates;      // where the slope goes to 0: "both", "left", "right", "no"
    std::string backward_uses;  // the cache backward reads: "input", "output", "nothing"
};

// Builds an activation from its spec: a name from activation_names(), case-insensitive,
// optionally followed by ':' and comma-separated parameters in the constructor's order:
//   "relu", "GELU", "gelu:tanh", "leaky_relu:0.2", "elu:0.5", "prelu:4" (4 slopes),
//   "prelu:4,0.1", "rrelu:0.1,0.3", "hardtanh:-2,2", "softplus:2,20", "swish" (= "silu")
// An unknown name throws std::invalid_argument listing the known names; a bad parameter, naming it.
std::unique_ptr<Activation> make_activation(std::string_view spec);

// How many learned values the activation a spec names holds (PReLU's "prelu:4" holds 4), told
// without building it, so a reader can check a claimed size before allocating it. Throws like
// make_activation for an unknown name or malformed numbers.
double activation_values(std::string_view spec);

// The names make_activation knows, in the order of the comparison table.
std::vector<std::string> activation_names();

// The properties of one activation (by registry name), or all of them.
const ActivationInfo& activation_info(std::string_view name);
const std::vector<ActivationInfo>& activation_infos();

// docs/activations.md's comparison table, as markdown, generated from activation_infos().
std::string activation_table_markdown();

}  // namespace mlp
