// fuzz_csv.cpp: libFuzzer target for the CSV reader. Each input is written to a scratch file
// and read with read_csv_into: it must either load or be refused with std::invalid_argument
// (mlp::CsvError), leaving the caller's data untouched; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "mlp/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/mlp_fuzz_csv_" + std::to_string(::getpid()) + ".csv";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    mlp::Dataset kept;
    kept.x = mlp::Tensor(1, 1, 42.0);
    kept.y = mlp::Tensor(1, 1, 7.0);
    mlp::Dataset target = kept;
    try {
        mlp::read_csv_into(path, target);
    } catch (const std::invalid_argument&) {
        if (!(target.x == kept.x) || !(target.y == kept.y)) std::abort();  // a failed load changed the data
        return 0;
    }
    if (target.x.rows() != target.y.rows()) std::abort();
    return 0;
}
