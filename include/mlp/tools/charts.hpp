// SPDX-License-Identifier: MIT
// charts.hpp: SVG charts of any numbers: horizontal bars and lines, with axes, ticks, legends,
// and a log axis where the values span orders of magnitude (pictures of models: plot.hpp).
#pragma once

#include <cmath>
#include <string>
#include <vector>

namespace mlp {

// SVG: a horizontal bar chart, one bar per label, with a labelled x axis: logarithmic when every
// value is positive and they span two orders of magnitude or more (the axis title says so).
// A NaN value is written as `missing` ("n/a", "never"), an infinite one as "diverged".
// A finite `reference` draws a dashed line at that value labelled `reference_words` (a healthy
// ratio of 1, chance accuracy): a value that has a meaning is marked where the eye can compare.
std::string svg_bar_chart(const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<double>& values, const std::string& axis_title,
                          const std::string& missing = "n/a", double reference = NAN,
                          const std::string& reference_words = "");

// One named series of a line chart: drawn as a line, or as dots when `dots` is set.
struct Series {
    std::string name;  // its legend entry
    std::vector<double> x, y;
    bool dots = false;
};

// SVG: several series over shared axes with ticks and titles, and a legend naming each series.
// Series i takes palette colour i (palette.hpp), dash pattern i and marker shape i, so lines that
// coincide can still be told apart: one <path> per line series, markers along it, one marker per
// dot. The y axis is logarithmic when every value is positive and they span two orders of magnitude.
std::string svg_line_chart(const std::string& title, const std::vector<Series>& series, const std::string& x_title,
                           const std::string& y_title);

// One panel of a multi-panel line chart: its own title, the same series names in the same order.
struct Panel {
    std::string title;
    std::vector<Series> series;
};

// SVG: panels side by side on shared scales (so they compare at a glance), one legend (the first
// panel's series names) for all. Each panel is drawn as svg_line_chart draws its one panel.
std::string svg_line_panels(const std::string& title, const std::vector<Panel>& panels, const std::string& x_title,
                            const std::string& y_title);

}  // namespace mlp
