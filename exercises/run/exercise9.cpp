// SPDX-License-Identifier: MIT
// exercise9.cpp: grades exercise 9 (Dropout forward and backward) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 9: Dropout forward and backward");
    return exercises::report(exercises::check_dropout(student::make_dropout));
}
