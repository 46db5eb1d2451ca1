// SPDX-License-Identifier: MIT
// platform_number.cpp: every platform branch of number text, so number_text.cpp has none:
// to_chars where the standard library has it, strtod under the "C" locale with each system's
// locale object.
#include "platform_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <locale.h>  // newlocale (POSIX), _create_locale (Windows)
#include <stdlib.h>  // strtod_l (POSIX 2024, glibc, musl, the BSDs), _strtod_l (Windows)
#if defined(__APPLE__) || defined(__FreeBSD__)
#include <xlocale.h>  // where macOS and FreeBSD declare strtod_l
#endif

namespace mlp {

std::string shortest_text(double value) {
#if defined(__EMSCRIPTEN__)
    return shortest_text_without_to_chars(value);  // its libc++ has no floating-point to_chars
#else
    char buffer[64];  // the longest shortest form, "-2.2250738585072014e-308", has 24 characters
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
#endif
}

// The "C" locale object is created once, on first use, and never freed (it lives as long as
// the program).
#if defined(_WIN32)
double strtod_classic(const char* text, char** end) {
    static const _locale_t c_locale = _create_locale(LC_ALL, "C");
    return _strtod_l(text, end, c_locale);
}
#else
double strtod_classic(const char* text, char** end) {
    static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
    return strtod_l(text, end, c_locale);
}
#endif

// The shortest digits first: the fewest significant digits p (1 to 17; 17 always round-trip a
// double) whose "%.{p-1}e" text reads back as `value`. Then the two layouts to_chars chooses
// between, from those digits d1 d2 ... dp and the decimal exponent e (value = d1.d2...dp 10^e):
//   scientific  d1[.d2...dp]e+XX   (the exponent's sign always, at least two digits)
//   fixed       the digits with the point moved e places (an integer: its exact digits)
// and the shorter of the two, fixed on a tie (the C++ standard's rule for to_chars).
std::string shortest_text_without_to_chars(double value) {
    if (std::isnan(value)) return std::signbit(value) ? "-nan" : "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (value == 0.0) return std::signbit(value) ? "-0" : "0";
    char text[320];  // "%.0f" of the largest double has 309 digits
    for (int p = 1; p <= 17; ++p) {
        std::snprintf(text, sizeof text, "%.*e", p - 1, value);
        if (std::strtod(text, nullptr) == value) break;
    }
    const std::string s = text;  // "-1.2345e-05"
    const bool negative = s[0] == '-';
    const std::size_t e_at = s.find('e');
    std::string digits;
    for (std::size_t k = negative ? 1 : 0; k < e_at; ++k)
        if (s[k] != '.') digits += s[k];
    const int exponent = std::atoi(s.c_str() + e_at + 1);
    const int count = static_cast<int>(digits.size());

    std::string scientific = digits.substr(0, 1);
    if (count > 1) scientific += "." + digits.substr(1);
    const int magnitude = exponent < 0 ? -exponent : exponent;
    scientific += std::string(exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + std::to_string(magnitude);

    std::string fixed;
    if (exponent < 0) {
        fixed = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    } else if (exponent + 1 >= count) {
        // An integer: to_chars writes its exact digits (..776, not the shortest digits padded
        // with zeros, ..780); "%.0f" prints them, the same number of characters.
        std::snprintf(text, sizeof text, "%.0f", value < 0 ? -value : value);
        fixed = text;
    } else {
        fixed = digits.substr(0, static_cast<std::size_t>(exponent + 1)) + "." +
                digits.substr(static_cast<std::size_t>(exponent + 1));
    }
    return (negative ? "-" : "") + (fixed.size() <= scientific.size() ? fixed : scientific);
}

}  // namespace mlp
