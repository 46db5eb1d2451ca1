// SPDX-License-Identifier: MIT
// gradient_check.hpp: what exercise 11's gradient checker returns. The student's checker fills it
// (exercises/starters/11_gradient_check.cpp) and the grader reads it, so both include this header.
#pragma once

#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace exercises {

// The checker's answer about a whole layer.
//   Agree      every tensor's max relative error is within the tolerance, and some gradient is not 0
//   Disagree   some tensor's max relative error is above the tolerance (or is NaN)
//   AllZero    every analytic and every numeric gradient element is exactly 0: the two agree, but
//              0 == 0 proves nothing about backward, so this is not agreement
enum class Agreement { Agree, Disagree, AllZero };

// One tensor's comparison: dL/dx, or one parameter's gradient.
struct GradientComparison {
    std::string name;                 // "x" for dL/dx, else the Param's name ("W", "b")
    mlp::Tensor analytic;             // what backward gave, shaped like the tensor
    mlp::Tensor numeric;              // the central differences, same shape
    double max_relative_error = 0.0;  // the largest over the tensor's elements
};

struct GradientCheck {
    std::vector<GradientComparison> tensors;  // dL/dx first, then each of layer.params() in order
    Agreement agreement = Agreement::Disagree;
};

// "agree", "disagree", "all zero": how a verdict names them.
const char* agreement_name(Agreement a);

}  // namespace exercises
