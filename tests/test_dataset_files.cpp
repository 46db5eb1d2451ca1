// SPDX-License-Identifier: MIT
// test_dataset_files.cpp: the generated files in datasets/ are exactly what the generators make
// today, and the real data sets load with the shapes their README states.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "../examples/dataset_files.hpp"

TEST_CASE("datasets/: xor.csv and two_moons.csv match their generators byte for byte") {
    for (const dataset_files::File& f : dataset_files::files()) {
        CAPTURE(f.path);
        std::ifstream in(std::string(MLP_SOURCE_DIR) + "/" + f.path, std::ios::binary);
        REQUIRE(in);
        const std::string on_disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(on_disk == mlp::to_csv(f.data, f.header));
    }
}

TEST_CASE("datasets/: the real data sets load with the documented shapes") {
    const std::string dir = std::string(MLP_SOURCE_DIR) + "/datasets/";
    const mlp::Dataset iris = mlp::read_csv(dir + "iris.csv");
    CHECK(iris.x.shape() == "(150, 4)");
    CHECK(mlp::class_count(iris.y) == 3);
    const mlp::Dataset cancer = mlp::read_csv(dir + "breast_cancer.csv");
    CHECK(cancer.x.shape() == "(569, 30)");
    CHECK(mlp::class_count(cancer.y) == 2);
    const mlp::Dataset digits = mlp::read_csv(dir + "digits.csv", std::string("digit"));
    CHECK(digits.x.shape() == "(1797, 64)");
    CHECK(mlp::class_count(digits.y) == 10);
}
