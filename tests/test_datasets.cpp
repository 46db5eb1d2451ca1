// SPDX-License-Identifier: MIT
// test_datasets.cpp: generators, one-hot, stratified split and the standardiser.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "mlp/data/datasets.hpp"

using mlp::Tensor;

TEST_CASE("make_xor: the four points and their labels") {
    const mlp::Dataset d = mlp::make_xor();
    CHECK(d.x == Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
    CHECK(d.y == Tensor::from_rows({{0}, {1}, {1}, {0}}));
}

TEST_CASE("make_moons: without noise every point lies on its half circle, half per class") {
    mlp::Rng rng(1);
    const mlp::Dataset d = mlp::make_moons(101, 0.0, rng);
    REQUIRE(d.x.rows() == 101);
    std::size_t ones = 0;
    for (std::size_t n = 0; n < d.x.rows(); ++n) {
        const double x = d.x(n, 0), y = d.x(n, 1);
        if (d.y(n, 0) == 0.0) {
            CHECK(x * x + y * y == doctest::Approx(1.0));  // (cos t, sin t)
            CHECK(y >= -1e-12);
        } else {
            ++ones;  // (1 - cos t, 1 - sin t - 0.5): a unit circle centred on (1, 0.5)
            CHECK((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) == doctest::Approx(1.0));
            CHECK(y <= 0.5 + 1e-12);
        }
    }
    CHECK(ones == 51);  // sklearn: n_out = n / 2, n_in = n - n_out
}

TEST_CASE("make_moons: the end points of sklearn's linspace are present and the data is shuffled") {
    mlp::Rng rng(2);
    const mlp::Dataset d = mlp::make_moons(10, 0.0, rng);
    bool has_outer_start = false, has_inner_end = false;
    for (std::size_t n = 0; n < 10; ++n) {
        if (d.x(n, 0) == doctest::Approx(1.0) && std::abs(d.x(n, 1)) < 1e-12) has_outer_start = true;
        if (d.x(n, 0) == doctest::Approx(2.0) && d.x(n, 1) == doctest::Approx(0.5)) has_inner_end = true;
    }
    CHECK(has_outer_start);
    CHECK(has_inner_end);
    bool sorted = true;
    for (std::size_t n = 1; n < 10; ++n) sorted = sorted && d.y(n, 0) >= d.y(n - 1, 0);
    CHECK_FALSE(sorted);
}

TEST_CASE("generators: the same seed gives the same data") {
    mlp::Rng a(7), b(7);
    CHECK(mlp::make_moons(50, 0.1, a).x == mlp::make_moons(50, 0.1, b).x);
    CHECK(mlp::make_spirals(60, 3, 0.2, a).x == mlp::make_spirals(60, 3, 0.2, b).x);
}

TEST_CASE("make_circles, make_spirals, make_blobs: shapes and class counts") {
    mlp::Rng rng(3);
    const mlp::Dataset c = mlp::make_circles(40, 0.0, rng, 0.5);
    for (std::size_t n = 0; n < 40; ++n) {
        const double r = std::hypot(c.x(n, 0), c.x(n, 1));
        CHECK(r == doctest::Approx(c.y(n, 0) == 0.0 ? 1.0 : 0.5));
    }
    const mlp::Dataset s = mlp::make_spirals(100, 3, 0.0, rng);
    CHECK(s.x.rows() == 100);
    CHECK(mlp::class_count(s.y) == 3);
    for (std::size_t n = 0; n < 100; ++n) CHECK(std::hypot(s.x(n, 0), s.x(n, 1)) <= 1.0 + 1e-12);
    const mlp::Dataset b = mlp::make_blobs(90, 4, 0.5, rng);
    CHECK(b.x.shape() == "(90, 2)");
    CHECK(mlp::class_count(b.y) == 4);
    CHECK_THROWS_WITH_AS(mlp::make_spirals(10, 0, 0.1, rng), "make_spirals: expected arms > 0, got 0",
                         std::invalid_argument);
}

TEST_CASE("one_hot: rows with a single 1, and labels out of range are refused") {
    const Tensor y = Tensor::from_rows({{2}, {0}, {1}});
    CHECK(mlp::one_hot(y, 3) == Tensor::from_rows({{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}));
    CHECK_THROWS_WITH_AS(mlp::one_hot(y, 2), "one_hot: expected labels in [0, 2), got 2 in row 0",
                         std::invalid_argument);
    CHECK_THROWS_AS(mlp::one_hot(Tensor::from_rows({{0.5}}), 2), std::invalid_argument);
}

TEST_CASE("train_test_split: stratified, disjoint, complete and seeded") {
    mlp::Dataset d{Tensor(100, 1), Tensor(100, 1)};
    for (std::size_t n = 0; n < 100; ++n) {
        d.x(n, 0) = static_cast<double>(n);
        d.y(n, 0) = n < 80 ? 0.0 : 1.0;  // 80 of class 0, 20 of class 1
    }
    mlp::Rng rng(5);
    const mlp::Split s = mlp::train_test_split(d, 0.25, rng);
    CHECK(s.train.x.rows() == 75);
    CHECK(s.test.x.rows() == 25);
    std::size_t test_ones = 0;
    std::vector<int> seen(100, 0);
    for (std::size_t n = 0; n < 25; ++n) {
        test_ones += s.test.y(n, 0) == 1.0 ? 1 : 0;
        ++seen[static_cast<std::size_t>(s.test.x(n, 0))];
        CHECK(s.test.y(n, 0) == (s.test.x(n, 0) < 80 ? 0.0 : 1.0));  // labels travel with their rows
    }
    for (std::size_t n = 0; n < 75; ++n) ++seen[static_cast<std::size_t>(s.train.x(n, 0))];
    CHECK(test_ones == 5);  // 25% of each class
    for (int count : seen) CHECK(count == 1);
    mlp::Rng again(5);
    CHECK(mlp::train_test_split(d, 0.25, again).test.x == s.test.x);
    CHECK_THROWS_WITH_AS(mlp::train_test_split(d, 1.0, rng),
                         "train_test_split: expected 0 < test_fraction < 1, got 1.000000", std::invalid_argument);
}

TEST_CASE("Standardizer: mean 0 and std 1 on the fitted data; constant columns only centred") {
    const Tensor train = Tensor::from_rows({{1, 5, 10}, {3, 5, 20}, {5, 5, 30}});
    mlp::Standardizer s;
    const Tensor z = s.fit_transform(train);
    CHECK(s.mean()[0] == doctest::Approx(3.0));
    CHECK(s.stddev()[0] == doctest::Approx(std::sqrt(8.0 / 3.0)));
    CHECK(s.stddev()[1] == 0.0);
    for (std::size_t n = 0; n < 3; ++n) {
        CHECK(z(n, 1) == 0.0);  // constant column: centred, not NaN
        CHECK(std::isfinite(z(n, 0)));
    }
    CHECK(z(0, 0) + z(1, 0) + z(2, 0) == doctest::Approx(0.0));
    CHECK(z(0, 2) * z(0, 2) + z(1, 2) * z(1, 2) + z(2, 2) * z(2, 2) == doctest::Approx(3.0));
    // Test data is transformed with the training statistics, not its own.
    const Tensor t = s.transform(Tensor::from_rows({{3, 7, 20}}));
    CHECK(t(0, 0) == doctest::Approx(0.0));
    CHECK(t(0, 1) == doctest::Approx(2.0));
    CHECK_THROWS_WITH_AS(s.transform(Tensor(1, 2)), "Standardizer::transform: expected 3 columns, got (1, 2)",
                         std::invalid_argument);
}
