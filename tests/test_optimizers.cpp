// SPDX-License-Identifier: MIT
// test_optimizers.cpp: every optimizer and schedule against torch.optim (fixtures from
// make_optimizer_fixture.py), the registry, and the checks on options.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>

#include "fixtures.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/adagrad.hpp"
#include "mlp/optim/adam.hpp"
#include "mlp/optim/adamw.hpp"
#include "mlp/optim/lr_scheduler.hpp"
#include "mlp/optim/reduce_lr_on_plateau.hpp"
#include "mlp/optim/rmsprop.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/diagnostics.hpp"

using mlp::Tensor;

namespace {

// The network and data of make_optimizer_fixture.py: Dense(2, 3), Tanh, Dense(3, 1), MSE.
mlp::Sequential fixture_network() {
    Tensor W1(2, 3), b1(1, 3), W2(3, 1), b2(1, 1, -0.05);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) W1(i, j) = 0.5 * std::sin(1.0 + static_cast<double>(i + 3 * j));
    for (std::size_t j = 0; j < 3; ++j) {
        b1(0, j) = 0.1 * std::cos(static_cast<double>(j));
        W2(j, 0) = 0.7 * std::cos(2.0 + 2.0 * static_cast<double>(j));
    }
    mlp::Sequential model;
    model.emplace<mlp::Dense>(W1, b1);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(W2, b2);
    return model;
}

void fixture_data(Tensor& x, Tensor& y) {
    x = Tensor(4, 2);
    y = Tensor(4, 1);
    const double points[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const double targets[4] = {0.2, 0.9, 0.8, 0.1};
    for (std::size_t n = 0; n < 4; ++n) {
        x(n, 0) = points[n][0] * 1.5;
        x(n, 1) = points[n][1] * -0.5;
        y(n, 0) = targets[n];
    }
}

using Factory = std::function<std::unique_ptr<mlp::Optimizer>(std::vector<mlp::Param>)>;
template <typename O, typename Options>
Factory make(Options options) {
    return [options](std::vector<mlp::Param> p) { return std::make_unique<O>(std::move(p), options); };
}

// The option sets of make_optimizer_fixture.py, by the same names.
const std::map<std::string, Factory>& configs() {
    static const std::map<std::string, Factory> table{
        {"sgd_plain", make<mlp::SGD>(mlp::SGDOptions{.lr = 0.1})},
        {"sgd_momentum", make<mlp::SGD>(mlp::SGDOptions{.lr = 0.1, .momentum = 0.9})},
        {"sgd_dampening", make<mlp::SGD>(mlp::SGDOptions{.lr = 0.05, .momentum = 0.8, .dampening = 0.3, .weight_decay = 0.01})},
        {"sgd_nesterov", make<mlp::SGD>(mlp::SGDOptions{.lr = 0.1, .momentum = 0.9, .weight_decay = 0.05, .nesterov = true})},
        {"adam_default", make<mlp::Adam>(mlp::AdamOptions{.lr = 0.01})},
        {"adam_weight_decay",
         make<mlp::Adam>(mlp::AdamOptions{.lr = 0.02, .beta1 = 0.8, .beta2 = 0.99, .eps = 1e-6, .weight_decay = 0.1})},
        {"adam_amsgrad", make<mlp::Adam>(mlp::AdamOptions{.lr = 0.05, .amsgrad = true})},
        {"adam_all", make<mlp::Adam>(mlp::AdamOptions{
                         .lr = 0.03, .beta1 = 0.5, .beta2 = 0.9, .eps = 1e-4, .weight_decay = 0.2, .amsgrad = true})},
        {"adamw_default", make<mlp::AdamW>(mlp::AdamWOptions{.lr = 0.01})},
        {"adamw_amsgrad", make<mlp::AdamW>(mlp::AdamWOptions{.lr = 0.05, .weight_decay = 0.3, .amsgrad = true})},
        {"adamw_betas",
         make<mlp::AdamW>(mlp::AdamWOptions{.lr = 0.02, .beta1 = 0.7, .beta2 = 0.95, .eps = 1e-5, .weight_decay = 0.5})},
        {"rmsprop_default", make<mlp::RMSprop>(mlp::RMSpropOptions{.lr = 0.01})},
        {"rmsprop_centered", make<mlp::RMSprop>(mlp::RMSpropOptions{.lr = 0.01, .alpha = 0.9, .centered = true})},
        {"rmsprop_momentum", make<mlp::RMSprop>(mlp::RMSpropOptions{.lr = 0.005, .weight_decay = 0.1, .momentum = 0.8})},
        {"rmsprop_all", make<mlp::RMSprop>(mlp::RMSpropOptions{
                            .lr = 0.003, .alpha = 0.95, .eps = 1e-6, .weight_decay = 0.05, .momentum = 0.5, .centered = true})},
        {"adagrad_default", make<mlp::Adagrad>(mlp::AdagradOptions{.lr = 0.1})},
        {"adagrad_lr_decay", make<mlp::Adagrad>(mlp::AdagradOptions{.lr = 0.2, .lr_decay = 0.05})},
        {"adagrad_accumulator",
         make<mlp::Adagrad>(mlp::AdagradOptions{.lr = 0.1, .initial_accumulator_value = 0.3, .eps = 1e-6})},
        {"adagrad_all", make<mlp::Adagrad>(mlp::AdagradOptions{
                            .lr = 0.15, .lr_decay = 0.1, .weight_decay = 0.2, .initial_accumulator_value = 0.1, .eps = 1e-8})},
    };
    return table;
}

}  // namespace

