// SPDX-License-Identifier: MIT
// multi_margin_loss.hpp: the multiclass SVM (hinge) loss of Weston & Watkins, as PyTorch's
// nn.MultiMarginLoss (p = 1, margin = 1) computes it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mlp/nn/loss.hpp"

namespace mlp {

// Scores x: (N, C), target: (N, 1) holding class indices y[n] in 0..C-1.
//   L = (1 / N) sum_n (1 / C) sum_{i != y[n]} max(0, margin - x[n][y[n]] + x[n][i])
// Each wrong class whose score comes within `margin` of the right one costs the shortfall. The
// division by C (not C - 1) is PyTorch's. A row whose right class leads every other by at
// least the margin costs 0 and gets no gradient: the loss is satisfied, unlike cross-entropy.
// Probabilities: the softmax of the scores (the loss itself defines none; this is for pictures).
// Decision and accuracy (the base's, from the probabilities): the highest score.
class MultiMarginLoss : public Loss {
public:
    explicit MultiMarginLoss(double margin = 1.0) : margin_(margin) {}
    double forward(const Tensor& pred, const Tensor& target) override;
    const Tensor& backward() override;
    void probabilities(const Tensor& pred, Tensor& p) const override;
    std::string name() const override { return "MultiMarginLoss"; }
    Baseline baseline(const Tensor& pred, const Tensor& target) const override;

private:
    double margin_;
    Tensor x_;                        // (N, C) the scores of the last forward
    std::vector<std::size_t> class_;  // (N)    their target classes
    Tensor dpred_;                    // (N, C)
};

}  // namespace mlp
