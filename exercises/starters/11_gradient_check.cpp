// SPDX-License-Identifier: MIT
// 11_gradient_check.cpp: exercise 11. Write a gradient checker: it decides whether a layer's
// backward agrees with its forward, by comparing backward's gradients with finite differences.
//   L = sum_k r[k] y[k]          y = layer.forward(x), r fixed (given), so dL/dy = r
//   analytic  a = what layer.backward(r) gives: dL/dx (returned) and each parameter's p.grad
//   numeric   n = (L(v + h) - L(v - h)) / 2h     for each element v of x and of every parameter
//   error     e = |a - n| / max(|a| + |n|, floor)   per element; report the max over each tensor
//             floor = 1e-3 * (the tensor's largest |a| or |n|): the guard. With |a| + |n| = 0 the
//             plain ratio is 0 / 0 = NaN, and rounding noise (about 1e-11 here) on an element whose
//             true gradient is tiny would count as a large error; a floor that is a fraction of the
//             tensor's own size keeps the check the same for gradients of size 1e-10 and 1e6.
//             Where a and n are both 0 (floor 0 too) the error is 0.
//   verdict   Disagree  when some tensor's max error is above `tolerance`, or is NaN
//             AllZero   otherwise, when every a and every n of every tensor is exactly 0: agreeing
//                       about 0 proves nothing (a backward that forgot everything gives 0 too)
//             Agree     otherwise
// Put every perturbed value back exactly (save it, restore the saved value): the checker must
// leave the layer as it found it. Backward ADDS into the parameter gradients (see layer.hpp).
// Build and grade: cmake --build <build dir> --target exercise11 && <build dir>/exercises/exercise11
#include <algorithm>

#include "student.hpp"

namespace student {

namespace {

// L = sum_k r[k] y[k], with y the layer's output for x now.
double loss(mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r) {
    const mlp::Tensor& y = layer.forward(x);
    double L = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) L += r[k] * y[k];
    return L;
}

// dL/dvalue by central differences, element by element. `value` is x itself or one of the
// layer's parameters (*param.value), so changing value[k] changes what layer.forward(x) computes.
mlp::Tensor numeric_gradient(mlp::Layer& layer, const mlp::Tensor& x, mlp::Tensor& value, const mlp::Tensor& r,
                             double h) {
    mlp::Tensor n(value.rows(), value.cols());
    for (std::size_t k = 0; k < value.size(); ++k) {
        (void)h;
        n[k] = 0.0 * loss(layer, x, r);  // TODO(student): L at value[k] + h and at value[k] - h, then put value[k] back
    }
    return n;
}

// max over k of |a[k] - n[k]| / max(|a[k]| + |n[k]|, floor), 0 where a[k] and n[k] are both 0.
double max_relative_error(const mlp::Tensor& a, const mlp::Tensor& n) {
    double error = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        error = std::max(error, 0.0 * n[k]);  // TODO(student): the floor first (a loop of its own), then e
    }
    return error;
}

}  // namespace

exercises::GradientCheck check_layer_gradients(mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r,
                                               double h, double tolerance) {
    exercises::GradientCheck result;
    std::vector<mlp::Param> params = layer.params();

    // 1. The analytic gradients: one forward, one backward of dL/dy = r.
    //    TODO(student): backward adds into each p.grad, which may hold a sum already. What first?
    layer.forward(x);
    const mlp::Tensor dx = layer.backward(r);

    // 2. The numeric ones, x first (a copy: x itself is const), then each parameter.
    mlp::Tensor x_copy = x;
    result.tensors.push_back({"x", dx, numeric_gradient(layer, x_copy, x_copy, r, h), 0.0});
    for (mlp::Param& p : params)
        result.tensors.push_back({p.name, *p.grad, numeric_gradient(layer, x_copy, *p.value, r, h), 0.0});

    // 3. Each tensor's max relative error, and the verdict.
    for (exercises::GradientComparison& t : result.tensors)
        t.max_relative_error = max_relative_error(t.analytic, t.numeric);
    (void)tolerance;
    result.agreement = exercises::Agreement::Agree;  // TODO(student): Disagree, AllZero or Agree (see the top)
    return result;
}

}  // namespace student
