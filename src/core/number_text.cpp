// SPDX-License-Identifier: MIT
// number_text.cpp: format_number (the shortest round-trip text) and parse_number (a strict
// grammar check, then the C library's correctly rounded strtod under the "C" locale). What
// differs between platforms is in platform_number.cpp.
#include "mlp/core/number_text.hpp"

#include "platform_number.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace mlp {

std::string format_number(double value) {
    if (std::isnan(value)) return "nan";  // never "-nan": a NaN's sign bit means nothing to a reader
    return shortest_text(value);
}

namespace {

bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

bool equals_ignoring_case(std::string_view text, std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t k = 0; k < text.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(text[k])) != word[k]) return false;
    return true;
}

// Where the grammar of a decimal number ([digits][.digits][(e|E)[+|-]digits], at least one
// mantissa digit) holds for the whole of `text` (after the sign), and whether a digit other
// than 0 appears in the mantissa (so a result of 0 means underflow).
struct Shape {
    bool valid = false;
    bool nonzero = false;
};

Shape decimal_shape(std::string_view text) {
    Shape shape;
    std::size_t k = 0, digits = 0;
    for (; k < text.size() && is_digit(text[k]); ++k, ++digits) shape.nonzero |= text[k] != '0';
    if (k < text.size() && text[k] == '.')
        for (++k; k < text.size() && is_digit(text[k]); ++k, ++digits) shape.nonzero |= text[k] != '0';
    if (digits == 0) return shape;
    if (k < text.size() && (text[k] == 'e' || text[k] == 'E')) {
        ++k;
        if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
        std::size_t exponent_digits = 0;
        for (; k < text.size() && is_digit(text[k]); ++k) ++exponent_digits;
        if (exponent_digits == 0) return shape;
    }
    shape.valid = k == text.size();
    return shape;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
    const bool negative = !text.empty() && text[0] == '-';
    const std::string_view body = negative ? text.substr(1) : text;
    const double sign = negative ? -1.0 : 1.0;
    if (equals_ignoring_case(body, "inf") || equals_ignoring_case(body, "infinity"))
        return sign * std::numeric_limits<double>::infinity();
    if (equals_ignoring_case(body, "nan")) return std::copysign(std::numeric_limits<double>::quiet_NaN(), sign);

    const Shape shape = decimal_shape(body);
    if (!shape.valid) return std::nullopt;
    // strtod needs a terminating '\0', which a string_view does not promise: copy the text, on
    // the stack when it is as short as the numbers format_number writes (at most 24 characters).
    char buffer[64];
    std::string long_text;
    const char* begin = buffer;
    if (text.size() < sizeof buffer) {
        std::memcpy(buffer, text.data(), text.size());
        buffer[text.size()] = '\0';
    } else {
        long_text.assign(text);
        begin = long_text.c_str();
    }
    char* end = nullptr;
    const double value = strtod_classic(begin, &end);
    if (end != begin + text.size()) return std::nullopt;  // cannot happen after the grammar check
    if (std::isinf(value) || (value == 0.0 && shape.nonzero)) return std::nullopt;  // out of range
    return value;
}

}  // namespace mlp
