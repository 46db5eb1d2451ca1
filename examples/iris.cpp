// SPDX-License-Identifier: MIT
// iris.cpp: from toy data to real data: iris.csv (3 species), standardised, softmax over 3 classes.
// Exits non-zero if the mean test accuracy over ten seeds misses the lesson's claim.
#include "real_data_experiment.hpp"

// What --help says.
const lesson::About kAbout{
    "iris.csv (3 species, 4 measurements), standardised, softmax over 3 classes: test accuracy over ten seeds, the confusion matrix and precision/recall per class.",
    "nothing",
    "full 0.1 s (ten seeds); --quick 0.01 s (one seed, no verdict)"};

int main(int argc, char** argv) { return real_data_lesson::run(real_data_lesson::iris(), kAbout, argc, argv); }
