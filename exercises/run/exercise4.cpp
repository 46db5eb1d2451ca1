// exercise4.cpp: grades exercise 4 (SGD with momentum) on the student's file.
#include "checker/checker.hpp"
#include "student.hpp"

int main() { return exercises::report(exercises::check_momentum_step(student::momentum_step)); }