TEST_CASE("optimizers: every optimizer and option set matches torch.optim over 12 steps of a small network") {
    // expected[config][step][param][k]
    std::map<std::string, std::map<int, std::map<std::size_t, std::map<std::size_t, double>>>> expected;
    const auto lines = fixtures::lines("optimizers_torch.csv");
    for (std::size_t i = 1; i < lines.size(); ++i) {  // line 0 is the header
        const auto f = fixtures::split(lines[i], ',');
        expected[f[0]][std::stoi(f[1])][std::stoul(f[2])][std::stoul(f[3])] = std::stod(f[4]);
    }
    REQUIRE(expected.size() == configs().size());

    Tensor x, y;
    fixture_data(x, y);
    for (const auto& [name, factory] : configs()) {
        const std::string label = name;  // doctest's CAPTURE cannot take a structured binding under Clang 14
        CAPTURE(label);
        mlp::Sequential model = fixture_network();
        const std::vector<mlp::Param> params = model.params();
        REQUIRE(params.size() == 4);
        std::unique_ptr<mlp::Optimizer> opt = factory(params);
        mlp::MSELoss loss;
        double largest_move = 0.0;
        const Tensor W1_start = *params[0].value;
        for (int s = 1; s <= 12; ++s) {
            loss.forward(model.forward(x), y);
            opt->zero_grad();
            model.backward(loss.backward());
            opt->step();
            for (std::size_t i = 0; i < params.size(); ++i) {
                const Tensor& p = *params[i].value;
                REQUIRE(expected[name][s][i].size() == p.size());
                for (std::size_t k = 0; k < p.size(); ++k) {
                    const double want = expected[name][s][i][k];
                    CAPTURE(s);
                    CAPTURE(i);
                    CAPTURE(k);
                    // relative to the value, or absolute near zero
                    CHECK(std::abs(p[k] - want) <= 1e-12 * std::max(1.0, std::abs(want)));
                }
            }
        }
        for (std::size_t k = 0; k < W1_start.size(); ++k)
            largest_move = std::max(largest_move, std::abs((*params[0].value)[k] - W1_start[k]));
        CHECK(largest_move > 1e-3);  // the comparison is of weights that moved, not of the start
        CHECK(opt->steps() == 12);
    }
}

