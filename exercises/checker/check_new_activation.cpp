// SPDX-License-Identifier: MIT
// check_new_activation.cpp: exercise 5, an activation of the student's own choosing, judged on
// what any activation must do, since its formula is the student's.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "checker/activation_common.hpp"

namespace exercises {

namespace {

// The inputs exercise 5 uses: moderate, so that any sensible activation is finite there.
mlp::Tensor sample_x() {
    return mlp::Tensor::from_rows({{-2.5, -1.3, -0.4, 0.2}, {0.7, 1.15, 1.9, 2.4}, {-0.15, 0.35, -0.85, 1.6}});
}
mlp::Tensor sample_dy() {
    return mlp::Tensor::from_rows({{0.3, -1.2, 0.8, 0.5}, {-0.6, 0.9, -0.2, 1.4}, {1.1, -0.7, 0.45, -0.35}});
}
mlp::Tensor sample_x2() {
    return mlp::Tensor::from_rows({{1.3, -0.7, 2.1, -1.9}, {0.45, -2.2, 0.6, -0.3}, {2.45, 0.95, -1.45, 0.25}});
}
mlp::Tensor sample_dy2() {
    return mlp::Tensor::from_rows({{-0.5, 0.65, 1.05, -0.25}, {0.9, 0.4, -1.3, 0.15}, {-0.75, 1.2, 0.35, 0.6}});
}

}  // namespace

double distance_from_line(mlp::Layer& f, double& a, double& b) {
    mlp::Tensor line(1, 81);
    for (std::size_t k = 0; k < line.size(); ++k) line[k] = -4.0 + 0.1 * static_cast<double>(k);
    const mlp::Tensor y = f.forward(line);
    const double n = static_cast<double>(line.size());
    double mx = 0.0, my = 0.0;
    for (std::size_t k = 0; k < line.size(); ++k) {
        mx += line[k] / n;
        my += y[k] / n;
    }
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t k = 0; k < line.size(); ++k) {
        sxy += (line[k] - mx) * (y[k] - my);
        sxx += (line[k] - mx) * (line[k] - mx);
    }
    a = sxy / sxx;
    b = my - a * mx;
    double worst = 0.0, low = y[0], high = y[0];
    for (std::size_t k = 0; k < line.size(); ++k) {
        worst = std::max(worst, std::abs(y[k] - (a * line[k] + b)));
        low = std::min(low, y[k]);
        high = std::max(high, y[k]);
    }
    return high > low ? worst / (high - low) : 0.0;
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

    // 3. Clearly curved: a straight line, or one bent by a hair (x + 1e-6 x^3), lets the Dense
    //    layers around it fold into (nearly) one affine map.
    double a = 0.0, b = 0.0, distance = 0.0;
    if (!run_student_code(v, [&] { distance = distance_from_line(student, a, b); })) return v;
    char text[300];
    std::snprintf(text, sizeof text,
                  "the best straight line through it on [-4, 4], y = %.4g x + %.4g, misses it by at most %.2g%% "
                  "of its range (rule: at least %.0f%%)",
                  a, b, 100.0 * distance, 100.0 * kMinCurvature);
    v.notes.push_back(text);
    if (!(distance >= kMinCurvature)) {
        v.passed = false;
        v.hints.push_back(distance <= 1e-9
                              ? "a straight line is not an activation: Dense layers with it between them still "
                                "fold into one affine map (mlp::collapse_linear), which cannot learn XOR."
                              : "it is all but a straight line: Dense layers with it between them are within a "
                                "hair of one affine map, which cannot learn XOR. Give it a clear bend.");
        return v;
    }

    // 4. backward against finite differences of the student's own forward, on two calls (the
    //    second on buffers that hold the first's answer). A slope of 0 at every test point would
    //    make this a comparison of zeros with zeros, which proves nothing.
    const mlp::Tensor x2 = sample_x2(), dy2 = sample_dy2();
    mlp::Tensor slope, slope2;
    if (!run_student_code(v, [&] {
            slope = numeric_slope(student, x);
            slope2 = numeric_slope(student, x2);
        }))
        return v;
    bool all_flat = true;
    for (std::size_t k = 0; k < slope.size(); ++k)
        if (slope[k] != 0.0 || slope2[k] != 0.0) all_flat = false;
    if (all_flat) {
        v.passed = false;
        v.notes.push_back("your forward's slope is 0 at every test point (x from -2.5 to 2.45)");
        v.hints.push_back("no gradient flows through a flat function, so nothing before it can learn; "
                          "pick one whose output changes with its input.");
        return v;
    }
    mlp::Tensor dx, dx2;
    if (!run_student_code(v, [&] {
            student.forward(x);
            dx = student.backward(dy);
            student.forward(x2);
            dx2 = student.backward(dy2);
        }))
        return v;
    // Central differences agree with an exact derivative to about 1e-10 here.
    const mlp::Tensor expected = times(dy, slope), expected2 = times(dy2, slope2);
    const bool first_ok =
        check_tensor(v, "dx vs finite differences", dx, expected, {{slope, kForgotDy}}, 1e-6);
    say_where(v, v.tensors.back(), x, &dy);
    if (first_ok) {
        check_tensor(v, "dx vs finite differences (2nd call)", dx2, expected2,
                     {{slope2, kForgotDy}, {plus(expected, expected2), kAddedInto}}, 1e-6);
        say_where(v, v.tensors.back(), x2, &dy2);
    }

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
        bool all_ok = true;
        for (const TensorReport& r : v.tensors) all_ok = all_ok && r.ok;
        v.passed = all_ok;  // training trouble is not a wrong answer
        v.hints.pop_back();
        v.notes.back() = "XOR training stopped: " + v.notes.back() + " (reported, not graded)";
    }
    return v;
}

}  // namespace exercises
