// SPDX-License-Identifier: MIT
// gzip.cpp: gzip (RFC 1952) around the project's own inflate (RFC 1951), written to be read
// beside the RFCs rather than to be fast: Huffman codes are decoded one bit at a time.
#include "mlp/data/gzip.hpp"

#include "mlp/io/text_file.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "hex.hpp"

namespace mlp {

GzipError::GzipError(const std::string& source, std::size_t offset, const std::string& problem)
    : std::invalid_argument("gunzip: " + source + " at byte " + std::to_string(offset) + ": " + problem),
      source_(source),
      offset_(offset),
      problem_(problem) {}

namespace {

// ---------------------------------------------------------------------------------------------
// CRC-32: one table of the 256 byte remainders, then one lookup per byte.
// ---------------------------------------------------------------------------------------------
std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t k = 0; k < 256; ++k) {
        std::uint32_t c = k;
        for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[k] = c;
    }
    return table;
}

// ---------------------------------------------------------------------------------------------
// Bits, least significant first within each byte (RFC 1951 section 3.1.1).
// ---------------------------------------------------------------------------------------------
class BitReader {
public:
    BitReader(const std::vector<unsigned char>& bytes, std::size_t begin, const std::string& source)
        : bytes_(bytes), pos_(begin), source_(source) {}

    unsigned bit() {
        if (pos_ >= bytes_.size()) fail("expected more deflate data, got the end of the input (truncated)");
        const unsigned b = (bytes_[pos_] >> bit_) & 1u;
        if (++bit_ == 8) {
            bit_ = 0;
            ++pos_;
        }
        return b;
    }
    // n bits as a number, the first bit read is the lowest (how deflate packs extra bits).
    unsigned bits(int n) {
        unsigned v = 0;
        for (int k = 0; k < n; ++k) v |= bit() << k;
        return v;
    }
    void skip_to_byte() {
        if (bit_ != 0) {
            bit_ = 0;
            ++pos_;
        }
    }
    unsigned char byte() {
        if (pos_ >= bytes_.size()) fail("expected more deflate data, got the end of the input (truncated)");
        return bytes_[pos_++];
    }
    std::size_t offset() const { return pos_; }
    [[noreturn]] void fail(const std::string& problem) const { throw GzipError(source_, pos_, problem); }

private:
    const std::vector<unsigned char>& bytes_;
    std::size_t pos_;
    int bit_ = 0;  // next bit within bytes_[pos_]
    const std::string& source_;
};

// ---------------------------------------------------------------------------------------------
// Canonical Huffman codes (RFC 1951 section 3.2.2). A code is fully given by each symbol's
// code length; codes of one length are consecutive numbers, in symbol order, and each length's
// first code follows the last code of the length before, shifted left by one bit.
// ---------------------------------------------------------------------------------------------
constexpr int kMaxBits = 15;

struct Huffman {
    std::array<int, kMaxBits + 1> count{};  // count[len]: how many symbols have a code of len bits
    std::vector<int> symbol;                 // the symbols ordered by (code length, symbol)
};

Huffman build_huffman(const int* lengths, int n, BitReader& in, const char* what) {
    Huffman h;
    for (int s = 0; s < n; ++s) ++h.count[lengths[s]];
    h.count[0] = 0;
    // More codes of some length than the lengths before leave room for: no prefix code exists.
    int left = 1;
    for (int len = 1; len <= kMaxBits; ++len) {
        left = 2 * left - h.count[len];
        if (left < 0) in.fail(std::string("expected a valid prefix code for the ") + what + ", got over-subscribed code lengths");
    }
    std::array<int, kMaxBits + 2> first_index{};
    for (int len = 1; len <= kMaxBits; ++len) first_index[len + 1] = first_index[len] + h.count[len];
    h.symbol.assign(static_cast<std::size_t>(first_index[kMaxBits + 1]), 0);
    for (int s = 0; s < n; ++s)
        if (lengths[s] != 0) h.symbol[static_cast<std::size_t>(first_index[lengths[s]]++)] = s;
    return h;
}

