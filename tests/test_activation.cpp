// SPDX-License-Identifier: MIT
// test_activation.cpp: every activation: hand-checked values, gradient checks, large inputs,
// the registry (names, specs, errors), RReLU's modes, Softmax's stability.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "mlp/nn/activation_registry.hpp"
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/nn/activations_smooth.hpp"
#include "mlp/nn/activations_softmax.hpp"
#include "mlp/tools/gradcheck.hpp"
#include "mlp/core/rng.hpp"

using mlp::Tensor;

namespace {
// Every spec worth testing: each registry name with its defaults, plus non-default parameters.
std::vector<std::string> all_specs() {
    std::vector<std::string> specs = mlp::activation_names();
    for (const char* extra : {"leaky_relu:0.2", "prelu:3,0.1", "rrelu:0.05,0.4", "elu:0.5", "celu:2",
                              "gelu:tanh", "softplus:2,10", "hardtanh:-2,0.5"})
        specs.push_back(extra);
    return specs;
}

// Points in [-4, 4] at least 0.05 away from every kink of the family (0, +-1, +-3, 0.5, -2).
Tensor points_off_kinks(std::size_t rows, std::size_t cols, std::uint32_t seed) {
    mlp::Rng rng(seed);
    Tensor x(rows, cols);
    for (std::size_t k = 0; k < x.size(); ++k) {
        double v;
        bool near_kink;
        do {
            v = rng.uniform(-4.0, 4.0);
            near_kink = false;
            for (double kink : {0.0, 1.0, -1.0, 3.0, -3.0, 0.5, -2.0})
                if (std::abs(v - kink) < 0.05) near_kink = true;
        } while (near_kink);
        x[k] = v;
    }
    return x;
}

double value_at(const std::string& spec, double x) {
    auto act = mlp::make_activation(spec);
    act->train(false);
    return act->forward(Tensor(1, 1, x))[0];
}
}  // namespace

TEST_CASE("Activations: forward values worked out by hand") {
    const double e = std::exp(1.0);
    struct Case {
        const char* spec;
        double x, y;
    };
    const Case cases[] = {
        {"identity", -2.5, -2.5},
        {"sigmoid", 0.0, 0.5},
        {"sigmoid", std::log(3.0), 0.75},  // 1 / (1 + 1/3)
        {"tanh", std::log(2.0), 0.6},      // (2 - 1/2) / (2 + 1/2)
        {"relu", -2.0, 0.0},
        {"relu", 1.5, 1.5},
        {"leaky_relu", -2.0, -0.02},
        {"leaky_relu:0.2", -2.0, -0.4},
        {"prelu", -2.0, -0.5},  // initial slope 0.25
        {"rrelu", -2.0, -2.0 * (1.0 / 8.0 + 1.0 / 3.0) / 2.0},  // evaluation mode: the mean slope
        {"elu", -1.0, 1.0 / e - 1.0},
        {"elu:0.5", -1.0, 0.5 * (1.0 / e - 1.0)},
        {"celu:0.5", -1.0, 0.5 * (1.0 / (e * e) - 1.0)},
        {"selu", 1.0, mlp::SELU::kScale},
        {"selu", -1.0, mlp::SELU::kScale * mlp::SELU::kAlpha * (1.0 / e - 1.0)},
        {"gelu", 1.0, 0.8413447460685429},  // 1 * Phi(1)
        {"gelu", 0.0, 0.0},
        {"gelu:tanh", 1.0, 0.5 * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * 1.044715))},
        {"silu", 1.0, 1.0 / (1.0 + 1.0 / e)},
        {"mish", 0.0, 0.0},
        {"mish", 1.0, std::tanh(std::log(1.0 + e))},
        {"softplus", 0.0, std::log(2.0)},
        {"softplus", 25.0, 25.0},  // above the threshold 20: y = x
        {"softsign", 1.0, 0.5},
        {"softsign", -3.0, -0.75},
        {"hardtanh", 2.0, 1.0},
        {"hardtanh", -0.3, -0.3},
        {"relu6", 7.0, 6.0},
        {"hardsigmoid", 0.0, 0.5},
        {"hardsigmoid", 1.5, 0.75},
        {"hardswish", 1.0, 2.0 / 3.0},
        {"hardswish", -4.0, 0.0},
        {"log_sigmoid", 0.0, -std::log(2.0)},
        {"tanhshrink", std::log(2.0), std::log(2.0) - 0.6},
    };
    for (const Case& c : cases) {
        CAPTURE(c.spec);
        CAPTURE(c.x);
        CHECK(value_at(c.spec, c.x) == doctest::Approx(c.y).epsilon(1e-14));
    }
    // Softmax of [0, ln 2, ln 3] is [1, 2, 3] / 6; LogSoftmax its log.
    mlp::Softmax softmax;
    const Tensor y = softmax.forward(Tensor::from_rows({{0.0, std::log(2.0), std::log(3.0)}}));
    CHECK(y[0] == doctest::Approx(1.0 / 6.0));
    CHECK(y[2] == doctest::Approx(0.5));
    mlp::LogSoftmax log_softmax;
    CHECK(log_softmax.forward(Tensor::from_rows({{0.0, std::log(2.0), std::log(3.0)}}))[1] ==
          doctest::Approx(std::log(2.0 / 6.0)));
}