TEST_CASE("schedules: StepLR, ExponentialLR, CosineAnnealingLR and ReduceLROnPlateau match torch over 12 epochs") {
    std::map<std::string, std::map<int, double>> expected;
    const auto lines = fixtures::lines("schedules_torch.csv");
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto f = fixtures::split(lines[i], ',');
        expected[f[0]][std::stoi(f[1])] = std::stod(f[2]);
    }
    REQUIRE(expected.size() == 5);
    const double losses[12] = {1.0, 0.8, 0.8, 0.7999, 0.81, 0.7, 0.7, 0.7, 0.69999, 0.71, 0.72, 0.5};
    for (const auto& [name, lrs] : expected) {
        const std::string label = name;  // doctest's CAPTURE cannot take a structured binding under Clang 14
        CAPTURE(label);
        Tensor p(1, 1), g(1, 1);
        mlp::SGD sgd({{"p", &p, &g}}, {.lr = 0.1});
        std::unique_ptr<mlp::LRScheduler> schedule;
        if (name == "step_lr") schedule = std::make_unique<mlp::StepLR>(sgd, mlp::StepLROptions{.step_size = 3, .gamma = 0.5});
        if (name == "exponential_lr") schedule = std::make_unique<mlp::ExponentialLR>(sgd, 0.8);
        if (name == "cosine_annealing_lr")
            schedule = std::make_unique<mlp::CosineAnnealingLR>(sgd, mlp::CosineAnnealingLROptions{.T_max = 5, .eta_min = 0.01});
        if (name == "cosine_annealing_lr_12")
            schedule = std::make_unique<mlp::CosineAnnealingLR>(sgd, mlp::CosineAnnealingLROptions{.T_max = 12});
        if (name == "reduce_lr_on_plateau")
            schedule = std::make_unique<mlp::ReduceLROnPlateau>(
                sgd, mlp::ReduceLROnPlateauOptions{.factor = 0.5, .patience = 1, .threshold = 1e-3, .cooldown = 1, .min_lr = 0.02});
        REQUIRE(schedule != nullptr);
        for (int e = 1; e <= 12; ++e) {
            sgd.step();
            schedule->step(losses[e - 1]);
            CAPTURE(e);
            CHECK(std::abs(sgd.lr() - lrs.at(e)) <= 1e-12 * std::abs(lrs.at(e)));
        }
        CHECK(schedule->epoch() == 12);
    }
}

TEST_CASE("schedules: CosineAnnealingLR's recursive form stays on the closed form up to T_max") {
    Tensor p(1, 1), g(1, 1);
    mlp::SGD sgd({{"p", &p, &g}}, {.lr = 0.5});
    mlp::CosineAnnealingLR cosine(sgd, {.T_max = 10, .eta_min = 0.05});
    for (long e = 1; e <= 10; ++e) {
        cosine.step();
        const double closed = 0.05 + (0.5 - 0.05) * (1.0 + std::cos(M_PI * static_cast<double>(e) / 10.0)) / 2.0;
        CHECK(sgd.lr() == doctest::Approx(closed).epsilon(1e-12));
    }
}

TEST_CASE("schedules: ReduceLROnPlateau refuses a missing loss and changes nothing") {
    Tensor p(1, 1), g(1, 1);
    mlp::SGD sgd({{"p", &p, &g}}, {.lr = 0.1});
    mlp::ReduceLROnPlateau plateau(sgd);
    CHECK_THROWS_WITH_AS(plateau.step(), "ReduceLROnPlateau::step: expected the epoch's loss, got nan",
                         std::invalid_argument);
    CHECK(plateau.epoch() == 0);
    CHECK_THROWS_WITH_AS(mlp::StepLR(sgd, {.step_size = 0}), "StepLR: expected step_size > 0, got 0", std::invalid_argument);
}

