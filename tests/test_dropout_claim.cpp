// SPDX-License-Identifier: MIT
// test_dropout_claim.cpp: the dropout lesson's claim, on its five seeds, and its verdict rule.
#include <doctest/doctest.h>

#include "../examples/dropout_experiment.hpp"

TEST_CASE("dropout lesson: on the overfitting set-up dropout narrows the train/test gap and helps the test set") {
    const dropout_lesson::Comparison c = dropout_lesson::compare({1, 2, 3, 4, 5});
    CHECK(c.narrower >= 4);
    CHECK(c.better_test >= 4);
    CHECK(c.median_gap_dropout < c.median_gap_plain);
    CHECK(c.median_gap_plain > 0.1);  // the set-up does overfit: at least 10 points of gap
    CHECK(dropout_lesson::verdict(c).rfind("dropout narrows the train/test gap (smaller on", 0) == 0);
    CHECK(dropout_lesson::verdict(c).find("and raises test accuracy") != std::string::npos);
}

TEST_CASE("dropout lesson: the verdict follows the numbers, whichever way they point") {
    dropout_lesson::Comparison c;
    c.seeds = {1, 2, 3};
    c.narrower = 0;
    c.better_test = 0;
    c.median_gap_plain = 0.1;
    c.median_gap_dropout = 0.2;
    c.median_test_plain = 0.9;
    c.median_test_dropout = 0.8;
    CHECK(dropout_lesson::verdict(c) ==
          "dropout WIDENS the train/test gap (smaller on 0 of 3 seeds), but LOWERS test accuracy (higher on 0 of 3)");
    c.narrower = 2;            // most seeds narrower, but the median gap wider: no verdict
    c.better_test = 1;
    c.median_test_dropout = 0.95;  // fewer seeds better, but the median higher: no verdict
    CHECK(dropout_lesson::verdict(c) == "the seeds disagree on whether dropout changes the gap (smaller on 2 of 3 "
                                        "seeds), while test accuracy does not clearly change (higher on 1 of 3)");
}
