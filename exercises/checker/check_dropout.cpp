// SPDX-License-Identifier: MIT
// check_dropout.cpp: exercise 9, inverted dropout's forward and backward, call by call against
// mlp::Dropout with the same seed, so both draw the same numbers and every output is exact.
#include <cmath>
#include <memory>
#include <string>

#include "checker/checker.hpp"
#include "mlp/core/number_text.hpp"

namespace exercises {

namespace {

// The uniforms mlp::Dropout draws for one training forward: one per element, row by row.
mlp::Tensor draws(mlp::Rng& rng, std::size_t rows, std::size_t cols) {
    mlp::Tensor u(rows, cols);
    for (std::size_t k = 0; k < u.size(); ++k) u[k] = rng.uniform();
    return u;
}

// y[k] = (u[k] < drop_below ? 0 : scale) x[k]; with shared_rows, every row uses row 0's draws.
mlp::Tensor masked(const mlp::Tensor& u, const mlp::Tensor& x, double drop_below, double scale,
                   bool shared_rows = false) {
    mlp::Tensor y = x;
    for (std::size_t n = 0; n < x.rows(); ++n)
        for (std::size_t j = 0; j < x.cols(); ++j)
            y(n, j) = ((shared_rows ? u(0, j) : u(n, j)) < drop_below ? 0.0 : scale) * x(n, j);
    return y;
}

mlp::Tensor product(const mlp::Tensor& a, const mlp::Tensor& b) {
    mlp::Tensor y = a;
    for (std::size_t k = 0; k < y.size(); ++k) y[k] *= b[k];
    return y;
}

mlp::Tensor scaled(const mlp::Tensor& x, double c) {
    mlp::Tensor y = x;
    for (std::size_t k = 0; k < y.size(); ++k) y[k] *= c;
    return y;
}

bool finite(const mlp::Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k)
        if (!std::isfinite(t[k])) return false;
    return true;
}

const char* const kNotFinite =
    "it holds NaN or infinity: with p = 1 the scale 1 / (1 - p) is infinite and 0 * infinity is NaN (with p = 1 "
    "every element is dropped, y = 0); or a division by x, which is 0 at some elements.";

// Every output is one product, x times 0 or 1 / (1 - p), so double-precision code written any
// way (x / (1 - p), x * scale, a mask) lands within an ulp or two of mlp::Dropout; a scale kept in
// float is about 2e-8 off, which the checkers' usual 1e-7 would let through.
constexpr double kDropoutTolerance = 1e-12;

// check_tensor at kDropoutTolerance, with this exercise's own hints for NaN (the general one
// speaks of softmax) and for a result right only to float precision.
bool check(Verdict& v, const std::string& name, const mlp::Tensor& got, const mlp::Tensor& expected,
           const std::vector<Mistake>& mistakes) {
    if (got.rows() == expected.rows() && got.cols() == expected.cols() && !finite(got) && finite(expected)) {
        v.tensors.push_back(compare(name, got, expected, kDropoutTolerance));
        v.passed = false;
        add_hint(v, name, kNotFinite);
        return false;
    }
    if (check_tensor(v, name, got, expected, mistakes, kDropoutTolerance)) return true;
    if (same(got, expected))  // right to 1e-7, wrong to 1e-12
        add_hint(v, name, "right only to about 1e-8 (float precision): the scale 1 / (1 - p) was computed or "
                          "kept in float; use double throughout.");
    return false;
}

// One layer of the student's and mlp::Dropout, fed the same calls; `mirror` draws what the
// reference draws, so the checker knows each forward's uniforms and can name a mistake.
struct Pair {
    mlp::Layer& student;
    mlp::Dropout reference;
    mlp::Rng mirror;
    double p;
    mlp::Tensor last_mask;  // the mask of the last training forward

