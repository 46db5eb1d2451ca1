// SPDX-License-Identifier: MIT
// test_gradcheck.cpp: gradcheck passes right backwards, catches wrong ones, refuses zeros.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/tools/gradcheck.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"

using mlp::Tensor;

namespace {
// y = x^2 with a backward that forgets the factor 2: the classic chain-rule slip.
class BrokenSquare : public mlp::Activation {
public:
    const Tensor& forward(const Tensor& x) override {
        start_forward(x);
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] * x[k];
        return y_;
    }
    const Tensor& backward(const Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * x_[k];  // should be 2 x
        return dx_;
    }
    std::string name() const override { return "BrokenSquare"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<BrokenSquare>(*this); }
};

// A Dense whose backward forgets the bias gradient.
class NoBiasGradDense : public mlp::Dense {
public:
    using Dense::Dense;
    const Tensor& backward(const Tensor& dy) override {
        const Tensor& dx = Dense::backward(dy);
        db.fill(0.0);
        return dx;
    }
};
}  // namespace

TEST_CASE("gradcheck: a wrong backward fails, and the report names where") {
    BrokenSquare layer;
    const auto r = mlp::gradcheck(layer, Tensor::from_rows({{0.5, -1.5}, {2.0, 1.0}}));
    CHECK_FALSE(r.passed);
    CHECK(r.worst_error == doctest::Approx(1.0 / 3.0));  // |x - 2x| / (|x| + |2x|)
    CHECK(r.worst_where.rfind("input[", 0) == 0);
    CHECK(r.summary.find("FAILED") != std::string::npos);
}

TEST_CASE("gradcheck: a forgotten bias gradient is caught in the model, by parameter name") {
    mlp::Rng rng(4);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 3, rng);
    model.emplace<mlp::Tanh>();
    mlp::Dense good(3, 1, rng);
    model.add(std::make_unique<NoBiasGradDense>(good.W, good.b));
    mlp::MSELoss loss;
    const auto r = mlp::gradcheck(model, loss, Tensor::from_rows({{0.3, -0.2}, {1.0, 0.5}}),
                                  Tensor::from_rows({{1}, {-1}}));
    INFO(r);
    CHECK_FALSE(r.passed);
    CHECK(r.worst_where == "dense2.b[0, 0]");
    CHECK(r.worst_analytic == 0.0);
    CHECK(r.worst_numeric != 0.0);
}

TEST_CASE("gradcheck: refuses to compare zeros with zeros") {
    mlp::ReLU relu;  // every input negative: every gradient is 0, numeric and analytic
    const auto r = mlp::gradcheck(relu, Tensor::from_rows({{-1.0, -2.0}, {-0.5, -3.0}}));
    CHECK_FALSE(r.passed);
    CHECK(r.all_zero);
    CHECK(r.summary.find("REFUSED") != std::string::npos);
}

TEST_CASE("gradcheck: a right backward passes tightly and leaves the model untouched") {
    mlp::Rng rng(5);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(3, 5, rng);
    model.emplace<mlp::Sigmoid>();
    model.emplace<mlp::Dense>(5, 2, rng);
    const mlp::Sequential before = model;
    mlp::CrossEntropyLoss loss;
    const Tensor x = Tensor::from_rows({{0.2, -1.0, 0.7}, {1.1, 0.4, -0.3}});
    const auto r = mlp::gradcheck(model, loss, x, Tensor::from_rows({{1}, {0}}));
    INFO(r);
    CHECK(r.passed);
    CHECK(r.worst_error < 1e-7);
    CHECK(r.checked == 6 + (15 + 5 + 10 + 2));
    for (std::size_t i : {0u, 2u}) {
        CHECK(dynamic_cast<const mlp::Dense&>(model[i]).W == dynamic_cast<const mlp::Dense&>(before[i]).W);
        CHECK(dynamic_cast<const mlp::Dense&>(model[i]).b == dynamic_cast<const mlp::Dense&>(before[i]).b);
    }
    CHECK(r.summary.find("PASSED") != std::string::npos);
}

// y = s tanh(x), optionally with a backward off by a factor: its gradients are as small (or as
// large) as s makes them, which an absolute floor on the relative error must not hide.
class ScaledTanh : public mlp::Activation {
public:
    ScaledTanh(double s, double backward_factor) : s_(s), factor_(backward_factor) {}
    const Tensor& forward(const Tensor& x) override {
        start_forward(x);
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = s_ * std::tanh(x[k]);
        return y_;
    }
    const Tensor& backward(const Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k) {
            const double t = std::tanh(x_[k]);
            dx_[k] = factor_ * dy[k] * s_ * (1.0 - t * t);
        }
        return dx_;
    }
    std::string name() const override { return "ScaledTanh"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<ScaledTanh>(*this); }

private:
    double s_, factor_;
};

TEST_CASE("gradcheck: the error's floor follows the gradients' own size, so a wrong backward of tiny gradients fails") {
    const Tensor x = Tensor::from_rows({{0.3, -0.7, 1.1}, {-0.2, 0.5, -1.4}});
    for (const double s : {1e-10, 1e-6, 1.0, 1e6}) {
        CAPTURE(s);
        ScaledTanh right(s, 1.0), doubled(s, 2.0), close(s, 1.0 + 1e-4);
        CHECK(mlp::gradcheck(right, x).passed);
        CHECK_FALSE(mlp::gradcheck(doubled, x).passed);  // a factor 2, at every scale
        CHECK_FALSE(mlp::gradcheck(close, x).passed);    // 1e-4 off is 1e-4 off, however small
    }
    // Saturated: tanh at +-30 has gradients near 1e-26, below what central differences of an
    // output near 1 can resolve (rounding alone is about 1e-11): a right backward is not failed
    // for the numeric noise.
    ScaledTanh saturated(1.0, 1.0);
    const Tensor far = Tensor::from_rows({{30.0, -30.0, 0.4}});
    CHECK(mlp::gradcheck(saturated, far).passed);
}

TEST_CASE("gradcheck: bad options and empty input throw") {
    mlp::Tanh tanh;
    CHECK_THROWS_WITH_AS(mlp::gradcheck(tanh, Tensor()), "gradcheck: expected a non-empty input, got (0, 0)",
                         std::invalid_argument);
    CHECK_THROWS_AS(mlp::gradcheck(tanh, Tensor(1, 1, 0.5), {.h = 0}), std::invalid_argument);
}
