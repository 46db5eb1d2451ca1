// test_xor_claim.cpp: the project's central claim, over ten seeds, on the lesson's own code.
#include <doctest/doctest.h>

#include "../examples/xor_experiment.hpp"

TEST_CASE("XOR: a stack of linear layers never beats the best affine map") {
    for (std::uint32_t seed = 1; seed <= 10; ++seed) {
        CAPTURE(seed);
        const xor_lesson::Result r = xor_lesson::train("none", seed);
        // The best affine fit is w = 0, b = 0.5 with MSE exactly 0.25; 3 of 4 points at most.
        CHECK(r.loss >= 0.25 - 1e-9);
        CHECK(r.accuracy <= 0.75);
        // And the trained stack really is one affine map: collapse_linear gives one Dense.
        const mlp::Sequential collapsed = mlp::collapse_linear(r.model);
        CHECK(collapsed.size() == 1);
    }
}

TEST_CASE("XOR: the same stack with a non-linearity reaches 100% for at least 9 of 10 seeds") {
    for (const std::string& act : xor_lesson::activations()) {
        if (act == "none") continue;
        CAPTURE(act);
        int perfect = 0;
        for (std::uint32_t seed = 1; seed <= 10; ++seed)
            if (xor_lesson::train(act, seed).accuracy == 1.0) ++perfect;
        CHECK(perfect >= 9);
    }
}
