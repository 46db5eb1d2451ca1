// SPDX-License-Identifier: MIT
// test_backprop_by_hand.cpp: the worked example's numbers, on paper and through the layers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "../examples/backprop_by_hand.hpp"

TEST_CASE("Backprop by hand: the paper values match the published worked example") {
    const by_hand::Paper p = by_hand::on_paper(by_hand::Setup{});
    // The numbers printed in the worked example (to 9 decimals).
    CHECK(p.out_h1 == doctest::Approx(0.593269992).epsilon(1e-9));
    CHECK(p.out_o1 == doctest::Approx(0.75136507).epsilon(1e-8));
    CHECK(p.E == doctest::Approx(0.298371109).epsilon(1e-9));
    CHECK(p.dE_dw5 == doctest::Approx(0.082167041).epsilon(1e-8));
    CHECK(p.dE_dw1 == doctest::Approx(0.000438568).epsilon(1e-6));
}

TEST_CASE("Backprop by hand: the library's layers give the paper's numbers to 1e-12") {
    const by_hand::Setup s;
    const by_hand::Paper p = by_hand::on_paper(s);
    mlp::Sequential model = by_hand::as_layers(s);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = s.lr});
    const mlp::Tensor x = mlp::Tensor::from_rows({{s.i1, s.i2}});
    const mlp::Tensor t = mlp::Tensor::from_rows({{s.t1, s.t2}});
    const mlp::Tensor out = model.forward(x);
    CHECK(out(0, 0) == doctest::Approx(p.out_o1).epsilon(1e-12));
    CHECK(out(0, 1) == doctest::Approx(p.out_o2).epsilon(1e-12));
    CHECK(loss.forward(out, t) == doctest::Approx(p.E).epsilon(1e-12));
    sgd.zero_grad();
    model.backward(loss.backward());

    auto& hidden = dynamic_cast<mlp::Dense&>(model[0]);
    auto& output = dynamic_cast<mlp::Dense&>(model[2]);
    const double dW2[2][2] = {{p.dE_dw5, p.dE_dw7}, {p.dE_dw6, p.dE_dw8}};
    const double dW1[2][2] = {{p.dE_dw1, p.dE_dw3}, {p.dE_dw2, p.dE_dw4}};
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 2; ++j) {
            CHECK(output.dW(i, j) == doctest::Approx(dW2[i][j]).epsilon(1e-12));
            CHECK(hidden.dW(i, j) == doctest::Approx(dW1[i][j]).epsilon(1e-12));
        }
    // The bias is shared on paper; in the layer each unit has its own, and they sum to it.
    CHECK(output.db(0, 0) + output.db(0, 1) == doctest::Approx(p.dE_db2).epsilon(1e-12));
    CHECK(hidden.db(0, 0) + hidden.db(0, 1) == doctest::Approx(p.dE_db1).epsilon(1e-12));

    sgd.step();
    CHECK(output.W(0, 0) == doctest::Approx(s.w5 - s.lr * p.dE_dw5).epsilon(1e-12));
    CHECK(output.W(0, 0) == doctest::Approx(0.35891648).epsilon(1e-8));  // the published w5+
    CHECK(hidden.W(0, 0) == doctest::Approx(s.w1 - s.lr * p.dE_dw1).epsilon(1e-12));
}

namespace {
// |a - b| / max(|a| + |b|, tiny): a relative error that stays meaningful for small gradients.
double relative_error(double a, double b) {
    return std::abs(a - b) / std::max(std::abs(a) + std::abs(b), 1e-300);
}
}  // namespace

