// SPDX-License-Identifier: MIT
// rng.cpp: portable uniform, normal and integer draws on top of std::mt19937.
#include "mlp/core/rng.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace mlp {

double Rng::uniform() {
    // (a * 2^26 + b) / 2^53 with a 27-bit a and a 26-bit b: every double in [0, 1) that is a
    // multiple of 2^-53, equally likely (the construction of MT's own genrand_res53).
    const std::uint32_t a = engine_() >> 5;
    const std::uint32_t b = engine_() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double Rng::normal() {
    // Box-Muller: for u1 in (0, 1] and u2 in [0, 1), sqrt(-2 ln u1) cos(2 pi u2) ~ N(0, 1).
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::normal(double mean, double stddev) { return mean + stddev * normal(); }

std::size_t Rng::index(std::size_t n) {
    if (n == 0) throw std::invalid_argument("Rng::index: expected n > 0, got 0");
    if (n > 0xFFFFFFFFull) throw std::invalid_argument("Rng::index: n must fit in 32 bits");
    // Reject draws from the incomplete last block of size n so every index is equally likely.
    const std::uint64_t range = 0x100000000ull;
    const std::uint64_t limit = range - range % n;
    std::uint64_t r = engine_();
    while (r >= limit) r = engine_();
    return static_cast<std::size_t>(r % n);
}

}  // namespace mlp
