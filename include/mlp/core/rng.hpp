// SPDX-License-Identifier: MIT
// rng.hpp: the project's random numbers, the same for a given seed under every standard library.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlp {

// MT19937 (Matsumoto and Nishimura, 1998), written out here so that its state is ours to save:
// the same numbers as std::mt19937 (the C++ standard fixes them bit for bit), but the standard's
// text form of the state is not what libstdc++ writes, and libc++ reads libstdc++'s text as
// another state. This engine's state is its 624 words and the index of the next one to use,
// laid out as libstdc++ lays out its own (words twisted a block at a time; index 624 means
// "twist before the next draw").
class Mt19937 {
public:
    using result_type = std::uint32_t;
    static constexpr std::size_t kWords = 624;

    explicit Mt19937(std::uint32_t seed = 5489u);
    // The next 32-bit number (tempered word; twists all 624 words when they are used up).
    std::uint32_t operator()();
    static constexpr std::uint32_t min() { return 0; }
    static constexpr std::uint32_t max() { return 0xFFFFFFFFu; }

    std::array<std::uint32_t, kWords> words{};
    std::size_t index = kWords;  // 0..624
};

// The standard engine's draws are portable, but std::uniform_real_distribution and
// std::normal_distribution are not: libstdc++, libc++ and MSVC turn the same engine output into
// different numbers. So every draw on top of the engine is ours too.
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

    // The engine: raw 32-bit draws.
    Mt19937& engine() { return engine_; }
    const Mt19937& engine() const { return engine_; }

    // The state as text, the same in every build: the 624 words in decimal, then the index
    // (625 numbers, one space apart; what libstdc++'s operator<< writes for std::mt19937 too).
    std::string state() const;
    // Reads state() back. Also reads 624 numbers, the C++ standard's text form of std::mt19937
    // (the last 624 words, oldest first; what libc++ writes), so files written by older builds
    // with either library load. Throws std::invalid_argument naming `who`, the expected form and
    // what came; on failure the generator is unchanged.
    void set_state(std::string_view text, const std::string& who);

private:
    Mt19937 engine_;
};

}  // namespace mlp
