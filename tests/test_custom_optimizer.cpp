// SPDX-License-Identifier: MIT
// test_custom_optimizer.cpp: an optimizer written outside the library (as in
// examples/custom_optimizer.cpp) trains through the Trainer, is checkpointed and resumes, and is
// diagnosed, with nothing in the library knowing its name.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "../examples/signum.hpp"
#include "mlp/mlp.hpp"

namespace {

mlp::Sequential xor_network(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(8, 1, rng);
    return model;
}

bool same_weights(mlp::Sequential& a, mlp::Sequential& b) {
    for (std::size_t k = 0; k < a.params().size(); ++k)
        if (!(*a.params()[k].value == *b.params()[k].value)) return false;
    return true;
}

}  // namespace

TEST_CASE("custom optimizer: a dozen-line Signum learns XOR through the Trainer and resumes bit-identically, 3 seeds") {
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    mlp::BCEWithLogitsLoss loss;
    const std::string path = (std::filesystem::temp_directory_path() / "mlp_test_custom_optimizer.txt").string();
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        mlp::Sequential straight = xor_network(seed);
        Signum straight_opt(straight.params(), 0.01);
        mlp::Trainer straight_trainer(straight, loss, straight_opt, {.epochs = 300, .progress = false});
        straight_trainer.fit(x, y);
        CHECK(straight_trainer.evaluate(x, y).accuracy == 1.0);

        {
            mlp::Sequential first = xor_network(seed);
            Signum opt(first.params(), 0.01);
            mlp::Trainer trainer(first, loss, opt, {.epochs = 120, .progress = false});
            trainer.fit(x, y);
            mlp::save_checkpoint(trainer, path);
        }
        mlp::Sequential resumed = xor_network(seed + 100);
        Signum opt(resumed.params(), 0.01);
        mlp::Trainer trainer(resumed, loss, opt, {.epochs = 300, .progress = false});
        mlp::load_checkpoint(trainer, path);
        CHECK(opt.steps() == 120);
        CHECK(!opt.state()[0].value->empty());
        trainer.fit(x, y);
        CHECK(same_weights(resumed, straight));

        // Another beta is another optimizer: refused, naming both.
        Signum other(resumed.params(), 0.01, 0.5);
        mlp::Trainer other_trainer(resumed, loss, other, {.epochs = 300, .progress = false});
        CHECK_THROWS_WITH_AS(mlp::load_checkpoint(other_trainer, path),
                             doctest::Contains("the checkpoint's optimizer is signum beta=0.9; this trainer's is signum beta=0.5"),
                             mlp::ModelFileError);
    }
}

TEST_CASE("custom optimizer: diagnostics measure its real step (lr per element, whatever the gradient)") {
    mlp::Sequential model = xor_network(4);
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    mlp::BCEWithLogitsLoss loss;
    Signum opt(model.params(), 0.01);
    const mlp::Sequential before = model;
    const mlp::Diagnostics d = mlp::diagnose(model, loss, x, y, opt);
    // Signum moves every element by exactly lr: ||step|| = lr sqrt(size), unless a gradient is 0.
    CHECK(d.params[0].update_ratio == doctest::Approx(0.01 * std::sqrt(16.0) / d.params[0].value_norm));
    mlp::Sequential copy = before;
    CHECK(same_weights(model, copy));  // the step was undone
    CHECK(opt.steps() == 0);
    CHECK(opt.state()[0].value->empty());
}
