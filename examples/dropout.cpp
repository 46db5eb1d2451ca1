// SPDX-License-Identifier: MIT
// dropout.cpp: a network made to overfit, with and without dropout: the train/test gap measured
// on several seeds, and a verdict that follows from the numbers. --quick: two seeds. It writes no
// files (--out is accepted, as by every lesson).
#include <cstdio>

#include "dropout_experiment.hpp"
#include "lesson_options.hpp"

// What --help says.
const lesson::About kAbout{
    "a network made to overfit, with and without dropout: the train/test gap measured on several seeds, and the verdict that follows from the numbers.",
    "nothing",
    "full 1.7 s; --quick 0.8 s (two seeds)"};

int main(int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    using namespace dropout_lesson;
    std::printf("Two moons, %zu training points (noise %.2f), 2-%zu-%zu-1 ReLU network, %zu epochs, tested on %zu "
                "new points.\nDropout: p = %.1f after each hidden ReLU (inverted: identity when evaluating).\n\n",
                kTrain, kNoise, kWidth, kWidth, kEpochs, kTest, kDropout);
    const Comparison c = options.quick ? compare({1, 2}) : compare({1, 2, 3, 4, 5});
    std::printf("seed |   without dropout: train   test    gap |   with dropout: train   test    gap\n");
    for (std::size_t i = 0; i < c.seeds.size(); ++i) {
        const Run& p = c.plain[i];
        const Run& d = c.dropout[i];
        std::printf("%4u |                 %6.1f%% %6.1f%% %6.1f |                %6.1f%% %6.1f%% %6.1f\n", c.seeds[i],
                    100 * p.train_accuracy, 100 * p.test_accuracy, 100 * p.gap(), 100 * d.train_accuracy,
                    100 * d.test_accuracy, 100 * d.gap());
    }
    std::printf("\nmedian gap: %.1f points without dropout, %.1f with; median test accuracy %.1f%% and %.1f%%\n",
                100 * c.median_gap_plain, 100 * c.median_gap_dropout, 100 * c.median_test_plain,
                100 * c.median_test_dropout);
    std::printf("Measured%s: %s.\n", options.quick ? " (quick mode, 2 seeds)" : "", verdict(c).c_str());
    return 0;
}
