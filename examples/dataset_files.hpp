// SPDX-License-Identifier: MIT
// dataset_files.hpp: how the generated files in datasets/ are made, shared by make_datasets.cpp
// (which writes them) and tests/test_dataset_files.cpp (which checks the committed files match).
#pragma once

#include <string>
#include <vector>

#include "mlp/mlp.hpp"

namespace dataset_files {

struct File {
    std::string path;  // relative to the repository root
    mlp::Dataset data;
    std::vector<std::string> header;
};

constexpr std::size_t kMoonsSamples = 1000;
constexpr double kMoonsNoise = 0.1;
constexpr std::uint32_t kMoonsSeed = 42;

inline std::vector<File> files() {
    mlp::Rng rng(kMoonsSeed);
    return {
        {"datasets/xor.csv", mlp::make_xor(), {"x1", "x2", "label"}},
        {"datasets/two_moons.csv", mlp::make_moons(kMoonsSamples, kMoonsNoise, rng), {"x1", "x2", "label"}},
    };
}

}  // namespace dataset_files
