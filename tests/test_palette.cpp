// SPDX-License-Identifier: MIT
// test_palette.cpp: every picture draws classes in the one palette (palette.hpp), with shapes, and
// every chart has ticks on its axes. The SVGs are read with plain string search: no XML library.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace {

struct Rgb {
    int r, g, b;
};

// Every colour an SVG names: fill="#rrggbb", stroke="#rgb", fill="rgb(r,g,b)".
std::vector<Rgb> colours_in(const std::string& svg) {
    std::vector<Rgb> out;
    static const std::regex hex("(?:fill|stroke)=\"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\"");
    for (std::sregex_iterator it(svg.begin(), svg.end(), hex), end; it != end; ++it) {
        std::string h = (*it)[1];
        if (h.size() == 3) h = {h[0], h[0], h[1], h[1], h[2], h[2]};
        out.push_back({std::stoi(h.substr(0, 2), nullptr, 16), std::stoi(h.substr(2, 2), nullptr, 16),
                       std::stoi(h.substr(4, 2), nullptr, 16)});
    }
    static const std::regex rgb("(?:fill|stroke)=\"rgb\\((\\d+),(\\d+),(\\d+)\\)\"");
    for (std::sregex_iterator it(svg.begin(), svg.end(), rgb), end; it != end; ++it)
        out.push_back({std::stoi((*it)[1]), std::stoi((*it)[2]), std::stoi((*it)[3])});
    return out;
}

Rgb parse(const char* hex) {
    unsigned r = 0, g = 0, b = 0;
    std::sscanf(hex, "#%02x%02x%02x", &r, &g, &b);
    return {static_cast<int>(r), static_cast<int>(g), static_cast<int>(b)};
}

// True for greys (black, white and between: axes, text, reference lines) and for palette colours
// blended with white (weight 0 to 1, rounded per channel): the only colours a picture may use.
bool from_palette(const Rgb& v) {
    if (v.r == v.g && v.g == v.b) return true;
    for (std::size_t c = 0; c < mlp::kClassColourCount; ++c) {
        const Rgb s = parse(mlp::kClassColours[c]);
        for (int step = 1; step <= 1000; ++step) {
            const double w = step / 1000.0;
            auto near = [w](int value, int full) { return std::abs(255 - w * (255 - full) - value) <= 1.0; };
            if (near(v.r, s.r) && near(v.g, s.g) && near(v.b, s.b)) return true;
        }
    }
    return false;
}

std::string not_from_palette(const std::string& svg) {
    for (const Rgb& v : colours_in(svg))
        if (!from_palette(v)) return "rgb(" + std::to_string(v.r) + "," + std::to_string(v.g) + "," + std::to_string(v.b) + ")";
    return "";
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

// The text of the first <g class="axis x"> (or y) group, or "" when there is none.
std::string axis(const std::string& svg, char which) {
    const std::size_t from = svg.find(std::string("<g class=\"axis ") + which + "\">");
    if (from == std::string::npos) return "";
    return svg.substr(from, svg.find("</g>", from) - from);
}

// An axis is drawn with ticks when its group has its line plus a tick line and a label per tick.
void check_ticks(const std::string& svg, char which) {
    const std::string a = axis(svg, which);
    CAPTURE(which);
    REQUIRE(!a.empty());
    const std::size_t labels = count(a, "class=\"tick\"");
    CHECK(labels >= 2);
    CHECK(count(a, "<line") == labels + 1);
}

// Every class mark ("mark cC") is painted in class C's colour (filled, or ringed on white).
void check_marks(const std::string& svg) {
    static const std::regex mark("class=\"mark c(\\d+)\"[^>]*(?:fill|stroke)=\"(#[0-9A-Fa-f]{6})\"");
    std::size_t marks = 0;
    for (std::sregex_iterator it(svg.begin(), svg.end(), mark), end; it != end; ++it, ++marks)
        CHECK((*it)[2] == std::string(mlp::class_colour(std::stoul((*it)[1]))));
    CHECK(marks > 0);
}

mlp::Sequential trained_moons(mlp::Dataset& train, mlp::Dataset& test) {
    mlp::Rng rng(3);
    const mlp::Split split = mlp::train_test_split(mlp::make_moons(60, 0.1, rng), 0.25, rng);
    train = split.train;
    test = split.test;
    mlp::Sequential model;
    model.add(std::make_unique<mlp::Dense>(2, 8, rng));
    model.add(mlp::make_activation("tanh"));
    model.add(std::make_unique<mlp::Dense>(8, 1, rng));
    return model;
}

}  // namespace

