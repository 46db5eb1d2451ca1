// SPDX-License-Identifier: MIT
// fixtures.hpp: reading the reference numbers in tests/fixtures/ (written by the scripts there).
#pragma once

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fixtures {

inline std::string path(const std::string& name) {
    return std::string(MLP_SOURCE_DIR) + "/tests/fixtures/" + name;
}

// Lines of a fixture file, without comment lines (starting with '#').
inline std::vector<std::string> lines(const std::string& name) {
    std::ifstream in(path(name));
    if (!in) throw std::runtime_error("cannot open fixture " + path(name));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') out.push_back(line);
    return out;
}

inline std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::stringstream ss(s);
    for (std::string part; std::getline(ss, part, sep);) parts.push_back(part);
    return parts;
}

inline std::vector<double> numbers(const std::string& s) {
    std::vector<double> out;
    for (const std::string& part : split(s, ' ')) out.push_back(std::stod(part));
    return out;
}

// |a - b| / max(|a|, |b|), and 0 when both are exactly 0.
inline double relative_difference(double a, double b) {
    const double scale = std::max(std::abs(a), std::abs(b));
    return scale == 0.0 ? 0.0 : std::abs(a - b) / scale;
}

}  // namespace fixtures
