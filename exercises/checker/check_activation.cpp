// check_activation.cpp: exercises 1 (an activation's forward and backward) and 5 (an activation
// of the student's own choosing).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "checker/checker.hpp"

namespace exercises {

namespace {

// Inputs kept at least 0.15 away from 0, where ReLU-like activations have their kink.
mlp::Tensor sample_x() {
    return mlp::Tensor::from_rows({{-2.5, -1.3, -0.4, 0.2}, {0.7, 1.15, 1.9, 2.4}, {-0.15, 0.35, -0.85, 1.6}});
}
// dL/dy arriving from above: different in every element, so a missing factor shows.
mlp::Tensor sample_dy() {
    return mlp::Tensor::from_rows({{0.3, -1.2, 0.8, 0.5}, {-0.6, 0.9, -0.2, 1.4}, {1.1, -0.7, 0.45, -0.35}});
}

// f'(x) of an element-wise layer, by central differences: (f(x + h) - f(x - h)) / 2h.
mlp::Tensor numeric_slope(mlp::Layer& layer, const mlp::Tensor& x) {
    const double h = 1e-5;
    mlp::Tensor plus = x, minus = x;
    for (std::size_t k = 0; k < x.size(); ++k) {
        plus[k] += h;
        minus[k] -= h;
    }
    const mlp::Tensor y_plus = layer.forward(plus);
    const mlp::Tensor y_minus = layer.forward(minus);
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

const char* kForgotDy =
    "this is the activation's slope f'(x) alone: multiply it by dy, the gradient arriving from the "
    "layer above (the chain rule: dL/dx = dL/dy * dy/dx).";

}  // namespace

Verdict check_activation(mlp::Layer& student, mlp::Layer& reference, const std::string& title) {
    Verdict v;
    v.title = title;
    v.passed = true;
    const mlp::Tensor x = sample_x();
    const mlp::Tensor dy = sample_dy();
    mlp::Tensor y, dx;
    if (!run_student_code(v, [&] {
            y = student.forward(x);
            dx = student.backward(dy);
        }))
        return v;

    const mlp::Tensor y_ref = reference.forward(x);
    const mlp::Tensor dx_ref = reference.backward(dy);
    reference.forward(x);
    const mlp::Tensor slope = reference.backward(mlp::Tensor(dy.rows(), dy.cols(), 1.0));  // f'(x)

    std::vector<Mistake> mistakes{{slope, kForgotDy}};
    // The derivative written in terms of the output, evaluated at the input instead.
    mlp::Tensor at_x = dy;
    const bool is_tanh = dynamic_cast<mlp::Tanh*>(&reference) != nullptr;
    const bool is_sigmoid = dynamic_cast<mlp::Sigmoid*>(&reference) != nullptr;
    if (is_tanh || is_sigmoid) {
        for (std::size_t k = 0; k < x.size(); ++k)
            at_x[k] = dy[k] * (is_tanh ? 1.0 - x[k] * x[k] : x[k] * (1.0 - x[k]));
        mistakes.push_back({at_x, std::string("you put the input x into ") + (is_tanh ? "1 - y^2" : "y (1 - y)") +
                                      "; the formula needs the output y (the cached y_), not x."});
    }
    if (is_tanh) {
        mlp::Tensor one_minus_y = dy;
        for (std::size_t k = 0; k < x.size(); ++k) one_minus_y[k] = dy[k] * (1.0 - y_ref[k]);
        mistakes.push_back({one_minus_y, "tanh' = 1 - y^2: the output is squared."});
    }

    check_tensor(v, "y", y, y_ref);
    check_tensor(v, "dx", dx, dx_ref, mistakes);
    return v;
}

Verdict check_exercise1(mlp::Layer& student) {
    mlp::Tanh reference;
    return check_activation(student, reference, "Exercise 1: Tanh forward and backward");
}

Verdict check_new_activation(mlp::Layer& student) {
    Verdict v;
    v.passed = true;
    v.title = "Exercise 5: your own activation";
    if (!run_student_code(v, [&] { v.title += " (" + student.name() + ")"; })) return v;
    const mlp::Tensor x = sample_x();
    const mlp::Tensor dy = sample_dy();

    // 1. Same shape out as in, finite numbers.
    mlp::Tensor y;
    if (!run_student_code(v, [&] { y = student.forward(x); })) return v;
    if (y.rows() != x.rows() || y.cols() != x.cols()) {
        v.passed = false;
        v.notes.push_back("forward returned shape " + y.shape() + " for an input of shape " + x.shape());
        v.hints.push_back("an activation keeps the shape: y_ must be resized like x (start_forward does it).");
        return v;
    }
    for (std::size_t k = 0; k < y.size(); ++k) {
        if (!std::isfinite(y[k])) {
            v.passed = false;
            v.notes.push_back("forward gave " + std::to_string(y[k]) + " for x = " + std::to_string(x[k]));
            v.hints.push_back("every output must be a finite number for inputs between -2.5 and 2.5.");
            return v;
        }
    }

    // 2. Element by element: changing one input may change only its own output.
    for (std::size_t k = 0; k < x.size(); ++k) {
        mlp::Tensor moved = x;
        moved[k] += 0.5;
        mlp::Tensor y_moved;
        if (!run_student_code(v, [&] { y_moved = student.forward(moved); })) return v;
        for (std::size_t m = 0; m < y.size(); ++m) {
            if (m != k && y_moved[m] != y[m]) {
                v.passed = false;
                v.notes.push_back("output (" + std::to_string(m / x.cols()) + ", " + std::to_string(m % x.cols()) +
                                  ") changed when only input (" + std::to_string(k / x.cols()) + ", " +
                                  std::to_string(k % x.cols()) + ") did");
                v.hints.push_back("an activation applies one function to each element on its own: y[k] = f(x[k]).");
                return v;
            }
        }
    }

    // 3. Not a straight line: fit y = a x + b over [-4, 4] by least squares and look at the rest.
    mlp::Tensor line(1, 81);
    for (std::size_t k = 0; k < line.size(); ++k) line[k] = -4.0 + 0.1 * static_cast<double>(k);
    mlp::Tensor f;
    if (!run_student_code(v, [&] { f = student.forward(line); })) return v;
    double mx = 0.0, my = 0.0;
    for (std::size_t k = 0; k < line.size(); ++k) {
        mx += line[k] / 81.0;
        my += f[k] / 81.0;
    }
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t k = 0; k < line.size(); ++k) {
        sxy += (line[k] - mx) * (f[k] - my);
        sxx += (line[k] - mx) * (line[k] - mx);
    }
    const double a = sxy / sxx, b = my - a * mx;
    double worst = 0.0, scale = 1.0;
    for (std::size_t k = 0; k < line.size(); ++k) {
        worst = std::max(worst, std::abs(f[k] - (a * line[k] + b)));
        scale = std::max(scale, std::abs(f[k]));
    }
    if (worst <= 1e-9 * scale) {
        v.passed = false;
        char text[200];
        std::snprintf(text, sizeof text, "on [-4, 4] your activation is the straight line y = %.4g x + %.4g", a, b);
        v.notes.push_back(text);
        v.hints.push_back("a straight line is not an activation: Dense layers with it between them still fold "
                          "into one affine map (mlp::collapse_linear), which cannot learn XOR.");
        return v;
    }
    v.notes.push_back("it acts element by element and is not a straight line");

