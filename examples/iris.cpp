// SPDX-License-Identifier: MIT
// iris.cpp: from toy data to real data: iris.csv (3 species), standardised, softmax over 3 classes.
// Exits non-zero if the mean test accuracy over ten seeds misses the lesson's claim.
#include "real_data_experiment.hpp"

int main(int argc, char** argv) { return real_data_lesson::run(real_data_lesson::iris(), argc, argv); }
