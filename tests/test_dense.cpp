// SPDX-License-Identifier: MIT
// test_dense.cpp: the fully connected layer and its initialisers.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "mlp/nn/dense.hpp"
#include "mlp/tools/gradcheck.hpp"

using mlp::Tensor;

TEST_CASE("Dense: forward is x W + b, worked by hand") {
    mlp::Dense layer(Tensor::from_rows({{1, 2}, {3, 4}, {5, 6}}), Tensor::from_rows({{0.5, -1}}));
    const Tensor y = layer.forward(Tensor::from_rows({{1, 0, -1}, {2, 1, 0}}));
    // row 0: [1 - 5 + 0.5, 2 - 6 - 1] ; row 1: [2 + 3 + 0.5, 4 + 4 - 1]
    CHECK(y == Tensor::from_rows({{-3.5, -5}, {5.5, 7}}));
}

TEST_CASE("Dense: backward returns dy W^T and adds x^T dy and sum(dy) into the gradients") {
    mlp::Dense layer(Tensor::from_rows({{1, 2}, {3, 4}}), Tensor::from_rows({{0, 0}}));
    const Tensor x = Tensor::from_rows({{1, 2}, {3, 4}});
    const Tensor dy = Tensor::from_rows({{1, 0}, {0, 1}});
    layer.forward(x);
    const Tensor dx = layer.backward(dy);
    CHECK(dx == Tensor::from_rows({{1, 3}, {2, 4}}));
    CHECK(layer.dW == Tensor::from_rows({{1, 3}, {2, 4}}));
    CHECK(layer.db == Tensor::from_rows({{1, 1}}));
    layer.forward(x);
    layer.backward(dy);  // a second backward adds: the optimizer's zero_grad clears
    CHECK(layer.dW == Tensor::from_rows({{2, 6}, {4, 8}}));
    CHECK(layer.db == Tensor::from_rows({{2, 2}}));
}

TEST_CASE("Dense: backward matches finite differences") {
    mlp::Rng rng(1);
    mlp::Dense layer(3, 4, rng);
    Tensor x(5, 3);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = rng.uniform(-2, 2);
    const mlp::GradcheckResult r = mlp::gradcheck(layer, x, {.tolerance = 1e-7});
    INFO(r);
    CHECK(r.passed);
    CHECK_FALSE(r.all_zero);
    CHECK(r.checked == 15 + 12 + 4);
}

TEST_CASE("Dense: misuse throws with what was expected and what came") {
    mlp::Rng rng(1);
    mlp::Dense layer(3, 2, rng);
    CHECK_THROWS_WITH_AS(layer.forward(Tensor(4, 2)),
                         "Dense::forward: expected input with 3 columns and at least one row, got (4, 2)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(layer.backward(Tensor(1, 2)),
                         "Dense::backward: expected dy of shape (0, 2), got (1, 2) (was forward called first?)",
                         std::invalid_argument);
    layer.forward(Tensor(4, 3));
    CHECK_THROWS_WITH_AS(layer.backward(Tensor(4, 3)),
                         "Dense::backward: expected dy of shape (4, 2), got (4, 3)", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::Dense(0, 2, rng),
                         "Dense: expected in > 0 and out > 0, got in = 0, out = 2", std::invalid_argument);
    CHECK_THROWS_AS(mlp::Dense(Tensor(2, 3), Tensor(1, 2)), std::invalid_argument);
}

namespace {
struct Moments {
    double mean, stddev, max_abs;
};
Moments moments(const Tensor& t) {
    double sum = 0, sum2 = 0, max_abs = 0;
    for (std::size_t k = 0; k < t.size(); ++k) {
        sum += t[k];
        sum2 += t[k] * t[k];
        max_abs = std::max(max_abs, std::abs(t[k]));
    }
    const double mean = sum / static_cast<double>(t.size());
    return {mean, std::sqrt(sum2 / static_cast<double>(t.size()) - mean * mean), max_abs};
}
}  // namespace

