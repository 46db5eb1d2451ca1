// SPDX-License-Identifier: MIT
// test_fashion_mnist.cpp: the Fashion-MNIST lesson's code on a few hundred images from the
// dataset-fashion-mnist package (skipped with a message where it is not installed): it learns
// well above chance in two short epochs, and the predictions, confusion matrix and pictures agree.
#include <doctest/doctest.h>

#include <filesystem>

#include "../examples/fashion_mnist_experiment.hpp"

namespace {

// The tests' slice: only the smaller test file is read (the 26 MB training file would dominate
// the time); its first 600 images train, the next 200 test. False, with a message, where the
// dataset-fashion-mnist package is not installed.
bool small_slice(fashion_mnist::Data& data) {
    const std::string dir = fashion_mnist::data_dir();
    if (!std::filesystem::exists(dir + "/t10k-images-idx3-ubyte.gz")) {
        MESSAGE("skipped: no Fashion-MNIST in " << dir << " (apt install dataset-fashion-mnist)");
        return false;
    }
    const mlp::Dataset first = mlp::read_idx(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz", 800);
    data = {{mlp::Tensor(600, 784), mlp::Tensor(600, 1)}, {mlp::Tensor(200, 784), mlp::Tensor(200, 1)}};
    for (std::size_t n = 0; n < 800; ++n) {
        mlp::Dataset& to = n < 600 ? data.train : data.test;
        const std::size_t row = n < 600 ? n : n - 600;
        for (std::size_t i = 0; i < 784; ++i) to.x(row, i) = first.x(n, i);
        to.y(row, 0) = first.y(n, 0);
    }
    return true;
}

}  // namespace

TEST_CASE("fashion_mnist: 600 training images, 2 epochs: test accuracy far above chance on 200 images, over 3 seeds") {
    fashion_mnist::Data data;
    if (!small_slice(data)) return;
    REQUIRE(data.train.x.rows() == 600);
    REQUIRE(data.test.x.rows() == 200);
    fashion_mnist::standardise(data);
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        fashion_mnist::Setup setup{.epochs = 2, .batch = 32, .lr = 0.05, .momentum = 0.9, .seed = seed};
        mlp::Rng rng(seed);
        mlp::Sequential model = fashion_mnist::make_model(rng);
        const std::vector<fashion_mnist::EpochReport> reports = fashion_mnist::train(model, data, setup);
        REQUIRE(reports.size() == 2);
        CHECK(reports[1].train_loss < reports[0].train_loss);
        // Chance is 10%; 600 images and two epochs give about 65-70%.
        CHECK(reports[1].test_accuracy > 0.55);
        const std::vector<std::size_t> predicted = fashion_mnist::predict(model, data.test.x);
        const mlp::ConfusionMatrix m = mlp::confusion_matrix(mlp::class_indices(data.test.y), predicted, 10);
        CHECK(m.accuracy() == doctest::Approx(reports[1].test_accuracy));
    }
    // The learning rate schedule: the peak at epoch 1, half way down at the middle.
    const fashion_mnist::Setup s{.epochs = 10, .batch = 64, .lr = 0.1, .momentum = 0.9, .seed = 1};
    CHECK(fashion_mnist::lr_at(s, 1) == doctest::Approx(0.1));
    CHECK(fashion_mnist::lr_at(s, 6) == doctest::Approx(0.05));
    // train() runs it through mlp::CosineAnnealingLR: each epoch reports the lr it trained at.
    fashion_mnist::Setup three = s;
    three.epochs = 3;
    mlp::Rng rng(1);
    mlp::Sequential model = fashion_mnist::make_model(rng);
    const std::vector<fashion_mnist::EpochReport> reports = fashion_mnist::train(model, data, three);
    for (std::size_t e = 1; e <= 3; ++e) CHECK(reports[e - 1].lr == doctest::Approx(fashion_mnist::lr_at(three, e)).epsilon(1e-12));
    three.cosine = false;
    CHECK(fashion_mnist::lr_at(three, 3) == 0.1);
}

