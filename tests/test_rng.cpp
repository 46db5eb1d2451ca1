// SPDX-License-Identifier: MIT
// test_rng.cpp: the portable random numbers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "mlp/core/rng.hpp"

TEST_CASE("Rng: the engine is the standard's mt19937") {
    // The C++ standard fixes the 10000th output of a default-seeded mt19937 ([rand.predef]).
    mlp::Rng rng;
    for (int k = 1; k < 10000; ++k) rng.engine()();
    CHECK(rng.engine()() == 4123659995u);
}

TEST_CASE("Rng: uniform() is built from two engine draws as documented") {
    mlp::Rng rng(42);
    std::mt19937 engine(42);
    for (int k = 0; k < 5; ++k) {
        const double a = engine() >> 5, b = engine() >> 6;
        CHECK(rng.uniform() == (a * 67108864.0 + b) / 9007199254740992.0);
    }
}

TEST_CASE("Rng: the same seed gives the same numbers, another seed others") {
    mlp::Rng a(7), b(7), c(8);
    for (int k = 0; k < 100; ++k) {
        const double x = a.normal();
        CHECK(x == b.normal());
        if (k == 0) CHECK(x != c.normal());
    }
}

TEST_CASE("Rng: uniform and normal have the right moments") {
    mlp::Rng rng(3);
    const int n = 200000;
    double sum_u = 0, sum_n = 0, sum_n2 = 0, lo = 1, hi = 0;
    for (int k = 0; k < n; ++k) {
        const double u = rng.uniform();
        lo = std::min(lo, u);
        hi = std::max(hi, u);
        sum_u += u;
        const double z = rng.normal(2.0, 3.0);
        sum_n += z;
        sum_n2 += z * z;
    }
    CHECK(lo >= 0.0);
    CHECK(hi < 1.0);
    CHECK(sum_u / n == doctest::Approx(0.5).epsilon(0.01));
    const double mean = sum_n / n;
    CHECK(mean == doctest::Approx(2.0).epsilon(0.01));
    CHECK(std::sqrt(sum_n2 / n - mean * mean) == doctest::Approx(3.0).epsilon(0.01));
}

TEST_CASE("Rng: index() covers [0, n) evenly and refuses n = 0") {
    mlp::Rng rng(5);
    std::vector<int> counts(7, 0);
    for (int k = 0; k < 70000; ++k) ++counts[rng.index(7)];
    for (int c : counts) CHECK(std::abs(c - 10000) < 500);
    CHECK_THROWS_WITH_AS(rng.index(0), "Rng::index: expected n > 0, got 0", std::invalid_argument);
}

TEST_CASE("Rng: shuffle is a seeded permutation") {
    std::vector<int> v(50), w;
    std::iota(v.begin(), v.end(), 0);
    w = v;
    mlp::Rng a(11), b(11);
    a.shuffle(v);
    b.shuffle(w);
    CHECK(v == w);
    std::vector<int> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    for (int k = 0; k < 50; ++k) CHECK(sorted[k] == k);
    CHECK(!std::is_sorted(v.begin(), v.end()));
}