TEST_CASE("palette: the checker tells palette colours and their tints from other colours") {
    CHECK(not_from_palette("<rect fill=\"#E69F00\"/><rect fill=\"#0072b2\"/><line stroke=\"#333\"/>") == "");
    CHECK(not_from_palette("<rect fill=\"#f3cf80\"/>") == "");  // class 0 half-way to white
    CHECK(not_from_palette("<rect fill=\"#1f77b4\"/>") == "rgb(31,119,180)");   // matplotlib's blue is not ours
    CHECK(not_from_palette("<rect fill=\"rgb(8,48,107)\"/>") == "rgb(8,48,107)");
}

TEST_CASE("palette: the playground's PALETTE is palette.hpp's kClassColours, in order") {
    const std::string js = mlp::read_text_file(std::string(MLP_SOURCE_DIR) + "/web/playground.js");
    std::smatch m;
    REQUIRE(std::regex_search(js, m, std::regex("const PALETTE = \\[([^\\]]*)\\]")));
    std::vector<std::string> in_js;
    const std::string list = m[1];
    static const std::regex quoted("\"(#[0-9A-Fa-f]{6})\"");
    for (std::sregex_iterator it(list.begin(), list.end(), quoted), end; it != end; ++it) in_js.push_back((*it)[1]);
    REQUIRE(in_js.size() == mlp::kClassColourCount);
    for (std::size_t c = 0; c < mlp::kClassColourCount; ++c) {
        CAPTURE(c);
        CHECK(in_js[c] == mlp::kClassColours[c]);
    }
    CHECK(std::string(mlp::class_colour(0)) == "#E69F00");  // class 0 orange, class 1 blue, as the docs say
    CHECK(std::string(mlp::class_colour(1)) == "#0072B2");
}

TEST_CASE("palette: no C++ source that draws pictures names a colour outside the palette") {
    // Greys are free (axes, text, reference lines); any other "#rrggbb" in a drawing source
    // would be a second palette.
    const std::filesystem::path root(MLP_SOURCE_DIR);
    std::vector<std::filesystem::path> files;
    for (const char* dir : {"src/tools", "examples", "src/cli", "web"})
        for (const auto& entry : std::filesystem::directory_iterator(root / dir)) {
            const std::string ext = entry.path().extension().string();
            if (ext == ".cpp" || ext == ".hpp") files.push_back(entry.path());
        }
    REQUIRE(files.size() > 10);
    static const std::regex hex("\"(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\"");
    for (const auto& file : files) {
        const std::string text = mlp::read_text_file(file.string());
        for (std::sregex_iterator it(text.begin(), text.end(), hex), end; it != end; ++it) {
            CAPTURE(file.string());
            CAPTURE((*it)[1].str());
            CHECK(not_from_palette("fill=\"" + (*it)[1].str() + "\"") == "");
        }
    }
}

TEST_CASE("palette: decision boundaries draw classes in palette colours and shapes, with ticks on both axes") {
    mlp::Dataset train, test;
    mlp::Sequential model = trained_moons(train, test);
    const std::string two = mlp::svg_decision_boundary(model, mlp::BCEWithLogitsLoss(), train, test, "two classes", 30);
    CHECK(not_from_palette(two) == "");
    check_marks(two);
    CHECK(count(two, "<circle class=\"mark c0\"") > 0);   // class 0 circles
    CHECK(count(two, "<polygon class=\"mark c1\"") > 0);  // class 1 triangles
    CHECK(count(two, "<circle class=\"mark c1\"") == 0);
    check_ticks(two, 'x');
    check_ticks(two, 'y');

    // Three classes (softmax): the third class's colour and shape too.
    mlp::Rng rng(4);
    mlp::Dataset blobs = mlp::make_blobs(60, 3, 0.5, rng);
    mlp::Sequential three;
    three.add(std::make_unique<mlp::Dense>(2, 3, rng));
    const std::string svg3 = mlp::svg_decision_boundary(three, mlp::CrossEntropyLoss(), blobs, mlp::Dataset{}, "three", 20);
    CHECK(not_from_palette(svg3) == "");
    check_marks(svg3);
    CHECK(svg3.find("class=\"mark c2\"") != std::string::npos);
}

