// SPDX-License-Identifier: MIT
// model_file.hpp: saving a Sequential to a versioned text file and building it back, bit-exact.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "mlp/nn/sequential.hpp"

namespace mlp {

// The format, version 1. One item per line; '#' starts a comment line; blank lines are skipped.
//
//   mlp-model 1
//   dense 2 3            Dense(in = 2, out = 3), then `in` rows of W (out numbers each) and b
//   0.5 -0.25 1
//   0.125 2 -3
//   0 0 0.1
//   activation prelu:3,0.25     any spec make_activation() knows, then one line per learned
//   a 0.25 0.5 -0.1             parameter: its name and every value (PReLU's slopes)
//   activation tanh
//   end
//
// Numbers are written with format_number (the shortest text that reads back to the same double)
// and read with parse_number (io/number_text.hpp), so a saved model predicts bit-for-bit what the original did.

// A model file (or checkpoint) that cannot be read: the message names the file, the line and
// the problem: "load_model: model.txt: line 4: expected 3 numbers in row 2 of W, got 2".
class ModelFileError : public std::invalid_argument {
public:
    // what(): "<who>: <source>: line <line>: <problem>" ("line" left out when it is 0)
    ModelFileError(const std::string& who, const std::string& source, std::size_t line, const std::string& problem);
    const std::string& source() const { return source_; }
    std::size_t line() const { return line_; }  // 1-based; 0 when the problem is not on one line

private:
    std::string source_;
    std::size_t line_;
};

// The text of a model file for `model`. Throws std::invalid_argument when a layer cannot be
// written (a layer kind other than Dense and registry activations, or a NaN/infinite weight).
std::string model_to_string(const Sequential& model);

// Builds the model a model file describes. `source` names the text in error messages.
Sequential load_model_from_string(std::string_view text, const std::string& source = "<string>");

// Writes model_to_string(model) to `path` safely: first to "<path>.tmp" beside it, then renames
// it into place, so a save that fails part-way leaves the previous file as it was.
void save_model(const Sequential& model, const std::string& path);

// Reads the file at `path` and builds its model.
Sequential load_model(const std::string& path);

// Reads the file at `path` into an existing model of the same architecture (same layers, same
// shapes), copying the values into its tensors, so optimizers that point at them stay valid.
// On any failure it throws and `model` is left exactly as it was.
void load_model_into(const std::string& path, Sequential& model);
void load_model_into_from_string(std::string_view text, Sequential& model,
                                 const std::string& source = "<string>");

// Writes `text` to `path` through "<path>.tmp" and a rename (what save_model uses; checkpoints
// too). Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& text);
// The whole file; throws ModelFileError (line 0) when it cannot be opened.
std::string read_text_file(const std::string& path);

}  // namespace mlp
