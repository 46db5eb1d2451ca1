// SPDX-License-Identifier: MIT
// exercise12.cpp: grades exercise 12 (the multiclass SVM loss, loops and vectorised) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 12: multiclass SVM loss");
    return exercises::report(exercises::check_svm_loss(student::svm_loss_loops, student::svm_loss_vectorised));
}