TEST_CASE("optimizers: the registry builds each by name with PyTorch's defaults, and lists them for a wrong one") {
    Tensor p(1, 2, 1.0), g(1, 2, 0.5);
    const std::vector<std::string> names = mlp::optimizer_names();
    CHECK(names == std::vector<std::string>{"sgd", "adam", "adamw", "rmsprop", "adagrad"});
    for (const std::string& name : names) {
        std::unique_ptr<mlp::Optimizer> opt = mlp::make_optimizer(name, {{"p", &p, &g}}, 0.01);
        CHECK(opt->name() == name);
        CHECK(opt->lr() == 0.01);
    }
    CHECK_THROWS_WITH_AS(mlp::make_optimizer("adamax", {{"p", &p, &g}}, 0.01),
                         "make_optimizer: expected one of sgd, adam, adamw, rmsprop, adagrad, got \"adamax\"",
                         std::invalid_argument);
    // PyTorch's defaults, field by field.
    const mlp::AdamOptions adam;
    CHECK((adam.lr == 1e-3 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.eps == 1e-8 && adam.weight_decay == 0.0 &&
           !adam.amsgrad));
    CHECK(mlp::AdamWOptions{}.weight_decay == 1e-2);
    const mlp::RMSpropOptions rms;
    CHECK((rms.lr == 1e-2 && rms.alpha == 0.99 && rms.eps == 1e-8 && rms.momentum == 0.0 && !rms.centered));
    const mlp::AdagradOptions ada;
    CHECK((ada.lr == 1e-2 && ada.lr_decay == 0.0 && ada.initial_accumulator_value == 0.0 && ada.eps == 1e-10));
}

TEST_CASE("optimizers: the registry takes each optimizer's settings by the names settings() reports") {
    Tensor p(1, 2, 1.0), g(1, 2, 0.5);
    // Every setting of every optimizer, each moved off its default (a switch to 1), one at a
    // time (nesterov needs momentum): the optimizer reports back what it was given.
    for (const std::string& name : mlp::optimizer_names()) {
        const std::vector<mlp::Setting> defaults = mlp::make_optimizer(name, {{"p", &p, &g}}, 0.01)->settings();
        CHECK(!defaults.empty());
        for (const mlp::Setting& d : defaults) {
            CAPTURE(name);
            CAPTURE(d.name);
            const double value = d.value == 0.0 ? 1.0 : d.value / 2;
            std::vector<mlp::Setting> given{{d.name, value}};
            if (d.name == "nesterov") given.push_back({"momentum", 0.9});
            if (d.name == "momentum" && name == "rmsprop") given[0].value = 0.5;
            if (d.name == "dampening") given[0].value = 0.5;
            const std::vector<mlp::Setting> got = mlp::make_optimizer(name, {{"p", &p, &g}}, 0.01, given)->settings();
            for (const mlp::Setting& s : got) {
                double expected = s.name == d.name ? given[0].value : 0.0;
                if (s.name != d.name) {
                    expected = 0.0;
                    for (const mlp::Setting& o : defaults)
                        if (o.name == s.name) expected = o.value;
                    for (const mlp::Setting& o : given)
                        if (o.name == s.name) expected = o.value;
                }
                CHECK(s.value == expected);
            }
        }
    }
    // The playground's L2: SGD's weight decay, gradient g + lambda p, on every parameter.
    Tensor w(1, 1, 2.0), dw(1, 1, 0.0);
    auto sgd = mlp::make_optimizer("sgd", {{"w", &w, &dw}}, 0.1, {{"weight_decay", 0.5}});
    sgd->step();
    CHECK(w[0] == doctest::Approx(2.0 - 0.1 * 0.5 * 2.0));
}

