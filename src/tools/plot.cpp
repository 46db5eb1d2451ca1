// plot.cpp: SVG and terminal pictures of data, models, training curves and activations.
#include "mlp/tools/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "mlp/nn/activation_registry.hpp"

namespace mlp {

namespace {

// Class colours (matplotlib's tab10): strong for points and curves, light for regions.
const char* const kStrong[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                               "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr std::size_t kColours = 10;

struct Rgb {
    double r, g, b;
};

Rgb parse_hex(const char* hex) {
    unsigned r = 0, g = 0, b = 0;
    std::sscanf(hex, "#%02x%02x%02x", &r, &g, &b);
    return {r / 255.0, g / 255.0, b / 255.0};
}

// White blended towards the class colour: weight 0 is white, 1 the full colour.
std::string tint(std::size_t c, double weight) {
    const Rgb s = parse_hex(kStrong[c % kColours]);
    char out[8];
    std::snprintf(out, sizeof out, "#%02x%02x%02x", static_cast<unsigned>(std::lround(255 * (1 - weight * (1 - s.r)))),
                  static_cast<unsigned>(std::lround(255 * (1 - weight * (1 - s.g)))),
                  static_cast<unsigned>(std::lround(255 * (1 - weight * (1 - s.b)))));
    return out;
}

std::string num(double v) {
    char out[32];
    std::snprintf(out, sizeof out, "%.2f", v);
    return out;
}

std::string escape(const std::string& text) {
    std::string out;
    for (char ch : text) {
        if (ch == '<') out += "&lt;";
        else if (ch == '>') out += "&gt;";
        else if (ch == '&') out += "&amp;";
        else out += ch;
    }
    return out;
}

std::string svg_open(double width, double height) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
           "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n" +
           "<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" fill=\"white\"/>\n";
}

std::string text(double x, double y, const std::string& s, const std::string& anchor = "middle") {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + escape(s) + "</text>\n";
}

void check_2d(const std::string& who, const Dataset& d) {
    if (d.x.cols() != 2 || d.y.rows() != d.x.rows())
        throw std::invalid_argument(who + ": expected 2-D samples (N, 2) with labels (N, 1), got x " + d.x.shape() +
                                    " and y " + d.y.shape());
}

// A polyline through (xs[k], ys[k]) mapped into the panel [left, left + w] x [top, top + h].
std::string path(const std::vector<double>& xs, const std::vector<double>& ys, double x_lo, double x_hi, double y_lo,
                 double y_hi, double left, double top, double w, double h, const std::string& style) {
    std::string d;
    for (std::size_t k = 0; k < xs.size(); ++k) {
        const double y = std::clamp(ys[k], y_lo, y_hi);
        d += (k == 0 ? "M" : " L") + num(left + w * (xs[k] - x_lo) / (x_hi - x_lo)) + " " +
             num(top + h - h * (y - y_lo) / (y_hi - y_lo));
    }
    return "<path d=\"" + d + "\" fill=\"none\" " + style + "/>\n";
}

// One row of square cells of side `cell` starting at (left, top); neighbours of the same colour
// are drawn as one wider rectangle, which keeps the files small without changing the picture.
// (0.3 of overlap hides the hairline gaps some renderers leave between touching rectangles.)
std::string row_of_cells(const std::vector<std::string>& fills, double left, double top, double cell) {
    std::string out;
    std::size_t start = 0;
    for (std::size_t c = 1; c <= fills.size(); ++c) {
        if (c < fills.size() && fills[c] == fills[start]) continue;
        out += "<rect x=\"" + num(left + start * cell) + "\" y=\"" + num(top) + "\" width=\"" +
               num((c - start) * cell + 0.3) + "\" height=\"" + num(cell + 0.3) + "\" fill=\"" + fills[start] + "\"/>\n";
        start = c;
    }
    return out;
}

}  // namespace

// Row r, column c is the centre of cell (r, c); row 0 is the top (y_max), as on screen.
Tensor grid_points(const Bounds& b, std::size_t cols, std::size_t rows) {
    Tensor x(cols * rows, 2);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) {
            x(r * cols + c, 0) = b.x_min + (b.x_max - b.x_min) * (c + 0.5) / static_cast<double>(cols);
            x(r * cols + c, 1) = b.y_max - (b.y_max - b.y_min) * (r + 0.5) / static_cast<double>(rows);
        }
    return x;
}

