// SPDX-License-Identifier: MIT
// activation_common.hpp: what the checkers of exercise 1 (check_activation.cpp) and exercise 5
// (check_new_activation.cpp) share; defined in check_activation.cpp.
#pragma once

#include <string>

#include "checker/checker.hpp"

namespace exercises {

// f'(x) of an element-wise layer, by central differences: (f(x + h) - f(x - h)) / 2h.
mlp::Tensor numeric_slope(mlp::Layer& layer, const mlp::Tensor& x);
// dx = dy * slope, element by element
mlp::Tensor times(const mlp::Tensor& dy, const mlp::Tensor& slope);
// a + b, element by element
mlp::Tensor plus(const mlp::Tensor& a, const mlp::Tensor& b);
// After a wrong tensor: a note with the input x (and dL/dy, when given) at its worst element.
void say_where(Verdict& v, const TensorReport& r, const mlp::Tensor& x, const mlp::Tensor* dy);

extern const char* const kForgotDy;   // the hint for f'(x) returned without the factor dy
extern const char* const kAddedInto;  // the hint for a layer that adds into its kept buffers

}  // namespace exercises
