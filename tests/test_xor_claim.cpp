// SPDX-License-Identifier: MIT
// test_xor_claim.cpp: the project's central claim, over ten seeds, on the lesson's own code; and
// that the lesson's verdicts and explanations come from measurements, not from names.
#include <doctest/doctest.h>

#include "../examples/xor_verdict.hpp"

namespace {
std::vector<xor_lesson::Result> ten_runs(const std::string& act,
                                         const std::function<void(mlp::Sequential&)>& change = nullptr) {
    return mlp::run_experiments(10, [&](std::size_t i) {  // ten independent trainings, on every core
        return xor_lesson::train(act, static_cast<std::uint32_t>(i + 1), change);
    });
}

bool mentions(const xor_lesson::Summary& s, const std::string& phrase) {
    for (const std::string& line : s.why)
        if (line.find(phrase) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("XOR: a stack of linear layers never beats the best affine map") {
    const std::vector<xor_lesson::Result> runs = ten_runs("none");
    for (const xor_lesson::Result& r : runs) {
        CAPTURE(r.seed);
        // The best affine fit is w = 0, b = 0.5 with MSE exactly 0.25; 3 of 4 points at most.
        CHECK(r.loss >= 0.25 - 1e-9);
        CHECK(r.accuracy <= 0.75);
        // And the trained stack really is one affine map: collapse_linear gives one Dense.
        CHECK(mlp::collapse_linear(r.model).size() == 1);
    }
    const xor_lesson::Summary s = xor_lesson::summarize(runs);
    CHECK(s.verdict == xor_lesson::Verdict::Cannot);
    CHECK(mentions(s, "folds the trained stack into 1 Dense layer"));
}

TEST_CASE("XOR: most stacks with an activation learn (the lesson's claim), judged by the printed rule") {
    int learners = 0, stacks = 0;
    for (const std::string& act : xor_lesson::activations()) {
        if (act == "none") continue;
        ++stacks;
        const xor_lesson::Summary s = xor_lesson::summarize(ten_runs(act));
        CAPTURE(act);
        // The verdict follows the rule from the counts, whatever the name.
        if (s.perfect >= 9) CHECK(s.verdict == xor_lesson::Verdict::Learns);
        else if (s.beat_affine == 0) CHECK(s.verdict == xor_lesson::Verdict::Cannot);
        else CHECK(s.verdict == xor_lesson::Verdict::Unreliable);
        learners += s.verdict == xor_lesson::Verdict::Learns ? 1 : 0;
    }
    CHECK(learners >= 15);  // the claim covers most of the family, not a chosen few
    CHECK(2 * learners > stacks);
}

TEST_CASE("XOR: kill every ReLU unit at init and the verdict and explanation change with it") {
    const xor_lesson::Summary healthy = xor_lesson::summarize(ten_runs("relu"));
    CHECK(healthy.verdict == xor_lesson::Verdict::Learns);
    // Biases of -10 before each ReLU: every pre-activation is negative on all four points.
    const xor_lesson::Summary dead = xor_lesson::summarize(ten_runs("relu", [](mlp::Sequential& m) {
        dynamic_cast<mlp::Dense&>(m[0]).b.fill(-10.0);
        dynamic_cast<mlp::Dense&>(m[2]).b.fill(-10.0);
    }));
    CHECK(dead.verdict == xor_lesson::Verdict::Cannot);
    CHECK(dead.perfect == 0);
    CHECK(mentions(dead, "160 of their 160 hidden units were dead at the end"));
    CHECK(mentions(dead, "160 at init"));
    CHECK(mentions(dead, "the network was one affine map there"));
    CHECK_FALSE(mentions(healthy, "the network was one affine map there"));
}

TEST_CASE("XOR: Hardsigmoid's stacks are measured to stay affine, and judged 'cannot' for it") {
    const std::vector<xor_lesson::Result> runs = ten_runs("hardsigmoid");
    const mlp::Tensor x = xor_lesson::inputs();
    for (xor_lesson::Result r : runs) {
        CAPTURE(r.seed);
        CHECK(r.accuracy <= 0.75);
        CHECK(r.straight_at_end == r.hidden_units);
        // Cross-check the measurement with the formula: every pre-activation met in training
        // stayed inside (-3, 3), where Hardsigmoid is the line x / 6 + 1/2.
        CHECK(r.pre_min > -3.0);
        CHECK(r.pre_max < 3.0);
    }
    const xor_lesson::Summary s = xor_lesson::summarize(runs);
    CHECK(s.verdict == xor_lesson::Verdict::Cannot);
    CHECK(mentions(s, "on 10 of the 10 finished runs"));
}

TEST_CASE("XOR: a diverged run is reported with its epoch, never as a loss of inf") {
    const xor_lesson::Summary s = xor_lesson::summarize(ten_runs("log_softmax"));
    CHECK(s.diverged == 10);
    CHECK(std::isnan(s.median_loss));
    CHECK(xor_lesson::num(s.median_loss) == "n/a");
    for (std::size_t e : s.diverged_at) CHECK(e >= 1);
    CHECK(mentions(s, "10 of 10 runs diverged (the loss overflowed) at epochs "));
}

TEST_CASE("XOR: identical rows are found and explained by measuring the two functions") {
    std::vector<std::vector<xor_lesson::Result>> stacks{ten_runs("relu"), ten_runs("elu"), ten_runs("relu6"),
                                                        ten_runs("celu"), ten_runs("tanh")};
    const std::vector<xor_lesson::Twins> twins = xor_lesson::identical_rows(stacks);
    REQUIRE(twins.size() == 2);
    CHECK(twins[0].a == "relu");
    CHECK(twins[0].b == "relu6");
    CHECK(twins[0].reason.find("they differ only for x in [6, 50]") != std::string::npos);
    CHECK(twins[1].a == "elu");
    CHECK(twins[1].b == "celu");
    CHECK(twins[1].reason.find("the same function") != std::string::npos);
}

TEST_CASE("XOR: the folded map prints no negative zero") {
    CHECK(xor_lesson::coefficient(-0.00001) == "0.0000");
    CHECK(xor_lesson::coefficient(-0.25) == "-0.2500");
}
