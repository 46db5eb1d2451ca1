// SPDX-License-Identifier: MIT
// json_text.hpp: the few pieces of JSON the playground hands to its page. Numbers go through
// mlp::format_number (shortest text that reads back to the same double); NaN and infinities,
// which JSON cannot spell, become null.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "mlp/core/tensor.hpp"
#include "mlp/core/number_text.hpp"

namespace web {

inline std::string json_number(double v) { return std::isfinite(v) ? mlp::format_number(v) : "null"; }

inline std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (ch == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(ch) < 0x20) {
            out += ' ';
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

inline std::string json_numbers(const std::vector<double>& v) {
    std::string out = "[";
    for (std::size_t k = 0; k < v.size(); ++k) out += (k ? "," : "") + json_number(v[k]);
    return out + "]";
}

// A tensor as its rows: [[...], [...]].
inline std::string json_tensor(const mlp::Tensor& t) {
    std::string out = "[";
    for (std::size_t r = 0; r < t.rows(); ++r) {
        out += r ? ",[" : "[";
        for (std::size_t c = 0; c < t.cols(); ++c) out += (c ? "," : "") + json_number(t(r, c));
        out += "]";
    }
    return out + "]";
}

}  // namespace web
