// test_activation_lab.cpp: a reduced activation lab, checking the direction of every textbook
// claim the full lab's measurements support. Claims the numbers contradicted (a large learning
// rate killing more ReLU units; GELU/SiLU/Mish training faster than ReLU on two moons) are
// reported by the lab and asserted nowhere. Timing claims are left to the lab (no timed tests).
#include <doctest/doctest.h>

#include "../examples/activation_lab.hpp"

namespace {
const std::vector<lab::Row>& reduced_rows() {
    static const std::vector<lab::Row> rows = [] {
        lab::Scale s;
        s.deep_train_steps = 5;
        s.seeds = 3;
        s.moons_points = 400;
        s.moons_epochs = 60;
        s.cost_repeats = 1;
        const std::vector<std::string> names{"identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu",
                                             "elu",      "selu",    "gelu", "silu", "mish"};
        return mlp::run_experiments(names.size(), [&](std::size_t i) { return lab::measure(names[i], s); });
    }();
    return rows;
}

bool held(const std::string& text) {
    for (const lab::Claim& c : lab::judge(reduced_rows()))
        if (c.text == text) {
            INFO(c.evidence);
            return c.held;
        }
    FAIL("no such claim: " << text);
    return false;
}
}  // namespace

TEST_CASE("Activation lab: sigmoid and tanh saturate, ReLU does not") {
    CHECK(held("Sigmoid and tanh saturate: their slope at x = 5 is tiny"));
}

TEST_CASE("Activation lab: gradients vanish through a deep sigmoid stack by orders of magnitude more than ReLU") {
    CHECK(held("Gradients vanish through a deep sigmoid stack, far more than through ReLU"));
    const lab::Row& sigmoid = lab::find(reduced_rows(), "sigmoid");
    CHECK(sigmoid.grad_ratio_init < 1e-6);
}

TEST_CASE("Activation lab: sigmoid's mean output is near 0.5, tanh's near 0") {
    CHECK(held("Sigmoid's output is not zero-centred; tanh's is"));
}

TEST_CASE("Activation lab: sigmoid converges more slowly than tanh") {
    CHECK(held("Sigmoid converges more slowly than tanh"));
}

TEST_CASE("Activation lab: ReLU is sparse, and Leaky ReLU/PReLU have no dead units where ReLU has some") {
    CHECK(held("ReLU is sparse: about half its outputs are exactly 0"));
    CHECK(held("ReLU units can be dead; Leaky ReLU and PReLU have none"));
}

TEST_CASE("Activation lab: ELU and SELU pull the mean toward 0; SELU stays normalised through depth") {
    CHECK(held("ELU and SELU push mean activations toward zero (compared with ReLU)"));
    CHECK(held("SELU with LeCun-normal init keeps activations normalised through depth"));
}

TEST_CASE("Activation lab: a linear stack never learns XOR") {
    CHECK(held("A linear stack is no better than one layer: it never learns XOR"));
}
