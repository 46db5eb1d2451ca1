// SPDX-License-Identifier: MIT
// rng.cpp: the MT19937 engine, its portable text form, and uniform, normal and integer draws.
#include "mlp/core/rng.hpp"

#include <charconv>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace mlp {

// Seeding, as the C++ standard ([rand.eng.mers]) and the reference code do:
//   x[0] = seed,  x[k] = 1812433253 (x[k-1] xor (x[k-1] >> 30)) + k   (mod 2^32)
Mt19937::Mt19937(std::uint32_t seed) {
    words[0] = seed;
    for (std::size_t k = 1; k < kWords; ++k)
        words[k] = 1812433253u * (words[k - 1] ^ (words[k - 1] >> 30)) + static_cast<std::uint32_t>(k);
    index = kWords;
}

std::uint32_t Mt19937::operator()() {
    constexpr std::size_t n = kWords, m = 397;
    constexpr std::uint32_t upper = 0x80000000u, lower = 0x7FFFFFFFu, a = 0x9908B0DFu;
    if (index >= n) {
        // The twist, in place: x[k] = x[k+m] xor (y >> 1) xor (a if y is odd), where y joins the
        // top bit of x[k] and the low 31 bits of x[k+1] (indices mod 624; later k see the new
        // words of earlier k, which is the recurrence x[k+624] = f(x[k], x[k+1], x[k+397])).
        for (std::size_t k = 0; k < n; ++k) {
            const std::uint32_t y = (words[k] & upper) | (words[(k + 1) % n] & lower);
            words[k] = words[(k + m) % n] ^ (y >> 1) ^ ((y & 1u) != 0 ? a : 0u);
        }
        index = 0;
    }
    // Tempering, the standard's constants u=11, s=7 b=0x9d2c5680, t=15 c=0xefc60000, l=18.
    std::uint32_t z = words[index++];
    z ^= z >> 11;
    z ^= (z << 7) & 0x9D2C5680u;
    z ^= (z << 15) & 0xEFC60000u;
    z ^= z >> 18;
    return z;
}

std::string Rng::state() const {
    std::string out;
    out.reserve(Mt19937::kWords * 11 + 4);
    for (std::uint32_t w : engine_.words) out += std::to_string(w) + " ";
    out += std::to_string(engine_.index);
    return out;
}

void Rng::set_state(std::string_view text, const std::string& who) {
    // Whitespace-separated decimal numbers, read without streams (so no locale can group digits).
    std::vector<std::uint64_t> numbers;
    numbers.reserve(Mt19937::kWords + 1);
    auto fail = [&](const std::string& got) {
        throw std::invalid_argument(who + ": expected a random generator's state (624 numbers below 2^32 and a "
                                          "position from 0 to 624), got " + got);
    };
    for (std::size_t at = 0; at < text.size();) {
        if (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r') {
            ++at;
            continue;
        }
        if (numbers.size() == Mt19937::kWords + 1) fail("more than 625 numbers");
        std::uint64_t value = 0;
        const std::from_chars_result read = std::from_chars(text.data() + at, text.data() + text.size(), value);
        const std::size_t stop = static_cast<std::size_t>(read.ptr - text.data());
        if (read.ec != std::errc() || (stop < text.size() && text[stop] != ' ' && text[stop] != '\t' &&
                                  text[stop] != '\n' && text[stop] != '\r'))
            fail("\"" + std::string(text.substr(at, 40)) + "\" as number " + std::to_string(numbers.size() + 1));
        if (value > 0xFFFFFFFFull) fail(std::string(text.substr(at, stop - at)) + " as number " + std::to_string(numbers.size() + 1));
        numbers.push_back(value);
        at = stop;
    }
    if (numbers.size() != Mt19937::kWords && numbers.size() != Mt19937::kWords + 1)
        fail(std::to_string(numbers.size()) + " numbers");
    Mt19937 engine;
    for (std::size_t k = 0; k < Mt19937::kWords; ++k) engine.words[k] = static_cast<std::uint32_t>(numbers[k]);
    // 624 numbers: the standard's form, the words just used, so the next draw twists first.
    engine.index = numbers.size() == Mt19937::kWords ? Mt19937::kWords : static_cast<std::size_t>(numbers.back());
    if (engine.index > Mt19937::kWords) fail("the position " + std::to_string(numbers.back()) + " (625th number)");
    engine_ = engine;
}

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
