// SPDX-License-Identifier: MIT
// test_exercises_backprop.cpp: the checker of exercise 7 (backprop through a two-layer sigmoid
// network by hand) accepts the library's layers and hand-written solutions, and refuses each slip
// of the derivation with the hint that names it.
#include <doctest/doctest.h>

#include <cmath>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::notes_say;
using exercise_tests::refused;
using mlp::Tensor;

namespace {

void library(const Tensor& x, const Tensor& t, const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2,
             double& loss, Tensor& dW1, Tensor& db1, Tensor& dW2, Tensor& db2) {
    mlp::Sequential model;
    model.emplace<mlp::Dense>(W1, b1);
    model.emplace<mlp::Sigmoid>();
    model.emplace<mlp::Dense>(W2, b2);
    model.emplace<mlp::Sigmoid>();
    mlp::MSELoss mse;
    loss = mse.forward(model.forward(x), t);
    model.backward(mse.backward());
    const std::vector<mlp::Param> p = model.params();
    dW1 = *p[0].grad;
    db1 = *p[1].grad;
    dW2 = *p[2].grad;
    db2 = *p[3].grad;
}

// The slips a derivation by hand makes, switched on one at a time.
struct Slips {
    double scale = 0.0;        // dL/do = scale (o - t); 0: 2 / (N out), the right one
    bool half_loss = false;    // L = 1/2 sum (o - t)^2
    bool over_samples = false; // dL/do = 2 (o - t) / N: the mean over the samples alone
    bool output_slope = true;
    bool hidden_slope = true;
    bool net_for_h = false;
    bool add_into = false;     // gradients added into what the buffers held
    bool sign = false;
    bool db_first_row = false;
    bool dW1_from_h = false;   // dW1 pairs delta_h with h instead of x (only when in == H)
    bool slope_from_exp = false;  // sigmoid'(z) = e^-z / (1 + e^-z)^2: NaN once e^-z overflows
};

// The sigmoid's slope at net z with output y: y (1 - y), or the same written from z.
double slope(double z, double y, const Slips& s) {
    return s.slope_from_exp ? std::exp(-z) / ((1.0 + std::exp(-z)) * (1.0 + std::exp(-z))) : y * (1.0 - y);
}

// Matrix style: every step one named kernel, as the layers do it.
void by_hand(const Tensor& x, const Tensor& t, const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2,
             double& loss, Tensor& dW1, Tensor& db1, Tensor& dW2, Tensor& db2, const Slips& s) {
    Tensor net_h = mlp::matmul(x, W1);
    mlp::add_row(net_h, b1);
    Tensor h = net_h;
    for (std::size_t k = 0; k < h.size(); ++k) h[k] = 1.0 / (1.0 + std::exp(-net_h[k]));
    Tensor net_o = mlp::matmul(h, W2);
    mlp::add_row(net_o, b2);
    Tensor o = net_o, delta_o = net_o;
    const double elements = static_cast<double>(o.size());
    double scale = s.scale != 0.0 ? s.scale : 2.0 / elements;
    if (s.over_samples) scale = 2.0 / static_cast<double>(x.rows());
    loss = 0.0;
    for (std::size_t k = 0; k < o.size(); ++k) {
        o[k] = 1.0 / (1.0 + std::exp(-net_o[k]));
        const double e = o[k] - t[k];
        loss += s.half_loss ? 0.5 * e * e : e * e / elements;
        delta_o[k] = (s.sign ? -1.0 : 1.0) * scale * e * (s.output_slope ? slope(net_o[k], o[k], s) : 1.0);
    }
    Tensor delta_h = mlp::matmul_a_bt(delta_o, W2);  // dL/dh = delta_o W2^T
    for (std::size_t k = 0; k < h.size(); ++k) delta_h[k] *= s.hidden_slope ? slope(net_h[k], h[k], s) : 1.0;
    if (!s.add_into) {
        dW1 = Tensor(W1.rows(), W1.cols());
        db1 = Tensor(1, W1.cols());
        dW2 = Tensor(W2.rows(), W2.cols());
        db2 = Tensor(1, W2.cols());
    } else if (dW1.rows() != W1.rows() || dW1.cols() != W1.cols()) {
        dW1 = Tensor(W1.rows(), W1.cols());
        db1 = Tensor(1, W1.cols());
        dW2 = Tensor(W2.rows(), W2.cols());
        db2 = Tensor(1, W2.cols());
    }
    mlp::matmul_at_b_add(s.net_for_h ? net_h : h, delta_o, dW2);
    mlp::matmul_at_b_add(s.dW1_from_h ? h : x, delta_h, dW1);
    if (s.db_first_row) {
        for (std::size_t j = 0; j < db1.cols(); ++j) db1(0, j) += delta_h(0, j);
        for (std::size_t k = 0; k < db2.cols(); ++k) db2(0, k) += delta_o(0, k);
    } else {
        mlp::add_sum_rows(delta_h, db1);
        mlp::add_sum_rows(delta_o, db2);
    }
}

// Scalar style, the starter's loops filled in; `transposed` reads W2(k, j) where W2(j, k) belongs.
void loops(const Tensor& x, const Tensor& t, const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2,
           double& loss, Tensor& dW1, Tensor& db1, Tensor& dW2, Tensor& db2, bool transposed) {
    const std::size_t N = x.rows(), in = W1.rows(), H = W1.cols(), out = W2.cols();
    Tensor h(N, H), o(N, out), delta_o(N, out), delta_h(N, H);
    loss = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            double net = b1(0, j);
            for (std::size_t i = 0; i < in; ++i) net += x(n, i) * W1(i, j);
            h(n, j) = 1.0 / (1.0 + std::exp(-net));
        }
        for (std::size_t k = 0; k < out; ++k) {
            double net = b2(0, k);
            for (std::size_t j = 0; j < H; ++j) net += h(n, j) * W2(j, k);
            o(n, k) = 1.0 / (1.0 + std::exp(-net));
            loss += (o(n, k) - t(n, k)) * (o(n, k) - t(n, k)) / static_cast<double>(N * out);
            delta_o(n, k) = 2.0 * (o(n, k) - t(n, k)) / static_cast<double>(N * out) * o(n, k) * (1.0 - o(n, k));
        }
        for (std::size_t j = 0; j < H; ++j) {
            double dh = 0.0;
            for (std::size_t k = 0; k < out; ++k) dh += delta_o(n, k) * (transposed ? W2(k, j) : W2(j, k));
            delta_h(n, j) = dh * h(n, j) * (1.0 - h(n, j));
        }
    }
    dW1 = Tensor(in, H);
    db1 = Tensor(1, H);
    dW2 = Tensor(H, out);
    db2 = Tensor(1, out);
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            for (std::size_t k = 0; k < out; ++k) dW2(j, k) += h(n, j) * delta_o(n, k);
            for (std::size_t i = 0; i < in; ++i) dW1(i, j) += x(n, i) * delta_h(n, j);
            db1(0, j) += delta_h(n, j);
        }
        for (std::size_t k = 0; k < out; ++k) db2(0, k) += delta_o(n, k);
    }
}

