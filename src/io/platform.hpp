// SPDX-License-Identifier: MIT
// platform.hpp: what the native and web (emscripten) builds cannot share, declared once
// (platform.cpp). Not installed: the library's own business.
#pragma once
#include <string>

namespace mlp {

// The text std::to_chars(first, last, value) writes (the shortest that reads back to the same
// double, fixed or scientific, whichever is shorter, fixed on a tie), built from snprintf and
// strtod: for a standard library without floating-point to_chars (emscripten 3.1's libc++).
// format_number uses it there; natively it is only tested against to_chars.
std::string shortest_text_without_to_chars(double value);

}  // namespace mlp
