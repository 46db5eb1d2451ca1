// SPDX-License-Identifier: MIT
// idx.hpp: reading the IDX files of MNIST and Fashion-MNIST (images and labels), raw or gzipped.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/data/datasets.hpp"

namespace mlp {

// A malformed or unreadable IDX file. The message names the file, the byte offset (0-based)
// and what was expected and what came:
//   "read_idx: train-images.gz at byte 0: expected magic number 0x00000803 (images), got 0x00000801"
class IdxError : public std::invalid_argument {
public:
    IdxError(const std::string& file, std::size_t offset, const std::string& problem);
    const std::string& file() const { return file_; }
    std::size_t offset() const { return offset_; }

private:
    std::string file_;
    std::size_t offset_;
};

// The IDX format (Yann LeCun's MNIST page): a 4-byte magic number 0x0000TTDD, T the element
// type (0x08 = unsigned byte, the only one read here) and D the number of dimensions; then D
// sizes, each a 4-byte big-endian integer; then the elements, row-major, one byte each.
//   images: magic 0x00000803, sizes (N, rows, cols), N * rows * cols pixels 0..255
//   labels: magic 0x00000801, size  (N),             N labels
// The file must hold exactly those bytes: fewer (truncated) or more (trailing) are refused, and
// so is a size of 0 (sizes with no data behind them). The pixels are allocated only after the
// header's sizes are checked against the bytes present.
//
// The most IDX data (header and elements, after decompressing) the readers take: 64 MiB, which
// becomes 512 MiB of doubles. Fashion-MNIST's training images are 47 MB. A file, raw or gzipped,
// is checked with stat (a regular file, at most this plus 1 MiB) before a byte is read; a gzipped
// one declaring more (gzip_declared_size) is refused before inflating, and inflating stops here.
inline constexpr std::size_t max_idx_bytes = std::size_t{64} << 20;
struct IdxImages {
    std::size_t rows = 0, cols = 0;  // each image is rows x cols pixels
    Tensor x;                        // (N, rows * cols), pixel / 255, so in [0, 1]
};
// What the file readers do with a file's bytes before reading them as IDX: returned as they are,
// or, when gzipped, refused if the gzip trailer declares more than `max_bytes`
// (gzip_declared_size) before a byte is inflated, else inflated with max_bytes as the bound.
// Throws IdxError naming `source` (for bad gzip data, at the offset in the compressed bytes).
std::vector<unsigned char> idx_file_contents(std::vector<unsigned char> bytes, const std::string& source,
                                             std::size_t max_bytes = max_idx_bytes);

IdxImages idx_images_from_bytes(const std::vector<unsigned char>& bytes, const std::string& source);
Tensor idx_labels_from_bytes(const std::vector<unsigned char>& bytes, const std::string& source);  // (N, 1)

// The same from files, gzip-compressed (detected by gzip's magic number, decompressed with
// mlp::gunzip) or not. A missing file, bad gzip data or a bad IDX file throws IdxError.
IdxImages read_idx_images(const std::string& path);
Tensor read_idx_labels(const std::string& path);

// An images file and its labels file as a Dataset; the two must hold the same number of samples.
// `limit` > 0 keeps only the first `limit` samples (the lessons' --quick mode and the tests).
Dataset read_idx(const std::string& images_path, const std::string& labels_path, std::size_t limit = 0);

}  // namespace mlp