    // Forward then backward; dy == nullptr passes each layer's own output back as dy (an
    // aliasing test: dL/dy = y for L = sum y^2 / 2). Returns false once anything is wrong.
    bool call(Verdict& v, const std::string& label, const mlp::Tensor& x, const mlp::Tensor* dy) {
        const bool training = student.training();
        const double scale = p < 1.0 ? 1.0 / (1.0 - p) : 0.0;
        const mlp::Tensor u = training ? draws(mirror, x.rows(), x.cols()) : mlp::Tensor(x.rows(), x.cols());
        mlp::Rng ahead = mirror;  // what a draw that should not happen (in evaluation, in backward) gets
        const mlp::Tensor stray = draws(ahead, x.rows(), x.cols());
        const mlp::Tensor mask = training ? masked(u, mlp::Tensor(x.rows(), x.cols(), 1.0), p, scale)
                                          : mlp::Tensor(x.rows(), x.cols(), 1.0);

        const mlp::Tensor& right_y = reference.forward(x);
        const mlp::Tensor right_dx = reference.backward(dy ? *dy : right_y);
        const mlp::Tensor* held_y = nullptr;
        mlp::Tensor y, y_after, dx;
        if (!run_student_code(v, [&] {
                held_y = &student.forward(x);
                y = *held_y;
                dx = student.backward(dy ? *dy : *held_y);
                y_after = *held_y;
            }))
            return false;

        std::vector<Mistake> forward_mistakes, backward_mistakes;
        const mlp::Tensor& g = dy ? *dy : right_y;
        const bool same_shape_as_last = last_mask.rows() == x.rows() && last_mask.cols() == x.cols();
        if (training) {
            forward_mistakes = {
                {x, "nothing is dropped: in training each element is dropped with probability p."},
                {masked(u, x, p, 1.0), "kept elements are not scaled by 1 / (1 - p): without it the expected "
                                       "output is (1 - p) x, smaller than the y = x of evaluation."},
                {masked(u, x, 1.0 - p, scale), "p is the probability of dropping an element, not of keeping it: "
                                               "drop when the draw is < p."},
                {masked(u, x, p, p > 0.0 ? 1.0 / p : 0.0), "kept elements are scaled by 1 / (1 - p), one over the "
                                                           "probability of keeping them, not 1 / p."},
                {masked(u, x, 1.0 - p, p > 0.0 ? 1.0 / p : 0.0),
                 "p is used as the probability of keeping an element: it is the probability of dropping it."},
                {masked(u, x, p, scale, true), "every row has the same mask: draw one number per element (N x F), "
                                               "not one per column."},
            };
            mlp::Tensor kept_below = x;  // dropped where u >= p: the comparison turned round
            for (std::size_t k = 0; k < x.size(); ++k) kept_below[k] = u[k] < p ? scale * x[k] : 0.0;
            forward_mistakes.push_back({kept_below, "an element is dropped when its draw is < p and kept when it "
                                                    "is >= p, not the other way round."});
            backward_mistakes = {
                {g, "the mask is not applied: y = m x, so dx = dy * m with the mask m of the forward."},
                {masked(u, g, p, 1.0), "the gradient of a kept element is not scaled: dx = dy * m, where m "
                                       "holds 1 / (1 - p) for a kept element."},
                {masked(stray, g, p, scale), "backward draws a new mask: reuse the forward's (keep it in a member)."},
                {scaled(g, scale), "every element's gradient is scaled but none is dropped: dx = dy * m."},
            };
            mlp::Tensor from_y = g;
            for (std::size_t k = 0; k < g.size(); ++k) from_y[k] = right_y[k] != 0.0 ? g[k] * scale : 0.0;
            backward_mistakes.push_back({from_y, "the mask is read back from y, but y is 0 also where x was 0: keep "
                                                 "the forward's mask itself."});
        } else {
            forward_mistakes = {
                {scaled(x, scale), "in evaluation y = x: inverted dropout scales by 1 / (1 - p) in training, so "
                                   "evaluation needs no scaling."},
                {scaled(x, 1.0 - p), "in evaluation y = x: scaling by (1 - p) at evaluation is the original "
                                     "dropout; inverted dropout scales in training instead."},
                {masked(stray, x, p, scale), "in evaluation nothing is dropped, y = x: check training()."},
            };
            if (same_shape_as_last) {
                forward_mistakes.push_back({product(last_mask, x), "in evaluation y = x: the mask of the last "
                                                                    "training forward is still applied."});
                backward_mistakes.push_back({product(last_mask, g), "in evaluation dx = dy: the mask of the "
                                                                     "last training forward is still applied."});
            }
            backward_mistakes.push_back({scaled(g, scale), "in evaluation dx = dy, with no scale."});
        }
        if (training) last_mask = mask;

        bool ok = check(v, label + ": y", y, right_y, forward_mistakes);
        ok = check(v, label + ": dx", dx, right_dx, backward_mistakes) && ok;
        if (ok && !(y_after == y)) {
            ok = false;
            v.passed = false;
            v.notes.push_back(label + ": backward changed the forward's output y, which the caller still holds");
            v.hints.push_back("backward wrote into the buffer forward returned: write dx into a buffer of its own.");
        }
        return ok;
    }
};

// Inputs with exact zeros (so a mask read back from y shows), large and small values.
mlp::Tensor input(std::size_t rows, std::size_t cols, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Tensor x(rows, cols);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = (k + seed) % 5 == 2 ? 0.0 : rng.uniform(-3.0, 3.0);
    x[x.size() - 1] = 1000.0;
    return x;
}

std::string shape_label(const char* what, const mlp::Tensor& x) { return std::string(what) + " " + x.shape(); }

}  // namespace

