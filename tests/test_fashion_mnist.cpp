// SPDX-License-Identifier: MIT
// test_fashion_mnist.cpp: the Fashion-MNIST lesson's code on a few hundred images from the
// dataset-fashion-mnist package (skipped with a message where it is not installed): it learns
// well above chance in two short epochs, and the predictions, confusion matrix and pictures agree.
#include <doctest/doctest.h>

#include <filesystem>

#include "../examples/fashion_mnist_experiment.hpp"

TEST_CASE("fashion_mnist: 600 training images, 2 epochs: test accuracy far above chance on 200 images, over 3 seeds") {
    const std::string dir = fashion_mnist::data_dir();
    if (!std::filesystem::exists(dir + "/t10k-images-idx3-ubyte.gz")) {
        MESSAGE("skipped: no Fashion-MNIST in " << dir << " (apt install dataset-fashion-mnist)");
        return;
    }
    // Only the smaller test file is read (the 26 MB training file would dominate the time): its
    // first 600 images train, the next 200 test.
    const mlp::Dataset first = mlp::read_idx(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz", 800);
    fashion_mnist::Data data{{mlp::Tensor(600, 784), mlp::Tensor(600, 1)}, {mlp::Tensor(200, 784), mlp::Tensor(200, 1)}};
    for (std::size_t n = 0; n < 800; ++n) {
        mlp::Dataset& to = n < 600 ? data.train : data.test;
        const std::size_t row = n < 600 ? n : n - 600;
        for (std::size_t i = 0; i < 784; ++i) to.x(row, i) = first.x(n, i);
        to.y(row, 0) = first.y(n, 0);
    }
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
}
