// SPDX-License-Identifier: MIT
// svg_parts.hpp: internal to the library (not installed): the pieces plot.cpp and charts.cpp
// draw their SVGs with. Axes map values through a Scale, linear or log10.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "mlp/tools/palette.hpp"

namespace mlp::svg_parts {

// Class and series colours come from mlp/tools/palette.hpp (class_colour), nowhere else.
// White blended towards class c's colour: weight 0 is white, 1 the full colour.
std::string tint(std::size_t c, double weight);

// Class or series c's mark, centred on (x, y) with radius r: a circle, a triangle, a square,
// a diamond, a downward triangle, then repeating, so shapes tell classes apart without colour.
// `paint` holds the fill and stroke attributes.
std::string marker(std::size_t c, double x, double y, double r, const std::string& paint);
// Series c's dash pattern ("" is solid), so lines that coincide can still be told apart.
std::string dash_of(std::size_t c);
std::string num(double v);    // "%.2f", for coordinates
std::string num_g(double v);  // "%.3g", for values printed beside a bar
std::string escape(const std::string& text);
std::string svg_open(double width, double height);
std::string text(double x, double y, const std::string& s, const std::string& anchor = "middle");

// A polyline through (xs[k], ys[k]) mapped into the panel [left, left + w] x [top, top + h].
std::string path(const std::vector<double>& xs, const std::vector<double>& ys, double x_lo, double x_hi, double y_lo,
                 double y_hi, double left, double top, double w, double h, const std::string& style);

// One row of square cells of side `cell`; equal neighbours are merged into one rectangle.
std::string row_of_cells(const std::vector<std::string>& fills, double left, double top, double cell);

// A value range drawn on a linear or a log10 scale (log when the values span orders of magnitude).
struct Scale {
    double lo = 0.0, hi = 1.0;
    bool log = false;
    // Where v falls, from 0 (lo) to 1 (hi).
    double at(double v) const {
        if (log) return (std::log10(std::max(v, lo)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
        return (v - lo) / (hi - lo);
    }
};

// Tick positions; widens s to the outer ticks (see svg_parts.cpp).
std::vector<double> ticks(Scale& s, int count = 5);
std::string tick_label(double v);
std::string y_axis(const Scale& s, const std::vector<double>& at, double left, double top, double h,
                   const std::string& title);
std::string x_axis(const Scale& s, const std::vector<double>& at, double left, double top, double w, double h,
                   const std::string& title);
std::string legend_entry(double x, double y, const std::string& colour, const std::string& words, const std::string& dash,
                         bool swatch = false);
// A legend entry for series or class c: its line (dashed as dash_of(c)) with its marker on it,
// or only the marker when `line` is false.
std::string legend_series(double x, double y, std::size_t c, const std::string& words, bool line = true);
// A dashed grey reference line across a panel at value v on scale s (horizontal: a y value;
// vertical: an x value), labelled with `words` at its end.
std::string reference_line(const Scale& s, double v, bool horizontal, double left, double top, double w, double h,
                           const std::string& words);
// True when positive values span at least `orders` powers of ten: draw them on a log scale.
bool spans_orders(const std::vector<double>& values, double orders);

}  // namespace mlp::svg_parts
