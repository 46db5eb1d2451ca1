// SPDX-License-Identifier: MIT
// export_pytorch.hpp: a trained model as one Python file that rebuilds it in PyTorch and checks
// itself: the bridge from this framework to the one students move on to.
#pragma once

#include <string>
#include <vector>

#include "mlp/core/tensor.hpp"
#include "mlp/nn/sequential.hpp"

namespace mlp {

// Writes a Python file that
//   1. builds the model as torch.nn.Sequential in float64 (Dense -> nn.Linear, each activation
//      -> its nn module with the same parameters),
//   2. copies the trained weights in (W transposed to PyTorch's (out, in), b as (out,), PReLU's
//      slopes as its weight, a norm's gamma and beta as weight and bias) and every buffer
//      (Layer::buffers()) to the torch attribute of its name (running_mean, running_var),
//   3. runs `inputs` through it in eval mode and asserts the outputs equal mlp's (stored in the
//      file, computed here in evaluation mode) to 1e-12, printing the largest difference.
// Run it with `python3 model.py`, or `import` it and use its `model`.
// Each layer is looked up in a table by its kind: an activation's registry name (from spec(),
// parameters after the colon), any other layer's display name before '(' in lower case
// ("Dense(784, 256)" -> "dense"). A kind not in the table, a parameter the table does not map,
// or a non-finite number throws std::invalid_argument naming the layer; no file is written then.
// The file is written through write_file_atomically, so a failed export leaves an old file.
void export_pytorch(Sequential& model, const std::string& path, const Tensor& inputs);

// The same with four inputs drawn uniformly from [-2, 2] (seeded, so the file is reproducible);
// the input width is the first one a layer fixes (Layer::input_width(): a Dense's in), else the
// first parameter's row count.
void export_pytorch(Sequential& model, const std::string& path);

// The Python text export_pytorch writes.
std::string pytorch_source(Sequential& model, const Tensor& inputs);

// The layer kinds the exporter knows ("dense", "relu", "leaky_relu", ...).
std::vector<std::string> pytorch_exportable_kinds();

}  // namespace mlp
