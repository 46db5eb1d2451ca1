// SPDX-License-Identifier: MIT
// fuzz_csv.cpp: libFuzzer target for the CSV reader. Each input is parsed as CSV text in memory
// (read_csv_from_string, the same parser read_csv runs over a file): it must either load or be
// refused with mlp::CsvError; anything else (a crash, a sanitizer report, another exception) is
// a bug. A loaded set must be consistent: one label per row, labels non-negative integers,
// features finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mlp/data/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    mlp::Dataset loaded;
    try {
        loaded = mlp::read_csv_from_string(text, "fuzz");
    } catch (const mlp::CsvError&) {
        return 0;
    }
    if (loaded.x.rows() != loaded.y.rows() || loaded.x.rows() == 0 || loaded.y.cols() != 1) std::abort();
    for (std::size_t k = 0; k < loaded.x.size(); ++k)
        if (!std::isfinite(loaded.x[k])) std::abort();
    for (std::size_t n = 0; n < loaded.y.rows(); ++n)
        if (loaded.y(n, 0) < 0.0 || loaded.y(n, 0) != std::floor(loaded.y(n, 0))) std::abort();
    return 0;
}
