// SPDX-License-Identifier: MIT
// test_metrics.cpp: the confusion matrix against one counted by hand, precision/recall/F1 and
// the report worked out by hand, R^2 and MAE by hand, and misuse refused with useful messages.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/tools/metrics.hpp"
#include "mlp/tools/metrics_svg.hpp"

namespace {
// Ten samples of three classes, counted by hand:
//            predicted 0  1  2
//   true 0            2  1  0     (samples 0, 1 right; 2 taken for a 1)
//   true 1            0  3  1     (3, 4, 5 right; 6 taken for a 2)
//   true 2            1  0  2     (7 taken for a 0; 8, 9 right)
const std::vector<std::size_t> kTruth = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
const std::vector<std::size_t> kPred = {0, 0, 1, 1, 1, 1, 2, 0, 2, 2};
}  // namespace

TEST_CASE("confusion_matrix: equals the matrix counted by hand") {
    const mlp::ConfusionMatrix m = mlp::confusion_matrix(kTruth, kPred);
    REQUIRE(m.classes() == 3);
    const std::size_t hand[3][3] = {{2, 1, 0}, {0, 3, 1}, {1, 0, 2}};
    for (std::size_t t = 0; t < 3; ++t)
        for (std::size_t p = 0; p < 3; ++p) {
            CAPTURE(t);
            CAPTURE(p);
            CHECK(m(t, p) == hand[t][p]);
        }
    CHECK(m.total() == 10);
    CHECK(m.correct() == 7);
    CHECK(m.accuracy() == doctest::Approx(0.7));
    CHECK(mlp::confusion_matrix(kTruth, kPred, 5).classes() == 5);  // classes never seen: zero rows
}

TEST_CASE("class_metrics: precision, recall, F1 and support by hand") {
    const std::vector<mlp::ClassMetrics> r = mlp::class_metrics(mlp::confusion_matrix(kTruth, kPred));
    // class 0: precision 2/3 (column 2+0+1), recall 2/3 (row 2+1+0), F1 2/3
    CHECK(r[0].precision == doctest::Approx(2.0 / 3.0));
    CHECK(r[0].recall == doctest::Approx(2.0 / 3.0));
    CHECK(r[0].f1 == doctest::Approx(2.0 / 3.0));
    CHECK(r[0].support == 3);
    // class 1: precision 3/4, recall 3/4
    CHECK(r[1].precision == doctest::Approx(0.75));
    CHECK(r[1].recall == doctest::Approx(0.75));
    CHECK(r[1].support == 4);
    // class 2: precision 2/3, recall 2/3
    CHECK(r[2].precision == doctest::Approx(2.0 / 3.0));
    // unequal precision and recall: truth {0,0,1}, pred {0,1,1}: class 1 precision 1/2, recall 1,
    // F1 = 2 (1/2)(1) / (3/2) = 2/3
    const std::vector<mlp::ClassMetrics> s = mlp::class_metrics(mlp::confusion_matrix({0, 0, 1}, {0, 1, 1}));
    CHECK(s[1].precision == doctest::Approx(0.5));
    CHECK(s[1].recall == doctest::Approx(1.0));
    CHECK(s[1].f1 == doctest::Approx(2.0 / 3.0));
    // a class never predicted: precision 0/0 counts as 0
    const std::vector<mlp::ClassMetrics> u = mlp::class_metrics(mlp::confusion_matrix({0, 1}, {0, 0}));
    CHECK(u[1].precision == 0.0);
    CHECK(u[1].f1 == 0.0);
}

TEST_CASE("classification_report and confusion_matrix_text: the numbers, with names") {
    const mlp::ConfusionMatrix m = mlp::confusion_matrix(kTruth, kPred);
    const std::string report = mlp::classification_report(m, {"cat", "dog", "bird"});
    CHECK(report.find("dog              0.7500    0.7500    0.7500         4") != std::string::npos);
    CHECK(report.find("accuracy                             0.7000        10") != std::string::npos);
    CHECK(report.find("macro average    0.6944    0.6944    0.6944        10") != std::string::npos);
    const std::string text = mlp::confusion_matrix_text(m, {"cat", "dog", "bird"});
    CHECK(text.find("dog           0    3    1") != std::string::npos);
    const std::string svg = mlp::svg_confusion_matrix(m, {"cat", "dog", "bird"}, "pets & birds");
    CHECK(svg.find("pets &amp; birds") != std::string::npos);
    CHECK(svg.find(">3</text>") != std::string::npos);
}

