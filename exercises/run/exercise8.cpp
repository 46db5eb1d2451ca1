// SPDX-License-Identifier: MIT
// exercise8.cpp: grades exercise 8 (Adam as an mlp::Optimizer) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 8: Adam as an mlp::Optimizer");
    return exercises::report(exercises::check_adam(student::make_adam));
}
