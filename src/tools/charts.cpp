// SPDX-License-Identifier: MIT
// charts.cpp: bar and line charts of any numbers, with axes, ticks, legends and log scales.
#include "mlp/tools/charts.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "svg_parts.hpp"

namespace mlp {

using namespace svg_parts;

std::string svg_bar_chart(const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<double>& values, const std::string& axis_title, const std::string& missing) {
    if (labels.size() != values.size() || labels.empty())
        throw std::invalid_argument("svg_bar_chart: expected as many labels as values (and at least one), got " +
                                    std::to_string(labels.size()) + " labels and " + std::to_string(values.size()) +
                                    " values");
    const double bar_h = 18, left = 120, width = 380, top = 40;
    const double axis_y = top + bar_h * static_cast<double>(values.size());
    // Log when every value is positive and they span two orders of magnitude or more.
    Scale scale{INFINITY, -INFINITY, spans_orders(values, 2.0)};
    for (double v : values)
        if (std::isfinite(v)) {
            scale.lo = std::min(scale.lo, v);
            scale.hi = std::max(scale.hi, v);
        }
    if (!std::isfinite(scale.lo)) scale = {0.0, 1.0, false};
    if (!scale.log) {
        scale.lo = std::min(scale.lo, 0.0);
        scale.hi = std::max(scale.hi, 0.0);
    }
    const std::vector<double> at = ticks(scale, 5);
    std::string svg = svg_open(left + width + 90, axis_y + 60);
    svg += text(10, 20, title, "start");
    // The bars start at the axis' origin: 0 on a linear axis, its lowest decade on a log one.
    const double origin = left + width * (scale.log ? 0.0 : scale.at(0.0));
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i], y = top + bar_h * static_cast<double>(i);
        svg += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y + 13) + "\" text-anchor=\"end\">" + escape(labels[i]) + "</text>\n";
        std::string shown = std::isnan(v) ? missing : std::isinf(v) ? "diverged" : num_g(v);
        if (std::isfinite(v)) {
            const double end = left + width * scale.at(v);
            svg += "<rect class=\"bar\" x=\"" + num(std::min(origin, end)) + "\" y=\"" + num(y + 2) + "\" width=\"" +
                   num(std::abs(end - origin)) + "\" height=\"" + num(bar_h - 4) + "\" fill=\"" + (v < 0 ? "#d62728" : "#1f77b4") + "\"/>\n";
            svg += "<text x=\"" + num(std::max(origin, end) + 4) + "\" y=\"" + num(y + 13) + "\" font-size=\"10\">" + shown + "</text>\n";
        } else {
            svg += "<text x=\"" + num(origin + 4) + "\" y=\"" + num(y + 13) + "\" font-size=\"10\" fill=\"#777\">" + shown + "</text>\n";
        }
    }
    svg += x_axis(scale, at, left, top - 4, width, axis_y - top + 8, axis_title);
    svg += "</svg>\n";
    return svg;
}

std::string svg_line_chart(const std::string& title, const std::vector<Series>& series, const std::string& x_title,
                           const std::string& y_title) {
    Scale xs{INFINITY, -INFINITY, false}, ys{INFINITY, -INFINITY, false};
    for (const Series& s : series) {
        if (s.x.size() != s.y.size())
            throw std::invalid_argument("svg_line_chart: expected as many x as y values in series '" + s.name + "', got " +
                                        std::to_string(s.x.size()) + " and " + std::to_string(s.y.size()));
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            xs.lo = std::min(xs.lo, s.x[k]);
            xs.hi = std::max(xs.hi, s.x[k]);
            ys.lo = std::min(ys.lo, s.y[k]);
            ys.hi = std::max(ys.hi, s.y[k]);
        }
    }
    if (!std::isfinite(xs.lo)) throw std::invalid_argument("svg_line_chart: expected at least one point, got none");
    const std::vector<double> x_at = ticks(xs, 6), y_at = ticks(ys, 5);
    const double left = 70, top = 40, w = 480, h = 300;
    std::string svg = svg_open(left + w + 30, top + h + 50 + 18.0 * static_cast<double>(series.size()));
    svg += text(left + w / 2, 22, title);
    svg += y_axis(ys, y_at, left, top, h, y_title);
    svg += x_axis(xs, x_at, left, top, w, h, x_title);
    for (std::size_t i = 0; i < series.size(); ++i) {
        const Series& s = series[i];
        const std::string colour = kStrong[i % kColours];
        if (s.dots) {
            for (std::size_t k = 0; k < s.x.size(); ++k)
                svg += "<circle cx=\"" + num(left + w * xs.at(s.x[k])) + "\" cy=\"" + num(top + h - h * ys.at(s.y[k])) +
                       "\" r=\"2.5\" fill=\"" + colour + "\"/>\n";
        } else {
            svg += path(s.x, s.y, xs.lo, xs.hi, ys.lo, ys.hi, left, top, w, h,
                        "class=\"curve\" stroke=\"" + colour + "\" stroke-width=\"2\"");
        }
        svg += legend_entry(left, top + h + 52 + 18.0 * static_cast<double>(i), colour, s.name, "", s.dots);
    }
    svg += "</svg>\n";
    return svg;
}

}  // namespace mlp