Bounds bounds_of(const std::vector<const Dataset*>& sets, double margin) {
    Bounds b{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
             std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (const Dataset* d : sets)
        for (std::size_t n = 0; n < d->x.rows(); ++n) {
            b.x_min = std::min(b.x_min, d->x(n, 0));
            b.x_max = std::max(b.x_max, d->x(n, 0));
            b.y_min = std::min(b.y_min, d->x(n, 1));
            b.y_max = std::max(b.y_max, d->x(n, 1));
        }
    if (!(b.x_min < b.x_max) || !(b.y_min < b.y_max)) return Bounds{};
    const double dx = (b.x_max - b.x_min) * margin, dy = (b.y_max - b.y_min) * margin;
    return {b.x_min - dx, b.x_max + dx, b.y_min - dy, b.y_max + dy};
}

// The loss says what the model's outputs mean (a logit, a probability, logits of a softmax).
Tensor class_probabilities(Layer& model, const Loss& loss, const Tensor& x) {
    Tensor p;
    loss.probabilities(model.forward(x), p);
    return p;
}

std::string svg_decision_boundary(Layer& model, const Loss& loss, const Dataset& train, const Dataset& test, const std::string& title,
                                  std::size_t resolution) {
    check_2d("svg_decision_boundary", train);
    if (test.x.rows() > 0) check_2d("svg_decision_boundary", test);
    const bool was_training = model.training();
    model.train(false);
    const Bounds b = bounds_of({&train, &test});
    const double size = 480.0, top = 30.0, left = 10.0, cell = size / static_cast<double>(resolution);
    const Tensor p = class_probabilities(model, loss, grid_points(b, resolution, resolution));
    std::string svg = svg_open(left * 2 + size, top + size + 30);
    svg += text(left + size / 2, 20, title);
    svg += "<g class=\"probability\" shape-rendering=\"crispEdges\">\n";
    for (std::size_t r = 0; r < resolution; ++r) {
        std::vector<std::string> fills(resolution);
        for (std::size_t c = 0; c < resolution; ++c) {
            const std::size_t k = r * resolution + c;
            const std::size_t best = argmax_row(p, k);
            // Confidence 1/C (a coin toss) is white; certainty is a light tint of the class colour.
            const double chance = 1.0 / static_cast<double>(p.cols());
            // Rounded to 12 shades so that equal neighbours merge into one rectangle.
            const double weight = 0.6 * std::round(12.0 * (p(k, best) - chance) / (1.0 - chance)) / 12.0;
            fills[c] = tint(best, weight);
        }
        svg += row_of_cells(fills, left, top + r * cell, cell);
    }
    svg += "</g>\n";
    const Dataset* sets[] = {&train, &test};
    for (int s = 0; s < 2; ++s) {
        svg += s == 0 ? "<g class=\"train\">\n" : "<g class=\"test\">\n";
        for (std::size_t n = 0; n < sets[s]->x.rows(); ++n) {
            const double px = left + size * (sets[s]->x(n, 0) - b.x_min) / (b.x_max - b.x_min);
            const double py = top + size * (b.y_max - sets[s]->x(n, 1)) / (b.y_max - b.y_min);
            const char* colour = kStrong[static_cast<std::size_t>(sets[s]->y(n, 0)) % kColours];
            svg += "<circle cx=\"" + num(px) + "\" cy=\"" + num(py) + "\" r=\"3\" fill=\"" +
                   (s == 0 ? std::string(colour) : std::string("white")) + "\" stroke=\"" +
                   (s == 0 ? std::string("white") : std::string(colour)) + "\" stroke-width=\"" +
                   (s == 0 ? "0.5" : "1.5") + "\"/>\n";
        }
        svg += "</g>\n";
    }
    svg += text(left + size / 2, top + size + 20, "filled: training samples, rings: test samples; shade: probability");
    svg += "</svg>\n";
    model.train(was_training);
    return svg;
}

std::string svg_history(const History& history, const std::string& title) {
    if (history.epochs.empty()) throw std::invalid_argument("svg_history: expected at least one epoch, got none");
    const double w = 300, h = 200, top = 40, gap = 60;
    std::vector<double> epochs, loss, acc, val_loss, val_acc;
    for (const EpochStats& e : history.epochs) {
        epochs.push_back(static_cast<double>(e.epoch));
        loss.push_back(e.loss);
        acc.push_back(e.accuracy);
        val_loss.push_back(e.val_loss);
        val_acc.push_back(e.val_accuracy);
    }
    const bool has_val = std::isfinite(val_loss.front());
    double loss_max = 0.0;
    for (std::size_t k = 0; k < loss.size(); ++k)
        loss_max = std::max({loss_max, loss[k], has_val ? val_loss[k] : 0.0});
    if (!(loss_max > 0.0) || !std::isfinite(loss_max)) loss_max = 1.0;
    const double x_hi = std::max(2.0, epochs.back());
    std::string svg = svg_open(gap * 2 + w * 2 + 20, top + h + 50);
    svg += text(gap + w + 10, 20, title);
    const char* const titles[] = {"loss", "accuracy"};
    for (int panel = 0; panel < 2; ++panel) {
        const double left = gap + panel * (w + gap);
        const double y_hi = panel == 0 ? loss_max : 1.0;
        svg += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
               "\" fill=\"none\" stroke=\"#999\"/>\n";
        svg += text(left + w / 2, top - 6, titles[panel]);
        svg += text(left - 4, top + 4, num(y_hi), "end") + text(left - 4, top + h, "0", "end");
        svg += text(left, top + h + 16, "1") + text(left + w, top + h + 16, std::to_string(history.epochs.size()));
        svg += text(left + w / 2, top + h + 32, "epoch");
        const std::vector<double>& train_curve = panel == 0 ? loss : acc;
        svg += path(epochs, train_curve, 1.0, x_hi, 0.0, y_hi, left, top, w, h,
                    "class=\"curve\" stroke=\"#1f77b4\" stroke-width=\"1.5\"");
        if (has_val)
            svg += path(epochs, panel == 0 ? val_loss : val_acc, 1.0, x_hi, 0.0, y_hi, left, top, w, h,
                        "class=\"curve\" stroke=\"#d62728\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"");
    }
    svg += text(gap, top + h + 46, has_val ? "blue: training, red dashed: validation" : "blue: training", "start");
    svg += "</svg>\n";
    return svg;
}

std::string svg_activations(const std::vector<std::string>& names) {
    const std::size_t per_row = 6;
    const double w = 150, h = 110, gap = 20, top = 40;
    const std::size_t rows = (names.size() + per_row - 1) / per_row;
    std::string svg = svg_open(gap + per_row * (w + gap), top + rows * (h + gap + 16) + 20);
    svg += text((gap + per_row * (w + gap)) / 2, 20, "every activation: f(x) solid, f'(x) dashed (from its own backward), x in [-4, 4]");
    constexpr std::size_t kPoints = 161;
    Tensor x(kPoints, 1);
    std::vector<double> xs(kPoints);
    for (std::size_t k = 0; k < kPoints; ++k) xs[k] = x(k, 0) = -4.0 + 8.0 * static_cast<double>(k) / (kPoints - 1);
    const Tensor ones(kPoints, 1, 1.0);
    for (std::size_t a = 0; a < names.size(); ++a) {
        std::unique_ptr<Activation> act = make_activation(names[a]);
        act->train(false);  // RReLU: the fixed mean slope, not a random one
        const Tensor y = act->forward(x);
        const Tensor dx = act->backward(ones);  // dL/dx with dL/dy = 1 is f'(x)
        std::vector<double> ys(y.data(), y.data() + kPoints), ds(dx.data(), dx.data() + kPoints);
        double lo = -1.0, hi = 1.0;
        for (std::size_t k = 0; k < kPoints; ++k) {
            lo = std::min({lo, ys[k], ds[k]});
            hi = std::max({hi, ys[k], ds[k]});
        }
        const double left = gap + static_cast<double>(a % per_row) * (w + gap);
        const double panel_top = top + static_cast<double>(a / per_row) * (h + gap + 16) + 16;
        svg += "<g class=\"activation\">\n";
        svg += text(left + w / 2, panel_top - 4, names[a]);
        svg += "<rect x=\"" + num(left) + "\" y=\"" + num(panel_top) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
               "\" fill=\"none\" stroke=\"#999\"/>\n";
        const double zero_y = panel_top + h - h * (0.0 - lo) / (hi - lo);
        svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(zero_y) + "\" x2=\"" + num(left + w) + "\" y2=\"" +
               num(zero_y) + "\" stroke=\"#ddd\"/>\n";
        svg += path(xs, ys, -4, 4, lo, hi, left, panel_top, w, h, "class=\"f\" stroke=\"#1f77b4\" stroke-width=\"1.5\"");
        svg += path(xs, ds, -4, 4, lo, hi, left, panel_top, w, h,
                    "class=\"df\" stroke=\"#d62728\" stroke-width=\"1.2\" stroke-dasharray=\"4,2\"");
        svg += "</g>\n";
    }
    svg += "</svg>\n";
    return svg;
}

std::string svg_hidden_units(Sequential& model, std::size_t layer_index, const Bounds& bounds, std::size_t resolution) {
    if (layer_index >= model.size())
        throw std::invalid_argument("svg_hidden_units: expected a layer index < " + std::to_string(model.size()) +
                                    ", got " + std::to_string(layer_index));
    // Run the grid through the model, keeping layer layer_index's output: its units' responses.
    Tensor h;
    model.forward_each(grid_points(bounds, resolution, resolution),
                       [&](std::size_t i, const Layer&, const Tensor& y) {
                           if (i == layer_index) h = y;
                       });
    const std::size_t units = h.cols(), per_row = 8;
    const double size = 90, gap = 14, top = 40, cell = size / static_cast<double>(resolution);
    const std::size_t rows = (units + per_row - 1) / per_row;
    std::string svg = svg_open(gap + per_row * (size + gap), top + rows * (size + gap + 14));
    svg += text((gap + per_row * (size + gap)) / 2, 20,
                "output of layer " + std::to_string(layer_index) + " (" + model[layer_index].name() +
                    ") per unit over the input plane; blue low, red high");
    for (std::size_t j = 0; j < units; ++j) {
        double lo = h(0, j), hi = h(0, j);
        for (std::size_t k = 0; k < h.rows(); ++k) {
            lo = std::min(lo, h(k, j));
            hi = std::max(hi, h(k, j));
        }
        const double left = gap + static_cast<double>(j % per_row) * (size + gap);
        const double unit_top = top + static_cast<double>(j / per_row) * (size + gap + 14) + 14;
        svg += "<g class=\"unit\" shape-rendering=\"crispEdges\">\n";
        svg += text(left + size / 2, unit_top - 3, "unit " + std::to_string(j));
        for (std::size_t r = 0; r < resolution; ++r) {
            std::vector<std::string> fills(resolution);
            for (std::size_t c = 0; c < resolution; ++c) {
                // Each unit on its own scale: its lowest value blue, its highest red.
                // Rounded to 16 levels: bands read like contour lines, and equal neighbours merge.
                const double t = hi > lo ? std::round(16.0 * (h(r * resolution + c, j) - lo) / (hi - lo)) / 16.0 : 0.5;
                fills[c] = t < 0.5 ? tint(0, 1.0 - 2.0 * t) : tint(1, 2.0 * t - 1.0);
            }
            svg += row_of_cells(fills, left, unit_top + r * cell, cell);
        }
        svg += "</g>\n";
    }
    svg += "</svg>\n";
    return svg;
}

}  // namespace mlp
