// SPDX-License-Identifier: MIT
// plot.hpp: pictures of what a network learned, as SVG files with no dependencies: decision
// boundary, training curves, activation curves and hidden units (terminal pictures: terminal.hpp).
#pragma once

#include <cstddef>
#include <cmath>
#include <string>
#include <vector>

#include "mlp/data/datasets.hpp"
#include "mlp/tools/charts.hpp"
#include "mlp/io/text_file.hpp"  // write_text_file, for the pictures
#include "mlp/nn/layer.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/train/trainer.hpp"

namespace mlp {

// The rectangle of input space a picture covers.
struct Bounds {
    double x_min = -1.0, x_max = 1.0;
    double y_min = -1.0, y_max = 1.0;
};

// The bounding box of every sample in the given sets, widened by `margin` of its size per side.
Bounds bounds_of(const std::vector<const Dataset*>& sets, double margin = 0.1);

// The centres of a cols x rows grid of cells over b, one point per row of the result:
// (rows * cols, 2), row-major from the top-left cell (y_max) down, as on a screen.
Tensor grid_points(const Bounds& b, std::size_t cols, std::size_t rows);

// The model's class probabilities at each point, as its loss reads the outputs
// (Loss::probabilities: a logit for BCE-with-logits, a probability for BCE and MSE, softmax
// logits for cross-entropy).       x: (N, 2) points -> (N, C) probabilities, C >= 2.
Tensor class_probabilities(Layer& model, const Loss& loss, const Tensor& x);

// SVG: a `resolution` x `resolution` grid of filled cells, coloured by the predicted class and
// shaded by its probability, with the samples on top in their class's colour and shape
// (palette.hpp; circle, triangle, ...): training samples filled, test samples hollow. One
// element of class "mark cC" per sample; axes x1 and x2 with ticks, and a legend of the classes.
std::string svg_decision_boundary(Layer& model, const Loss& loss, const Dataset& train, const Dataset& test,
                                  const std::string& title, std::size_t resolution = 80);

// SVG: loss (left) and accuracy (right) per epoch, training solid and validation dashed when
// the history has it, with axes, tick labels and a legend; the loss axis is logarithmic when the
// losses span an order of magnitude or more. One <path> per curve, with markers. A finite
// `chance` (the accuracy of guessing, 1/C or the largest class's share) is a dashed line on
// the accuracy panel.
std::string svg_history(const History& history, const std::string& title, double chance = NAN);

// SVG: every named activation in its own panel with axes, f(x) solid and f'(x) dashed, over x in
// [-4, 4], with reference lines at slope 1 and 0.25 and a legend. f' comes from the layer's own
// backward, so the picture shows what training uses. Each point is fed as the row (x, 0): a
// row-wise activation (softmax) is drawn as its output 0 along one input, a 2-class softmax,
// and its panel says so. Two <path>s per activation, one <g class="activation"> per panel.
std::string svg_activations(const std::vector<std::string>& names);

// SVG: for a Sequential with 2 inputs, one heatmap per unit of the output of layer
// `layer_index` (counting from 0, e.g. the first activation), over `bounds`: what each hidden
// unit responds to. One <g class="unit"> per unit.
std::string svg_hidden_units(Sequential& model, std::size_t layer_index, const Bounds& bounds,
                             std::size_t resolution = 32);

}  // namespace mlp