TEST_CASE("Backprop by hand: every number the lesson prints equals the paper's scalar arithmetic") {
    const by_hand::Setup s;
    const by_hand::Paper p = by_hand::on_paper(s);
    const by_hand::Trace r = by_hand::library_step(s);
    constexpr double kTol = 1e-12;

    // forward
    CHECK(relative_error(r.net_h(0, 0), p.net_h1) < kTol);
    CHECK(relative_error(r.net_h(0, 1), p.net_h2) < kTol);
    CHECK(relative_error(r.out_h(0, 0), p.out_h1) < kTol);
    CHECK(relative_error(r.out_h(0, 1), p.out_h2) < kTol);
    CHECK(relative_error(r.net_o(0, 0), p.net_o1) < kTol);
    CHECK(relative_error(r.net_o(0, 1), p.net_o2) < kTol);
    CHECK(relative_error(r.out_o(0, 0), p.out_o1) < kTol);
    CHECK(relative_error(r.out_o(0, 1), p.out_o2) < kTol);
    CHECK(relative_error(r.E, p.E) < kTol);  // MSELoss's mean over 2 outputs is the textbook's 1/2 sum

    // backward, output layer
    CHECK(relative_error(r.dE_dout_o(0, 0), p.dE_dout_o1) < kTol);
    CHECK(relative_error(r.dE_dout_o(0, 1), p.dE_dout_o2) < kTol);
    CHECK(relative_error(r.dE_dnet_o(0, 0), p.delta_o1) < kTol);
    CHECK(relative_error(r.dE_dnet_o(0, 1), p.delta_o2) < kTol);
    CHECK(relative_error(r.dW2(0, 0), p.dE_dw5) < kTol);
    CHECK(relative_error(r.dW2(1, 0), p.dE_dw6) < kTol);
    CHECK(relative_error(r.dW2(0, 1), p.dE_dw7) < kTol);
    CHECK(relative_error(r.dW2(1, 1), p.dE_dw8) < kTol);
    CHECK(relative_error(r.db2(0, 0), p.delta_o1) < kTol);
    CHECK(relative_error(r.db2(0, 1), p.delta_o2) < kTol);

    // backward, hidden layer
    CHECK(relative_error(r.dE_dout_h(0, 0), p.dE_dout_h1) < kTol);
    CHECK(relative_error(r.dE_dout_h(0, 1), p.dE_dout_h2) < kTol);
    CHECK(relative_error(r.dE_dnet_h(0, 0), p.dE_dout_h1 * p.dout_h1_dnet_h1) < kTol);
    CHECK(relative_error(r.dE_dnet_h(0, 1), p.dE_dout_h2 * p.dout_h2_dnet_h2) < kTol);
    CHECK(relative_error(r.dW1(0, 0), p.dE_dw1) < kTol);
    CHECK(relative_error(r.dW1(1, 0), p.dE_dw2) < kTol);
    CHECK(relative_error(r.dW1(0, 1), p.dE_dw3) < kTol);
    CHECK(relative_error(r.dW1(1, 1), p.dE_dw4) < kTol);
    CHECK(relative_error(r.db1(0, 0) + r.db1(0, 1), p.dE_db1) < kTol);

    // the update: w+ = w - lr dE/dw for all eight weights and four biases
    const double W1_new[2][2] = {{s.w1 - s.lr * p.dE_dw1, s.w3 - s.lr * p.dE_dw3},
                                 {s.w2 - s.lr * p.dE_dw2, s.w4 - s.lr * p.dE_dw4}};
    const double W2_new[2][2] = {{s.w5 - s.lr * p.dE_dw5, s.w7 - s.lr * p.dE_dw7},
                                 {s.w6 - s.lr * p.dE_dw6, s.w8 - s.lr * p.dE_dw8}};
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 2; ++j) {
            CAPTURE(i);
            CAPTURE(j);
            CHECK(relative_error(r.W1_new(i, j), W1_new[i][j]) < kTol);
            CHECK(relative_error(r.W2_new(i, j), W2_new[i][j]) < kTol);
        }
    CHECK(relative_error(r.b2_new(0, 0), s.b2 - s.lr * p.delta_o1) < kTol);
    CHECK(relative_error(r.b2_new(0, 1), s.b2 - s.lr * p.delta_o2) < kTol);
    CHECK(relative_error(r.b1_new(0, 0), s.b1 - s.lr * p.dE_dout_h1 * p.dout_h1_dnet_h1) < kTol);
    CHECK(relative_error(r.b1_new(0, 1), s.b1 - s.lr * p.dE_dout_h2 * p.dout_h2_dnet_h2) < kTol);
    CHECK(r.E_after < r.E);
}
