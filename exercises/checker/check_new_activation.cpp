// SPDX-License-Identifier: MIT
// check_new_activation.cpp: exercise 5, an activation of the student's own choosing, judged on
// what any activation must do, since its formula is the student's.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

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

// The inputs where a formula right in the middle goes wrong: exactly 0 (a slope that divides by
// x), beyond +-3 (where piecewise activations such as the hard swish change branch) and +-1000
// (where e^x has overflowed: it is infinite past x = 709.78). No point sits on a usual kink
// (+-1, +-3, 6) other than 0, which has its own rule.
mlp::Tensor edge_x() {
    return mlp::Tensor::from_rows({{-1000.0, -30.0, -8.0, -5.0, -3.5, 0.0}, {0.0, 3.5, 5.0, 8.0, 30.0, 1000.0}});
}
mlp::Tensor edge_dy() {
    return mlp::Tensor::from_rows({{0.7, -0.4, 1.2, -0.9, 0.55, 0.6}, {-1.3, 0.8, -0.35, 1.05, -0.65, 0.9}});
}

// f'(x) by central differences with a step that grows with |x|, h = 1e-5 max(1, |x|): at x = 1000
// a step of 1e-5 would leave only rounding noise of f (an ulp of 1000 is 1e-13) in the difference.
mlp::Tensor scaled_slope(mlp::Layer& f, const mlp::Tensor& x) {
    mlp::Tensor x_plus = x, x_minus = x, h(x.rows(), x.cols());
    for (std::size_t k = 0; k < x.size(); ++k) {
        h[k] = 1e-5 * std::max(1.0, std::abs(x[k]));
        x_plus[k] += h[k];
        x_minus[k] -= h[k];
    }
    const mlp::Tensor y_plus = f.forward(x_plus);
    const mlp::Tensor y_minus = f.forward(x_minus);
    mlp::Tensor slope(x.rows(), x.cols());
    for (std::size_t k = 0; k < x.size(); ++k) slope[k] = (y_plus[k] - y_minus[k]) / (2.0 * h[k]);
    return slope;
}

// Whether f (its forward, or its backward with dy = 1) is finite at x = 709 and not at 710 (the
// signs of `side`): exactly where e^x passes the largest double, so the formula computes e^x.
bool overflows_like_exp(mlp::Layer& f, double side, bool backward) {
    const mlp::Tensor x = mlp::Tensor::from_rows({{709.0 * side, 710.0 * side}});
    mlp::Tensor out = f.forward(x);
    if (backward) out = f.backward(mlp::Tensor::from_rows({{1.0, 1.0}}));
    return std::isfinite(out[0]) && !std::isfinite(out[1]);
}

// x in `digits` significant digits; a slope measured by finite differences is good to about 4.
std::string number(double x, int digits = 6) {
    char text[40];
    std::snprintf(text, sizeof text, "%.*g", digits, x);
    return text;
}

// Whether the one-sided slopes at 0, (f(0) - f(-h)) / h and (f(h) - f(0)) / h with h = 1e-6, say
// that f is smooth there: they then agree to about 1e-6, while at a kink they differ by its bend.
bool smooth(double left, double right) {
    return std::abs(right - left) <= 1e-3 * (1.0 + std::abs(left) + std::abs(right));
}

// The hint for an output (backward = false) or a dx (backward = true) that is not finite at x,
// chosen by what is measured there; left and right are the forward's one-sided slopes at 0.
std::string not_finite_hint(mlp::Layer& f, double x, bool backward, double left, double right) {
    const std::string what = backward ? "your backward" : "your forward";
    if (x == 0.0) {
        if (!backward)
            return "your forward is not finite at x = 0 exactly: a 0 / 0, such as x / |x| for the sign of x; write "
                   "it so that x = 0 needs no division by x.";
        const std::string slope = smooth(left, right) ? "slope is " + number((left + right) / 2.0, 4)
                                                : "slopes are " + number(left, 4) + " from the left and " +
                                                      number(right, 4) + " from the right";
        return "dx is not finite at x = 0 exactly, where your forward's " + slope +
               ": a 0 / 0 in the slope, such as x / |x| for the sign of x or (y / x)^2; write the slope so that "
               "x = 0 needs no division by x (softsign's is 1 / (1 + |x|)^2).";
    }
    const double side = x > 0 ? 1.0 : -1.0;
    if (std::abs(x) > 709.0 && overflows_like_exp(f, side, backward)) {
        const std::string e = side > 0 ? "e^x" : "e^-x";
        return what + " is finite at x = " + number(709 * side) + " and not at " + number(710 * side) +
               ", exactly where " + e + " overflows to infinity (the largest double is about e^709.78), so " +
               (backward ? e + " / (1 + " + e + ") or " + e + " / (1 + " + e + ")^2 is inf / inf there"
                         : "log(1 + " + e + ") is inf and " + e + " / (1 + " + e + ") is inf / inf there") +
               ". Write it so that exp only ever sees -|x|: log(1 + e^x) = max(x, 0) + log1p(e^-|x|), "
               "e^x / (1 + e^x) = 1 / (1 + e^-x) for x >= 0, and a sigmoid's slope from its output, s (1 - s).";
    }
    return what + " is not finite at x = " + number(x) + ": an activation must give a finite " +
           (backward ? "dx" : "output") + " for every finite input, and a layer before it can hand it 1000.";
}

