// SPDX-License-Identifier: MIT
// test_experiments.cpp: run_experiments gives a plain loop's results, bit for bit, in its order.
#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace {

struct Run {
    std::vector<double> losses;  // every epoch's loss
    mlp::Tensor W0;              // the first layer's weights after training
};

// One small training per seed, different enough that the runs finish at different times: 2-h-1
// tanh on XOR with h = 2 .. 9, full batch, and a batch-2 variant for odd seeds (shuffled by seed).
Run train(std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Sequential model;
    model.emplace<mlp::Dense>(2, 2 + seed % 8, rng);
    model.emplace<mlp::Tanh>();
    model.emplace<mlp::Dense>(2 + seed % 8, 1, rng);
    mlp::MSELoss loss;
    mlp::SGD sgd(model.params(), {.lr = 0.1, .momentum = 0.9});
    mlp::Trainer trainer(model, loss, sgd,
                         {.epochs = 50 + 10 * (seed % 5), .batch_size = seed % 2 == 1 ? 2u : 0u, .seed = seed,
                          .progress = false});
    const mlp::Tensor x = mlp::Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    const mlp::Tensor y = mlp::Tensor::from_rows({{0}, {1}, {1}, {0}});
    Run run;
    for (const mlp::EpochStats& e : trainer.fit(x, y).epochs) run.losses.push_back(e.loss);
    run.W0 = dynamic_cast<mlp::Dense&>(model[0]).W;
    return run;
}

struct KeepThreads {
    std::size_t saved = mlp::threads();
    ~KeepThreads() { mlp::set_threads(saved); }
};

}  // namespace

TEST_CASE("run_experiments: the results of a plain loop, bit for bit and in order, at any thread count") {
    KeepThreads keep;
    constexpr std::size_t kRuns = 24;
    std::vector<Run> serial;
    for (std::size_t i = 0; i < kRuns; ++i) serial.push_back(train(static_cast<std::uint32_t>(i + 1)));
    for (std::size_t n : {1, 2, 3, 5}) {
        CAPTURE(n);
        mlp::set_threads(n);
        const std::vector<Run> parallel =
            mlp::run_experiments(kRuns, [](std::size_t i) { return train(static_cast<std::uint32_t>(i + 1)); });
        REQUIRE(parallel.size() == kRuns);
        for (std::size_t i = 0; i < kRuns; ++i) {
            CAPTURE(i);
            CHECK(parallel[i].losses == serial[i].losses);
            CHECK(parallel[i].W0 == serial[i].W0);
        }
    }
    // The runs really differ from one another, so a mix-up of indices would show.
    CHECK(serial[0].W0 != serial[1].W0);
}

TEST_CASE("run_experiments: an experiment's exception reaches the caller (the lowest index's)") {
    KeepThreads keep;
    mlp::set_threads(2);
    CHECK_THROWS_WITH_AS(mlp::run_experiments(6,
                                              [](std::size_t i) -> int {
                                                  if (i >= 2) throw std::invalid_argument("run " + std::to_string(i));
                                                  return static_cast<int>(i);
                                              }),
                         "run 2", std::invalid_argument);
    CHECK(mlp::run_experiments(0, [](std::size_t i) { return i; }).empty());
}
