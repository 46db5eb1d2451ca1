// test_backprop_by_hand.cpp: the worked example's numbers, on paper and through the layers.
#include <doctest/doctest.h>

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
