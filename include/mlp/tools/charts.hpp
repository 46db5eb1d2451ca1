// SPDX-License-Identifier: MIT
// charts.hpp: SVG charts of any numbers: horizontal bars and lines, with axes, ticks, legends,
// and a log axis where the values span orders of magnitude (pictures of models: plot.hpp).
#pragma once

#include <string>
#include <vector>

namespace mlp {

// SVG: a horizontal bar chart, one bar per label, with a labelled x axis: logarithmic when every
// value is positive and they span two orders of magnitude or more (the axis title says so).
// A NaN value is written as `missing` ("n/a", "never"), an infinite one as "diverged".
std::string svg_bar_chart(const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<double>& values, const std::string& axis_title,
                          const std::string& missing = "n/a");

// One named series of a line chart: drawn as a line, or as dots when `dots` is set.
struct Series {
    std::string name;  // its legend entry
    std::vector<double> x, y;
    bool dots = false;
};

// SVG: several series over shared axes with ticks and titles, and a legend naming each series
// in its colour (matplotlib's tab10 order). One <path> per line series, one <circle> per dot.
std::string svg_line_chart(const std::string& title, const std::vector<Series>& series, const std::string& x_title,
                           const std::string& y_title);

}  // namespace mlp
