// SPDX-License-Identifier: MIT
// test_gzip.cpp: mlp's inflate against files Debian's gzip made (tests/fixtures/make_gzip_fixtures.sh):
// stored, fixed and dynamic blocks, levels 1/6/9, empty data, a named header, two members; and
// corrupted or truncated data refused with the offset and what was expected.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "mlp/data/gzip.hpp"

namespace {

std::vector<unsigned char> bytes_of(const std::string& fixture) { return mlp::read_file_bytes(fixtures::path("gzip/" + fixture)); }

std::string message_of(const std::vector<unsigned char>& bytes) {
    try {
        mlp::gunzip(bytes, "bad.gz");
    } catch (const mlp::GzipError& e) {
        return e.what();
    }
    return "(no error)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("crc32: the check value of the CRC-32 catalogue") {
    const std::string s = "123456789";
    CHECK(mlp::crc32(reinterpret_cast<const unsigned char*>(s.data()), s.size()) == 0xCBF43926u);
    CHECK(mlp::crc32(nullptr, 0) == 0u);
}

TEST_CASE("gunzip: reproduces what Debian's gzip compressed, at every level and block type") {
    const std::vector<unsigned char> text = bytes_of("text.txt");
    REQUIRE(text.size() > 10000);
    for (const char* name : {"text-1.gz", "text-6.gz", "text-9.gz"}) {
        CAPTURE(name);
        const std::vector<unsigned char> gz = bytes_of(name);
        CHECK(gz.size() < text.size() / 5);  // really compressed: Huffman blocks with back-references
        CHECK(mlp::gunzip(gz, name) == text);
    }
    const std::vector<unsigned char> random = bytes_of("random.bin");
    const std::vector<unsigned char> stored = bytes_of("random.gz");
    CHECK(stored.size() > random.size());  // incompressible: stored blocks (two: a block holds <= 65535)
    CHECK(mlp::gunzip(stored, "random.gz") == random);
    CHECK(mlp::gunzip(bytes_of("short.gz"), "short.gz") == bytes_of("short.txt"));      // fixed codes
    CHECK(mlp::gunzip(bytes_of("named.txt.gz"), "named.gz") == bytes_of("short.txt"));  // FNAME in header
    CHECK(mlp::gunzip(bytes_of("empty.gz"), "empty.gz").empty());
    std::vector<unsigned char> both = bytes_of("short.txt");
    both.insert(both.end(), text.begin(), text.end());
    CHECK(mlp::gunzip(bytes_of("two_members.gz"), "two.gz") == both);
    CHECK(mlp::read_maybe_gzipped(fixtures::path("gzip/text-9.gz")) == text);
    CHECK(mlp::read_maybe_gzipped(fixtures::path("gzip/text.txt")) == text);  // not gzip: as it is
}

TEST_CASE("gunzip: corrupted and truncated data is refused with the offset and what was expected") {
    const std::vector<unsigned char> good = bytes_of("text-6.gz");
    SUBCASE("empty input") { CHECK(message_of({}) == "gunzip: bad.gz at byte 0: expected a 10-byte gzip header, got the end of the input (truncated)"); }
    SUBCASE("wrong magic") {
        std::vector<unsigned char> b = good;
        b[1] = 0x8c;
        CHECK(message_of(b) == "gunzip: bad.gz at byte 0: expected the gzip magic number 1f 8b, got 1f 8c");
    }
    SUBCASE("not deflate") {
        std::vector<unsigned char> b = good;
        b[2] = 7;
        CHECK(message_of(b) == "gunzip: bad.gz at byte 2: expected compression method 8 (deflate), got 7");
    }
    SUBCASE("truncated in the middle of the data") {
        std::vector<unsigned char> b(good.begin(), good.begin() + 700);
        CHECK(message_of(b) == "gunzip: bad.gz at byte 700: expected more deflate data, got the end of the input (truncated)");
    }
    SUBCASE("truncated trailer") {
        std::vector<unsigned char> b(good.begin(), good.end() - 3);
        CHECK(contains(message_of(b), "expected the 8-byte trailer (CRC-32 and length), got the end of the input (truncated)"));
    }
    SUBCASE("a changed CRC") {
        std::vector<unsigned char> b = good;
        b[b.size() - 8] ^= 0xFF;
        const std::string m = message_of(b);
        CHECK(contains(m, "at byte " + std::to_string(good.size() - 8) + ": expected CRC-32 0x"));
        CHECK(contains(m, "(from the trailer), got 0x"));
    }
    SUBCASE("a changed length") {
        std::vector<unsigned char> b = good;
        b[b.size() - 4] ^= 0x01;
        CHECK(contains(message_of(b), "bytes (ISIZE), got 16941"));
    }
    SUBCASE("a flipped bit in the stored data is caught by the CRC") {
        std::vector<unsigned char> b = bytes_of("random.gz");
        b[5000] ^= 0x10;
        CHECK(contains(message_of(b), "expected CRC-32"));
    }
    SUBCASE("a stored block whose NLEN is not LEN's complement") {
        std::vector<unsigned char> b = bytes_of("random.gz");
        b[13] ^= 0x01;  // header 10 bytes, block header byte, then LEN (2 bytes) and NLEN at 13
        CHECK(contains(message_of(b), "at byte 15: expected a stored block's NLEN to be the complement of LEN"));
    }
    SUBCASE("reserved block type 3") {
        std::vector<unsigned char> b = good;
        b[10] |= 0x06;  // BTYPE bits 1-2 of the first data byte
        CHECK(contains(message_of(b), "at byte 10: expected block type 0, 1 or 2, got 3 (reserved)"));
    }
    SUBCASE("garbage after a member") {
        std::vector<unsigned char> b = good;
        b.push_back(0x00);
        CHECK(contains(message_of(b), "expected a 10-byte gzip header, got the end of the input (truncated)"));
    }
    SUBCASE("more output than allowed") {
        CHECK_THROWS_WITH_AS(mlp::gunzip(good, "big.gz", 1000), doctest::Contains("expected at most 1000 bytes of output"),
                             mlp::GzipError);
    }
}

TEST_CASE("gunzip: every single-byte corruption of a small file is refused or decodes, never crashes") {
    const std::vector<unsigned char> good = bytes_of("short.gz");
    const std::vector<unsigned char> plain = bytes_of("short.txt");
    std::size_t refused = 0;
    for (std::size_t k = 0; k < good.size(); ++k) {
        for (unsigned bit = 0; bit < 8; ++bit) {
            std::vector<unsigned char> b = good;
            b[k] ^= static_cast<unsigned char>(1u << bit);
            std::vector<unsigned char> out;
            try {
                out = mlp::gunzip(b, "flip.gz");
            } catch (const mlp::GzipError&) {
                ++refused;
                continue;
            }
            // Only header bytes gzip ignores (MTIME, XFL, OS) and the FTEXT flag may change and still decode.
            CAPTURE(k);
            CHECK(out == plain);
            CHECK(((k >= 4 && k < 10) || (k == 3 && bit == 0)));
        }
    }
    CHECK(refused > good.size() * 8 / 2);
}
