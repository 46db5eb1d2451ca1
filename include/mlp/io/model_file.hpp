// SPDX-License-Identifier: MIT
// model_file.hpp: saving a Sequential to a versioned text file and building it back, bit-exact.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mlp/io/text_file.hpp"
#include "mlp/nn/sequential.hpp"

namespace mlp {

// The format, version 2. One item per line; '#' starts a comment line; blank lines are skipped.
// Each layer is its spec (what mlp::make_layer builds it from) and then each of its parameters
// by name: the name, rows and cols, then one line of numbers per row; then its buffers
// (Layer::buffers(): BatchNorm's running_mean and running_var) the same way.
//
//   mlp-model 2
//   layer dense:2,3              Dense(2, 3) ...
//   W 2 3                        ... its W, (2, 3)
//   0.5 -0.25 1
//   0.125 2 -3
//   b 1 3                        ... and its b, (1, 3)
//   0 0 0.1
//   layer prelu:3,0.25           PReLU with 3 slopes
//   a 1 3
//   0.25 0.5 -0.1
//   layer tanh                   no parameters
//   end
//
// So neither the writer nor the reader knows any kind of layer: a layer a user registered with
// mlp::register_layer is saved and loaded like a built-in one. Numbers are written with
// format_number (the shortest text that reads back to the same double) and read with
// parse_number (core/number_text.hpp), so a saved model predicts bit-for-bit what the original did.
//
// Version 1 files (tests/fixtures/model_v1.txt) still load: "dense IN OUT" then IN rows of W and
// b, or "activation SPEC" then one "NAME values..." line per parameter.

// Why a model cannot be saved or used: "" when it can. Asks every layer (input_width,
// output_width), never its kind: not empty, and each layer's required input width matches the
// width the layers before it give (so Dense widths chain and PReLU has one slope per feature).
// `layer` receives the index of the first bad layer. save_model and load_model both use it.
std::string model_problem(Sequential& model, std::size_t* layer = nullptr);

// The text of a model file for `model`. Throws std::invalid_argument when the model is not
// valid (model_problem), a layer's spec() cannot be rebuilt by make_layer (register it), or a
// weight is NaN or infinite.
std::string model_to_string(const Sequential& model);

// The most layers one model file may hold: past any lesson's depth; with the rest of the file's
// budget (model_file.cpp: a layer may hold no more values than half the bytes after its line,
// all of them together at most 16 bytes of memory per byte of the file) no file can cost more
// than a small multiple of its own size, and none allocates a layer its bytes cannot back.
inline constexpr std::size_t max_model_layers = 65536;

// Builds the model a model file describes. `source` names the text in error messages.
Sequential load_model_from_string(std::string_view text, const std::string& source = "<string>");

// Writes model_to_string(model) to `path` through write_file_atomically (a unique temporary
// beside it, fsynced, renamed into place), so a save that fails part-way leaves the previous file.
void save_model(const Sequential& model, const std::string& path);

// Reads the file at `path` and builds its model.
Sequential load_model(const std::string& path);

// Reads the file at `path` into an existing model of the same architecture (same layers, same
// shapes), copying the values into its tensors, so optimizers that point at them stay valid.
// On any failure it throws and `model` is left exactly as it was.
void load_model_into(const std::string& path, Sequential& model);
void load_model_into_from_string(std::string_view text, Sequential& model,
                                 const std::string& source = "<string>");

}  // namespace mlp
