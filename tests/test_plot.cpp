// SPDX-License-Identifier: MIT
// test_plot.cpp: every SVG is well-formed (tags balance) and contains what it claims; the
// terminal picture and the sparkline have the promised shape.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"
#include "../examples/xor_experiment.hpp"

namespace {

// A minimal well-formedness check: every <tag> is closed by a matching </tag> in the right
// order, self-closing <tag/> needs none, and the document is one <svg> element. Returns "" when
// it is well-formed, otherwise what went wrong.
std::string check_tags(const std::string& svg) {
    std::vector<std::string> open;
    std::size_t roots = 0;
    std::size_t k = 0;
    while ((k = svg.find('<', k)) != std::string::npos) {
        const std::size_t end = svg.find('>', k);
        if (end == std::string::npos) return "unterminated tag at " + std::to_string(k);
        const std::string tag = svg.substr(k + 1, end - k - 1);
        k = end + 1;
        if (tag.empty()) return "empty tag";
        if (tag[0] == '?' || tag[0] == '!') continue;
        if (tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (open.empty() || open.back() != name) return "unexpected </" + name + ">";
            open.pop_back();
            continue;
        }
        const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
        if (open.empty()) {
            ++roots;
            if (name != "svg") return "root element is <" + name + ">, expected <svg>";
        }
        if (tag.back() != '/') open.push_back(name);
    }
    if (!open.empty()) return "unclosed <" + open.back() + ">";
    if (roots != 1) return "expected one root element, got " + std::to_string(roots);
    return "";
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t k = haystack.find(needle); k != std::string::npos; k = haystack.find(needle, k + 1)) ++n;
    return n;
}

// A small trained-enough model on moons: 2-6-1 with tanh (the pictures need a model, not accuracy).
mlp::Sequential small_model() {
    mlp::Rng rng(1);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 6, rng);
    model.add(mlp::make_activation("tanh"));
    model.emplace<mlp::Dense>(6, 1, rng);
    return model;
}

}  // namespace

TEST_CASE("check_tags: the checker itself catches broken documents") {
    CHECK(check_tags("<svg><g><rect/></g></svg>").empty());
    CHECK(check_tags("<svg><g></svg>") == "unexpected </svg>");
    CHECK(check_tags("<svg><g>") == "unclosed <g>");
    CHECK(check_tags("<svg/><svg/>") == "expected one root element, got 2");
}

TEST_CASE("svg_decision_boundary: well-formed, one mark per sample in its class's shape, train and test marked apart") {
    mlp::Rng rng(2);
    const mlp::Dataset data = mlp::make_moons(50, 0.1, rng);
    const mlp::Split split = mlp::train_test_split(data, 0.2, rng);
    mlp::Sequential model = small_model();
    const std::string svg = mlp::svg_decision_boundary(model, mlp::BCEWithLogitsLoss(), split.train, split.test, "moons <test>", 20);
    CHECK(check_tags(svg) == "");
    // One mark per sample and one per class in the legend: class 0 circles, class 1 triangles.
    CHECK(count(svg, "class=\"mark c") == 50 + 2);
    CHECK(count(svg, "<circle class=\"mark c0\"") + count(svg, "<polygon class=\"mark c1\"") == 50 + 2);
    CHECK(count(svg, "fill=\"white\" stroke=") == split.test.x.rows());  // test samples are hollow
    // Background, then at least one rectangle per grid row (equal neighbours merged), at most 20.
    CHECK(count(svg, "<rect") >= 1 + 20);
    CHECK(count(svg, "<rect") <= 1 + 20 * 20);
    CHECK(svg.find("moons &lt;test&gt;") != std::string::npos);
    // Axes with tick labels and their titles; a legend naming each class's colour.
    CHECK(count(svg, "<g class=\"axis x\">") == 1);
    CHECK(count(svg, "<g class=\"axis y\">") == 1);
    CHECK(count(svg, "class=\"tick\"") >= 6);
    CHECK(svg.find(">x1</text>") != std::string::npos);
    CHECK(svg.find(">x2</text>") != std::string::npos);
    CHECK(svg.find(">class 0</text>") != std::string::npos);
    CHECK(svg.find(">class 1</text>") != std::string::npos);
    CHECK(svg.find("fill=\"#E69F00\" stroke=\"white\" stroke-width=\"0.5\"/>\n<text x=") != std::string::npos);  // class 0's legend mark
    CHECK_THROWS_AS(mlp::svg_decision_boundary(model, mlp::BCEWithLogitsLoss(), mlp::Dataset{mlp::Tensor(3, 3), mlp::Tensor(3, 1)}, split.test, ""),
                    std::invalid_argument);
}

