// SPDX-License-Identifier: MIT
// collapse.hpp: fold a stack of linear layers into the single linear layer it equals.
#pragma once

#include "mlp/nn/sequential.hpp"

namespace mlp {

// Returns a copy of `model` in which every run of Dense layers with nothing non-linear between
// them (Identity layers count as nothing) is replaced by one Dense layer computing the same map:
//   (x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)
// so W = W1 W2 ... Wk and b is folded through the same products. Identity layers are dropped.
// A stack with no activation at all comes back as a single Dense: the lesson of XOR.
Sequential collapse_linear(const Sequential& model);

}  // namespace mlp
