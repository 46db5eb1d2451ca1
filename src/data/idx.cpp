// SPDX-License-Identifier: MIT
// idx.cpp: a strict reader of IDX image and label files (MNIST's format), raw or gzipped.
#include "mlp/data/idx.hpp"

#include <cstdint>
#include <cstdio>
#include <new>

#include "mlp/data/gzip.hpp"
#include "hex.hpp"
#include "mlp/io/text_file.hpp"

namespace mlp {

IdxError::IdxError(const std::string& file, std::size_t offset, const std::string& problem)
    : std::invalid_argument("read_idx: " + file + " at byte " + std::to_string(offset) + ": " + problem),
      file_(file),
      offset_(offset) {}

namespace {

std::uint32_t read_be32(const std::vector<unsigned char>& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | static_cast<std::uint32_t>(b[at + 3]);
}

// Checks the magic number and reads the D sizes; returns them and leaves the data at 4 + 4 D.
// Then checks that the bytes after the header are exactly the product of the sizes, without
// forming a product that could overflow: each size is divided out of what is present.
std::vector<std::size_t> read_header(const std::vector<unsigned char>& b, const std::string& source,
                                     std::uint32_t magic, const char* kind, const char* element) {
    if (b.size() < 4)
        throw IdxError(source, 0, "expected a 4-byte magic number, got " + std::to_string(b.size()) + " bytes (truncated)");
    const std::uint32_t got = read_be32(b, 0);
    if (got != magic) throw IdxError(source, 0, "expected magic number " + hex32(magic) + " (" + kind + "), got " + hex32(got));
    const std::size_t dims = magic & 0xFFu;
    const std::size_t header = 4 + 4 * dims;
    if (b.size() < header)
        throw IdxError(source, b.size(), "expected a header of " + std::to_string(header) + " bytes (" + std::to_string(dims) +
                                             " sizes), got " + std::to_string(b.size()) + " bytes (truncated)");
    std::vector<std::size_t> sizes;
    for (std::size_t d = 0; d < dims; ++d) sizes.push_back(read_be32(b, 4 + 4 * d));

    std::string shape;
    for (std::size_t d = 0; d < dims; ++d) shape += (d > 0 ? " x " : "") + std::to_string(sizes[d]);
    // A size of 0 makes the product 0 whatever the others claim: (0, 4294967295^2) would pass.
    for (std::size_t d = 0; d < dims; ++d)
        if (sizes[d] == 0)
            throw IdxError(source, 4 + 4 * d, std::string("expected every size >= 1, got ") + shape + " (no " + element +
                                                  " behind them)");
    std::size_t left = b.size() - header;  // bytes present after the header
    bool enough = true;
    std::size_t expected = 1;
    for (std::size_t s : sizes) {
        if (s != 0 && expected > left / s) {
            enough = false;
            break;
        }
        expected *= s;
    }
    if (!enough || expected > left)
        throw IdxError(source, b.size(), std::string("expected ") + shape + " " + element + " after the " +
                                             std::to_string(header) + "-byte header, got only " + std::to_string(left) +
                                             " bytes (truncated)");
    if (expected < left)
        throw IdxError(source, header + expected, std::string("expected ") + shape + " = " + std::to_string(expected) + " " +
                                                      element + " after the header, got " + std::to_string(left - expected) +
                                                      " bytes more (trailing data)");
    return sizes;
}

std::vector<unsigned char> file_bytes(const std::string& path) {
    // Deflate's overhead on data it cannot compress is 5 bytes in 65535: 1 MiB covers it.
    const std::size_t max_file = max_idx_bytes + (std::size_t{1} << 20);
    std::size_t size = 0;
    const std::string problem = file_problem(path, max_file, size);
    if (!problem.empty()) throw IdxError(path, 0, problem);
    std::vector<unsigned char> bytes;
    try {
        bytes = read_file_bytes(path, max_file);
    } catch (const std::invalid_argument&) {
        throw IdxError(path, 0, "cannot open the file (missing or unreadable)");
    }
    return idx_file_contents(std::move(bytes), path);
}

// Within max_idx_bytes a machine may still lack the memory for the doubles: an IdxError, never bad_alloc.
template <typename Read>
auto within_memory(const std::string& path, Read read_it) {
    try {
        return read_it();
    } catch (const std::bad_alloc&) {
        throw IdxError(path, 0, "not enough memory to hold its elements as doubles");
    }
}

}  // namespace

std::vector<unsigned char> idx_file_contents(std::vector<unsigned char> bytes, const std::string& source,
                                             std::size_t max_bytes) {
    if (!is_gzip(bytes)) return bytes;
    const std::size_t declared = gzip_declared_size(bytes);
    if (declared > max_bytes)
        throw IdxError(source, bytes.size() - 4, "the gzip trailer declares " + std::to_string(declared) +
                                                     " bytes, more than the " + std::to_string(max_bytes) + " (" +
                                                     std::to_string(max_bytes >> 20) +
                                                     " MiB) of IDX data this reader takes; refused before inflating");
    try {
        return gunzip(bytes, source, max_bytes);
    } catch (const GzipError& e) {  // the offset is in the compressed file
        throw IdxError(source, e.offset(), "the gzip data is bad: " + e.problem());
    }
}

IdxImages idx_images_from_bytes(const std::vector<unsigned char>& bytes, const std::string& source) {
    const std::vector<std::size_t> sizes = read_header(bytes, source, 0x00000803u, "images", "pixels");
    IdxImages images;
    images.rows = sizes[1];
    images.cols = sizes[2];
    images.x = Tensor(sizes[0], sizes[1] * sizes[2]);
    constexpr std::size_t kHeader = 16;
    for (std::size_t k = 0; k < images.x.size(); ++k) images.x[k] = bytes[kHeader + k] / 255.0;
    return images;
}

Tensor idx_labels_from_bytes(const std::vector<unsigned char>& bytes, const std::string& source) {
    const std::vector<std::size_t> sizes = read_header(bytes, source, 0x00000801u, "labels", "labels");
    Tensor y(sizes[0], 1);
    constexpr std::size_t kHeader = 8;
    for (std::size_t n = 0; n < y.rows(); ++n) y(n, 0) = bytes[kHeader + n];
    return y;
}

IdxImages read_idx_images(const std::string& path) {
    return within_memory(path, [&] { return idx_images_from_bytes(file_bytes(path), path); });
}
Tensor read_idx_labels(const std::string& path) {
    return within_memory(path, [&] { return idx_labels_from_bytes(file_bytes(path), path); });
}

Dataset read_idx(const std::string& images_path, const std::string& labels_path, std::size_t limit) {
    IdxImages images = read_idx_images(images_path);
    Tensor labels = read_idx_labels(labels_path);
    if (images.x.rows() != labels.rows())
        throw IdxError(labels_path, 4, "expected " + std::to_string(images.x.rows()) + " labels (one per image in " +
                                           images_path + "), got " + std::to_string(labels.rows()));
    const std::size_t n = limit > 0 && limit < labels.rows() ? limit : labels.rows();
    if (n == labels.rows()) return {std::move(images.x), std::move(labels)};
    Dataset d{Tensor(n, images.x.cols()), Tensor(n, 1)};
    for (std::size_t k = 0; k < d.x.size(); ++k) d.x[k] = images.x[k];
    for (std::size_t k = 0; k < n; ++k) d.y[k] = labels[k];
    return d;
}

}  // namespace mlp
