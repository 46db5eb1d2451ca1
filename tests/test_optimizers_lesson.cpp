// SPDX-License-Identifier: MIT
// test_optimizers_lesson.cpp: the optimizers lesson's claims (docs/optimizers.md), on its own
// code, seed by seed over 3 seeds (the lesson reports medians over 5).
#include <doctest/doctest.h>

#include "../examples/optimizers_experiment.hpp"

namespace {
const optimizers_lesson::Choice& choice(const std::string& prefix) {
    for (const optimizers_lesson::Choice& c : optimizers_lesson::choices())
        if (c.label.rfind(prefix, 0) == 0) return c;
    FAIL("no optimizer labelled " << prefix);
    return optimizers_lesson::choices()[0];
}
}  // namespace

TEST_CASE("optimizers lesson: on two moons, momentum reaches 99% in fewer epochs than Adam (Adam does not beat it)") {
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        const auto momentum = optimizers_lesson::train(choice("momentum"), false, seed);
        const auto adam = optimizers_lesson::train(choice("Adam "), false, seed);
        REQUIRE(momentum.epochs_to_target > 0);
        REQUIRE(adam.epochs_to_target > 0);
        CHECK(momentum.epochs_to_target < adam.epochs_to_target);
    }
}

TEST_CASE("optimizers lesson: with one feature x100, SGD, momentum and Nesterov never reach 99%; "
          "RMSprop, Adagrad, Adam and AdamW all do") {
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        for (const optimizers_lesson::Choice& c : optimizers_lesson::choices()) {
            CAPTURE(c.label);
            const bool sgd_family = c.label.rfind("SGD", 0) == 0 || c.label.rfind("momentum", 0) == 0 ||
                                    c.label.rfind("Nesterov", 0) == 0;
            const auto run = optimizers_lesson::train(c, true, seed);
            if (sgd_family) {
                CHECK(run.epochs_to_target == 0);
            } else {
                CHECK(run.epochs_to_target > 0);
            }
        }
    }
}

TEST_CASE("optimizers lesson: plain SGD at lr 0.1 does not reach 99% on two moons in the lesson's epochs") {
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        CHECK(optimizers_lesson::train(choice("SGD"), false, seed).epochs_to_target == 0);
    }
}