Verdict check_dropout(const MakeDropout& student) {
    Verdict v;
    v.title = "Exercise 9: Dropout forward and backward";
    v.passed = true;
    struct Run {
        double p;
        std::uint32_t seed;
    };
    // p = 0.3 (dropping and keeping differ, 1 / p and 1 / (1 - p) too), then the ends 0 and 1.
    for (const Run run : {Run{0.3, 9}, Run{0.0, 10}, Run{1.0, 11}}) {
        std::unique_ptr<mlp::Layer> layer;
        if (!run_student_code(v, [&] { layer = student(run.p, run.seed); })) return v;
        if (!layer) {
            v.passed = false;
            v.notes.push_back("make_dropout returned no layer (a null pointer)");
            return v;
        }
        Pair pair{*layer, mlp::Dropout(run.p, run.seed), mlp::Rng(run.seed), run.p, {}};
        const std::string p = "p " + mlp::format_number(run.p) + ", ";
        const mlp::Tensor x1 = input(3, 4, 1), x2 = input(3, 4, 2), x3 = input(4, 4, 3), x4 = input(2, 5, 4);
        const mlp::Tensor dy1 = input(3, 4, 5), dy3 = input(4, 4, 6), dy4 = input(2, 5, 7);
        if (!pair.call(v, p + shape_label("train", x1), x1, &dy1)) return v;
        if (run.p != 0.3) continue;  // the ends: one call each
        // The same shape again: a new mask; dy is the layer's own output (L = sum y^2 / 2).
        if (!pair.call(v, p + shape_label("train again", x2) + ", dy = y", x2, nullptr)) return v;
        if (!pair.call(v, p + shape_label("train", x3), x3, &dy3)) return v;
        if (!run_student_code(v, [&] { layer->eval(); })) return v;
        pair.reference.eval();
        if (!pair.call(v, p + shape_label("eval", x3), x3, &dy3)) return v;
        if (!run_student_code(v, [&] { layer->train(true); })) return v;
        pair.reference.train(true);
        if (!pair.call(v, p + shape_label("train after eval", x4), x4, &dy4)) {
            if (v.hints.empty() && pair.student.training()) {
                v.hints.push_back("training after evaluation draws other numbers than mlp::Dropout: draw a "
                                  "number only in training (evaluation draws none).");
            }
            return v;
        }
    }
    return v;
}

}  // namespace exercises