TEST_CASE("Activations: every backward matches finite differences away from kinks") {
    for (const std::string& spec : all_specs()) {
        CAPTURE(spec);
        auto act = mlp::make_activation(spec);
        act->train(false);  // RReLU draws new slopes in every training forward
        const Tensor x = points_off_kinks(4, 3, 17);
        const mlp::GradcheckResult r = mlp::gradcheck(*act, x, {.tolerance = 1e-7});
        INFO(r);
        CHECK(r.passed);
        CHECK_FALSE(r.all_zero);
    }
}

TEST_CASE("PReLU: the slope's gradient is checked too, shared and per feature") {
    for (std::size_t count : {1u, 3u}) {
        CAPTURE(count);
        mlp::PReLU prelu(count, 0.3);
        const mlp::GradcheckResult r = mlp::gradcheck(prelu, points_off_kinks(5, 3, 23), {.tolerance = 1e-7});
        INFO(r);
        CHECK(r.passed);
        CHECK(r.checked == 15 + count);
        const auto params = prelu.params();
        REQUIRE(params.size() == 1);
        CHECK(params[0].name == "a");
    }
    mlp::PReLU prelu(1, 0.25);
    prelu.forward(Tensor::from_rows({{-2.0, 3.0}}));
    prelu.backward(Tensor::from_rows({{1.0, 1.0}}));
    CHECK(prelu.da[0] == -2.0);  // only x <= 0 contributes: dy * x
    prelu.forward(Tensor::from_rows({{-2.0, 3.0}}));
    prelu.backward(Tensor::from_rows({{1.0, 1.0}}));
    CHECK(prelu.da[0] == -4.0);  // backward adds
}

TEST_CASE("Activations: no NaN or infinity at +-1000") {
    const Tensor x = Tensor::from_rows({{-1000.0, -700.0, 1000.0}, {700.0, 1000.0, -1000.0}});
    for (const std::string& spec : all_specs()) {
        CAPTURE(spec);
        for (bool training : {true, false}) {
            auto act = mlp::make_activation(spec);
            act->train(training);
            const Tensor y = act->forward(x);
            const Tensor dx = act->backward(Tensor(2, 3, 1.0));
            for (std::size_t k = 0; k < 6; ++k) {
                CHECK(std::isfinite(y[k]));
                CHECK(std::isfinite(dx[k]));
            }
        }
    }
}

TEST_CASE("Softmax and LogSoftmax: stable on rows of huge logits") {
    const Tensor x = Tensor::from_rows({{1000, 1001, 1002}, {-1000, 0, 1000}});
    mlp::Softmax softmax;
    const Tensor p = softmax.forward(x);
    mlp::LogSoftmax log_softmax;
    const Tensor lp = log_softmax.forward(x);
    // [1000, 1001, 1002] has the softmax of [0, 1, 2]
    const double z = 1.0 + std::exp(1.0) + std::exp(2.0);
    CHECK(p(0, 0) == doctest::Approx(1.0 / z));
    CHECK(p(0, 2) == doctest::Approx(std::exp(2.0) / z));
    CHECK(p(1, 2) == 1.0);
    CHECK(p(1, 0) == 0.0);
    CHECK(lp(0, 1) == doctest::Approx(1.0 - std::log(z)));
    CHECK(lp(1, 0) == -2000.0);  // exact: no log(0)
    for (std::size_t k = 0; k < 6; ++k) {
        CHECK(std::isfinite(p[k]));
        CHECK(std::isfinite(lp[k]));
    }
}

TEST_CASE("RReLU: evaluation equals LeakyReLU with the mean slope; training is seeded") {
    const Tensor x = points_off_kinks(6, 5, 31);
    mlp::RReLU rrelu(0.1, 0.3, 7);
    rrelu.train(false);
    mlp::LeakyReLU leaky(0.2);
    CHECK(rrelu.forward(x) == leaky.forward(x));
    CHECK(rrelu.backward(Tensor(6, 5, 1.0)) == leaky.backward(Tensor(6, 5, 1.0)));

    mlp::RReLU a(0.1, 0.3, 7), b(0.1, 0.3, 7), c(0.1, 0.3, 8);
    const Tensor ya = a.forward(x);
    CHECK(ya == b.forward(x));
    CHECK(ya != c.forward(x));
    for (std::size_t k = 0; k < x.size(); ++k) {
        if (x[k] > 0) {
            CHECK(ya[k] == x[k]);
        } else {
            const double slope = ya[k] / x[k];
            CHECK(slope >= 0.1);
            CHECK(slope <= 0.3);
        }
    }
    CHECK(a.forward(x) != ya);  // a new draw on every training forward
}

