// SPDX-License-Identifier: MIT
// number_text.hpp: a double as text and back, the same on every platform: the shortest text
// that reads back to the identical double, and the one strict reader every file format uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlp {

// The shortest text that reads back to exactly this double ("0.1", "-0", "5e-324", "inf"):
// std::to_chars's shortest round-trip form, so model files, checkpoints, CSV files and specs
// such as "leaky_relu:0.2" keep every bit.
std::string format_number(double value);

// Reads all of `text` as one number, the nearest double to it (round half to even), bit for bit
// the same with every compiler and standard library, whatever the C locale's decimal point.
// Accepts what format_number writes and what std::from_chars accepts: an optional '-', digits
// with an optional '.', an optional exponent (e or E, optional sign, digits), and "inf",
// "infinity", "nan" in any case. Returns nothing for anything else: an empty text, spaces, a '+',
// hexadecimal, a trailing character, or a finite number beyond the range of double (1e400, or
// 1e-400, which would read as 0). Subnormals such as 5e-324 are read exactly.
std::optional<double> parse_number(std::string_view text);

}  // namespace mlp
