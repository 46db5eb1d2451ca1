// SPDX-License-Identifier: MIT
// check_activation.cpp: exercise 1 (an activation's forward and backward, Tanh), and the helpers
// it shares with exercise 5 (check_new_activation.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "checker/activation_common.hpp"

namespace exercises {

namespace {

// Three calls' inputs. The first two share a shape, so a layer that adds into its buffers
// instead of writing them shows on the second; the third has another shape. They hold +-1000
// and +-20, where exp() overflows and the textbook (e^x - e^-x) / (e^x + e^-x) is NaN while
// std::tanh is exact, and otherwise stay at least 0.15 away from 0, the kink of ReLU-like ones.
mlp::Tensor call_x(int call) {
    if (call == 0)
        return mlp::Tensor::from_rows(
            {{-1000.0, -2.5, -1.3, -0.4, 0.2}, {0.7, 1.15, 1.9, 2.4, 1000.0}, {-0.15, 0.35, -0.85, 1.6, -20.0}});
    if (call == 1)
        return mlp::Tensor::from_rows(
            {{0.45, 20.0, -0.6, 1.05, -1.75}, {-1000.0, 0.3, 2.2, -0.95, 0.55}, {1000.0, -0.25, 1.4, -2.1, 0.8}});
    return mlp::Tensor::from_rows({{0.9, -1.6, 0.25}, {-0.55, 1000.0, 3.1}});
}
// dL/dy arriving from above: different in every element, so a missing factor shows.
mlp::Tensor call_dy(int call) {
    if (call == 0)
        return mlp::Tensor::from_rows({{0.3, -1.2, 0.8, 0.5, -0.9}, {-0.6, 0.9, -0.2, 1.4, 0.65},
                                       {1.1, -0.7, 0.45, -0.35, 0.2}});
    if (call == 1)
        return mlp::Tensor::from_rows({{-0.4, 0.75, 1.3, -0.15, 0.6}, {0.85, -1.05, 0.35, 0.95, -0.5},
                                       {-0.3, 1.2, -0.8, 0.25, 0.7}});
    return mlp::Tensor::from_rows({{0.5, -0.45, 1.15}, {-0.8, 0.6, 0.3}});
}
const char* const kCallName[] = {"", " (2nd call)", " (3rd call)"};

// tanh's own mistakes, for an input x, the right output y and dL/dy.
std::vector<Mistake> tanh_mistakes(const mlp::Tensor& x, const mlp::Tensor& y, const mlp::Tensor& dy) {
    mlp::Tensor at_x = dy, not_squared = dy;
    for (std::size_t k = 0; k < x.size(); ++k) {
        at_x[k] = dy[k] * (1.0 - x[k] * x[k]);
        not_squared[k] = dy[k] * (1.0 - y[k]);
    }
    return {{at_x, "you put the input x into 1 - y^2; the formula needs the output y (the cached y_), not x."},
            {not_squared, "tanh' = 1 - y^2: the output is squared."}};
}

}  // namespace

// ---- shared with check_new_activation.cpp (activation_common.hpp) ----

// f'(x) of an element-wise layer, by central differences: (f(x + h) - f(x - h)) / 2h.
mlp::Tensor numeric_slope(mlp::Layer& layer, const mlp::Tensor& x) {
    const double h = 1e-5;
    mlp::Tensor x_plus = x, x_minus = x;
    for (std::size_t k = 0; k < x.size(); ++k) {
        x_plus[k] += h;
        x_minus[k] -= h;
    }
    const mlp::Tensor y_plus = layer.forward(x_plus);
    const mlp::Tensor y_minus = layer.forward(x_minus);
    mlp::Tensor slope(x.rows(), x.cols());
    for (std::size_t k = 0; k < x.size(); ++k) slope[k] = (y_plus[k] - y_minus[k]) / (2.0 * h);
    return slope;
}

// dx = dy * slope, element by element
mlp::Tensor times(const mlp::Tensor& dy, const mlp::Tensor& slope) {
    mlp::Tensor dx = dy;
    for (std::size_t k = 0; k < dx.size(); ++k) dx[k] *= slope[k];
    return dx;
}

mlp::Tensor plus(const mlp::Tensor& a, const mlp::Tensor& b) {
    mlp::Tensor s = a;
    for (std::size_t k = 0; k < s.size(); ++k) s[k] += b[k];
    return s;
}

const char* const kForgotDy =
    "this is the activation's slope f'(x) alone: multiply it by dy, the gradient arriving from the "
    "layer above (the chain rule: dL/dx = dL/dy * dy/dx).";
const char* const kAddedInto =
    "the layer kept the previous call's numbers and added this call's to them: write the buffer "
    "(y_[k] = ..., dx_[k] = ...), do not add into it; a layer reuses its buffers from call to call.";

// After a wrong tensor: the input (and dL/dy) at its worst element, so the student can work
// that one number out by hand.
void say_where(Verdict& v, const TensorReport& r, const mlp::Tensor& x, const mlp::Tensor* dy) {
    if (r.ok || !r.shape_ok) return;
    char text[200];
    if (dy != nullptr) {
        std::snprintf(text, sizeof text, "%s: at (%zu, %zu) the input was x = %.10g and dy = %.10g", r.name.c_str(),
                      r.row, r.col, x(r.row, r.col), (*dy)(r.row, r.col));
    } else {
        std::snprintf(text, sizeof text, "%s: at (%zu, %zu) the input was x = %.10g", r.name.c_str(), r.row, r.col,
                      x(r.row, r.col));
    }
    v.notes.push_back(text);
}

// ---- exercise 1 ----

Verdict check_activation(mlp::Layer& student, mlp::Layer& reference, const std::string& title,
                         const ActivationMistakes& mistakes) {
    Verdict v;
    v.title = title;
    v.passed = true;
    mlp::Tensor previous_y, previous_dx;
    for (int call = 0; call < 3; ++call) {
        const mlp::Tensor x = call_x(call);
        const mlp::Tensor dy = call_dy(call);
        mlp::Tensor y, dx;
        if (!run_student_code(v, [&] {
                y = student.forward(x);  // copied: the layer's buffer changes on the next call
                dx = student.backward(dy);
            }))
            return v;
        const mlp::Tensor y_ref = reference.forward(x);
        const mlp::Tensor dx_ref = reference.backward(dy);
        reference.forward(x);
        const mlp::Tensor slope = reference.backward(mlp::Tensor(dy.rows(), dy.cols(), 1.0));  // f'(x)

        std::vector<Mistake> y_mistakes, dx_mistakes{{slope, kForgotDy}};
        if (mistakes) {
            for (Mistake& m : mistakes(x, y_ref, dy)) dx_mistakes.push_back(std::move(m));
        }
        if (call == 1) {  // the same shape as call 0: what "+=" into the kept buffer gives
            y_mistakes.push_back({plus(previous_y, y_ref), kAddedInto});
            dx_mistakes.push_back({plus(previous_dx, dx_ref), kAddedInto});
        }
        Verdict this_call = v;
        const bool y_ok = check_tensor(this_call, std::string("y") + kCallName[call], y, y_ref, y_mistakes);
        const bool dx_ok = check_tensor(this_call, std::string("dx") + kCallName[call], dx, dx_ref, dx_mistakes);
        // The first call's lines are always shown; a later call's only when it is wrong.
        if (call == 0 || !y_ok || !dx_ok) {
            v = this_call;
            say_where(v, v.tensors[v.tensors.size() - 2], x, nullptr);
            say_where(v, v.tensors.back(), x, &dy);
        }
        if (!y_ok || !dx_ok) return v;
        previous_y = y_ref;
        previous_dx = dx_ref;
    }
    v.notes.push_back("a 2nd call on the same layer and a 3rd with a (2, 3) input agree too");
    return v;
}

Verdict check_exercise1(mlp::Layer& student) {
    mlp::Tanh reference;
    return check_activation(student, reference, "Exercise 1: Tanh forward and backward", tanh_mistakes);
}

}  // namespace exercises