TEST_CASE("palette: history, activations, hidden units and charts use the palette and draw axis ticks") {
    mlp::History h;
    for (std::size_t e = 1; e <= 40; ++e)
        h.epochs.push_back({.epoch = e, .loss = 1.0 / static_cast<double>(e * e), .accuracy = 1.0 - 0.5 / static_cast<double>(e),
                            .val_loss = 1.2 / static_cast<double>(e), .val_accuracy = 0.9});
    const std::string history = mlp::svg_history(h, "history", 0.5);
    CHECK(not_from_palette(history) == "");
    check_marks(history);
    check_ticks(history, 'x');
    check_ticks(history, 'y');
    CHECK(history.find(">chance 0.5</text>") != std::string::npos);

    const std::string activations = mlp::svg_activations({"tanh", "relu", "softmax"});
    CHECK(not_from_palette(activations) == "");
    check_ticks(activations, 'x');
    check_ticks(activations, 'y');

    mlp::Dataset train, test;
    mlp::Sequential model = trained_moons(train, test);
    const std::string units = mlp::svg_hidden_units(model, 1, mlp::bounds_of({&train}), 12);
    CHECK(not_from_palette(units) == "");

    const std::string bars = mlp::svg_bar_chart("ratio", {"a", "b", "c"}, {0.01, 3.0, -0.5}, "ratio", "n/a", 1.0, "healthy 1");
    CHECK(not_from_palette(bars) == "");
    check_ticks(bars, 'x');
    CHECK(count(bars, "<g class=\"reference\">") == 1);
    CHECK(bars.find(">healthy 1</text>") != std::string::npos);

    // Seven coinciding lines, as the optimizers lesson draws: each its colour, dashes and markers.
    std::vector<mlp::Series> same;
    for (int i = 0; i < 7; ++i) {
        mlp::Series s{"series " + std::to_string(i), {}, {}};
        for (int k = 1; k <= 100; ++k) {
            s.x.push_back(k);
            s.y.push_back(1.0 / k);
        }
        same.push_back(s);
    }
    const std::string lines = mlp::svg_line_panels("coinciding", {{"left", same}, {"right", same}}, "epoch", "loss");
    CHECK(not_from_palette(lines) == "");
    check_marks(lines);
    check_ticks(lines, 'x');
    check_ticks(lines, 'y');
    CHECK(count(lines, "<g class=\"axis x\">") == 2);
    CHECK(count(lines, "<g class=\"legend\">") == 7);
    CHECK(lines.find("(log scale)") != std::string::npos);  // 1 to 0.01 spans two orders
    std::vector<std::string> dashes;
    static const std::regex curve("class=\"curve\" stroke=\"(#[0-9A-F]{6})\" stroke-width=\"2\"( stroke-dasharray=\"[0-9,]+\")?");
    for (std::sregex_iterator it(lines.begin(), lines.end(), curve), end; it != end; ++it) dashes.push_back((*it)[1].str() + (*it)[2].str());
    REQUIRE(dashes.size() == 14);
    for (std::size_t i = 0; i < 7; ++i)
        for (std::size_t j = i + 1; j < 7; ++j) CHECK(dashes[i] != dashes[j]);  // no two lines drawn alike

    mlp::ConfusionMatrix m(3);
    m(0, 0) = 5;
    m(1, 2) = 3;
    CHECK(not_from_palette(mlp::svg_confusion_matrix(m, {}, "cm")) == "");
}

TEST_CASE("palette: the terminal picture's regions are the palette's tints") {
    mlp::Dataset train, test;
    mlp::Sequential model = trained_moons(train, test);
    const std::string ansi = mlp::terminal_decision_boundary(model, mlp::BCEWithLogitsLoss(), train, 30, 10, true);
    static const std::regex background("48;2;(\\d+);(\\d+);(\\d+)");
    std::size_t seen = 0;
    for (std::sregex_iterator it(ansi.begin(), ansi.end(), background), end; it != end; ++it, ++seen)
        CHECK(from_palette({std::stoi((*it)[1]), std::stoi((*it)[2]), std::stoi((*it)[3])}));
    CHECK(seen > 0);
}