// Every output finite at exactly 0, beyond +-3 and at +-1000 (edge_x). Returns whether it is.
bool check_edge_outputs(Verdict& v, mlp::Layer& student) {
    const mlp::Tensor x = edge_x();
    mlp::Tensor y;
    if (!run_student_code(v, [&] { y = student.forward(x); })) return false;
    for (std::size_t k = 0; k < std::min(x.size(), y.size()); ++k) {
        if (std::isfinite(y[k])) continue;
        v.passed = false;
        v.notes.push_back("forward gave " + number(y[k]) + " for x = " + number(x[k]));
        std::string hint;
        if (!run_student_code(v, [&] { hint = not_finite_hint(student, x[k], false, 0.0, 0.0); })) return false;
        v.hints.push_back(hint);
        return false;
    }
    return true;
}

// At exactly 0, beyond +-3 and at +-1000 (edge_x): every dx finite and agreeing with finite
// differences of the student's forward, and at x = 0 any slope between the forward's one-sided
// slopes (its slope where it is smooth, any value between where it has a kink, as ReLU's 0 or
// 1). Returns whether it all holds.
bool check_edge_slopes(Verdict& v, mlp::Layer& student) {
    const mlp::Tensor x = edge_x(), dy = edge_dy();
    mlp::Tensor dx, slope, sides;
    // The one-sided slopes at 0 (see smooth).
    const double h = 1e-6;
    if (!run_student_code(v, [&] {
            slope = scaled_slope(student, x);
            sides = student.forward(mlp::Tensor::from_rows({{-h, 0.0, h}}));
            student.forward(x);
            dx = student.backward(dy);
        }))
        return false;
    const double left = (sides[1] - sides[0]) / h, right = (sides[2] - sides[1]) / h;
    const double margin = 1e-4 * (1.0 + std::abs(left) + std::abs(right));  // one-sided differences' error
    const double low = std::min(left, right) - margin, high = std::max(left, right) + margin;

    mlp::Tensor expected = times(dy, slope);
    const bool shape_ok = dx.rows() == x.rows() && dx.cols() == x.cols();
    for (std::size_t k = 0; shape_ok && k < x.size(); ++k) {
        // Where a function has flattened out (GELU at -8, SiLU at -30) both slopes are below 1e-9
        // and the finite difference is rounding noise: two slopes that small agree.
        const double own = dx[k] / dy[k];
        if (std::abs(slope[k]) < 1e-9 && std::abs(own) < 1e-9) expected[k] = dx[k];
        if (x[k] != 0.0) continue;
        // At 0 the student's own slope is right when it lies between the two sides; otherwise
        // the nearer side is what it should have been.
        const bool between = own >= low && own <= high;
        expected[k] = dy[k] * (std::isnan(own)  ? (left + right) / 2.0
                               : between        ? own
                                                : std::clamp(own, std::min(left, right), std::max(left, right)));
    }
    v.tensors.push_back(compare("dx at 0, beyond +-3 and at +-1000", dx, expected, 1e-6));
    const TensorReport& r = v.tensors.back();
    if (r.ok) return true;
    v.passed = false;
    say_where(v, r, x, &dy);
    if (!r.shape_ok) return false;
    for (std::size_t k = 0; k < dx.size(); ++k) {
        if (std::isfinite(dx[k])) continue;
        std::string hint;
        if (!run_student_code(v, [&] { hint = not_finite_hint(student, x[k], true, left, right); }))
            return false;
        add_hint(v, r.name, hint);
        return false;
    }
    const double at = x(r.row, r.col), ds = dy(r.row, r.col);
    const std::string yours = number(dx(r.row, r.col) / ds, 4);
    if (at == 0.0) {
        add_hint(v, r.name,
                 smooth(left, right) ? "at x = 0 exactly your backward's slope is " + yours + ", but your forward's is " +
                              number((left + right) / 2.0, 4) +
                              " from both sides: a branch (x > 0, x < 0) or a sign(x) that leaves x == 0 out."
                        : "at x = 0 your forward has a kink, slope " + number(left, 4) + " from the left and " +
                              number(right, 4) + " from the right; any slope between the two is right there, yours "
                              "is " + yours + ".");
    } else {
        add_hint(v, r.name,
                 "at x = " + number(at) + " your backward's slope is " + yours + " but your forward's is " +
                     number(slope(r.row, r.col), 4) +
                     ", though the two agree between -2.5 and 2.5: beyond +-3 the backward takes another branch "
                     "than the forward (a hard swish is y = x above 3, slope 1, and 0 below -3); give both the "
                     "same branches with the same boundaries.");
    }
    return false;
}

}  // namespace

double distance_from_line(mlp::Layer& f, double& a, double& b) {
    mlp::Tensor line(1, 81);
    for (std::size_t k = 0; k < line.size(); ++k) line[k] = -4.0 + 0.1 * static_cast<double>(k);
    const mlp::Tensor y = f.forward(line);
    for (std::size_t k = 0; k < line.size(); ++k)
        if (!std::isfinite(y[k])) return std::nan("");  // no distance to a line from inf or NaN
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
    // ... and where formulas right in the middle break: exactly 0, beyond +-3, +-1000.
    if (!check_edge_outputs(v, student)) return v;

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
    if (std::isnan(distance)) {  // a NaN or inf output somewhere on the line, not a line
        v.passed = false;
        v.notes.push_back("forward gave NaN or infinity for some x in [-4, 4] (81 points, 0.1 apart)");
        v.hints.push_back("every output must be a finite number: a division by something that is 0 at one of "
                          "those points?");
        return v;
    }
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

    // 5. The slopes where formulas right in the middle go wrong (see check_edge_slopes), once the
    //    middle is right.
    if (v.passed && !check_edge_slopes(v, student)) return v;

    // 6. Reported, not required: does a 2-8-8-1 network with it learn XOR, as in the lesson?
    const bool graded = v.passed;
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
        v.passed = graded;  // training trouble is not a wrong answer
        v.hints.pop_back();
        v.notes.back() = "XOR training stopped: " + v.notes.back() + " (reported, not graded)";
    }
    return v;
}

}  // namespace exercises
