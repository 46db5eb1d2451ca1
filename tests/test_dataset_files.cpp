// SPDX-License-Identifier: MIT
// test_dataset_files.cpp: the generated files in datasets/ are exactly what the generators make
// today, and the real data sets load with the shapes their README states.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include "../examples/dataset_files.hpp"

TEST_CASE("datasets/: xor.csv and two_moons.csv match their generators byte for byte") {
    for (const dataset_files::File& f : dataset_files::files()) {
        CAPTURE(f.path);
        std::ifstream in(std::string(MLP_SOURCE_DIR) + "/" + f.path, std::ios::binary);
        REQUIRE(in);
        const std::string on_disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
#if defined(_WIN32)
        // MinGW's sin and cos (the generator's half circles) may round the last bit differently from
        // glibc's, with which the files were made: here the values agree to a few units in the last
        // place, and the labels exactly.
        const mlp::Dataset read = mlp::read_csv(std::string(MLP_SOURCE_DIR) + "/" + f.path);
        REQUIRE(read.x.shape() == f.data.x.shape());
        REQUIRE(read.y.shape() == f.data.y.shape());
        for (std::size_t k = 0; k < read.x.size(); ++k) {
            CAPTURE(k);
            CHECK(std::abs(read.x[k] - f.data.x[k]) <= 1e-15 * std::max(1.0, std::abs(f.data.x[k])));
        }
        for (std::size_t k = 0; k < read.y.size(); ++k) CHECK(read.y[k] == f.data.y[k]);
#else
        CHECK(on_disk == mlp::to_csv(f.data, f.header));
#endif
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
