// SPDX-License-Identifier: MIT
// adamw.cpp: AdamW is Adam's rule (adam.cpp) with the weight decay applied to the weights.
#include "mlp/optim/adamw.hpp"

namespace mlp {

AdamW::AdamW(std::vector<Param> params, AdamWOptions o)
    : Adam(std::move(params),
           {.lr = o.lr, .beta1 = o.beta1, .beta2 = o.beta2, .eps = o.eps, .weight_decay = o.weight_decay,
            .amsgrad = o.amsgrad},
           "AdamW", true) {}

}  // namespace mlp
