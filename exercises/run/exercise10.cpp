// SPDX-License-Identifier: MIT
// exercise10.cpp: grades exercise 10 (BatchNorm forward and backward) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 10: BatchNorm forward and backward");
    return exercises::report(exercises::check_batch_norm(student::make_batch_norm));
}
