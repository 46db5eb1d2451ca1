// SPDX-License-Identifier: MIT
// wine.cpp: three wine cultivars from 13 chemical measurements on scales from 0.1 to 1,680 (proline),
// standardised, softmax over 3 classes; prints the confusion matrix and precision/recall per class.
// Exits non-zero if the mean test accuracy over ten seeds misses the lesson's claim.
#include "real_data_experiment.hpp"

// What --help says.
const lesson::About kAbout{
    "wine.csv (3 cultivars, 13 measurements on scales from 0.1 to 1,680), standardised, softmax over 3 classes: test accuracy over ten seeds, the confusion matrix and precision/recall per class.",
    "nothing",
    "full 0.05 s (ten seeds); --quick 0.01 s (one seed, no verdict)"};

int main(int argc, char** argv) { return real_data_lesson::run(real_data_lesson::wine(), kAbout, argc, argv); }
