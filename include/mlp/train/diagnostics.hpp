// SPDX-License-Identifier: MIT
// diagnostics.hpp: the numbers a teacher points at before a training run goes wrong: the first
// loss against what an untrained network should give, gradient and update sizes, dead ReLU units
// and saturated sigmoid/tanh units, as data and as a readable report.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <limits>
#include <string>
#include <vector>

#include "mlp/nn/sequential.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/optim/optimizer.hpp"

namespace mlp {

// One learnable tensor: how big it is, how big its gradient is, and how far one step of the
// optimizer would move it relative to its size.
struct ParamDiagnostics {
    std::string name;            // "dense0.W"
    std::string shape;           // "(2, 8)"
    double value_norm = 0.0;     // ||p||      (the Euclidean norm of all its elements)
    double grad_norm = 0.0;      // ||dL/dp||
    double update_ratio = 0.0;   // ||p_after - p|| / ||p||: the relative size of one real step
                                 // of the optimizer (lr ||dL/dp|| / ||p|| for plain SGD); NaN
                                 // when ||p|| = 0 (a bias that starts at zero); 0 for a
                                 // parameter the optimizer does not update
};

// One layer of the model (one entry per layer of a Sequential, in order).
struct LayerDiagnostics {
    std::size_t index = 0;       // position in the Sequential
    std::string name;            // "Dense(2, 8)", "ReLU"
    bool has_params = false;
    double grad_norm = 0.0;      // sqrt of the sum of squares of all its parameter gradients
    std::size_t units = 0;       // output columns
    // Layers with a dead region (Layer::flat_kind() == Dead, e.g. ReLU): a unit is dead when its
    // output is in it (0) for every sample of the batch, so no gradient flows through it and the
    // weights feeding it never change. NaN for other layers.
    std::size_t dead_units = 0;
    double dead_fraction = std::numeric_limits<double>::quiet_NaN();
    // Layers that saturate (flat_kind() == Saturated, e.g. Sigmoid and Tanh; Layer::is_flat
    // decides): the fraction of outputs in a flat tail, where the derivative is almost
    // 0 (sigmoid: y < 0.01 or y > 0.99, derivative below 4% of its peak; tanh: |y| > 0.99, below
    // 2% of its peak). NaN for other layers.
    double saturated_fraction = std::numeric_limits<double>::quiet_NaN();
};

struct Diagnostics {
    std::size_t samples = 0;
    double lr = 0.0;
    std::string loss_name;
    double initial_loss = 0.0;   // the loss of the model as it is, on the batch given
    double expected_loss = 0.0;  // what a network that knows nothing yet should score (NaN if unknown)
    std::string expected_why;    // "ln(C) = ln(3): logits near 0 give every class 1/3"
    std::vector<ParamDiagnostics> params;
    std::vector<LayerDiagnostics> layers;
    std::vector<std::string> warnings;  // what a teacher would say about the numbers above

    // The whole report, one table per concern, ending with the warnings (or "nothing to flag").
    std::string report() const;
};

std::ostream& operator<<(std::ostream& os, const Diagnostics& d);

// Runs the model forward on (x, y), once, with the loss, and backward once, and measures. Nothing
// is trained: parameters are unchanged, and the parameter gradients are restored to what they
// were (the layers' caches do change, as after any forward). The update ratios come from one
// real step of `optimizer` from its current state, which is then undone: parameters, state
// buffers and step count are put back, so Adam's first step (about lr per element, whatever the
// gradient) is measured as Adam takes it. The overload with lr measures a plain SGD step at lr.
// The model is examined layer by layer.
//
// The expected initial loss, for outputs near 0 (what the usual initialisations give):
//   CrossEntropyLoss   ln(C): every class gets probability 1/C
//   BCEWithLogitsLoss  ln(2): every probability is 1/2
//   BCELoss            ln(2): the same, assuming a sigmoid output
//   MSELoss            mean(y^2): the loss of predicting 0
// A first loss well above it means the network starts confidently wrong (often a last layer
// initialised too large), and the first steps are spent undoing that.
Diagnostics diagnose(Sequential& model, Loss& loss, const Tensor& x, const Tensor& y, Optimizer& optimizer);
Diagnostics diagnose(Sequential& model, Loss& loss, const Tensor& x, const Tensor& y, double lr);

}  // namespace mlp
