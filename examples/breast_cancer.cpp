// SPDX-License-Identifier: MIT
// breast_cancer.cpp: from toy data to real data: breast_cancer.csv, standardised, a one-hidden-layer MLP.
// Exits non-zero if the mean test accuracy over ten seeds misses the lesson's claim.
#include "real_data_experiment.hpp"

int main(int argc, char** argv) { return real_data_lesson::run(real_data_lesson::breast_cancer(), argc, argv); }