// Reads one code bit by bit (codes are stored most significant bit first): after len bits,
// `code` is a len-bit code, and the codes of that length are first .. first + count[len] - 1.
int decode(const Huffman& h, BitReader& in, const char* what) {
    int code = 0, first = 0, index = 0;
    for (int len = 1; len <= kMaxBits; ++len) {
        code |= static_cast<int>(in.bit());
        if (code - first < h.count[len]) return h.symbol[static_cast<std::size_t>(index + code - first)];
        index += h.count[len];
        first = (first + h.count[len]) << 1;
        code <<= 1;
    }
    in.fail(std::string("expected a ") + what + " code, got a bit pattern no code starts with");
}

// Lengths 3..258 and distances 1..32768: a base for each symbol plus that many extra bits
// (RFC 1951 section 3.2.5).
constexpr int kLengthBase[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
                                 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr int kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr int kDistBase[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                               257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr int kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

void check_room(const std::vector<unsigned char>& out, std::size_t more, std::size_t max_output, BitReader& in) {
    if (out.size() + more > max_output)
        in.fail("expected at most " + std::to_string(max_output) + " bytes of output, the data holds more");
}

// Literals and back-references until the end-of-block symbol 256.
void inflate_codes(const Huffman& lit, const Huffman& dist, BitReader& in, std::vector<unsigned char>& out,
                   std::size_t out_begin, std::size_t max_output) {
    for (;;) {
        const int symbol = decode(lit, in, "literal/length");
        if (symbol < 256) {
            check_room(out, 1, max_output, in);
            out.push_back(static_cast<unsigned char>(symbol));
        } else if (symbol == 256) {
            return;
        } else {
            if (symbol > 285) in.fail("expected a length symbol 257..285, got " + std::to_string(symbol));
            const int length = kLengthBase[symbol - 257] + static_cast<int>(in.bits(kLengthExtra[symbol - 257]));
            const int d = decode(dist, in, "distance");
            if (d > 29) in.fail("expected a distance symbol 0..29, got " + std::to_string(d));
            const std::size_t distance = static_cast<std::size_t>(kDistBase[d]) + in.bits(kDistExtra[d]);
            if (distance > out.size() - out_begin)
                in.fail("expected a distance of at most " + std::to_string(out.size() - out_begin) +
                        " (the bytes written so far), got " + std::to_string(distance));
            check_room(out, static_cast<std::size_t>(length), max_output, in);
            // Byte by byte: the copy may overlap what it writes (distance 1 repeats one byte).
            for (int k = 0; k < length; ++k) out.push_back(out[out.size() - distance]);
        }
    }
}

// Block type 00: the rest of the byte is skipped, then LEN, its one's complement NLEN, LEN bytes.
void inflate_stored(BitReader& in, std::vector<unsigned char>& out, std::size_t max_output) {
    in.skip_to_byte();
    // Four separate reads: the operands of | are unsequenced, so one expression could swap them.
    const unsigned len_low = in.byte();
    const unsigned len = len_low | (static_cast<unsigned>(in.byte()) << 8);
    const unsigned nlen_low = in.byte();
    const unsigned nlen = nlen_low | (static_cast<unsigned>(in.byte()) << 8);
    if ((len ^ 0xFFFFu) != nlen)
        in.fail("expected a stored block's NLEN to be the complement of LEN " + std::to_string(len) + ", got " +
                std::to_string(nlen));
    check_room(out, len, max_output, in);
    for (unsigned k = 0; k < len; ++k) out.push_back(in.byte());
}

// Block type 01: the codes RFC 1951 section 3.2.6 fixes once and for all.
void inflate_fixed(BitReader& in, std::vector<unsigned char>& out, std::size_t out_begin, std::size_t max_output) {
    int lengths[288];
    for (int s = 0; s < 144; ++s) lengths[s] = 8;
    for (int s = 144; s < 256; ++s) lengths[s] = 9;
    for (int s = 256; s < 280; ++s) lengths[s] = 7;
    for (int s = 280; s < 288; ++s) lengths[s] = 8;
    const Huffman lit = build_huffman(lengths, 288, in, "fixed literal/length codes");
    int dist_lengths[30];
    for (int& len : dist_lengths) len = 5;
    const Huffman dist = build_huffman(dist_lengths, 30, in, "fixed distance codes");
    inflate_codes(lit, dist, in, out, out_begin, max_output);
}

// Block type 10: the block first sends its own codes (RFC 1951 section 3.2.7): the code lengths
// of a code-length code, then with it the literal/length and distance code lengths.
void inflate_dynamic(BitReader& in, std::vector<unsigned char>& out, std::size_t out_begin, std::size_t max_output) {
    const int hlit = static_cast<int>(in.bits(5)) + 257;
    const int hdist = static_cast<int>(in.bits(5)) + 1;
    const int hclen = static_cast<int>(in.bits(4)) + 4;
    if (hlit > 286) in.fail("expected at most 286 literal/length codes, got " + std::to_string(hlit));
    if (hdist > 30) in.fail("expected at most 30 distance codes, got " + std::to_string(hdist));

    constexpr int kOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    int cl_lengths[19] = {};
    for (int k = 0; k < hclen; ++k) cl_lengths[kOrder[k]] = static_cast<int>(in.bits(3));
    const Huffman cl = build_huffman(cl_lengths, 19, in, "code-length code");

    int lengths[286 + 30] = {};
    for (int k = 0; k < hlit + hdist;) {
        const int symbol = decode(cl, in, "code-length");
        if (symbol < 16) {
            lengths[k++] = symbol;
            continue;
        }
        int repeat = 0, value = 0;
        if (symbol == 16) {  // the previous length, 3..6 times
            if (k == 0) in.fail("expected a code length before a repeat (16), got a repeat first");
            value = lengths[k - 1];
            repeat = 3 + static_cast<int>(in.bits(2));
        } else if (symbol == 17) {  // zero, 3..10 times
            repeat = 3 + static_cast<int>(in.bits(3));
        } else {  // 18: zero, 11..138 times
            repeat = 11 + static_cast<int>(in.bits(7));
        }
        if (k + repeat > hlit + hdist)
            in.fail("expected " + std::to_string(hlit + hdist) + " code lengths, a repeat runs to " +
                    std::to_string(k + repeat));
        for (int r = 0; r < repeat; ++r) lengths[k++] = value;
    }
    if (lengths[256] == 0) in.fail("expected a code for end-of-block (256), got length 0");
    const Huffman lit = build_huffman(lengths, hlit, in, "literal/length codes");
    const Huffman dist = build_huffman(lengths + hlit, hdist, in, "distance codes");
    inflate_codes(lit, dist, in, out, out_begin, max_output);
}

std::uint32_t read_le32(const std::vector<unsigned char>& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
           static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

// One gzip member (RFC 1952 section 2.3) from bytes[at]: header, deflate data, CRC-32, ISIZE.
// Appends the data to `out`; returns the offset after the member.
std::size_t gunzip_member(const std::vector<unsigned char>& b, std::size_t at, std::vector<unsigned char>& out,
                          const std::string& source, std::size_t max_output) {
    auto need = [&](std::size_t pos, std::size_t n, const char* what) {
        if (pos + n > b.size())
            throw GzipError(source, pos, std::string("expected ") + what + ", got the end of the input (truncated)");
    };
    need(at, 10, "a 10-byte gzip header");
    if (b[at] != 0x1f || b[at + 1] != 0x8b) {
        char got[16];
        std::snprintf(got, sizeof got, "%02x %02x", b[at], b[at + 1]);
        throw GzipError(source, at, std::string("expected the gzip magic number 1f 8b, got ") + got);
    }
    if (b[at + 2] != 8) throw GzipError(source, at + 2, "expected compression method 8 (deflate), got " + std::to_string(b[at + 2]));
    const unsigned flags = b[at + 3];
    if (flags & 0xE0) throw GzipError(source, at + 3, "expected reserved flag bits 5..7 to be 0, got flags " + std::to_string(flags));
    std::size_t pos = at + 10;  // after ID1 ID2 CM FLG MTIME(4) XFL OS
    if (flags & 0x04) {         // FEXTRA: a 2-byte length and that many bytes
        need(pos, 2, "the extra field's length");
        const std::size_t xlen = b[pos] | (static_cast<std::size_t>(b[pos + 1]) << 8);
        need(pos + 2, xlen, "the extra field");
        pos += 2 + xlen;
    }
    for (unsigned flag : {0x08u, 0x10u}) {  // FNAME, FCOMMENT: zero-terminated strings
        if (!(flags & flag)) continue;
        while (pos < b.size() && b[pos] != 0) ++pos;
        need(pos, 1, flag == 0x08u ? "the end of the file name" : "the end of the comment");
        ++pos;
    }
    if (flags & 0x02) {  // FHCRC: the low 16 bits of the header's CRC-32
        need(pos, 2, "the header CRC");
        const unsigned expected = crc32(b.data() + at, pos - at) & 0xFFFFu;
        const unsigned got = b[pos] | (b[pos + 1] << 8);
        if (expected != got)
            throw GzipError(source, pos, "expected header CRC " + std::to_string(expected) + ", got " + std::to_string(got));
        pos += 2;
    }
    const std::size_t out_begin = out.size();
    pos = inflate(b, pos, out, source, max_output);
    need(pos, 8, "the 8-byte trailer (CRC-32 and length)");
    const std::uint32_t expected_crc = read_le32(b, pos);
    const std::uint32_t got_crc = crc32(out.data() + out_begin, out.size() - out_begin);
    if (expected_crc != got_crc)
        throw GzipError(source, pos, "expected CRC-32 " + hex32(expected_crc) + " (from the trailer), got " + hex32(got_crc) +
                                         " from the decompressed data");
    const std::uint32_t expected_size = read_le32(b, pos + 4);
    const auto got_size = static_cast<std::uint32_t>(out.size() - out_begin);  // ISIZE is the length mod 2^32
    if (expected_size != got_size)
        throw GzipError(source, pos + 4, "expected " + std::to_string(expected_size) + " bytes (ISIZE), got " +
                                             std::to_string(got_size));
    return pos + 8;
}

}  // namespace

std::uint32_t crc32(const unsigned char* data, std::size_t size) {
    static const std::array<std::uint32_t, 256> table = make_crc_table();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t k = 0; k < size; ++k) c = table[(c ^ data[k]) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

bool is_gzip(const std::vector<unsigned char>& bytes) { return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

// Blocks until one has BFINAL set; each starts with BFINAL (1 bit) and BTYPE (2 bits).
std::size_t inflate(const std::vector<unsigned char>& bytes, std::size_t begin, std::vector<unsigned char>& out,
                    const std::string& source, std::size_t max_output) {
    BitReader in(bytes, begin, source);
    const std::size_t out_begin = out.size();
    for (bool last = false; !last;) {
        last = in.bit() == 1;
        const unsigned type = in.bits(2);
        if (type == 0) inflate_stored(in, out, max_output);
        else if (type == 1) inflate_fixed(in, out, out_begin, max_output);
        else if (type == 2) inflate_dynamic(in, out, out_begin, max_output);
        else in.fail("expected block type 0, 1 or 2, got 3 (reserved)");
    }
    in.skip_to_byte();
    return in.offset();
}

std::vector<unsigned char> gunzip(const std::vector<unsigned char>& bytes, const std::string& source, std::size_t max_output) {
    std::vector<unsigned char> out;
    std::size_t pos = gunzip_member(bytes, 0, out, source, max_output);
    while (pos < bytes.size()) pos = gunzip_member(bytes, pos, out, source, max_output);  // concatenated members
    return out;
}

std::size_t gzip_declared_size(const std::vector<unsigned char>& bytes) {
    return bytes.size() < 18 ? 0 : read_le32(bytes, bytes.size() - 4);  // 18: a header, an empty block, a trailer
}

std::vector<unsigned char> read_file_bytes(const std::string& path, std::size_t max_bytes) {
    std::size_t size = 0;
    const std::string problem = file_problem(path, max_bytes, size);
    if (!problem.empty()) throw std::invalid_argument("read_file_bytes: " + path + ": " + problem);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument("read_file_bytes: cannot open " + path + " (missing or unreadable)");
    std::vector<unsigned char> bytes(size);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    bytes.resize(static_cast<std::size_t>(in.gcount()));  // the file may have shrunk since stat
    if (in.bad()) throw std::invalid_argument("read_file_bytes: failed reading " + path);
    return bytes;
}

std::vector<unsigned char> read_maybe_gzipped(const std::string& path) {
    std::vector<unsigned char> bytes = read_file_bytes(path);
    if (!is_gzip(bytes)) return bytes;
    return gunzip(bytes, path);
}

}  // namespace mlp
