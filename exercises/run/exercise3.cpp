// SPDX-License-Identifier: MIT
// exercise3.cpp: grades exercise 3 (softmax cross-entropy's gradient) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 3: softmax cross-entropy gradient");
    return exercises::report(exercises::check_cross_entropy_backward(student::cross_entropy_backward));
}
