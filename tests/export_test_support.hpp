// SPDX-License-Identifier: MIT
// export_test_support.hpp: running a file export_pytorch wrote, for the tests that export
// (test_export_pytorch, test_batch_norm): where torch is missing the run is skipped, not failed.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

inline bool torch_available() { return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0; }

inline std::string file_text(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Runs the exported file, whose last lines compare PyTorch's outputs with mlp's.
inline void check_export_reproduces(const std::string& path) {
    if (!torch_available()) {
        MESSAGE("skipped running the export: /usr/bin/python3 cannot import torch (apt install python3-torch)");
        return;
    }
    CHECK(std::system(("/usr/bin/python3 " + path + " > " + path + ".out 2>&1").c_str()) == 0);
    const std::string printed = file_text(path + ".out");
    CAPTURE(printed);
    CHECK(printed.find("PyTorch reproduces mlp's outputs") != std::string::npos);
}
