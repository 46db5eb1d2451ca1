// SPDX-License-Identifier: MIT
// check_linear_xor.cpp: exercise 6, why a stack of linear layers cannot learn XOR.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "checker/checker.hpp"

namespace exercises {

Verdict check_fold_linear(const FoldLinear& student) {
    Verdict v;
    v.title = "Exercise 6a: fold two Dense layers into one";
    v.passed = true;
    // 3 inputs -> 4 -> 2 outputs: W1 (3, 4), b1 (1, 4), W2 (4, 2), b2 (1, 2)
    const mlp::Tensor W1 = mlp::Tensor::from_rows({{0.2, -0.5, 0.1, 0.7}, {0.3, 0.8, -0.6, 0.05}, {-0.4, 0.25, 0.9, -0.2}});
    const mlp::Tensor b1 = mlp::Tensor::from_rows({{0.1, -0.3, 0.2, 0.4}});
    const mlp::Tensor W2 = mlp::Tensor::from_rows({{0.6, -0.1}, {-0.2, 0.5}, {0.3, 0.35}, {-0.7, 0.15}});
    const mlp::Tensor b2 = mlp::Tensor::from_rows({{-0.05, 0.25}});

    mlp::Sequential stack;
    stack.emplace<mlp::Dense>(W1, b1);
    stack.emplace<mlp::Dense>(W2, b2);
    const mlp::Sequential folded = mlp::collapse_linear(stack);
    const auto& one = dynamic_cast<const mlp::Dense&>(folded[0]);

    mlp::Tensor W, b;
    if (!run_student_code(v, [&] { student(W1, b1, W2, b2, W, b); })) return v;
    const mlp::Tensor b1W2 = mlp::matmul(b1, W2);
    check_tensor(v, "W", W, one.W);
    check_tensor(v, "b", b, one.b,
                 {{b2, "b1 is missing: b1 also goes through the second layer, so b = b1 W2 + b2."},
                  {b1W2, "b2 is missing: b = b1 W2 + b2."}});
    if (v.passed) {
        // The point of it: one layer computes exactly what the two did.
        const mlp::Tensor x = mlp::Tensor::from_rows({{1.0, -2.0, 0.5}, {0.3, 0.7, -1.1}});
        mlp::Dense single(W, b);
        check_tensor(v, "x W + b vs the two layers", single.forward(x), stack.forward(x));
    }
    return v;
}

namespace {

// The determinant of a 3 x 3 matrix, by the first row.
double det3(const double (&m)[3][3]) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

// How far a trained 2-input network is from one affine map: fits y = a x1 + b x2 + c by least
// squares on an 11 x 11 grid over [-0.5, 1.5]^2 (around XOR's four corners) and returns the
// largest miss divided by the larger of the network's range and its largest |y| there: 0 for
// a network that is one affine map, whatever its layers are called (a Dense stack, Identity,
// LeakyReLU(1.0)...).
double distance_from_plane(mlp::Sequential& model, double& a, double& b, double& c) {
    mlp::Tensor grid(121, 2);
    for (std::size_t k = 0; k < 121; ++k) {
        grid(k, 0) = -0.5 + 0.2 * static_cast<double>(k / 11);
        grid(k, 1) = -0.5 + 0.2 * static_cast<double>(k % 11);
    }
    const mlp::Tensor y = model.forward(grid);
    // Normal equations A^T A p = A^T y with rows (x1, x2, 1), solved by Cramer's rule.
    double M[3][3] = {{0}}, r[3] = {0};
    for (std::size_t k = 0; k < 121; ++k) {
        const double row[3] = {grid(k, 0), grid(k, 1), 1.0};
        for (int i = 0; i < 3; ++i) {
            r[i] += row[i] * y(k, 0);
            for (int j = 0; j < 3; ++j) M[i][j] += row[i] * row[j];
        }
    }
    const double d = det3(M);
    double p[3];
    for (int col = 0; col < 3; ++col) {
        double Mc[3][3];
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) Mc[i][j] = j == col ? r[i] : M[i][j];
        p[col] = det3(Mc) / d;
    }
    a = p[0];
    b = p[1];
    c = p[2];
    double worst = 0.0, low = y(0, 0), high = y(0, 0), size = 0.0;
    for (std::size_t k = 0; k < 121; ++k) {
        worst = std::max(worst, std::abs(y(k, 0) - (a * grid(k, 0) + b * grid(k, 1) + c)));
        low = std::min(low, y(k, 0));
        high = std::max(high, y(k, 0));
        size = std::max(size, std::abs(y(k, 0)));
    }
    // A linear stack trained on XOR ends near the constant 0.5, with a range of 1e-8 or less:
    // measured against that range alone, rounding would look like a bend.
    return worst / std::max({high - low, size, 1e-300});
}

}  // namespace

Verdict check_xor_model(const MakeModel& student) {
    Verdict v;
    v.title = "Exercise 6b: a network that learns XOR";
    v.passed = true;
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    constexpr std::uint32_t kSeeds = 5;
    int learned = 0;
    mlp::Sequential first;
    for (std::uint32_t seed = 1; seed <= kSeeds; ++seed) {
        mlp::Sequential model;
        const bool ran = run_student_code(v, [&] {
            mlp::Rng rng(seed);
            model = student(rng);
            const mlp::Tensor& out = model.forward(x);
            if (out.cols() != 1) {
                throw std::invalid_argument("make_xor_model: expected a network with 1 output, got " +
                                            std::to_string(out.cols()));
            }
            mlp::MSELoss loss;
            mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
            mlp::Trainer trainer(model, loss, sgd, {.epochs = 2000, .seed = seed, .progress = false});
            trainer.fit(x, y);
            if (trainer.evaluate(x, y).accuracy == 1.0) ++learned;
        });
        if (!ran) return v;
        if (seed == 1) first = model;
    }
    v.notes.push_back("trained like the XOR lesson (MSE, SGD lr 0.1 momentum 0.9, 2000 epochs): 100% on " +
                      std::to_string(learned) + " of " + std::to_string(kSeeds) + " seeds (4 needed)");
    v.passed = learned >= 4;

    // Measured, not read from the layers' names: is the trained network one affine map?
    double a = 0.0, b = 0.0, c = 0.0, distance = 1.0;
    if (run_student_code(v, [&] { distance = distance_from_plane(first, a, b, c); }) && distance <= 1e-9) {
        char text[300];
        std::snprintf(text, sizeof text,
                      "your trained network (seed 1) is ONE affine map: y = %.4f x1 + %.4f x2 + %.4f everywhere on "
                      "[-0.5, 1.5]^2 (the best plane misses it by %.1g of its size)",
                      a, b, c, distance);
        v.notes.push_back(text);
        if (!v.passed) {
            v.hints.push_back("whatever its layers, with nothing non-linear between the Dense layers they are one "
                              "affine map (mlp::collapse_linear folds a Dense stack into one layer), and no "
                              "straight line separates XOR's 1s from its 0s. Put a non-linear activation between "
                              "the layers (an identity, or a LeakyReLU of slope 1, is linear).");
        }
    }
    if (!v.passed && v.hints.empty()) {
        v.hints.push_back("the network is not linear, but it does not learn reliably: try Tanh between the "
                          "layers, or more units.");
    }
    return v;
}

}  // namespace exercises
