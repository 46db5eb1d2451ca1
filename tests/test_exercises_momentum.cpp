// SPDX-License-Identifier: MIT
// test_exercises_momentum.cpp: the checker of exercise 4 (SGD with momentum) accepts mlp::SGD and
// correct rules written other ways, and refuses a broad set of wrong rules; a hint names a rule
// only when the whole path matches it, and a factor only when it is the same on every step.
#include <doctest/doctest.h>

#include <vector>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;
using Params = std::vector<mlp::Param>;
using Velocity = std::vector<mlp::Tensor>;

namespace {

void library(Params& params, Velocity& velocity, double lr, double momentum) {
    mlp::SGD sgd(params, {.lr = lr, .momentum = momentum});
    if (!velocity.empty()) sgd.momentum_buffers() = velocity;
    sgd.step();
    velocity = sgd.momentum_buffers();
}

// A rule written as a student would, element by element. b starts at 0, so b = mu b + g is g
// on the first step, as PyTorch's rule says.
enum class Rule {
    Right, LrInVelocity, NegativeVelocity,                           // correct
    Plain, Average, Nesterov, Stale, NoLr, Swapped, Climb, LrTwice,  // wrong
    FirstParamOnly, WeightDecay, CrossedVelocity
};

void rule_step(Params& params, Velocity& velocity, double lr, double mu, Rule rule) {
    if (velocity.empty()) {
        for (const mlp::Param& p : params) velocity.emplace_back(p.value->rows(), p.value->cols());
    }
    const std::size_t count = rule == Rule::FirstParamOnly ? 1 : params.size();
    for (std::size_t i = 0; i < count; ++i) {
        mlp::Tensor& p = *params[i].value;
        const mlp::Tensor& g = *params[i].grad;
        mlp::Tensor& b = velocity[rule == Rule::CrossedVelocity ? params.size() - 1 - i : i];
        for (std::size_t k = 0; k < p.size(); ++k) {
            switch (rule) {
                case Rule::Right:
                case Rule::FirstParamOnly:
                case Rule::CrossedVelocity:
                    b[k] = mu * b[k] + g[k];
                    p[k] -= lr * b[k];
                    break;
                case Rule::LrInVelocity:  // b' = lr b: the same steps
                    b[k] = mu * b[k] + lr * g[k];
                    p[k] -= b[k];
                    break;
                case Rule::NegativeVelocity:
                    b[k] = mu * b[k] - lr * g[k];
                    p[k] += b[k];
                    break;
                case Rule::Plain: p[k] -= lr * g[k]; break;
                case Rule::Average:
                    b[k] = mu * b[k] + (1.0 - mu) * g[k];
                    p[k] -= lr * b[k];
                    break;
                case Rule::Nesterov:
                    b[k] = mu * b[k] + g[k];
                    p[k] -= lr * (g[k] + mu * b[k]);
                    break;
                case Rule::Stale:
                    p[k] -= lr * b[k];
                    b[k] = mu * b[k] + g[k];
                    break;
                case Rule::NoLr:
                    b[k] = mu * b[k] + g[k];
                    p[k] -= b[k];
                    break;
                case Rule::Swapped:
                    b[k] = lr * b[k] + g[k];
                    p[k] -= mu * b[k];
                    break;
                case Rule::Climb:
                    b[k] = mu * b[k] + g[k];
                    p[k] += lr * b[k];
                    break;
                case Rule::LrTwice:
                    b[k] = mu * b[k] + g[k];
                    p[k] -= lr * lr * b[k];
                    break;
                case Rule::WeightDecay:
                    b[k] = mu * b[k] + g[k] + 0.01 * p[k];
                    p[k] -= lr * b[k];
                    break;
            }
        }
    }
}

exercises::Verdict grade(Rule rule) {
    return exercises::check_momentum_step(
        [rule](Params& p, Velocity& v, double lr, double mu) { rule_step(p, v, lr, mu, rule); });
}

}  // namespace

TEST_CASE("exercise 4: mlp::SGD and the same rule written three other ways pass") {
    const exercises::Verdict v = exercises::check_momentum_step(library);
    accepted(v);
    CHECK(v.tensors.back().name == "step 4: b's change");  // all four steps were compared
    accepted(grade(Rule::Right));
}

TEST_CASE("exercise 4: a velocity with the rate folded in is refused once the rate changes, as a schedule changes it") {
    // b' = lr b takes PyTorch's steps while lr is fixed (steps 1 and 2), not after it drops.
    for (const Rule rule : {Rule::LrInVelocity, Rule::NegativeVelocity}) {
        const exercises::Verdict v = grade(rule);
        refused(v, "folded into the velocity");
        CHECK(v.tensors.back().name == "step 3: b's change");
    }
}

TEST_CASE("exercise 4: wrong rules are refused; the hint names the rule whose whole path matches") {
    const exercises::Verdict plain = grade(Rule::Plain);
    refused(plain, "plain SGD step");
    CHECK(plain.tensors.back().name == "step 2: b's change");  // step 1 is the same either way
    refused(grade(Rule::Average), "moving average");
    refused(grade(Rule::Stale), "previous step's velocity");
    refused(grade(Rule::NoLr), "multiply it by the learning rate");
    refused(grade(Rule::Swapped), "swapped");
    refused(grade(Rule::Climb), "opposite way");
    refused(grade(Rule::LrTwice), "applied twice");
    refused(grade(Rule::FirstParamOnly), "");
    refused(grade(Rule::WeightDecay), "");
}

TEST_CASE("exercise 4: Nesterov by mistake is named, not called 1.9 times the right value") {
    const exercises::Verdict v = grade(Rule::Nesterov);
    refused(v, "Nesterov");
    CHECK_FALSE(hints_at(v, "times the right"));
    CHECK(v.hints.size() == 1);
}

TEST_CASE("exercise 4: each parameter with the other one's velocity is a verdict, not a crash") {
    const exercises::Verdict v = grade(Rule::CrossedVelocity);
    refused(v, "an index went outside a tensor");
    CHECK(notes_say(v, "std::out_of_range"));
}
