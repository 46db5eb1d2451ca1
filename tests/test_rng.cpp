// SPDX-License-Identifier: MIT
// test_rng.cpp: the portable random numbers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <locale>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "mlp/core/rng.hpp"

TEST_CASE("Rng: the engine gives the standard's mt19937 numbers") {
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

TEST_CASE("Rng: the engine matches std::mt19937 draw for draw over several seeds") {
    for (std::uint32_t seed : {0u, 1u, 42u, 5489u, 0xFFFFFFFFu}) {
        CAPTURE(seed);
        mlp::Rng rng(seed);
        std::mt19937 engine(seed);
        int differ = 0;
        for (int k = 0; k < 3000; ++k) differ += rng.engine()() != engine() ? 1 : 0;  // crosses 4 twists
        CHECK(differ == 0);
    }
}

TEST_CASE("Rng: state() is the 624 words and the index, as documented") {
    mlp::Rng rng;  // seed 5489: words[0] = 5489, words[1] = 1812433253 (5489 ^ (5489 >> 30)) + 1
    const std::string fresh = rng.state();
    CHECK(fresh.rfind("5489 1301868182 ", 0) == 0);
    CHECK(fresh.substr(fresh.size() - 4) == " 624");  // the first draw twists
    CHECK(std::count(fresh.begin(), fresh.end(), ' ') == 624);
    rng.engine()();
    const std::string after = rng.state();
    CHECK(after.substr(after.size() - 2) == " 1");
}

TEST_CASE("Rng: state() round-trips, and the standard library's own mt19937 text reads as the same state") {
    for (std::uint32_t seed : {1u, 42u}) {
        for (int draws : {0, 1, 623, 624, 625, 1000}) {
            CAPTURE(seed);
            CAPTURE(draws);
            mlp::Rng rng(seed);
            std::mt19937 engine(seed);
            for (int k = 0; k < draws; ++k) {
                rng.engine()();
                engine();
            }
            // libstdc++ writes 625 numbers (this layout), libc++ 624 (the standard's form):
            // either way, the same next numbers.
            std::ostringstream text;
            text.imbue(std::locale::classic());
            text << engine;
            mlp::Rng from_library, from_state;
            from_library.set_state(text.str(), "test");
            from_state.set_state(rng.state(), "test");
            int differ = 0;
            for (int k = 0; k < 1500; ++k) {
                const std::uint32_t expected = engine();
                differ += from_library.engine()() != expected ? 1 : 0;
                differ += from_state.engine()() != expected ? 1 : 0;
                differ += rng.engine()() != expected ? 1 : 0;
            }
            CHECK(differ == 0);
        }
    }
}

TEST_CASE("Rng: set_state refuses what is not a state, and changes nothing then") {
    mlp::Rng rng(3);
    const std::string before = rng.state();
    const std::string words = before.substr(0, before.rfind(' '));  // 624 numbers
    CHECK_THROWS_WITH_AS(rng.set_state("1 2 3", "Dropout::set_state"),
                         "Dropout::set_state: expected a random generator's state (624 numbers below 2^32 and a "
                         "position from 0 to 624), got 3 numbers",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(rng.set_state(words + " 625", "who"), doctest::Contains("got the position 625 (625th number)"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(rng.set_state(words + " 1 2", "who"), doctest::Contains("got more than 625 numbers"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(rng.set_state("4294967296" + words.substr(words.find(' ')), "who"),
                         doctest::Contains("got 4294967296 as number 1"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(rng.set_state("12a" + words.substr(words.find(' ')), "who"),
                         doctest::Contains("got \"12a"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(rng.set_state("2,266,350,226" + words.substr(words.find(' ')), "who"),
                         doctest::Contains("got \"2,266,350,226"), std::invalid_argument);
    CHECK(rng.state() == before);
}
