// SPDX-License-Identifier: MIT
// terminal.cpp: the decision boundary as characters, and sparklines.
#include "mlp/tools/terminal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "mlp/nn/loss.hpp"
#include "mlp/tools/plot.hpp"

#include "mlp/io/text_file.hpp"
#include "svg_parts.hpp"

namespace mlp {

std::string terminal_decision_boundary(Layer& model, const Loss& loss, const Dataset& data, std::size_t width, std::size_t height,
                                       bool ansi) {
    if (data.x.cols() != 2 || data.y.rows() != data.x.rows())
        throw std::invalid_argument("terminal_decision_boundary: expected 2-D samples (N, 2) with labels (N, 1), got x " +
                                    data.x.shape() + " and y " + data.y.shape());
    const bool was_training = model.training();
    model.train(false);
    const Bounds b = bounds_of({&data}, 0.05);
    const Tensor p = class_probabilities(model, loss, grid_points(b, width, height));
    // Which sample (if any) falls in each character cell: the last one drawn wins.
    std::vector<int> sample(width * height, -1);
    for (std::size_t n = 0; n < data.x.rows(); ++n) {
        const auto c = static_cast<std::size_t>(std::clamp((data.x(n, 0) - b.x_min) / (b.x_max - b.x_min) * width, 0.0, width - 1.0));
        const auto r = static_cast<std::size_t>(std::clamp((b.y_max - data.x(n, 1)) / (b.y_max - b.y_min) * height, 0.0, height - 1.0));
        sample[r * width + c] = static_cast<int>(data.y(n, 0));
    }
    const char* const region_chars = ".+23456789";
    const char* const point_chars = "oxABCDEFGH";
    // Region backgrounds: a light tint of the class's palette colour (palette.hpp), as the SVG
    // draws it, in 24-bit ANSI colour; samples in bold black so they read on every tint.
    std::vector<std::string> backgrounds;
    for (std::size_t c = 0; c < 10; ++c) {
        unsigned red = 0, green = 0, blue = 0;
        std::sscanf(svg_parts::tint(c, 0.55).c_str(), "#%02x%02x%02x", &red, &green, &blue);
        backgrounds.push_back("48;2;" + std::to_string(red) + ";" + std::to_string(green) + ";" + std::to_string(blue));
    }
    std::string out;
    for (std::size_t r = 0; r < height; ++r) {
        std::string previous;  // the escape code in force on this row
        for (std::size_t c = 0; c < width; ++c) {
            const std::size_t k = r * width + c;
            const std::size_t region = argmax_row(p, k) % 10;
            const int s = sample[k];
            const char ch = s >= 0 ? point_chars[s % 10] : (ansi ? ' ' : region_chars[region]);
            if (ansi) {
                // Reset, then background colour (and bold black for a sample); only on a change.
                const std::string code = "\x1b[0;" + backgrounds[region] + (s >= 0 ? ";30;1m" : "m");
                if (code != previous) out += code;
                previous = code;
            }
            out += ch;
        }
        if (ansi) out += "\x1b[0m";
        out += '\n';
    }
    model.train(was_training);
    return out;
}

std::string sparkline(const std::vector<double>& values, std::size_t width) {
    static const char* const kBlocks[] = {"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
    if (values.empty() || width == 0) return "";
    const std::size_t count = std::min(width, values.size());
    std::vector<double> picked(count);
    for (std::size_t k = 0; k < count; ++k)
        picked[k] = values[count == 1 ? 0 : k * (values.size() - 1) / (count - 1)];
    const auto [lo, hi] = std::minmax_element(picked.begin(), picked.end());
    std::string out;
    for (double v : picked) {
        const double t = *hi > *lo ? (v - *lo) / (*hi - *lo) : 0.0;
        out += kBlocks[std::min<std::size_t>(7, static_cast<std::size_t>(t * 8.0))];
    }
    return out;
}

// On a log scale when every loss is positive: a loss falling from 0.7 to 0.001 then reads as a
// steady descent instead of one tall block followed by a flat floor.
std::string loss_sparkline(const History& history, std::size_t width) {
    std::vector<double> losses;
    bool positive = true;
    for (const EpochStats& e : history.epochs) {
        losses.push_back(e.loss);
        positive = positive && e.loss > 0.0 && std::isfinite(e.loss);
    }
    if (positive)
        for (double& v : losses) v = std::log10(v);
    return sparkline(losses, width);
}

bool stdout_is_terminal() { return is_terminal(stdout); }

}  // namespace mlp
