// SPDX-License-Identifier: MIT
// metrics_svg.cpp: the confusion matrix as an SVG heat map, and a captioned grid of images.
#include "mlp/tools/metrics_svg.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace mlp {

namespace {

// Text for SVG: the five characters XML gives a meaning escaped.
std::string xml_escape(const std::string& s) {
    std::string out;
    for (char ch : s) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += ch;
        }
    }
    return out;
}

std::string format(const char* fmt, double a, double b, double c, double d) {
    char text[160];
    std::snprintf(text, sizeof text, fmt, a, b, c, d);
    return text;
}

}  // namespace

std::string svg_confusion_matrix(const ConfusionMatrix& m, const std::vector<std::string>& names,
                                 const std::string& title) {
    if (!names.empty() && names.size() != m.classes())
        throw std::invalid_argument("svg_confusion_matrix: expected " + std::to_string(m.classes()) +
                                    " class names or none, got " + std::to_string(names.size()));
    const std::size_t C = m.classes();
    auto label = [&](std::size_t c) { return xml_escape(names.empty() ? std::to_string(c) : names[c]); };
    const double cell = 48.0, left = 110.0, top = 120.0;
    const double width = left + cell * static_cast<double>(C) + 20.0;
    const double height = top + cell * static_cast<double>(C) + 50.0;
    std::string svg = format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                             "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n",
                             width, height, width, height);
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg += format("<text x=\"%.0f\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">", width / 2, 0, 0, 0) +
           xml_escape(title) + "</text>\n";
    svg += format("<text x=\"%.0f\" y=\"48\" font-size=\"13\" text-anchor=\"middle\">predicted class</text>\n",
                  left + cell * static_cast<double>(C) / 2, 0, 0, 0);
    svg += format("<text x=\"16\" y=\"%.0f\" font-size=\"13\" text-anchor=\"middle\" "
                  "transform=\"rotate(-90 16 %.0f)\">true class</text>\n",
                  top + cell * static_cast<double>(C) / 2, top + cell * static_cast<double>(C) / 2, 0, 0);
    for (std::size_t p = 0; p < C; ++p) {  // column labels, turned so long names fit
        const double x = left + cell * (static_cast<double>(p) + 0.5);
        svg += format("<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" transform=\"rotate(-45 %.1f %.0f)\">", x, top - 6, x,
                      top - 6) +
               label(p) + "</text>\n";
    }
    for (std::size_t t = 0; t < C; ++t) {
        std::size_t row_total = 0;
        for (std::size_t p = 0; p < C; ++p) row_total += m(t, p);
        const double y = top + cell * static_cast<double>(t);
        svg += format("<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">", left - 6, y + cell / 2 + 4, 0, 0) +
               label(t) + "</text>\n";
        for (std::size_t p = 0; p < C; ++p) {
            const double share = row_total == 0 ? 0.0 : static_cast<double>(m(t, p)) / static_cast<double>(row_total);
            // White for none of the row, the palette's blue (class_colour(1), #0072B2) for all of it.
            const int r = static_cast<int>(255 - share * (255 - 0x00));
            const int g = static_cast<int>(255 - share * (255 - 0x72));
            const int b = static_cast<int>(255 - share * (255 - 0xB2));
            const double x = left + cell * static_cast<double>(p);
            char rect[200];
            std::snprintf(rect, sizeof rect,
                          "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"rgb(%d,%d,%d)\" "
                          "stroke=\"#ccc\"/>\n",
                          x, y, cell, cell, r, g, b);
            svg += rect;
            std::snprintf(rect, sizeof rect,
                          "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" fill=\"%s\">%zu</text>\n",
                          x + cell / 2, y + cell / 2 + 4, share > 0.5 ? "white" : "black", m(t, p));
            svg += rect;
        }
    }
    svg += format("<text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" text-anchor=\"middle\">", width / 2, height - 16, 0, 0);
    char acc[96];
    std::snprintf(acc, sizeof acc, "accuracy %.2f%% (%zu of %zu); rows shaded by their own total", 100.0 * m.accuracy(),
                  m.correct(), m.total());
    svg += std::string(acc) + "</text>\n</svg>\n";
    return svg;
}

std::string svg_image_grid(const Tensor& images, std::size_t height, std::size_t width,
                           const std::vector<std::string>& captions, std::size_t per_row, const std::string& title,
                           std::size_t scale) {
    if (images.cols() != height * width)
        throw std::invalid_argument("svg_image_grid: expected images of " + std::to_string(height) + " x " +
                                    std::to_string(width) + " = " + std::to_string(height * width) + " pixels, got " +
                                    images.shape());
    if (captions.size() != images.rows())
        throw std::invalid_argument("svg_image_grid: expected one caption per image (" + std::to_string(images.rows()) +
                                    "), got " + std::to_string(captions.size()));
    if (per_row == 0 || scale == 0) throw std::invalid_argument("svg_image_grid: expected per_row and scale of at least 1, got 0");
    const std::size_t N = images.rows();
    const std::size_t grid_rows = (N + per_row - 1) / per_row;
    const double s = static_cast<double>(scale);
    const double tile_w = std::max(s * static_cast<double>(width) + 12.0, 110.0);
    const double tile_h = s * static_cast<double>(height) + 40.0;  // room for two caption lines
    const double total_w = tile_w * static_cast<double>(std::min(per_row, std::max<std::size_t>(N, 1))) + 10.0;
    const double total_h = 40.0 + tile_h * static_cast<double>(grid_rows);
    std::string svg = format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                             "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" shape-rendering=\"crispEdges\">\n",
                             total_w, total_h, total_w, total_h);
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    svg += format("<text x=\"%.0f\" y=\"24\" font-size=\"15\" text-anchor=\"middle\">", total_w / 2, 0, 0, 0) +
           xml_escape(title) + "</text>\n";
    for (std::size_t n = 0; n < N; ++n) {
        const double x0 = 5.0 + tile_w * static_cast<double>(n % per_row) + (tile_w - s * static_cast<double>(width)) / 2;
        const double y0 = 40.0 + tile_h * static_cast<double>(n / per_row);
        svg += format("<g transform=\"translate(%.1f %.1f) scale(%.0f)\">\n", x0, y0, s, 0);
        svg += "<rect width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" fill=\"black\"/>\n";
        // One path per grey level (16 levels: plenty for a thumbnail, and the file stays small),
        // each pixel a 1 x 1 square "Mc rh1v1h-1z".
        std::vector<std::string> paths(16);
        for (std::size_t r = 0; r < height; ++r) {
            for (std::size_t c = 0; c < width; ++c) {
                const double v = std::clamp(images(n, r * width + c), 0.0, 1.0);
                const auto level = static_cast<std::size_t>(v * 15.0 + 0.5);
                if (level == 0) continue;  // the black background is already there
                paths[level] += "M" + std::to_string(c) + " " + std::to_string(r) + "h1v1h-1z";
            }
        }
        for (std::size_t level = 1; level < 16; ++level) {
            if (paths[level].empty()) continue;
            char fill[16];
            std::snprintf(fill, sizeof fill, "#%02x%02x%02x", static_cast<unsigned>(level * 17), static_cast<unsigned>(level * 17),
                          static_cast<unsigned>(level * 17));
            svg += std::string("<path fill=\"") + fill + "\" d=\"" + paths[level] + "\"/>\n";
        }
        svg += "</g>\n";
        // One text line per '\n' in the caption.
        std::size_t line = 0;
        for (std::size_t from = 0; from <= captions[n].size(); ++line) {
            const std::size_t to = std::min(captions[n].find('\n', from), captions[n].size());
            svg += format("<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">",
                          x0 + s * static_cast<double>(width) / 2,
                          y0 + s * static_cast<double>(height) + 12 + 11 * static_cast<double>(line), 0, 0) +
                   xml_escape(captions[n].substr(from, to - from)) + "</text>\n";
            from = to + 1;
        }
    }
    svg += "</svg>\n";
    return svg;
}

}  // namespace mlp
