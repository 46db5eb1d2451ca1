// SPDX-License-Identifier: MIT
// svg_parts.cpp: the pieces every SVG picture is drawn with: colours, text, paths, and axes
// as a textbook draws them (a line, ticks at round numbers, tick labels, a title, a legend).
#include "svg_parts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mlp::svg_parts {

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
    const Rgb s = parse_hex(class_colour(c));
    char out[8];
    std::snprintf(out, sizeof out, "#%02x%02x%02x", static_cast<unsigned>(std::lround(255 * (1 - weight * (1 - s.r)))),
                  static_cast<unsigned>(std::lround(255 * (1 - weight * (1 - s.g)))),
                  static_cast<unsigned>(std::lround(255 * (1 - weight * (1 - s.b)))));
    return out;
}

std::string marker(std::size_t c, double x, double y, double r, const std::string& paint) {
    const std::string cls = "class=\"mark c" + std::to_string(c) + "\" ";
    auto polygon = [&](const std::vector<double>& xy) {  // offsets from the centre, in units of r
        std::string points;
        for (std::size_t k = 0; k + 1 < xy.size(); k += 2)
            points += (k == 0 ? "" : " ") + num(x + r * xy[k]) + "," + num(y + r * xy[k + 1]);
        return "<polygon " + cls + "points=\"" + points + "\" " + paint + "/>\n";
    };
    switch (c % 5) {
        case 0: return "<circle " + cls + "cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) + "\" " + paint + "/>\n";
        case 1: return polygon({0, -1.25, 1.1, 0.8, -1.1, 0.8});      // triangle, a little larger: it has less area
        case 2: return polygon({-0.9, -0.9, 0.9, -0.9, 0.9, 0.9, -0.9, 0.9});  // square
        case 3: return polygon({0, -1.2, 1.2, 0, 0, 1.2, -1.2, 0});    // diamond
        default: return polygon({0, 1.25, 1.1, -0.8, -1.1, -0.8});    // downward triangle
    }
}

std::string dash_of(std::size_t c) {
    static const char* const kDashes[] = {"", "7,3", "2,2", "9,3,2,3", "4,4", "12,4", "1,3", "6,2,1,2,1,2"};
    return kDashes[c % (sizeof kDashes / sizeof kDashes[0])];
}

