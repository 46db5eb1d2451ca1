// SPDX-License-Identifier: MIT
// test_idx.cpp: the IDX reader on files made here (raw and gzipped), its refusals (truncated,
// wrong magic, wrong size, trailing bytes, bad gzip) with file, offset, expected and got, and
// the real Fashion-MNIST test set where the dataset-fashion-mnist package is installed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "mlp/data/gzip.hpp"
#include "mlp/data/idx.hpp"

namespace {

void put_be32(std::vector<unsigned char>& b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<unsigned char>(v >> shift));
}

// N images of rows x cols; pixel k of image n is (n * 7 + k) % 256.
std::vector<unsigned char> images_file(std::uint32_t n, std::uint32_t rows, std::uint32_t cols) {
    std::vector<unsigned char> b;
    put_be32(b, 0x00000803);
    put_be32(b, n);
    put_be32(b, rows);
    put_be32(b, cols);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t k = 0; k < rows * cols; ++k) b.push_back(static_cast<unsigned char>((i * 7 + k) % 256));
    return b;
}

std::vector<unsigned char> labels_file(std::uint32_t n) {
    std::vector<unsigned char> b;
    put_be32(b, 0x00000801);
    put_be32(b, n);
    for (std::uint32_t i = 0; i < n; ++i) b.push_back(static_cast<unsigned char>(i % 10));
    return b;
}

std::string scratch(const std::string& name, const std::vector<unsigned char>& bytes) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mlp_test_idx";
    std::filesystem::create_directories(dir);
    const std::filesystem::path p = dir / name;
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return p.string();
}

