// SPDX-License-Identifier: MIT
// breast_cancer.cpp: from toy data to real data: breast_cancer.csv, standardised, a one-hidden-layer MLP.
// Exits non-zero if the mean test accuracy over ten seeds misses the lesson's claim.
#include "real_data_experiment.hpp"

// What --help says.
const lesson::About kAbout{
    "breast_cancer.csv (569 tumours, 30 features), standardised, a one-hidden-layer MLP: test accuracy over ten seeds, the confusion matrix and precision/recall.",
    "nothing",
    "full 0.4 s (ten seeds); --quick 0.01 s (one seed, no verdict)"};

int main(int argc, char** argv) { return real_data_lesson::run(real_data_lesson::breast_cancer(), kAbout, argc, argv); }
