// SPDX-License-Identifier: MIT
// test_loss_registry.cpp: every loss by its name, the error for an unknown one, and a user's loss
// added in one line.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "mlp/nn/loss_registry.hpp"

using mlp::Tensor;

namespace {
// L = mean |pred - target|: a user's loss, registered below by name.
class L1 : public mlp::MSELoss {
public:
    std::string name() const override { return "L1Loss"; }
};
const bool registered = mlp::register_loss(
    {"l1-test", "nn.L1Loss", "values", mlp::LossTargets::LikeOutput, [] { return std::unique_ptr<mlp::Loss>(new L1); }});
}  // namespace

TEST_CASE("make_loss: each built-in name builds the loss of that name") {
    CHECK(mlp::make_loss("mse")->name() == "MSELoss");
    CHECK(mlp::make_loss("bce")->name() == "BCELoss");
    CHECK(mlp::make_loss("bce-logits")->name() == "BCEWithLogitsLoss");
    CHECK(mlp::make_loss("Cross-Entropy")->name() == "CrossEntropyLoss");
    CHECK(mlp::loss_info("cross-entropy").targets == mlp::LossTargets::ClassIndex);
    CHECK(mlp::loss_info("bce-logits").targets == mlp::LossTargets::LikeOutput);
    CHECK(mlp::loss_info("bce-logits").pytorch == "nn.BCEWithLogitsLoss");
    CHECK(mlp::make_loss("multi-margin")->name() == "MultiMarginLoss");
    CHECK(mlp::loss_info("multi-margin").targets == mlp::LossTargets::ClassIndex);
    CHECK(mlp::make_loss("huber")->name() == "HuberLoss");
    CHECK(mlp::make_loss("l1")->name() == "L1Loss");
    CHECK(mlp::loss_info("l1").targets == mlp::LossTargets::LikeOutput);
}

TEST_CASE("make_loss: the loss it builds computes the loss (bce-logits at logit 0 is log 2)") {
    auto loss = mlp::make_loss("bce-logits");
    CHECK(loss->forward(Tensor::from_rows({{0.0}}), Tensor::from_rows({{1.0}})) == doctest::Approx(0.6931471805599453));
}

TEST_CASE("make_loss: an unknown name is refused with the known names listed") {
    CHECK_THROWS_WITH_AS(mlp::make_loss("bce_logit"),
                         "make_loss: expected one of bce, bce-logits, cross-entropy, huber, l1, l1-test, mse, multi-margin, got \"bce_logit\"",
                         std::invalid_argument);
    const std::string cut = "make_loss: expected one of bce, bce-logits, cross-entropy, huber, l1, l1-test, mse, multi-margin, got \"" +
                            std::string(60, 'x') + "...\"";  // a whole line of a file is not echoed
    CHECK_THROWS_WITH_AS(mlp::make_loss(std::string(100, 'x')), cut.c_str(), std::invalid_argument);
}

TEST_CASE("register_loss: a user's loss is one line, and names are checked") {
    CHECK(registered);
    CHECK(mlp::make_loss("l1-test")->name() == "L1Loss");
    const auto make = [] { return std::unique_ptr<mlp::Loss>(new mlp::MSELoss); };
    CHECK_THROWS_WITH_AS(mlp::register_loss({"mse", "", "", mlp::LossTargets::LikeOutput, make}),
                         "register_loss: the name \"mse\" is already taken", std::invalid_argument);
    CHECK_THROWS_WITH_AS(mlp::register_loss({"Big", "", "", mlp::LossTargets::LikeOutput, make}),
                         "register_loss: expected a lower-case name without ':' and a factory, got \"Big\"",
                         std::invalid_argument);
    CHECK_THROWS_AS(mlp::register_loss({"nofactory", "", "", mlp::LossTargets::LikeOutput, nullptr}),
                    std::invalid_argument);
}
