// SPDX-License-Identifier: MIT
// digits.cpp: from toy data to real data: digits.csv, standardised, a one-hidden-layer MLP.
// Exits non-zero if the mean test accuracy over ten seeds misses the lesson's claim.
#include "real_data_experiment.hpp"

// What --help says.
const lesson::About kAbout{
    "digits.csv (8x8 handwritten digits, 10 classes), standardised, a one-hidden-layer MLP: test accuracy over ten seeds, the confusion matrix and precision/recall per class.",
    "nothing",
    "full 2.7 s (ten seeds); --quick 0.1 s (one seed, no verdict)"};

int main(int argc, char** argv) { return real_data_lesson::run(real_data_lesson::digits(), kAbout, argc, argv); }
