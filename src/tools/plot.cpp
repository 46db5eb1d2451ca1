// SPDX-License-Identifier: MIT
// plot.cpp: SVG and terminal pictures of data, models, training curves and activations.
#include "mlp/tools/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "mlp/nn/activation_registry.hpp"
#include "svg_parts.hpp"

namespace mlp {

using namespace svg_parts;

namespace {

void check_2d(const std::string& who, const Dataset& d) {
    if (d.x.cols() != 2 || d.y.rows() != d.x.rows())
        throw std::invalid_argument(who + ": expected 2-D samples (N, 2) with labels (N, 1), got x " + d.x.shape() +
                                    " and y " + d.y.shape());
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
    const double size = 480.0, top = 30.0, left = 60.0, cell = size / static_cast<double>(resolution);
    const Tensor p = class_probabilities(model, loss, grid_points(b, resolution, resolution));
    std::string svg = svg_open(left + size + 20, top + size + 90);
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
    // Each class its colour and its shape (circle, triangle, ...): training samples filled,
    // test samples hollow and ringed in the class colour.
    const Dataset* sets[] = {&train, &test};
    for (int s = 0; s < 2; ++s) {
        svg += s == 0 ? "<g class=\"train\">\n" : "<g class=\"test\">\n";
        for (std::size_t n = 0; n < sets[s]->x.rows(); ++n) {
            const double px = left + size * (sets[s]->x(n, 0) - b.x_min) / (b.x_max - b.x_min);
            const double py = top + size * (b.y_max - sets[s]->x(n, 1)) / (b.y_max - b.y_min);
            const auto c = static_cast<std::size_t>(sets[s]->y(n, 0));
            const std::string colour = class_colour(c);
            svg += marker(c, px, py, 3.2,
                          s == 0 ? "fill=\"" + colour + "\" stroke=\"white\" stroke-width=\"0.5\""
                                 : "fill=\"white\" stroke=\"" + colour + "\" stroke-width=\"1.5\"");
        }
        svg += "</g>\n";
    }
    // Axes in input units (the ticks fall where round numbers are, inside the drawn box).
    Scale xs{b.x_min, b.x_max, false}, ys{b.y_min, b.y_max, false};
    Scale xt = xs, yt = ys;
    std::vector<double> x_at, y_at;
    for (double v : ticks(xt, 6))
        if (v >= b.x_min && v <= b.x_max) x_at.push_back(v);
    for (double v : ticks(yt, 6))
        if (v >= b.y_min && v <= b.y_max) y_at.push_back(v);
    svg += y_axis(ys, y_at, left, top, size, "x2");
    svg += x_axis(xs, x_at, left, top, size, size, "x1");
    // Legend: each class's colour, and how training and test samples are marked.
    std::size_t classes = p.cols();
    for (const Dataset* d : sets)
        for (std::size_t n = 0; n < d->y.rows(); ++n) classes = std::max(classes, static_cast<std::size_t>(d->y(n, 0)) + 1);
    double lx = left;
    for (std::size_t c = 0; c < classes; ++c, lx += 80)
        svg += legend_series(lx, top + size + 58, c, "class " + std::to_string(c), false);
    svg += text(left, top + size + 78, "filled: training samples; hollow: test samples; shade: probability", "start");
    svg += "</svg>\n";
    model.train(was_training);
    return svg;
}

std::string svg_history(const History& history, const std::string& title, double chance) {
    if (history.epochs.empty()) throw std::invalid_argument("svg_history: expected at least one epoch, got none");
    const double w = 300, h = 200, top = 40, gap = 80;
    std::vector<double> epochs, loss, acc, val_loss, val_acc;
    for (const EpochStats& e : history.epochs) {
        epochs.push_back(static_cast<double>(e.epoch));
        loss.push_back(e.loss);
        acc.push_back(e.accuracy);
        val_loss.push_back(e.val_loss);
        val_acc.push_back(e.val_accuracy);
    }
    const bool has_val = std::isfinite(val_loss.front());
    // Losses often fall by orders of magnitude: a log axis then, so the late epochs are not a flat line.
    std::vector<double> all_losses = loss;
    if (has_val) all_losses.insert(all_losses.end(), val_loss.begin(), val_loss.end());
    Scale loss_scale{INFINITY, 0.0, spans_orders(all_losses, 1.0)};
    for (double v : all_losses)
        if (std::isfinite(v)) {
            loss_scale.lo = std::min(loss_scale.lo, v);
            loss_scale.hi = std::max(loss_scale.hi, v);
        }
    if (!loss_scale.log) loss_scale.lo = 0.0;
    if (!(loss_scale.hi > loss_scale.lo)) loss_scale = {0.0, 1.0, false};
    Scale epoch_scale{1.0, std::max(2.0, epochs.back()), false};
    const std::vector<double> epoch_ticks = ticks(epoch_scale, 5);
    epoch_scale.lo = std::max(epoch_scale.lo, 0.0);
    std::string svg = svg_open(gap * 2 + w * 2 + 20, top + h + 70);
    svg += text(gap + w + 10, 20, title);
    const char* const titles[] = {"loss", "accuracy"};
    for (int panel = 0; panel < 2; ++panel) {
        const double left = gap + panel * (w + gap);
        Scale y_scale = panel == 0 ? loss_scale : Scale{0.0, 1.0, false};
        const std::vector<double> y_ticks = ticks(y_scale, 5);
        svg += text(left + w / 2, top - 6, titles[panel]);
        svg += y_axis(y_scale, y_ticks, left, top, h, titles[panel]);
        svg += x_axis(epoch_scale, epoch_ticks, left, top, w, h, "epoch");
        // Curves drawn in axis units: log10 of the loss on a log axis.
        auto place = [&](const std::vector<double>& v) {
            std::vector<double> out(v.size());
            for (std::size_t k = 0; k < v.size(); ++k) out[k] = y_scale.at(v[k]);
            return out;
        };
        std::vector<double> xs(epochs.size());
        for (std::size_t k = 0; k < epochs.size(); ++k) xs[k] = epoch_scale.at(epochs[k]);
        if (panel == 1 && std::isfinite(chance))
            svg += reference_line(y_scale, chance, true, left, top, w, h, "chance " + tick_label(chance));
        // Training is series 0 and validation series 1: colour, dashes and markers as in every chart.
        for (std::size_t i = 0; i < (has_val ? 2u : 1u); ++i) {
            const std::vector<double> ys = place(panel == 0 ? (i == 0 ? loss : val_loss) : (i == 0 ? acc : val_acc));
            const std::string colour = class_colour(i);
            svg += path(xs, ys, 0.0, 1.0, 0.0, 1.0, left, top, w, h,
                        "class=\"curve\" stroke=\"" + colour + "\" stroke-width=\"1.5\"" +
                            (dash_of(i).empty() ? "" : " stroke-dasharray=\"" + dash_of(i) + "\""));
            const std::size_t every = std::max<std::size_t>(1, xs.size() / 8);
            for (std::size_t k = (i * every) / 2; k < xs.size(); k += every)
                svg += marker(i, left + w * xs[k], top + h - h * std::clamp(ys[k], 0.0, 1.0), 3.0,
                              "fill=\"" + colour + "\" stroke=\"white\" stroke-width=\"0.5\"");
        }
    }
    svg += legend_series(gap, top + h + 58, 0, "training");
    if (has_val) svg += legend_series(gap + 120, top + h + 58, 1, "validation");
    svg += "</svg>\n";
    return svg;
}

std::string svg_activations(const std::vector<std::string>& names) {
    const std::size_t per_row = 5;
    const double w = 150, h = 110, gap = 50, top = 60, row_h = h + 64;
    const std::size_t rows = (names.size() + per_row - 1) / per_row;
    const double width = gap + per_row * (w + gap);
    std::string svg = svg_open(width, top + rows * row_h + 10);
    svg += text(width / 2, 20, "every activation over x in [-4, 4]; f' from the layer's own backward");
    svg += legend_entry(gap, 42, class_colour(1), "f(x)", "");
    svg += legend_entry(gap + 80, 42, class_colour(0), "f'(x)", "4,2");
    svg += legend_entry(gap + 170, 42, "#bbb", "slope 1 and slope 0.25 (the steepest tanh and sigmoid get)", "2,2");
    constexpr std::size_t kPoints = 161;
    // Each point is the row (x, 0): an element-wise activation gives f(x) in column 0; a row-wise
    // one (softmax) gives the 2-class softmax along one input, which is what it means there.
    Tensor x(kPoints, 2, 0.0), x_moved(kPoints, 2, 1.0);
    std::vector<double> xs(kPoints);
    for (std::size_t k = 0; k < kPoints; ++k) xs[k] = x(k, 0) = x_moved(k, 0) = -4.0 + 8.0 * static_cast<double>(k) / (kPoints - 1);
    Tensor dy(kPoints, 2, 0.0);
    for (std::size_t k = 0; k < kPoints; ++k) dy(k, 0) = 1.0;
    for (std::size_t a = 0; a < names.size(); ++a) {
        std::unique_ptr<Activation> act = make_activation(names[a]);
        act->train(false);  // RReLU: the fixed mean slope, not a random one
        // Ask the layer whether column 0's output depends on column 1: then it is row-wise.
        const Tensor y_moved = act->forward(x_moved);
        const Tensor y = act->forward(x);
        const Tensor dx = act->backward(dy);  // dL/dx with dL/dy = (1, 0) is df_0/dx_0
        bool row_wise = false;
        std::vector<double> ys(kPoints), ds(kPoints);
        for (std::size_t k = 0; k < kPoints; ++k) {
            ys[k] = y(k, 0);
            ds[k] = dx(k, 0);
            row_wise = row_wise || y_moved(k, 0) != y(k, 0);
        }
        Scale scale{-1.0, 1.0, false};
        for (std::size_t k = 0; k < kPoints; ++k) {
            scale.lo = std::min({scale.lo, ys[k], ds[k]});
            scale.hi = std::max({scale.hi, ys[k], ds[k]});
        }
        const std::vector<double> at = ticks(scale, 4);
        const double left = gap + static_cast<double>(a % per_row) * (w + gap);
        const double panel_top = top + static_cast<double>(a / per_row) * row_h + 24;
        svg += "<g class=\"activation\">\n";
        // The title sits clear of the top tick label; a row-wise activation's note goes on a
        // smaller second line, so no title is wider than its panel.
        svg += text(left + w / 2, row_wise ? panel_top - 16 : panel_top - 8, names[a]);
        if (row_wise)
            svg += "<text x=\"" + num(left + w / 2) + "\" y=\"" + num(panel_top - 5) +
                   "\" text-anchor=\"middle\" font-size=\"9\" fill=\"#555\">of (x, 0), output 0</text>\n";
        // Reference lines at slope 1 and 0.25, so a slope can be read off every panel.
        for (double ref : {1.0, 0.25}) {
            const double ry = panel_top + h - h * scale.at(ref);
            svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(ry) + "\" x2=\"" + num(left + w) + "\" y2=\"" + num(ry) +
                   "\" stroke=\"#bbb\" stroke-dasharray=\"2,2\"/>\n";
            svg += "<text class=\"tick\" x=\"" + num(left + w + 3) + "\" y=\"" + num(ry + 3) + "\" font-size=\"9\" fill=\"#888\">" +
                   tick_label(ref) + "</text>\n";
        }
        const double zero_y = panel_top + h - h * scale.at(0.0);
        svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(zero_y) + "\" x2=\"" + num(left + w) + "\" y2=\"" +
               num(zero_y) + "\" stroke=\"#ddd\"/>\n";
        Scale x_scale{-4.0, 4.0, false};
        svg += y_axis(scale, at, left, panel_top, h, "");
        svg += x_axis(x_scale, {-4.0, -2.0, 0.0, 2.0, 4.0}, left, panel_top, w, h, "");
        svg += path(xs, ys, -4, 4, scale.lo, scale.hi, left, panel_top, w, h, "class=\"f\" stroke=\"" + std::string(class_colour(1)) + "\" stroke-width=\"1.5\"");
        svg += path(xs, ds, -4, 4, scale.lo, scale.hi, left, panel_top, w, h,
                    "class=\"df\" stroke=\"" + std::string(class_colour(0)) + "\" stroke-width=\"1.2\" stroke-dasharray=\"4,2\"");
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
    std::string svg = svg_open(gap + per_row * (size + gap), top + rows * (size + gap + 14) + 24);
    svg += text((gap + per_row * (size + gap)) / 2, 20,
                "output of layer " + std::to_string(layer_index) + " (" + model[layer_index].name() +
                    ") per unit over the input plane; orange low, blue high");
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
                // Each unit on its own scale: its lowest value orange, its highest blue (the
                // palette's two class colours, a diverging scale colour-blind readers can follow;
                // the playground draws below 0 orange and above 0 blue).
                // Rounded to 16 levels: bands read like contour lines, and equal neighbours merge.
                const double t = hi > lo ? std::round(16.0 * (h(r * resolution + c, j) - lo) / (hi - lo)) / 16.0 : 0.5;
                fills[c] = t < 0.5 ? tint(0, 1.0 - 2.0 * t) : tint(1, 2.0 * t - 1.0);
            }
            svg += row_of_cells(fills, left, unit_top + r * cell, cell);
        }
        svg += "</g>\n";
    }
    // Legend: each unit is on its own scale, from its lowest value (orange) to its highest (blue).
    const double legend_y = top + static_cast<double>(rows) * (size + gap + 14) + 14;
    svg += legend_entry(gap, legend_y, tint(0, 1.0), "the unit's lowest value", "", true);
    svg += legend_entry(gap + 190, legend_y, "#ffffff", "its midpoint", "", true);
    svg += legend_entry(gap + 300, legend_y, tint(1, 1.0), "its highest value", "", true);
    svg += "</svg>\n";
    return svg;
}

}  // namespace mlp
