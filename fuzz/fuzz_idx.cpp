// SPDX-License-Identifier: MIT
// fuzz_idx.cpp: libFuzzer target for the IDX reader and the gzip inflate under it. The first
// byte picks the reader (even: images, odd: labels); the rest is the file, raw or gzipped, as
// read_idx_images/read_idx_labels see it after reading the file, through idx_file_contents (a
// gzip trailer's declared size checked before inflating). Each input must load or be refused
// with mlp::IdxError; anything else is a bug. A loaded
// file must be consistent: pixels in [0, 1] and as many as rows x cols per image; labels 0..255.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "mlp/data/gzip.hpp"
#include "mlp/data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::vector<unsigned char> bytes(data + 1, data + size);
    try {
        // At most 1 MB out of a 4 KB input: enough for every block type, bounded for the fuzzer.
        const bool gzipped = mlp::is_gzip(bytes);
        const std::size_t declared = mlp::gzip_declared_size(bytes);
        bytes = mlp::idx_file_contents(std::move(bytes), "fuzz", std::size_t{1} << 20);
        // A gzip member that inflates must be as long as its trailer says (the last member's ISIZE).
        if (gzipped && declared > (std::size_t{1} << 20)) std::abort();
        if (data[0] % 2 == 0) {
            const mlp::IdxImages images = mlp::idx_images_from_bytes(bytes, "fuzz");
            if (images.x.cols() != images.rows * images.cols) std::abort();
            if (bytes.size() != 16 + images.x.size()) std::abort();
            for (std::size_t k = 0; k < images.x.size(); ++k)
                if (!(images.x[k] >= 0.0 && images.x[k] <= 1.0)) std::abort();
        } else {
            const mlp::Tensor y = mlp::idx_labels_from_bytes(bytes, "fuzz");
            if (y.cols() != 1 || bytes.size() != 8 + y.rows()) std::abort();
            for (std::size_t n = 0; n < y.rows(); ++n)
                if (!(y(n, 0) >= 0.0 && y(n, 0) <= 255.0)) std::abort();
        }
    } catch (const mlp::IdxError&) {
        return 0;
    }
    return 0;
}
