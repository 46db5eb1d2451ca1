// SPDX-License-Identifier: MIT
// collapse.cpp: folding consecutive Dense layers into one.
#include "mlp/tools/collapse.hpp"

#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"

#include <stdexcept>
#include <string>

namespace mlp {

Sequential collapse_linear(const Sequential& model) {
    Sequential out;
    // The fold of the current run of Dense layers: y = x W + b; empty W means no run yet.
    Tensor W, b;
    for (std::size_t i = 0; i <= model.size(); ++i) {
        const Layer* layer = i < model.size() ? &model[i] : nullptr;
        if (dynamic_cast<const Identity*>(layer) != nullptr) continue;  // y = x: nothing to fold
        if (const auto* dense = dynamic_cast<const Dense*>(layer)) {
            if (W.empty()) {
                W = dense->W;
                b = dense->b;
            } else {
                if (W.cols() != dense->in_features()) {
                    throw std::invalid_argument("collapse_linear: layer " + std::to_string(i) + " (" + dense->name() +
                                                ") follows a linear run of width " + std::to_string(W.cols()) +
                                                "; the widths do not chain");
                }
                // W = W_run W_next              (in, mid) (mid, out) -> (in, out)
                // b = b_run W_next + b_next     (1, mid) (mid, out)  -> (1, out)
                b = matmul(b, dense->W);
                add_row(b, dense->b);
                W = matmul(W, dense->W);
            }
            continue;
        }
        // Something non-linear, or the end: the run so far becomes one Dense layer.
        if (!W.empty()) out.emplace<Dense>(W, b);
        W = Tensor();
        b = Tensor();
        if (layer != nullptr) out.add(layer->clone());
    }
    return out;
}

}  // namespace mlp
