// SPDX-License-Identifier: MIT
// metrics_svg.hpp: pictures of a classifier's results as standalone SVG text: the confusion
// matrix as a heat map, and a grid of images (misclassified ones, say) with a caption under each.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mlp/core/tensor.hpp"
#include "mlp/tools/metrics.hpp"

namespace mlp {

// One square per (true, predicted) pair, darker for more samples of that true class (each row is
// shaded by its own total, so a rare class's errors show as well as a common one's), with the
// count written in it. Truth down the left, prediction across the top, labelled with `names`
// (or indices when empty).
std::string svg_confusion_matrix(const ConfusionMatrix& m, const std::vector<std::string>& names,
                                 const std::string& title);

// Grey-scale images, `per_row` to a row, each row of `images` being one image of
// height x width pixels in [0, 1] (0 black, 1 white, shown in 16 grey levels), drawn `scale` units per pixel with its
// caption below (a '\n' in it starts a new line). Throws std::invalid_argument when a row does not hold height x width pixels or
// there is not one caption per image.
std::string svg_image_grid(const Tensor& images, std::size_t height, std::size_t width,
                           const std::vector<std::string>& captions, std::size_t per_row, const std::string& title,
                           std::size_t scale = 3);

}  // namespace mlp