TEST_CASE("Registry: names are case-insensitive and specs round-trip") {
    CHECK(mlp::make_activation("GELU")->name() == "GELU");
    CHECK(mlp::make_activation("Leaky_ReLU:0.2")->name() == "LeakyReLU(0.2)");
    CHECK(mlp::make_activation("swish")->name() == "SiLU");
    CHECK(mlp::make_activation("gelu:tanh")->name() == "GELU(tanh)");
    const Tensor x = points_off_kinks(3, 3, 5);
    for (const std::string& spec : all_specs()) {
        CAPTURE(spec);
        auto first = mlp::make_activation(spec);
        auto second = mlp::make_activation(first->spec());
        CHECK(second->spec() == first->spec());
        CHECK(second->name() == first->name());
        first->train(false);
        second->train(false);
        CHECK(first->forward(x) == second->forward(x));
    }
    CHECK(mlp::make_activation("leaky_relu:0.2")->spec() == "leaky_relu:0.2");
    CHECK(mlp::make_activation("prelu")->spec() == "prelu:1,0.25");
}

TEST_CASE("Registry: every name has its properties") {
    const auto names = mlp::activation_names();
    CHECK(names.size() == 23);
    for (const std::string& name : names) {
        CAPTURE(name);
        const mlp::ActivationInfo& info = mlp::activation_info(name);
        CHECK(info.name == name);
        CHECK_FALSE(info.formula.empty());
        CHECK_FALSE(info.range.empty());
    }
    CHECK(mlp::activation_info("Sigmoid").backward_uses == "output");
    CHECK(mlp::activation_info("relu").saturates == "left");
}

TEST_CASE("Registry: unknown names and bad parameters say what is known") {
    CHECK_THROWS_WITH_AS(mlp::make_activation("relu7"),
                         doctest::Contains("make_activation: expected one of identity, sigmoid, tanh, relu,"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_activation("elu:abc"),
                         "make_activation: expected a number, got \"abc\" in \"elu:abc\"",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_activation("relu:0.1"),
                         "make_activation: expected 0 number(s) after ':', got 1 in \"relu:0.1\"", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_activation("elu:-1"),
                         doctest::Contains("bad parameter (ELU: expected alpha > 0 and finite, got -1)"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_activation("gelu:erf"), doctest::Contains("gelu expects 'none' or 'tanh'"),
                         std::invalid_argument);
    CHECK_THROWS_AS(mlp::make_activation("prelu:1.5"), std::invalid_argument);
    CHECK_THROWS_AS(mlp::make_activation("hardtanh:1,-1"), std::invalid_argument);
    CHECK_THROWS_AS(mlp::make_activation("rrelu:0.5,0.1"), std::invalid_argument);
    CHECK_THROWS_AS(mlp::make_activation("leaky_relu:"), std::invalid_argument);
}

TEST_CASE("Activations: misuse throws with what was expected and what came") {
    mlp::Tanh tanh;
    CHECK_THROWS_WITH_AS(tanh.forward(Tensor()), "Tanh::forward: expected a non-empty input, got (0, 0)",
                         std::invalid_argument);
    tanh.forward(Tensor(2, 3));
    CHECK_THROWS_WITH_AS(tanh.backward(Tensor(3, 2)),
                         "Tanh::backward: expected a tensor of shape (2, 3) (the shape of the last forward), got (3, 2)",
                         std::invalid_argument);
    mlp::PReLU prelu(4);
    CHECK_THROWS_WITH_AS(prelu.forward(Tensor(2, 3)),
                         "PReLU::forward: expected input with 4 columns (one slope per feature), got (2, 3)",
                         std::invalid_argument);
    CHECK_THROWS_AS(mlp::LeakyReLU(std::nan("")), std::invalid_argument);
    CHECK_THROWS_AS(mlp::Softplus(0.0), std::invalid_argument);
}

TEST_CASE("docs/activations.md: the activation table is the one the registry generates") {
    std::ifstream in(std::string(MLP_SOURCE_DIR) + "/docs/activations.md");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string page = ss.str();
    const std::string begin = "<!-- activation-table:begin -->\n", end = "<!-- activation-table:end -->";
    const auto b = page.find(begin), e = page.find(end);
    REQUIRE(b != std::string::npos);
    REQUIRE(e != std::string::npos);
    INFO("regenerate with: ./build/test/examples/activation_table > /tmp/t.md, then paste between the markers");
    CHECK(page.substr(b + begin.size(), e - b - begin.size()) == mlp::activation_table_markdown());
}
