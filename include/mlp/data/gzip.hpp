// SPDX-License-Identifier: MIT
// gzip.hpp: reading gzip files (RFC 1952) with the project's own inflate (RFC 1951), so the
// library needs no zlib: stored, fixed-Huffman and dynamic-Huffman blocks, CRC-32 and length checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlp {

// A gzip or deflate stream that cannot be decoded. The message names the source, the byte
// offset (0-based, from the start of the gzip data) and what was expected and what came:
//   "gunzip: train.gz at byte 12345: expected CRC-32 0x1a2b3c4d (of the data), got 0x00000000"
class GzipError : public std::invalid_argument {
public:
    GzipError(const std::string& source, std::size_t offset, const std::string& problem);
    const std::string& source() const { return source_; }
    std::size_t offset() const { return offset_; }
    const std::string& problem() const { return problem_; }  // the message after "at byte N: "

private:
    std::string source_;
    std::size_t offset_;
    std::string problem_;
};

// CRC-32 as gzip, zip and PNG use it (reflected polynomial 0xEDB88320, initial and final
// value 0xFFFFFFFF): crc32("123456789") = 0xCBF43926.
std::uint32_t crc32(const unsigned char* data, std::size_t size);

// True when `bytes` starts with gzip's magic number 1f 8b.
bool is_gzip(const std::vector<unsigned char>& bytes);

// Decompresses gzip data: one member or several concatenated (as `cat a.gz b.gz` makes; the
// outputs are joined). Each member's CRC-32 and length (ISIZE) are checked. `source` names the
// data in errors. Refuses to produce more than `max_output` bytes (a small file can claim
// gigabytes: deflate expands up to 1032 to 1), with a GzipError.
std::vector<unsigned char> gunzip(const std::vector<unsigned char>& bytes, const std::string& source = "<memory>",
                                  std::size_t max_output = std::size_t{1} << 31);

// Decompresses a raw deflate stream (RFC 1951, no header) starting at bytes[begin]; appends to
// `out` and returns the offset of the first byte after the stream's last block.
std::size_t inflate(const std::vector<unsigned char>& bytes, std::size_t begin, std::vector<unsigned char>& out,
                    const std::string& source = "<memory>", std::size_t max_output = std::size_t{1} << 31);

// The size gzip data declares for what it holds, read before inflating a byte: the last
// member's ISIZE (the length mod 2^32, from the last 4 bytes); 0 when there are fewer than 18
// bytes. A reader with a bound refuses a file that declares more, and gives gunzip its bound as
// max_output, so a file that lies about its size still stops there.
std::size_t gzip_declared_size(const std::vector<unsigned char>& bytes);

// The whole file as bytes (throws std::invalid_argument naming the file when it cannot be
// read, is not a regular file or is larger than max_bytes, checked with stat before a byte is
// read); and the same, decompressed when it starts with gzip's magic number, as it is otherwise.
std::vector<unsigned char> read_file_bytes(const std::string& path, std::size_t max_bytes = std::size_t{1} << 30);
std::vector<unsigned char> read_maybe_gzipped(const std::string& path);

}  // namespace mlp