TEST_CASE("optimizers: the registry refuses a setting the optimizer does not have, naming those it has") {
    Tensor p(1, 2, 1.0), g(1, 2, 0.5);
    CHECK_THROWS_WITH_AS(mlp::make_optimizer("sgd", {{"p", &p, &g}}, 0.01, {{"beta1", 0.8}}),
                         "make_optimizer: sgd's settings: expected one of momentum, dampening, weight_decay, nesterov, "
                         "got \"beta1\"",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_optimizer("adam", {{"p", &p, &g}}, 0.01, {{std::string(100, 'x'), 0.8}}),
                         ("make_optimizer: adam's settings: expected one of beta1, beta2, eps, weight_decay, amsgrad, got \"" +
                          std::string(60, 'x') + "...\"").c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_optimizer("adam", {{"p", &p, &g}}, 0.01, {{"amsgrad", 0.5}}),
                         "make_optimizer: expected amsgrad 0 or 1, got 0.5", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::make_optimizer("sgd", {{"p", &p, &g}}, 0.01, {{"momentum", 0.5}, {"momentum", 0.9}}),
                         "make_optimizer: expected each setting once, got momentum twice", std::invalid_argument);
    // A bad value is the optimizer's own check, naming it.
    CHECK_THROWS_AS(mlp::make_optimizer("sgd", {{"p", &p, &g}}, 0.01, {{"momentum", -1}}), std::invalid_argument);
}

TEST_CASE("optimizers: bad options throw naming the optimizer, the field and the value") {
    Tensor p(1, 1), g(1, 1);
    CHECK_THROWS_WITH_AS(mlp::Adam({{"p", &p, &g}}, {.beta1 = 1.0}), "Adam: expected beta1 in [0, 1), got 1.000000",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::AdamW({{"p", &p, &g}}, {.lr = -1}),
                         "AdamW: expected lr > 0 and finite, got -1.000000 (set it with AdamW(params, {.lr = 0.1}))",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::RMSprop({{"p", &p, &g}}, {.momentum = -0.5}),
                         "RMSprop: expected momentum >= 0 and finite, got -0.500000", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::Adagrad({{"p", &p, &g}}, {.initial_accumulator_value = -1}),
                         "Adagrad: expected initial_accumulator_value >= 0 and finite, got -1.000000",
                         std::invalid_argument);
    mlp::Adam adam({{"p", &p, &g}}, {});
    CHECK_THROWS_WITH_AS(adam.set_lr(-1), "Adam::set_lr: expected lr >= 0 and finite, got -1.000000", std::invalid_argument);
}

TEST_CASE("optimizers: state is named per parameter and made on the first step") {
    Tensor p(2, 2, 1.0), g(2, 2, 0.5);
    mlp::Adam adam({{"w", &p, &g}}, {.lr = 0.1});
    std::vector<mlp::StateBuffer> state = adam.state();
    REQUIRE(state.size() == 3);
    CHECK(state[0].name == "exp_avg");
    CHECK(state[1].name == "exp_avg_sq");
    CHECK(state[0].value->empty());
    adam.step();
    // m = 0.1 g; v = 0.001 g^2; step = lr m / (1 - 0.9) / (sqrt(v) / sqrt(0.001) + eps) = lr (sign g)
    CHECK((*state[0].value)(0, 0) == doctest::Approx(0.05));
    CHECK(p(0, 0) == doctest::Approx(0.9).epsilon(1e-7));
    CHECK(state[2].value->empty());  // max_exp_avg_sq only with amsgrad
}

TEST_CASE("optimizers: diagnose measures Adam's real first step (lr per element), not an SGD step") {
    mlp::Sequential model = fixture_network();
    Tensor x, y;
    fixture_data(x, y);
    mlp::MSELoss loss;
    mlp::Adam adam(model.params(), {.lr = 0.001});
    const mlp::Diagnostics d = mlp::diagnose(model, loss, x, y, adam);
    // Adam's first step is lr m / sqrt(v) (bias-corrected) = lr sign(g) per element, up to eps.
    const double W1_norm = d.params[0].value_norm;
    CHECK(d.params[0].update_ratio == doctest::Approx(0.001 * std::sqrt(6.0) / W1_norm).epsilon(1e-4));
    // A plain SGD step at the same lr would be lr ||g|| / ||p||, another number.
    CHECK(std::abs(d.params[0].update_ratio - 0.001 * d.params[0].grad_norm / W1_norm) > 1e-5);
    // Undone: the step count and state are as before.
    CHECK(adam.steps() == 0);
    CHECK(adam.state()[0].value->empty());
    CHECK(*model.params()[0].value == *fixture_network().params()[0].value);
}
