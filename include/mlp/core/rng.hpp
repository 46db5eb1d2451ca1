// SPDX-License-Identifier: MIT
// rng.hpp: the project's random numbers, the same for a given seed under every standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace mlp {

// std::mt19937 is specified bit for bit by the C++ standard, but std::uniform_real_distribution
// and std::normal_distribution are not: libstdc++, libc++ and MSVC turn the same engine output
// into different numbers. So the engine is the standard one and every draw on top of it is ours.
class Rng {
public:
    explicit Rng(std::uint32_t seed = 5489u) : engine_(seed) {}

    // Uniform in [0, 1) with 53 random bits (two 32-bit draws: 27 high bits and 26 low bits).
    double uniform();
    // Uniform in [lo, hi).
    double uniform(double lo, double hi);
    // Standard normal by the Box-Muller transform; each call uses two uniforms and keeps no
    // spare value, so the whole state of an Rng is its engine.
    double normal();
    double normal(double mean, double stddev);
    // Uniform integer in [0, n), unbiased (rejection sampling); n must be > 0.
    std::size_t index(std::size_t n);
    // Fisher-Yates shuffle of v using index().
    template <typename T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t k = v.size(); k > 1; --k) std::swap(v[k - 1], v[index(k)]);
    }

    // The engine, for saving and restoring the exact state (operator<< and >> on mt19937).
    std::mt19937& engine() { return engine_; }
    const std::mt19937& engine() const { return engine_; }

private:
    std::mt19937 engine_;
};

}  // namespace mlp