TEST_CASE("fashion_mnist: the --compare rows change one thing each, and the verdicts follow the stated rule") {
    const fashion_mnist::Setup lesson;
    const std::vector<fashion_mnist::Variant> rows = fashion_mnist::compare_setups(lesson, 60000);
    REQUIRE(rows.size() == 6);
    CHECK_FALSE(rows[0].setup.cosine);
    CHECK(rows[1].setup.cosine);
    CHECK(rows[1].setup.optimizer == lesson.optimizer);
    CHECK(rows[2].setup.optimizer == "adam");
    CHECK(rows[3].setup.dropout == 0.2);
    CHECK(rows[4].setup.patience == 2);
    CHECK(rows[4].setup.validation == 5000);
    CHECK(rows[5].setup.seed != lesson.seed);
    for (std::size_t r = 1; r < rows.size(); ++r) CHECK(rows[r].baseline < r);
    // A change counts only beyond the seed noise.
    CHECK(fashion_mnist::verdict(0.7, 0.6) == "higher");
    CHECK(fashion_mnist::verdict(-0.7, 0.6) == "lower");
    CHECK(fashion_mnist::verdict(0.5, 0.6) == "within noise");
    CHECK(fashion_mnist::verdict(-0.6, 0.6) == "within noise");
    CHECK(fashion_mnist::as_expected("higher", "higher"));
    CHECK_FALSE(fashion_mnist::as_expected("higher", "within noise"));
    CHECK(fashion_mnist::as_expected("not lower", "within noise"));
    CHECK_FALSE(fashion_mnist::as_expected("not lower", "lower"));
}

TEST_CASE("fashion_mnist: Adam, dropout and early stopping train through mlp::Trainer on 600 images, over 3 seeds") {
    fashion_mnist::Data data;
    if (!small_slice(data)) return;
    fashion_mnist::standardise(data);
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        for (const fashion_mnist::Variant& v : fashion_mnist::compare_setups({.epochs = 2, .batch = 32, .seed = seed}, 600)) {
            CAPTURE(v.label);
            mlp::Rng rng(v.setup.seed);
            mlp::Sequential model = fashion_mnist::make_model(rng, v.setup.dropout);
            CHECK(model.size() == (v.setup.dropout > 0 ? 7u : 5u));
            fashion_mnist::Outcome outcome;
            const std::vector<fashion_mnist::EpochReport> reports = fashion_mnist::train(model, data, v.setup, nullptr, nullptr, &outcome);
            CHECK(reports.size() == outcome.epochs_run);
            CHECK(fashion_mnist::accuracy(fashion_mnist::predict(model, data.test.x), data.test.y) > 0.5);
        }
        // Early stopping with patience 1 over many epochs on 550 images stops, and says why.
        fashion_mnist::Setup early{.epochs = 30, .batch = 32, .seed = seed, .patience = 1, .validation = 50};
        mlp::Rng rng(seed);
        mlp::Sequential model = fashion_mnist::make_model(rng);
        fashion_mnist::Outcome outcome;
        fashion_mnist::train(model, data, early, nullptr, nullptr, &outcome);
        CHECK(outcome.stopped_early);
        CHECK(outcome.epochs_run == outcome.best_epoch + 1);
        CHECK(outcome.stop_reason.find("restored the weights of epoch " + std::to_string(outcome.best_epoch)) != std::string::npos);
    }
    fashion_mnist::Setup no_split{.epochs = 2, .patience = 2};
    mlp::Rng rng(1);
    mlp::Sequential model = fashion_mnist::make_model(rng);
    CHECK_THROWS_WITH_AS(fashion_mnist::train(model, data, no_split),
                         "fashion_mnist::train: expected a validation split of 1 to 599 images with patience, got 0",
                         std::invalid_argument);
}
