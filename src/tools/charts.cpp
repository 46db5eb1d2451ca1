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
                          const std::vector<double>& values, const std::string& axis_title, const std::string& missing, double reference,
                          const std::string& reference_words) {
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
    if (std::isfinite(reference)) {  // the reference value is always on the axis
        scale.lo = std::min(scale.lo, reference);
        scale.hi = std::max(scale.hi, reference);
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
                   num(std::abs(end - origin)) + "\" height=\"" + num(bar_h - 4) + "\" fill=\"" + class_colour(v < 0 ? 2 : 1) + "\"/>\n";
            svg += "<text x=\"" + num(std::max(origin, end) + 4) + "\" y=\"" + num(y + 13) + "\" font-size=\"10\">" + shown + "</text>\n";
        } else {
            svg += "<text x=\"" + num(origin + 4) + "\" y=\"" + num(y + 13) + "\" font-size=\"10\" fill=\"#777\">" + shown + "</text>\n";
        }
    }
    svg += x_axis(scale, at, left, top - 4, width, axis_y - top + 8, axis_title);
    if (std::isfinite(reference)) svg += reference_line(scale, reference, false, left, top - 4, width, axis_y - top + 8, reference_words);
    svg += "</svg>\n";
    return svg;
}

// Where series i of `count` puts its markers: about eight along the line, shifted by a fraction
// of the spacing per series, so lines that coincide still show every series' marker.
static bool marks_point(std::size_t k, std::size_t points, std::size_t i, std::size_t count) {
    if (points <= 24) return true;
    const std::size_t every = points / 8;
    return (k + every - (i * every) / std::max<std::size_t>(count, 1) % every) % every == 0;
}

std::string svg_line_panels(const std::string& title, const std::vector<Panel>& panels, const std::string& x_title,
                            const std::string& y_title) {
    Scale xs{INFINITY, -INFINITY, false}, ys{INFINITY, -INFINITY, false};
    std::vector<double> all_y;
    std::size_t most_series = 0;
    for (const Panel& panel : panels) {
        most_series = std::max(most_series, panel.series.size());
        for (const Series& s : panel.series) {
            if (s.x.size() != s.y.size())
                throw std::invalid_argument("svg_line_chart: expected as many x as y values in series '" + s.name + "', got " +
                                            std::to_string(s.x.size()) + " and " + std::to_string(s.y.size()));
            for (std::size_t k = 0; k < s.x.size(); ++k) {
                if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) continue;
                xs.lo = std::min(xs.lo, s.x[k]);
                xs.hi = std::max(xs.hi, s.x[k]);
                ys.lo = std::min(ys.lo, s.y[k]);
                ys.hi = std::max(ys.hi, s.y[k]);
                all_y.push_back(s.y[k]);
            }
        }
    }
    if (!std::isfinite(xs.lo)) throw std::invalid_argument("svg_line_chart: expected at least one point, got none");
    // Log when every value is positive and they span two orders of magnitude or more (losses).
    ys.log = spans_orders(all_y, 2.0);
    const std::vector<double> x_at = ticks(xs, 6), y_at = ticks(ys, 5);
    const double left = 70, top = 40, w = 480, h = 300, gap = 90;
    const double width = left + static_cast<double>(panels.size()) * (w + gap) - gap + 30;
    std::string svg = svg_open(width, top + h + 60 + 18.0 * static_cast<double>(most_series));
    svg += text(width / 2, 18, title);
    for (std::size_t p = 0; p < panels.size(); ++p) {
        const double x0 = left + static_cast<double>(p) * (w + gap);
        if (panels.size() > 1) svg += text(x0 + w / 2, top - 6, panels[p].title);
        svg += y_axis(ys, y_at, x0, top, h, y_title);
        svg += x_axis(xs, x_at, x0, top, w, h, x_title);
        const std::vector<Series>& series = panels[p].series;
        for (std::size_t i = 0; i < series.size(); ++i) {
            const Series& s = series[i];
            const std::string colour = class_colour(i);
            // Points in axis units (0 to 1), so a log axis draws log10 of the values.
            std::vector<double> px, py;
            for (std::size_t k = 0; k < s.x.size(); ++k)
                if (std::isfinite(s.x[k]) && std::isfinite(s.y[k])) {
                    px.push_back(xs.at(s.x[k]));
                    py.push_back(ys.at(s.y[k]));
                }
            if (!s.dots)
                svg += path(px, py, 0.0, 1.0, 0.0, 1.0, x0, top, w, h,
                            "class=\"curve\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
                                (dash_of(i).empty() ? "" : " stroke-dasharray=\"" + dash_of(i) + "\""));
            for (std::size_t k = 0; k < px.size(); ++k)
                if (s.dots || marks_point(k, px.size(), i, series.size()))
                    svg += marker(i, x0 + w * px[k], top + h - h * py[k], s.dots ? 2.5 : 3.5,
                                  "fill=\"" + colour + "\" stroke=\"white\" stroke-width=\"0.5\"");
        }
    }
    const std::vector<Series>& named = panels.front().series;
    for (std::size_t i = 0; i < named.size(); ++i)
        svg += legend_series(left, top + h + 56 + 18.0 * static_cast<double>(i), i, named[i].name, !named[i].dots);
    svg += "</svg>\n";
    return svg;
}

std::string svg_line_chart(const std::string& title, const std::vector<Series>& series, const std::string& x_title,
                           const std::string& y_title) {
    return svg_line_panels(title, {Panel{"", series}}, x_title, y_title);
}

}  // namespace mlp