// Three significant digits, for a value printed beside its bar.
std::string num_g(double v) {
    char out[32];
    std::snprintf(out, sizeof out, "%.3g", v);
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

std::string text(double x, double y, const std::string& s, const std::string& anchor) {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + escape(s) + "</text>\n";
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

// ---- Axes as a textbook draws them: a line, ticks at round numbers, tick labels, a title ----


// Linear: round steps (1, 2 or 5 times a power of ten), about `count` of them, that cover
// [lo, hi] (which is widened to the outer ticks). Log: every power of ten in [lo, hi].
std::vector<double> ticks(Scale& s, int count) {
    std::vector<double> out;
    if (s.log) {
        s.lo = std::pow(10.0, std::floor(std::log10(s.lo)));
        s.hi = std::pow(10.0, std::ceil(std::log10(s.hi)));
        if (s.hi <= s.lo) s.hi = s.lo * 10.0;
        const int decades = static_cast<int>(std::lround(std::log10(s.hi / s.lo)));
        const int every = std::max(1, (decades + 7) / 8);  // at most about 8 labels
        for (int d = 0; d <= decades; d += every) out.push_back(s.lo * std::pow(10.0, d));
        return out;
    }
    if (!(s.hi > s.lo)) s.hi = s.lo + 1.0;
    const double raw = (s.hi - s.lo) / count, power = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power : 10 * power;
    s.lo = std::floor(s.lo / step + 1e-9) * step;
    s.hi = std::ceil(s.hi / step - 1e-9) * step;
    for (double v = s.lo; v <= s.hi + step * 1e-6; v += step) out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

std::string tick_label(double v) {
    char out[32];
    std::snprintf(out, sizeof out, "%g", v);
    return out;
}

// A y axis at x = left over [top, top + h]: line, ticks, labels, and the title turned upright.
std::string y_axis(const Scale& s, const std::vector<double>& at, double left, double top, double h,
                   const std::string& title) {
    std::string out = "<g class=\"axis y\">\n<line x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) +
                      "\" y2=\"" + num(top + h) + "\" stroke=\"#333\"/>\n";
    for (double v : at) {
        const double y = top + h - h * s.at(v);
        out += "<line x1=\"" + num(left - 4) + "\" y1=\"" + num(y) + "\" x2=\"" + num(left) + "\" y2=\"" + num(y) +
               "\" stroke=\"#333\"/>\n";
        out += "<text class=\"tick\" x=\"" + num(left - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\" font-size=\"10\">" +
               tick_label(v) + "</text>\n";
    }
    if (!title.empty())
        out += "<text x=\"" + num(left - 42) + "\" y=\"" + num(top + h / 2) + "\" text-anchor=\"middle\" transform=\"rotate(-90 " +
               num(left - 42) + " " + num(top + h / 2) + ")\">" + escape(title + (s.log ? " (log scale)" : "")) + "</text>\n";
    return out + "</g>\n";
}

// An x axis at y = top + h over [left, left + w].
std::string x_axis(const Scale& s, const std::vector<double>& at, double left, double top, double w, double h,
                   const std::string& title) {
    const double y = top + h;
    std::string out = "<g class=\"axis x\">\n<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(left + w) +
                      "\" y2=\"" + num(y) + "\" stroke=\"#333\"/>\n";
    for (double v : at) {
        const double x = left + w * s.at(v);
        out += "<line x1=\"" + num(x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x) + "\" y2=\"" + num(y + 4) +
               "\" stroke=\"#333\"/>\n";
        out += "<text class=\"tick\" x=\"" + num(x) + "\" y=\"" + num(y + 15) + "\" text-anchor=\"middle\" font-size=\"10\">" +
               tick_label(v) + "</text>\n";
    }
    if (!title.empty())
        out += "<text x=\"" + num(left + w / 2) + "\" y=\"" + num(y + 30) + "\" text-anchor=\"middle\">" +
               escape(title + (s.log ? " (log scale)" : "")) + "</text>\n";
    return out + "</g>\n";
}

// One legend entry: a short line (or a filled swatch) in `colour`, then the words.
std::string legend_entry(double x, double y, const std::string& colour, const std::string& words, const std::string& dash,
                         bool swatch) {
    std::string mark = swatch ? "<rect x=\"" + num(x) + "\" y=\"" + num(y - 8) + "\" width=\"14\" height=\"10\" fill=\"" + colour + "\" stroke=\"#999\" stroke-width=\"0.5\"/>\n"
                              : "<line x1=\"" + num(x) + "\" y1=\"" + num(y - 4) + "\" x2=\"" + num(x + 18) + "\" y2=\"" +
                                    num(y - 4) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
                                    (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
    return "<g class=\"legend\">\n" + mark + "<text x=\"" + num(x + 22) + "\" y=\"" + num(y) + "\">" + escape(words) +
           "</text>\n</g>\n";
}

std::string legend_series(double x, double y, std::size_t c, const std::string& words, bool line) {
    const std::string colour = class_colour(c);
    std::string mark;
    if (line)
        mark = "<line x1=\"" + num(x) + "\" y1=\"" + num(y - 4) + "\" x2=\"" + num(x + 24) + "\" y2=\"" + num(y - 4) +
               "\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
               (dash_of(c).empty() ? "" : " stroke-dasharray=\"" + dash_of(c) + "\"") + "/>\n";
    mark += marker(c, x + 12, y - 4, 3.5, "fill=\"" + colour + "\" stroke=\"white\" stroke-width=\"0.5\"");
    return "<g class=\"legend\">\n" + mark + "<text x=\"" + num(x + 28) + "\" y=\"" + num(y) + "\">" + escape(words) +
           "</text>\n</g>\n";
}

std::string reference_line(const Scale& s, double v, bool horizontal, double left, double top, double w, double h,
                           const std::string& words) {
    std::string out = "<g class=\"reference\">\n";
    if (horizontal) {
        const double y = top + h - h * s.at(v);
        out += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(left + w) + "\" y2=\"" + num(y) +
               "\" stroke=\"#777\" stroke-dasharray=\"3,3\"/>\n";
        out += "<text x=\"" + num(left + w - 2) + "\" y=\"" + num(y - 3) + "\" text-anchor=\"end\" font-size=\"10\" fill=\"#555\">" +
               escape(words) + "</text>\n";
    } else {
        const double x = left + w * s.at(v);
        out += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" + num(top + h) +
               "\" stroke=\"#777\" stroke-dasharray=\"3,3\"/>\n";
        out += "<text x=\"" + num(x + 3) + "\" y=\"" + num(top - 2) + "\" font-size=\"10\" fill=\"#555\">" + escape(words) +
               "</text>\n";
    }
    return out + "</g>\n";
}

// True when positive values span at least `orders` powers of ten: draw them on a log scale.
bool spans_orders(const std::vector<double>& values, double orders) {
    double lo = INFINITY, hi = 0.0;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        if (v <= 0.0) return false;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    return hi > 0.0 && hi / lo >= std::pow(10.0, orders);
}

}  // namespace mlp::svg_parts