TEST_CASE("predicted_classes: argmax per row, first on ties; a threshold for one column") {
    const mlp::Tensor logits = mlp::Tensor::from_rows({{0.1, 2.0, -1.0}, {5.0, 5.0, 1.0}, {-3, -2, -1}});
    CHECK(mlp::predicted_classes(logits) == std::vector<std::size_t>{1, 0, 2});
    const mlp::Tensor p = mlp::Tensor::from_rows({{0.2}, {0.5}, {0.9}});
    CHECK(mlp::predicted_classes(p) == std::vector<std::size_t>{0, 1, 1});
    CHECK(mlp::class_indices(mlp::Tensor::from_rows({{2}, {0}})) == std::vector<std::size_t>{2, 0});
}

TEST_CASE("r2_score and mean_absolute_error: by hand") {
    const mlp::Tensor truth = mlp::Tensor::from_rows({{1}, {2}, {3}, {4}});
    const mlp::Tensor pred = mlp::Tensor::from_rows({{1.5}, {2}, {2}, {4}});
    // MAE = (0.5 + 0 + 1 + 0) / 4 = 0.375
    CHECK(mlp::mean_absolute_error(truth, pred) == doctest::Approx(0.375));
    // residual 0.25 + 0 + 1 + 0 = 1.25; total about mean 2.5: 2.25 + 0.25 + 0.25 + 2.25 = 5; R^2 = 0.75
    CHECK(mlp::r2_score(truth, pred) == doctest::Approx(0.75));
    CHECK(mlp::r2_score(truth, truth) == 1.0);
    // always the mean: R^2 = 0; worse than the mean: negative
    CHECK(mlp::r2_score(truth, mlp::Tensor(4, 1, 2.5)) == doctest::Approx(0.0));
    CHECK(mlp::r2_score(truth, mlp::Tensor::from_rows({{4}, {3}, {2}, {1}})) == doctest::Approx(-3.0));
}

TEST_CASE("metrics: misuse throws with what was expected and what came") {
    CHECK_THROWS_WITH_AS(mlp::confusion_matrix({0, 1}, {0}),
                         "confusion_matrix: expected as many predictions as true classes (2), got 1", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::confusion_matrix({}, {}), "confusion_matrix: expected at least one sample, got none",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::confusion_matrix({0, 3}, {0, 1}, 3),
                         "confusion_matrix: expected class indices below 3, got true 3 and predicted 1 at sample 1",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::classification_report(mlp::confusion_matrix(kTruth, kPred), {"a", "b"}),
                         "classification_report: expected 3 class names (one per class) or none, got 2", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::r2_score(mlp::Tensor(3, 1), mlp::Tensor(3, 2)),
                         "r2_score: expected predictions of the truth's shape (3, 1), got (3, 2)", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::r2_score(mlp::Tensor(3, 1, 2.0), mlp::Tensor(3, 1)),
                         "r2_score: expected true values that vary, got 3 rows all equal to their mean (R^2 is undefined)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::mean_absolute_error(mlp::Tensor(0, 1), mlp::Tensor(0, 1)),
                         "mean_absolute_error: expected at least one sample, got (0, 1)", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::class_indices(mlp::Tensor::from_rows({{0.5}})),
                         doctest::Contains("class_indices: expected non-negative integer labels, got 0.5"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::svg_image_grid(mlp::Tensor(2, 5), 2, 2, {"a", "b"}, 2, "t"),
                         "svg_image_grid: expected images of 2 x 2 = 4 pixels, got (2, 5)", std::invalid_argument);
}