    // 4. backward against finite differences of the student's own forward. A slope of 0 at every
    //    test point would make this a comparison of zeros with zeros, which proves nothing.
    const mlp::Tensor slope = numeric_slope(student, x);
    bool all_flat = true;
    for (std::size_t k = 0; k < slope.size(); ++k)
        if (slope[k] != 0.0) all_flat = false;
    if (all_flat) {
        v.passed = false;
        v.notes.push_back("your forward's slope is 0 at every test point (x from -2.5 to 2.4)");
        v.hints.push_back("no gradient flows through a flat function, so nothing before it can learn; "
                          "pick one whose output changes with its input.");
        return v;
    }
    mlp::Tensor dx;
    if (!run_student_code(v, [&] {
            student.forward(x);
            dx = student.backward(dy);
        }))
        return v;
    // Central differences agree with an exact derivative to about 1e-10 here.
    check_tensor(v, "dx vs finite differences", dx, times(dy, slope), {{slope, kForgotDy}}, 1e-6);

    // 5. Reported, not required: does a 2-8-8-1 network with it learn XOR, as in the lesson?
    int learned = 0;
    const bool trained = run_student_code(v, [&] {
        const mlp::Tensor xs = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        const mlp::Tensor ys = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
        for (std::uint32_t seed = 1; seed <= 3; ++seed) {
            mlp::Rng rng(seed);
            mlp::Sequential model;
            model.emplace<mlp::Dense>(2, 8, rng);
            model.add(student.clone());
            model.emplace<mlp::Dense>(8, 8, rng);
            model.add(student.clone());
            model.emplace<mlp::Dense>(8, 1, rng);
            mlp::MSELoss loss;
            mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
            mlp::Trainer trainer(model, loss, sgd, {.epochs = 2000, .seed = seed, .progress = false});
            trainer.fit(xs, ys);
            if (trainer.evaluate(xs, ys).accuracy == 1.0) ++learned;
        }
    });
    if (trained) {
        v.notes.push_back("XOR (2-8-8-1, the lesson's settings): learned on " + std::to_string(learned) +
                          " of 3 seeds (reported, not graded)");
    } else {
        v.passed = !v.tensors.empty() && v.tensors.back().ok;  // training trouble is not a wrong answer
        v.hints.pop_back();
        v.notes.back() = "XOR training stopped: " + v.notes.back() + " (reported, not graded)";
    }
    return v;
}

}  // namespace exercises
