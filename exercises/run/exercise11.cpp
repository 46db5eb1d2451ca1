// SPDX-License-Identifier: MIT
// exercise11.cpp: grades exercise 11 (a gradient checker of your own) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 11: a gradient checker of your own");
    return exercises::report(exercises::check_gradient_check(student::check_layer_gradients));
}
