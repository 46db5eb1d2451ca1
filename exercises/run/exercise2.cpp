// SPDX-License-Identifier: MIT
// exercise2.cpp: grades exercise 2 (Dense backward) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 2: Dense backward");
    return exercises::report(exercises::check_dense_backward(student::dense_backward));
}
