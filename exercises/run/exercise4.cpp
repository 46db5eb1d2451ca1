// SPDX-License-Identifier: MIT
// exercise4.cpp: grades exercise 4 (SGD with momentum) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 4: SGD with momentum");
    return exercises::report(exercises::check_momentum_step(student::momentum_step));
}
