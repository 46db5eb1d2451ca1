// SPDX-License-Identifier: MIT
// exercise7.cpp: grades exercise 7 (backprop through a two-layer network by hand) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 7: backprop through a two-layer network by hand");
    return exercises::report(exercises::check_two_layer_backprop(student::two_layer_backprop));
}