TEST_CASE("Dense: each initialiser has its documented spread") {
    const std::size_t in = 400, out = 300;
    mlp::Rng rng(9);
    const double uniform_sd = 1.0 / std::sqrt(3.0);  // U(-a, a) has stddev a / sqrt(3)

    mlp::Dense pytorch(in, out, rng, mlp::Init::PyTorch);
    const Moments p = moments(pytorch.W);
    CHECK(p.max_abs <= 1.0 / std::sqrt(in));
    CHECK(p.stddev == doctest::Approx(uniform_sd / std::sqrt(in)).epsilon(0.02));
    CHECK(moments(pytorch.b).max_abs <= 1.0 / std::sqrt(in));
    CHECK(moments(pytorch.b).max_abs > 0.0);

    const Moments xu = moments(mlp::Dense(in, out, rng, mlp::Init::XavierUniform).W);
    CHECK(xu.max_abs <= std::sqrt(6.0 / (in + out)));
    CHECK(xu.stddev == doctest::Approx(std::sqrt(2.0 / (in + out))).epsilon(0.02));
    CHECK(moments(mlp::Dense(in, out, rng, mlp::Init::XavierNormal).W).stddev ==
          doctest::Approx(std::sqrt(2.0 / (in + out))).epsilon(0.02));
    const Moments hu = moments(mlp::Dense(in, out, rng, mlp::Init::HeUniform).W);
    CHECK(hu.max_abs <= std::sqrt(6.0 / in));
    CHECK(hu.stddev == doctest::Approx(std::sqrt(2.0 / in)).epsilon(0.02));
    CHECK(moments(mlp::Dense(in, out, rng, mlp::Init::HeNormal).W).stddev ==
          doctest::Approx(std::sqrt(2.0 / in)).epsilon(0.02));
    mlp::Dense lecun(in, out, rng, mlp::Init::LeCunNormal);
    CHECK(moments(lecun.W).stddev == doctest::Approx(std::sqrt(1.0 / in)).epsilon(0.02));
    CHECK(moments(lecun.W).mean == doctest::Approx(0.0).epsilon(0.002));
    CHECK(moments(lecun.b).max_abs == 0.0);  // only the PyTorch rule draws biases

    mlp::Dense zeros(in, out, rng, mlp::Init::Zeros);
    CHECK(moments(zeros.W).max_abs == 0.0);
    CHECK(mlp::to_string(mlp::Init::HeNormal) == "he_normal");
}

TEST_CASE("Dense: the same seed gives the same weights") {
    mlp::Rng a(123), b(123), c(124);
    mlp::Dense la(4, 3, a), lb(4, 3, b), lc(4, 3, c);
    CHECK(la.W == lb.W);
    CHECK(la.b == lb.b);
    CHECK(la.W != lc.W);
}

TEST_CASE("Dense: params are named W and b and point at the layer's tensors") {
    mlp::Rng rng(1);
    mlp::Dense layer(2, 3, rng);
    auto params = layer.params();
    REQUIRE(params.size() == 2);
    CHECK(params[0].name == "W");
    CHECK(params[0].value == &layer.W);
    CHECK(params[1].grad == &layer.db);
    CHECK(layer.name() == "Dense(2, 3)");
    CHECK(layer.output_width(2) == 3);
}

TEST_CASE("Dense: forward on its own previous output (a square layer applied twice) is right") {
    mlp::Rng rng(5);
    mlp::Dense dense(3, 3, rng);
    const mlp::Tensor x = mlp::Tensor::from_rows({{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}});
    mlp::Dense twin(dense.W, dense.b);
    const mlp::Tensor once = twin.forward(x);
    const mlp::Tensor expected = twin.forward(once);
    const mlp::Tensor& got = dense.forward(dense.forward(x));  // the argument is the layer's own y_
    CHECK(got == expected);
}
