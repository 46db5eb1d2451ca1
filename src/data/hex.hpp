// SPDX-License-Identifier: MIT
// hex.hpp (private to src/data): a 32-bit value written the way the readers' errors show magic
// numbers and checksums, "0x00000803", as a hex dump of the file would show them.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace mlp {

inline std::string hex32(std::uint32_t v) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(v));
    return text;
}

}  // namespace mlp
