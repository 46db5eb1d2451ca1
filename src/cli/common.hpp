// SPDX-License-Identifier: MIT
// common.hpp: what several subcommands share: the flags they have in common, reading data and
// models, building a model from --layers and --activation, the targets a loss wants, writing files.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "args.hpp"
#include "mlp/data/datasets.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"

namespace mlp::cli {

// --data FILE (required) and --label COL (default: the last column).
Flag data_flag(const std::string& help = "CSV file with a header row; every column but the label is a feature");
Flag label_flag();
// --loss NAME (default bce-logits).
Flag loss_flag();
// --model FILE (required): a model file written by `mlp train --save`.
Flag model_flag();

// Reads --data, the label column being --label: a header name, or a 0-based column index when
// it is a whole number and no column has that name; the last column when absent.
Dataset read_data(const Args& args);

// The loss --loss names, in lower case, and the loss itself; an unknown name is a UsageError
// listing the known ones.
std::string loss_name(const std::string& command, const Args& args);
std::unique_ptr<Loss> loss_from(const std::string& command, const Args& args);

// Either the layers --stack names, each by its registry spec (make_layer), or
// Dense layers of the widths in --layers (at least two: inputs and outputs), seeded by --seed,
// with the activation --activation names between every two ("none": nothing between, so the
// stack is one affine map). The activation may carry parameters ("leaky_relu:0.2").
Sequential model_from(const std::string& command, const Args& args);

// Throws UsageError naming the first layer whose input width is not what the layers before it give:
//   mlp train: --stack layer 3 "dense:9,1" takes 9 inputs, but layer 1 "dense:2,8" gives 8: ...
void check_chain(const std::string& command, const Sequential& model);

// --stack SPECS: any layers by registry spec ("dense:2,16 relu dropout:0.2 dense:16,1").
Flag stack_flag();

// The model in --model (a ModelFileError, exit code 2, when it cannot be read).
Sequential read_model(const Args& args);

// The width of input a model needs: the first layer that fixes one (a Dense).
std::size_t input_width(const Sequential& model);

// Throws InputError unless the data's features fit the model's input width:
//   "mlp train: the model takes 3 inputs, datasets/xor.csv has 2 feature columns"
void check_fits(const std::string& command, const Sequential& model, const Dataset& data, const std::string& source);

// The targets the loss --loss wants for the label column y (N, 1) and a model with `outputs`
// outputs, as its registry entry says: the class indices themselves (cross-entropy), the label
// column (one output), or one-hot rows (several outputs).
Tensor targets_for(const Args& args, const Tensor& y, std::size_t outputs);

// " The labels hold 3 classes (0 to 2): end the model with 3 outputs (...) and use --loss
// cross-entropy." when y holds more than two whole-number classes, else "".
std::string class_hint(const Tensor& y);

// Before any training: the loss --loss names, given the untrained model's outputs on data.x and
// targets. Labels it refuses are an InputError with class_hint; outputs it refuses (bce without a
// sigmoid) a UsageError naming --output and what each loss reads.
void check_loss_fits(const std::string& command, const Args& args, Sequential& model, const Dataset& data,
                     const Tensor& targets, const std::string& source);

// Writes a file through a temporary one (a failed write leaves an old file as it was); a file that
// cannot be written is an InputError (exit code 2).
void write_output(const std::string& path, const std::string& text);

// A number as the commands print it: 6 significant digits (predict prints probabilities this way too).
std::string num(double value);

}  // namespace mlp::cli
