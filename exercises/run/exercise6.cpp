// SPDX-License-Identifier: MIT
// exercise6.cpp: grades exercise 6 (why a linear stack cannot learn XOR) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() {
    exercises::report_crashes_as("Exercise 6: why a linear stack cannot learn XOR");
    const int fold = exercises::report(exercises::check_fold_linear(student::fold_linear));
    const int model = exercises::report(exercises::check_xor_model(student::make_xor_model));
    return fold != 0 || model != 0 ? 1 : 0;
}