exercises::Verdict grade_loops(bool transposed) {
    return exercises::check_two_layer_backprop(
        [=](const Tensor& x, const Tensor& t, const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2,
            double& loss, Tensor& dW1, Tensor& db1, Tensor& dW2, Tensor& db2) {
            loops(x, t, W1, b1, W2, b2, loss, dW1, db1, dW2, db2, transposed);
        });
}

exercises::Verdict grade(const Slips& s) {
    return exercises::check_two_layer_backprop(
        [&](const Tensor& x, const Tensor& t, const Tensor& W1, const Tensor& b1, const Tensor& W2, const Tensor& b2,
            double& loss, Tensor& dW1, Tensor& db1, Tensor& dW2, Tensor& db2) {
            by_hand(x, t, W1, b1, W2, b2, loss, dW1, db1, dW2, db2, s);
        });
}

}  // namespace

TEST_CASE("exercise 7: the library's layers and a derivation by hand pass") {
    accepted(exercises::check_two_layer_backprop(library));
    const exercises::Verdict v = grade(Slips{});
    accepted(v);
    CHECK(notes_say(v, "the worked example, 5 samples through a 3-4-2 network, that call again, and saturated "
                       "sigmoids agree"));
    accepted(grade_loops(false));
}

TEST_CASE("exercise 7: W2 not transposed is named on the worked example's square W2") {
    const exercises::Verdict v = grade_loops(true);
    refused(v, "W2(j, k) connects hidden unit j to output k");
}

TEST_CASE("exercise 7: each slip of the derivation is refused with the hint that names it") {
    // The textbook E passes on the worked example (1 sample, 2 outputs: the same loss), not on 5 samples.
    const exercises::Verdict textbook = grade({.scale = 1.0, .half_loss = true});
    refused(textbook, "worked example's E");
    CHECK(textbook.tensors[0].ok);
    refused(grade({.over_samples = true}), "not the N samples alone");
    refused(grade({.output_slope = false}), "output sigmoid's derivative is missing");
    refused(grade({.hidden_slope = false}), "hidden sigmoid's derivative is missing");
    refused(grade({.net_for_h = true}), "not with net_h");
    refused(grade({.add_into = true}), "kept the previous call's numbers");
    refused(grade({.sign = true}), "opposite sign");
    refused(grade({.db_first_row = true}), "");
    refused(grade({.dW1_from_h = true}), "");  // (1, 2) x (1, 2) on the example: numbers, not a throw
}

TEST_CASE("exercise 7: a sigmoid slope written e^-z / (1 + e^-z)^2 is refused where the sigmoid saturates") {
    const exercises::Verdict v = grade({.slope_from_exp = true});
    refused(v, "o (1 - o)");
    bool saturated_wrong = false, other_wrong = false;  // right on every other call
    for (const auto& t : v.tensors) {
        const bool saturated = t.name.find("saturated") != std::string::npos;
        saturated_wrong = saturated_wrong || (saturated && !t.ok);
        other_wrong = other_wrong || (!saturated && !t.ok);
    }
    CHECK(saturated_wrong);
    CHECK_FALSE(other_wrong);
}
