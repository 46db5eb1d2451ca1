// SPDX-License-Identifier: MIT
// layer_registry.hpp: every layer by its spec ("dense:2,8", "tanh", "dropout:0.5"), and the one
// line that adds a user's own layer to it. Model files are read through it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlp/nn/layer.hpp"

namespace mlp {

// Builds a layer from the whole spec it was given ("dense:2,8"); it reads its own parameters
// (spec_numbers helps) and throws std::invalid_argument when they are wrong.
using LayerFactory = std::function<std::unique_ptr<Layer>(std::string_view spec)>;

// Builds a layer from its spec: a name from layer_names(), case-insensitive, optionally followed
// by ':' and the layer's parameters. Built in: "dense:IN,OUT" (weights drawn with PyTorch's
// default rule from a fixed seed; a loaded model then overwrites them), "dropout:P" (or
// "dropout:P,SEED"), and every activation make_activation() knows ("relu", "leaky_relu:0.2",
// "prelu:4,0.25", ...). An unknown name throws std::invalid_argument listing the known ones.
// The layer's spec() gives back an equivalent spec.
std::unique_ptr<Layer> make_layer(std::string_view spec);

// Every name make_layer knows, built-in and registered, sorted.
std::vector<std::string> layer_names();

// How many learned values (parameters, not their gradients) the layer of a spec holds, told from
// the spec without building it ("dense:2,8" holds 2 * 8 + 8 = 24): a model file's reader checks
// a claimed size against the bytes that are left before anything is allocated.
using LayerValues = std::function<double(std::string_view spec)>;

// Adds a layer kind, so make_layer (and so load_model) can build it. One line at namespace scope:
//   static const bool registered = mlp::register_layer("scaled_tanh", make_scaled_tanh);
// `values` is optional: without it a model file builds the layer first and counts after.
// Returns true; throws std::invalid_argument when the name is empty, holds ':' or is taken.
bool register_layer(const std::string& name, LayerFactory factory, LayerValues values = nullptr);

// LayerValues of the spec's kind; std::nullopt when the kind was registered without one. Throws
// std::invalid_argument for an unknown name or malformed numbers, as make_layer does.
std::optional<double> layer_values(std::string_view spec);

// The numbers after the ':' of a spec ("dense:2,8" -> {2, 8}; "relu" -> {}), for factories.
// Throws std::invalid_argument naming `who` and the spec when a field is not a number, or when
// there are fewer than `min_count` or more than `max_count` of them.
std::vector<double> spec_numbers(std::string_view spec, const std::string& who, std::size_t min_count,
                                 std::size_t max_count);

// A whole number from a spec field, at least 1 and at most `max` (a width, a count).
std::size_t spec_count(double value, const std::string& who, const std::string& what, double max);

}  // namespace mlp
