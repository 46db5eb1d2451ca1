// SPDX-License-Identifier: MIT
// test_fine_tuning.cpp: an optimizer built on a model that is then replaced (model =
// load_model(path), the natural fine-tuning step) refuses to touch the freed parameters with a
// clear error, instead of writing freed memory. Run it under the sanitize preset too.
#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "mlp/io/model_file.hpp"
#include "mlp/nn/activation.hpp"
#include "mlp/nn/dense.hpp"
#include "mlp/nn/loss.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/optim/sgd.hpp"
#include "mlp/train/trainer.hpp"

using mlp::Tensor;

namespace {
mlp::Sequential small(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 4, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(4, 1, rng);
    return model;
}
}  // namespace

TEST_CASE("fine-tuning: SGD on a model replaced by load_model refuses, naming the parameter") {
    const std::string path = (std::filesystem::temp_directory_path() / "mlp_test_fine_tuning.txt").string();
    mlp::save_model(small(1), path);

    mlp::Sequential model = small(2);
    mlp::SGD sgd(model.params(), {.lr = 0.1});
    mlp::MSELoss loss;
    mlp::Trainer trainer(model, loss, sgd, {.epochs = 2, .progress = false});
    sgd.zero_grad();  // fine while the model it was built on lives

    model = mlp::load_model(path);  // the old layers, and the tensors SGD points at, are freed

    CHECK_THROWS_WITH_AS(sgd.zero_grad(),
                         doctest::Contains("SGD::zero_grad: expected parameters of a live model, got dense0.W of a "
                                           "layer that no longer exists"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(sgd.step(), doctest::Contains("SGD::step: expected parameters of a live model"),
                         std::invalid_argument);
    const Tensor x = Tensor::from_rows({{0, 1}, {1, 0}});
    const Tensor y = Tensor::from_rows({{1}, {0}});
    CHECK_THROWS_AS(trainer.fit(x, y), std::invalid_argument);

    // The ways that work: an optimizer built after the load, or load_model_into the same layers.
    mlp::SGD fresh(model.params(), {.lr = 0.1});
    CHECK_NOTHROW(mlp::Trainer(model, loss, fresh, {.epochs = 2, .progress = false}).fit(x, y));
    mlp::Sequential kept = small(3);
    mlp::SGD kept_sgd(kept.params(), {.lr = 0.1});
    mlp::load_model_into(path, kept);
    CHECK_NOTHROW(kept_sgd.zero_grad());
    std::filesystem::remove(path);
}

TEST_CASE("fine-tuning: a copy gets its own liveness; hand-built parameters are taken as alive") {
    mlp::Sequential a = small(1);
    std::vector<mlp::Param> params = a.params();
    {
        mlp::Sequential copy = a;  // copying does not tie a's parameters to the copy
    }
    CHECK_NOTHROW(mlp::check_params_alive(params, "test", "step"));
    Tensor w(1, 1), dw(1, 1);
    CHECK_NOTHROW(mlp::check_params_alive({{"w", &w, &dw}}, "test", "step"));
}