TEST_CASE("svg_history: one path per curve, validation curves only when there is validation data") {
    mlp::History h;
    for (std::size_t e = 1; e <= 5; ++e) h.epochs.push_back({.epoch = e, .loss = 1.0 / e, .accuracy = 0.5 + 0.1 * e});
    std::string svg = mlp::svg_history(h, "curves");
    CHECK(check_tags(svg) == "");
    CHECK(count(svg, "<path") == 2);
    CHECK(count(svg, "<g class=\"axis x\">") == 2);
    CHECK(count(svg, "<g class=\"axis y\">") == 2);
    CHECK(svg.find(">epoch</text>") != std::string::npos);
    CHECK(svg.find(">training</text>") != std::string::npos);
    CHECK(svg.find(">validation</text>") == std::string::npos);
    CHECK(svg.find("loss (log scale)") == std::string::npos);  // 1 to 0.2: less than a decade, linear
    for (mlp::EpochStats& e : h.epochs) {
        e.val_loss = e.loss * 1.1;
        e.val_accuracy = e.accuracy - 0.05;
    }
    svg = mlp::svg_history(h, "curves");
    CHECK(check_tags(svg) == "");
    CHECK(count(svg, "<path") == 4);
    CHECK(svg.find(">validation</text>") != std::string::npos);
}

TEST_CASE("svg_history: losses spanning orders of magnitude get a log axis with decade ticks") {
    mlp::History h;
    for (std::size_t e = 1; e <= 5; ++e) h.epochs.push_back({.epoch = e, .loss = std::pow(10.0, -static_cast<double>(e)), .accuracy = 1.0});
    const std::string svg = mlp::svg_history(h, "falling");
    CHECK(check_tags(svg) == "");
    CHECK(svg.find("loss (log scale)") != std::string::npos);
    for (const char* tick : {">0.1</text>", ">0.001</text>", ">1e-05</text>"}) CHECK(svg.find(tick) != std::string::npos);
}

TEST_CASE("svg_bar_chart: linear axis with zero for mixed signs, log axis when values span decades, missing values named") {
    const std::string linear = mlp::svg_bar_chart("mean", {"a", "b", "c"}, {-0.5, 0.25, std::nan("")}, "mean y", "never");
    CHECK(check_tags(linear) == "");
    CHECK(count(linear, "class=\"bar\"") == 2);
    CHECK(linear.find(">0</text>") != std::string::npos);
    CHECK(linear.find(">never</text>") != std::string::npos);
    CHECK(linear.find("nan") == std::string::npos);
    CHECK(linear.find("(log scale)") == std::string::npos);
    const std::string log = mlp::svg_bar_chart("ratio", {"sigmoid", "tanh", "relu"}, {1e-13, 0.01, INFINITY}, "ratio");
    CHECK(check_tags(log) == "");
    CHECK(log.find("ratio (log scale)") != std::string::npos);
    CHECK(log.find(">1e-13</text>") != std::string::npos);
    CHECK(log.find(">diverged</text>") != std::string::npos);
    CHECK_THROWS_WITH_AS(mlp::svg_bar_chart("x", {"a"}, {1.0, 2.0}, "x"),
                         "svg_bar_chart: expected as many labels as values (and at least one), got 1 labels and 2 values",
                         std::invalid_argument);
}

TEST_CASE("svg_activations: a panel with f and f' for every registry activation") {
    const std::vector<std::string> names = mlp::activation_names();
    const std::string svg = mlp::svg_activations(names);
    CHECK(check_tags(svg) == "");
    CHECK(count(svg, "<g class=\"activation\">") == names.size());
    CHECK(count(svg, "<path") == 2 * names.size());
    CHECK(count(svg, "class=\"df\"") == names.size());
    // Axes on every panel, reference lines at slope 1 and 0.25, and a legend for f, f'.
    CHECK(count(svg, "<g class=\"axis y\">") == names.size());
    CHECK(count(svg, "<g class=\"axis x\">") == names.size());
    CHECK(count(svg, ">0.25</text>") >= names.size());
    CHECK(svg.find(">f(x)</text>") != std::string::npos);
    CHECK(svg.find(">f'(x)</text>") != std::string::npos);
    // Softmax is measured to be row-wise and drawn as a 2-class softmax along one input.
    CHECK(svg.find(">softmax</text>\n<text x=") != std::string::npos);
    CHECK(svg.find(">of (x, 0), output 0</text>") != std::string::npos);
    CHECK(svg.find(">tanh</text>") != std::string::npos);
}

TEST_CASE("svg_hidden_units: one heatmap group per unit of the chosen layer") {
    mlp::Sequential model = small_model();
    const std::string svg = mlp::svg_hidden_units(model, 1, mlp::Bounds{}, 8);
    CHECK(check_tags(svg) == "");
    CHECK(count(svg, "<g class=\"unit\"") == 6);
    CHECK(svg.find(">the unit's lowest value</text>") != std::string::npos);
    CHECK(svg.find(">its highest value</text>") != std::string::npos);
    CHECK(count(svg, "<rect") >= 1 + 6 * 8);
    CHECK(count(svg, "<rect") <= 1 + 6 * 8 * 8 + 3);  // and the legend's three swatches
    CHECK_THROWS_WITH_AS(mlp::svg_hidden_units(model, 3, mlp::Bounds{}),
                         "svg_hidden_units: expected a layer index < 3, got 3", std::invalid_argument);
}