std::string images_error(const std::vector<unsigned char>& b) {
    try {
        mlp::idx_images_from_bytes(b, "img.idx");
    } catch (const mlp::IdxError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("read_idx: pixels scaled to [0, 1] in row-major order, labels as classes") {
    const std::vector<unsigned char> bytes = images_file(3, 2, 4);
    const mlp::IdxImages images = mlp::idx_images_from_bytes(bytes, "img.idx");
    CHECK(images.rows == 2);
    CHECK(images.cols == 4);
    REQUIRE(images.x.rows() == 3);
    REQUIRE(images.x.cols() == 8);
    CHECK(images.x(0, 0) == 0.0);
    CHECK(images.x(2, 5) == (2 * 7 + 5) / 255.0);
    const mlp::Tensor y = mlp::idx_labels_from_bytes(labels_file(12), "lab.idx");
    CHECK(y.rows() == 12);
    CHECK(y(11, 0) == 1.0);

    const std::string img = scratch("img.idx", images_file(5, 3, 3));
    const std::string lab = scratch("lab.idx", labels_file(5));
    const mlp::Dataset d = mlp::read_idx(img, lab);
    CHECK(d.x.rows() == 5);
    CHECK(d.y(4, 0) == 4.0);
    const mlp::Dataset first = mlp::read_idx(img, lab, 2);
    CHECK(first.x.rows() == 2);
    CHECK(first.x(1, 8) == d.x(1, 8));
}

// Wraps bytes in a gzip member with one stored (uncompressed) deflate block, by RFC 1952 and
// RFC 1951 section 3.2.4: enough to make a gzipped IDX file here without a compressor.
static std::vector<unsigned char> gzip_stored(const std::vector<unsigned char>& data) {
    REQUIRE(data.size() < 65536);
    std::vector<unsigned char> b;
    for (unsigned v : {0x1fu, 0x8bu, 8u, 0u, 0u, 0u, 0u, 0u, 0u, 3u}) b.push_back(static_cast<unsigned char>(v));  // header
    const auto len = static_cast<unsigned>(data.size());
    b.push_back(1);  // BFINAL 1, BTYPE 00 (stored)
    for (unsigned v : {len, len >> 8, ~len, ~len >> 8}) b.push_back(static_cast<unsigned char>(v));  // LEN, NLEN
    for (unsigned char v : data) b.push_back(v);
    const std::uint32_t crc = mlp::crc32(data.data(), data.size());
    for (int shift = 0; shift < 32; shift += 8) b.push_back(static_cast<unsigned char>(crc >> shift));
    for (int shift = 0; shift < 32; shift += 8) b.push_back(static_cast<unsigned char>(len >> shift));
    return b;
}

TEST_CASE("read_idx: gzipped files read the same as raw ones") {
    const std::string raw_images = scratch("r-img.idx", images_file(6, 4, 5));
    const std::string gz_images = scratch("g-img.idx.gz", gzip_stored(images_file(6, 4, 5)));
    const std::string raw_labels = scratch("r-lab.idx", labels_file(6));
    const std::string gz_labels = scratch("g-lab.idx.gz", gzip_stored(labels_file(6)));
    const mlp::Dataset raw = mlp::read_idx(raw_images, raw_labels);
    const mlp::Dataset gz = mlp::read_idx(gz_images, gz_labels);
    CHECK(gz.x == raw.x);
    CHECK(gz.y == raw.y);
    // A gzip file that does not hold IDX data: the magic number read after decompression.
    CHECK_THROWS_WITH_AS(mlp::read_idx_labels(fixtures::path("gzip/text-9.gz")),
                         doctest::Contains("at byte 0: expected magic number 0x00000801 (labels), got 0x6c696e65"), mlp::IdxError);
}

TEST_CASE("read_idx: refuses wrong magic, truncated and wrong-size files, naming file, offset, expected and got") {
    SUBCASE("labels file given as images") {
        CHECK(images_error(labels_file(4)) == "read_idx: img.idx at byte 0: expected magic number 0x00000803 (images), got 0x00000801");
    }
    SUBCASE("shorter than a magic number") {
        CHECK(images_error({0, 0}) == "read_idx: img.idx at byte 0: expected a 4-byte magic number, got 2 bytes (truncated)");
    }
    SUBCASE("truncated header") {
        std::vector<unsigned char> b = images_file(1, 2, 2);
        b.resize(10);
        CHECK(images_error(b) == "read_idx: img.idx at byte 10: expected a header of 16 bytes (3 sizes), got 10 bytes (truncated)");
    }
    SUBCASE("truncated pixels") {
        std::vector<unsigned char> b = images_file(3, 2, 2);
        b.pop_back();
        CHECK(images_error(b) == "read_idx: img.idx at byte 27: expected 3 x 2 x 2 pixels after the 16-byte header, got only 11 bytes (truncated)");
    }
    SUBCASE("trailing bytes") {
        std::vector<unsigned char> b = images_file(3, 2, 2);
        b.push_back(0);
        CHECK(images_error(b) == "read_idx: img.idx at byte 28: expected 3 x 2 x 2 = 12 pixels after the header, got 1 bytes more (trailing data)");
    }
    SUBCASE("sizes that would need terabytes are refused before anything is allocated") {
        std::vector<unsigned char> b;
        put_be32(b, 0x00000803);
        put_be32(b, 0xFFFFFFFF);
        put_be32(b, 0xFFFFFFFF);
        put_be32(b, 0xFFFFFFFF);
        CHECK(images_error(b) == "read_idx: img.idx at byte 16: expected 4294967295 x 4294967295 x 4294967295 pixels after the "
                                 "16-byte header, got only 0 bytes (truncated)");
    }
    SUBCASE("images and labels disagree") {
        const std::string img = scratch("img4.idx", images_file(4, 2, 2));
        const std::string lab = scratch("lab3.idx", labels_file(3));
        CHECK_THROWS_WITH_AS(mlp::read_idx(img, lab), doctest::Contains("lab3.idx at byte 4: expected 4 labels (one per image in"),
                             mlp::IdxError);
    }
    SUBCASE("missing file") {
        CHECK_THROWS_WITH_AS(mlp::read_idx_images("/nonexistent/x.idx"),
                             "read_idx: /nonexistent/x.idx at byte 0: cannot open the file: No such file or directory", mlp::IdxError);
    }
    SUBCASE("bad gzip data is an IdxError with the offset in the compressed file") {
        std::vector<unsigned char> gz = mlp::read_file_bytes(fixtures::path("gzip/text-6.gz"));
        gz.resize(500);
        // A cut file's last 4 bytes are read as the size it declares: here a cut whose last bytes
        // declare a size under the bound, so the reader goes on to inflate and finds the cut.
        gz[496] = 0;
        gz[497] = 0;
        gz[498] = 1;
        gz[499] = 0;
        const std::string p = scratch("cut.gz", gz);
        CHECK_THROWS_WITH_AS(mlp::read_idx_images(p), doctest::Contains("the gzip data is bad: expected"), mlp::IdxError);
    }
}

// A few hundred real images: the package's test set, where it is installed.
TEST_CASE("read_idx: the Fashion-MNIST test set from the dataset-fashion-mnist package") {
    const std::string dir = "/usr/share/datasets/fashion-mnist/";
    if (!std::filesystem::exists(dir + "t10k-images-idx3-ubyte.gz")) {
        MESSAGE("skipped: " << dir << " is absent (apt install dataset-fashion-mnist)");
        return;
    }
    const mlp::Dataset d = mlp::read_idx(dir + "t10k-images-idx3-ubyte.gz", dir + "t10k-labels-idx1-ubyte.gz", 300);
    REQUIRE(d.x.rows() == 300);
    CHECK(d.x.cols() == 784);
    std::vector<int> per_class(10, 0);
    for (std::size_t n = 0; n < 300; ++n) ++per_class[static_cast<std::size_t>(d.y(n, 0))];
    for (int count : per_class) CHECK(count > 10);  // all ten classes among the first 300
    // The first test image is an ankle boot (class 9), as the dataset's own README shows.
    CHECK(d.y(0, 0) == 9.0);
    double lo = 1.0, hi = 0.0;
    for (std::size_t k = 0; k < d.x.size(); ++k) {
        lo = std::min(lo, d.x[k]);
        hi = std::max(hi, d.x[k]);
    }
    CHECK(lo == 0.0);
    CHECK(hi == 1.0);
}

// A gzip file whose one fixed-Huffman block is a literal followed by `copies` back-references of
// 258 bytes at distance 1 (13 bits each): about 200 times smaller than what it inflates to. The
// trailer declares `declared` bytes; its CRC is left 0, so only a reader that stops early
// reports anything but a CRC mismatch.
std::vector<unsigned char> gzip_bomb(std::size_t copies, std::uint32_t declared) {
    std::vector<unsigned char> b{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255};
    unsigned long bits = 0;
    int count = 0;
    auto put = [&](unsigned value, int n) {  // n bits, least significant first (RFC 1951 3.1.1)
        bits |= static_cast<unsigned long>(value) << count;
        count += n;
        while (count >= 8) {
            b.push_back(static_cast<unsigned char>(bits & 0xFF));
            bits >>= 8;
            count -= 8;
        }
    };
    // A Huffman code goes most significant bit first: reversed here before put().
    auto code = [&](unsigned value, int n) {
        unsigned reversed = 0;
        for (int k = 0; k < n; ++k) reversed |= ((value >> k) & 1u) << (n - 1 - k);
        put(reversed, n);
    };
    put(1, 1);                     // BFINAL
    put(1, 2);                     // BTYPE 01: fixed Huffman codes
    code(0x30 + 'a', 8);           // literal 'a'
    for (std::size_t k = 0; k < copies; ++k) {
        code(0xC0 + (285 - 280), 8);  // length 258
        code(0, 5);                   // distance 1
    }
    code(0, 7);  // end of block (256)
    if (count > 0) put(0, 8 - count);
    for (int k = 0; k < 4; ++k) b.push_back(0);  // CRC-32: wrong on purpose
    for (int k = 0; k < 4; ++k) b.push_back(static_cast<unsigned char>(declared >> (8 * k)));
    return b;
}

TEST_CASE("read_idx: devices, directories and files too large are refused from stat, before a byte is read") {
    if (std::filesystem::exists("/dev/zero"))  // POSIX; Windows has no such device
        CHECK_THROWS_WITH_AS(mlp::read_idx_images("/dev/zero"),
                             "read_idx: /dev/zero at byte 0: is not a regular file (a device or a pipe?)", mlp::IdxError);
    CHECK_THROWS_WITH_AS(mlp::read_idx_labels(std::filesystem::temp_directory_path().string()),
                         doctest::Contains("is a directory, not a file"), mlp::IdxError);
    // A sparse file of 100 MiB: stat knows its size, nothing of it is read.
    const std::string big = scratch("big.idx", {});
    std::filesystem::resize_file(big, std::size_t{100} << 20);
    CHECK_THROWS_WITH_AS(mlp::read_idx_images(big), doctest::Contains("is 104857600 bytes, more than the 68157440"),
                         mlp::IdxError);
    std::filesystem::remove(big);
}

TEST_CASE("read_idx: a size of 0 is refused, so sizes with no data behind them cannot pass as a product of 0") {
    std::vector<unsigned char> b;
    put_be32(b, 0x00000803);
    put_be32(b, 0);
    put_be32(b, 0xFFFFFFFF);
    put_be32(b, 0xFFFFFFFF);
    CHECK(images_error(b) == "read_idx: img.idx at byte 4: expected every size >= 1, got 0 x 4294967295 x 4294967295 "
                             "(no pixels behind them)");
    std::vector<unsigned char> labels;
    put_be32(labels, 0x00000801);
    put_be32(labels, 0);
    CHECK_THROWS_WITH_AS(mlp::idx_labels_from_bytes(labels, "lab.idx"), doctest::Contains("expected every size >= 1"),
                         mlp::IdxError);
}

TEST_CASE("read_idx: a decompression bomb is refused: from its declared size before inflating, or when inflating passes 64 MiB") {
    // Declares 256 MiB: refused from the trailer, nothing inflated.
    const std::string honest = scratch("honest-bomb.gz", gzip_bomb(1000, 256u << 20));
    CHECK_THROWS_WITH_AS(mlp::read_idx_images(honest),
                         doctest::Contains("the gzip trailer declares 268435456 bytes, more than the 67108864 (64 MiB) "
                                           "of IDX data this reader takes; refused before inflating"),
                         mlp::IdxError);
    // Declares 1 KiB but holds 77 MB: inflating stops at the bound.
    const std::string liar = scratch("lying-bomb.gz", gzip_bomb(300000, 1024));
    CHECK(std::filesystem::file_size(liar) < 600000);
    CHECK_THROWS_WITH_AS(mlp::read_idx_images(liar), doctest::Contains("expected at most 67108864 bytes of output"),
                         mlp::IdxError);
    CHECK(mlp::gzip_declared_size(mlp::read_file_bytes(liar)) == 1024);
}
