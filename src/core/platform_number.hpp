// SPDX-License-Identifier: MIT
// platform_number.hpp: the parts of number text that differ between platforms, declared once
// (platform_number.cpp). Not installed: the library's own business.
#pragma once
#include <string>

namespace mlp {

// The shortest text that reads back to exactly `value`, as std::to_chars writes it; where the
// standard library has no floating-point to_chars (emscripten 3.1's libc++), the same text
// built by shortest_text_without_to_chars.
std::string shortest_text(double value);

// The same text built from snprintf and strtod: fixed or scientific, whichever is shorter, fixed
// on a tie. Natively it is only tested against to_chars.
std::string shortest_text_without_to_chars(double value);

// strtod under the "C" locale, whatever the program's locale: strtod reads the decimal point of
// the current C locale (after setlocale(LC_ALL, "de_DE") it would read "0.5" as 0).
double strtod_classic(const char* text, char** end);

}  // namespace mlp