TEST_CASE("terminal_decision_boundary: plain text has no escape codes, ANSI has colours") {
    mlp::Rng rng(3);
    const mlp::Dataset data = mlp::make_moons(30, 0.1, rng);
    mlp::Sequential model = small_model();
    const std::string plain = mlp::terminal_decision_boundary(model, mlp::BCEWithLogitsLoss(), data, 40, 12, false);
    CHECK(count(plain, "\n") == 12);
    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(plain.size() == 12 * 41);
    CHECK(count(plain, "o") + count(plain, "x") > 0);
    const std::string ansi = mlp::terminal_decision_boundary(model, mlp::BCEWithLogitsLoss(), data, 40, 12, true);
    CHECK(ansi.find("\x1b[") != std::string::npos);
    CHECK(count(ansi, "\x1b[0m\n") == 12);
}

TEST_CASE("sparkline: lowest value lowest block, highest highest, at most width characters") {
    CHECK(mlp::sparkline({3, 2, 1, 0}) == "\u2588\u2586\u2583\u2581");
    CHECK(mlp::sparkline({}) == "");
    CHECK(mlp::sparkline({5, 5}) == "\u2581\u2581");
    std::vector<double> many(1000);
    for (std::size_t k = 0; k < many.size(); ++k) many[k] = static_cast<double>(k);
    CHECK(mlp::sparkline(many, 10).size() == 10 * 3);  // each block is 3 bytes of UTF-8
    mlp::History h;
    h.epochs.push_back({.epoch = 1, .loss = 1.0});
    h.epochs.push_back({.epoch = 2, .loss = 0.5});
    CHECK(mlp::loss_sparkline(h) == "\u2588\u2581");
    // On a log scale: losses 1, 0.1, 0.01, 0.001 fall in even steps, not one tall block then floor.
    mlp::History falling;
    for (std::size_t e = 1; e <= 4; ++e) falling.epochs.push_back({.epoch = e, .loss = std::pow(10.0, 1.0 - static_cast<double>(e))});
    CHECK(mlp::loss_sparkline(falling) == "\u2588\u2586\u2583\u2581");
}

TEST_CASE("svg_line_chart: axes with titles and ticks, one path per line, a mark per dot, a legend entry each") {
    const std::vector<mlp::Series> series{{"data", {0, 1, 2}, {0, 1, 4}, true}, {"fit, MSE 0.1", {0, 2}, {0, 4}, false}};
    const std::string svg = mlp::svg_line_chart("chart", series, "x", "y");
    CHECK(check_tags(svg) == "");
    CHECK(count(svg, "<path") == 1);
    CHECK(count(svg, "class=\"mark c0\"") == 3 + 1);  // the dots (series 0: circles), and its legend mark
    CHECK(count(svg, "class=\"mark c1\"") == 2 + 1);  // markers on the short line (triangles), and its legend mark
    CHECK(count(svg, "<g class=\"legend\">") == 2);
    CHECK(svg.find(">data</text>") != std::string::npos);
    CHECK(svg.find(">fit, MSE 0.1</text>") != std::string::npos);
    CHECK(svg.find(">x</text>") != std::string::npos);
    CHECK(svg.find(">y</text>") != std::string::npos);
    CHECK(count(svg, "class=\"tick\"") >= 6);
    CHECK_THROWS_WITH_AS(mlp::svg_line_chart("c", {{"bad", {0, 1}, {0}, false}}, "x", "y"),
                         "svg_line_chart: expected as many x as y values in series 'bad', got 2 and 1", std::invalid_argument);
}

// The bug this fixes: the plots read every one-column output as a logit, so the XOR lesson's
// MSE network (outputs near 0 and 1, all >= 0 as logits) was drawn almost all class 1.
TEST_CASE("decision boundaries: the XOR lesson's MSE network, trained to 100%, is drawn with both classes") {
    for (const std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        // The lesson's own network and training: 2-8-8-1 sigmoid, MSE, SGD with momentum.
        xor_lesson::Result r = xor_lesson::train("sigmoid", seed);
        REQUIRE(r.accuracy == 1.0);
        mlp::Sequential& model = r.model;
        mlp::MSELoss loss;
        const mlp::Dataset xor_data{xor_lesson::inputs(), xor_lesson::targets()};

        // Each sample's own cell is drawn in its own class, and each class covers a good part.
        const mlp::Tensor p = mlp::class_probabilities(model, loss, xor_data.x);
        for (std::size_t n = 0; n < 4; ++n) CHECK(mlp::argmax_row(p, n) == static_cast<std::size_t>(xor_data.y(n, 0)));
        const std::string picture = mlp::terminal_decision_boundary(model, loss, xor_data, 40, 20, false);
        const std::size_t zeros = count(picture, "."), ones = count(picture, "+");
        CHECK(zeros > 100);
        CHECK(ones > 100);
        // Read as logits (the old way) nearly every cell would be class 1: the test could fail.
        const std::string as_logits = mlp::terminal_decision_boundary(model, mlp::BCEWithLogitsLoss(), xor_data, 40, 20, false);
        CHECK(count(as_logits, ".") < zeros);
    }
}
