// SPDX-License-Identifier: MIT
// terminal.hpp: pictures for a terminal: the decision boundary in characters (ANSI colours or
// plain text) and a one-line sparkline of a loss curve.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mlp/data/datasets.hpp"
#include "mlp/nn/layer.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/train/trainer.hpp"

namespace mlp {

// Text: the decision boundary (classes as `loss` reads the outputs) as `width` x `height` characters, for a terminal. Plain text
// marks regions '.' (class 0), '+' (class 1) or the class digit, and samples 'o' (class 0),
// 'x' (class 1) or 'A'.. ; with `ansi` the regions are backgrounds in light tints of the
// classes' palette colours (palette.hpp, 24-bit ANSI), the samples keeping their letters.
std::string terminal_decision_boundary(Layer& model, const Loss& loss, const Dataset& data, std::size_t width, std::size_t height,
                                       bool ansi);

// One line of block characters (U+2581..U+2588), lowest value lowest block: "▇▅▃▂▂▁▁".
// At most `width` characters; longer series are sampled evenly.
std::string sparkline(const std::vector<double>& values, std::size_t width = 40);

// The training loss of every epoch of a history, as a sparkline on a log scale (log10 of each
// loss) when every loss is positive, so falls by orders of magnitude stay visible.
std::string loss_sparkline(const History& history, std::size_t width = 40);

// True when stdout is an interactive terminal (use it to choose `ansi`).
bool stdout_is_terminal();

}  // namespace mlp
