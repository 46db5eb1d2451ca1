// SPDX-License-Identifier: MIT
// test_number_text.cpp: format_number writes the shortest text that parse_number reads back to
// the identical double (random bit patterns, subnormals, extremes, -0), parse_number rounds
// correctly, ignores the C locale, and refuses anything that is not exactly one number; every
// writer and reader of text ignores a global C++ locale that groups digits.
#include <doctest/doctest.h>

#include <bit>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>
#include <version>

#if defined(__cpp_lib_to_chars)
#include <charconv>
#endif

#include "mlp/core/rng.hpp"
#include "mlp/data/csv.hpp"
#include "mlp/io/export_pytorch.hpp"
#include "mlp/io/model_file.hpp"
#include "mlp/core/number_text.hpp"
#include "mlp/nn/layer_registry.hpp"
#include "mlp/nn/sequential.hpp"
#include "mlp/tools/charts.hpp"
#include "mlp/tools/plot.hpp"

#include "../src/core/platform_number.hpp"
#include "grouping_locale.hpp"

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

std::uint64_t draw_bits(mlp::Rng& rng) {
    const std::uint64_t high = rng.engine()();
    return high << 32 | rng.engine()();
}

// True when format_number(x) reads back to the same 64 bits.
bool round_trips(double x) {
    const std::optional<double> back = mlp::parse_number(mlp::format_number(x));
    return back && bits(*back) == bits(x);
}

}  // namespace

TEST_CASE("format_number / parse_number: every double reads back bit for bit") {
    constexpr double kMax = std::numeric_limits<double>::max();
    constexpr double kMin = std::numeric_limits<double>::min();        // smallest normal
    constexpr double kTiny = std::numeric_limits<double>::denorm_min();  // smallest subnormal
    for (double x : {0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, kMax, -kMax, kMin, -kMin, kTiny, -kTiny,
                     kMin - kTiny, std::nextafter(1.0, 2.0), std::nextafter(1.0, 0.0), 9007199254740993.0,
                     std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
        CAPTURE(mlp::format_number(x));
        CHECK(round_trips(x));
    }
    CHECK(mlp::format_number(-0.0) == "-0");
    CHECK(std::signbit(*mlp::parse_number("-0")));

    mlp::Rng rng(18);
    std::size_t checked = 0, subnormal = 0, failures = 0;
    for (int k = 0; k < 200000; ++k) {
        std::uint64_t pattern = draw_bits(rng);
        if (k % 4 == 0) pattern &= 0x800FFFFFFFFFFFFFull;  // exponent field 0: a subnormal (or +-0)
        const double x = std::bit_cast<double>(pattern);
        if (std::isnan(x)) continue;  // a NaN's payload is not text; "nan" reads as a NaN below
        ++checked;
        subnormal += std::fpclassify(x) == FP_SUBNORMAL;
        if (!round_trips(x)) {
            if (++failures <= 5) FAIL_CHECK("no round trip for " << mlp::format_number(x) << " (bits " << pattern << ")");
        }
    }
    CHECK(failures == 0);
    CHECK(checked > 199000);
    CHECK(subnormal > 49000);
    CHECK(std::isnan(*mlp::parse_number("nan")));
    CHECK(std::isnan(*mlp::parse_number("-NaN")));
}

#if defined(__cpp_lib_to_chars)
// The web build's format_number (emscripten 3.1's libc++ has no floating-point to_chars) must
// write what to_chars writes: the same shortest digits and the same choice of layout.
TEST_CASE("shortest_text_without_to_chars: the text std::to_chars writes, for every kind of double") {
    auto to_chars_text = [](double x) {
        char buffer[64];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
        return std::string(buffer, result.ptr);
    };
    for (double x : {0.0, -0.0, 1.0, -1.5, 0.1, 100.0, 1e15, 1e16, 1e17, 1e21, 123456789012345680.0, 1e-5,
                     0.0001, 0.00012345, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 1.0 / 3.0,
                     std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
        CAPTURE(to_chars_text(x));
        CHECK(mlp::shortest_text_without_to_chars(x) == to_chars_text(x));
    }
    mlp::Rng rng(20);
    std::size_t failures = 0, checked = 0;
    for (int k = 0; k < 100000; ++k) {
        std::uint64_t pattern = draw_bits(rng);
        if (k % 4 == 1) pattern = (pattern & 0x800FFFFFFFFFFFFFull) | (0x3C0ull + pattern % 0x80) << 52;  // |x| near 1
        if (k % 4 == 2) pattern &= 0x800FFFFFFFFFFFFFull;                                            // subnormal
        const double x = k % 4 == 3 ? std::round(std::bit_cast<double>(pattern & 0x3FFFFFFFFFFFFFFFull) * 1e3) / 1e3
                                    : std::bit_cast<double>(pattern);
        if (std::isnan(x)) continue;
        ++checked;
        if (mlp::shortest_text_without_to_chars(x) != to_chars_text(x) && ++failures <= 5)
            FAIL_CHECK(mlp::shortest_text_without_to_chars(x) << " against to_chars' " << to_chars_text(x));
    }
    CHECK(failures == 0);
    CHECK(checked > 99000);
}
#endif

TEST_CASE("parse_number: the nearest double, ties to even, for long and awkward texts") {
    CHECK(bits(*mlp::parse_number("0.1")) == 0x3FB999999999999Aull);
    CHECK(*mlp::parse_number("5e-324") == std::numeric_limits<double>::denorm_min());
    CHECK(*mlp::parse_number("2.4703282292062328e-324") == std::numeric_limits<double>::denorm_min());  // just above half
    CHECK(*mlp::parse_number("1.7976931348623157e308") == std::numeric_limits<double>::max());
    // The number that hung Java and PHP: the largest subnormal, 0x000FFFFFFFFFFFFF.
    CHECK(bits(*mlp::parse_number("2.2250738585072011e-308")) == 0x000FFFFFFFFFFFFFull);
    // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2: ties go to the even mantissa, 2^53.
    CHECK(*mlp::parse_number("9007199254740993") == 9007199254740992.0);
    // ... and one more digit far to the right breaks the tie upwards.
    CHECK(*mlp::parse_number("9007199254740993.00000000000000000000000000000001") == 9007199254740994.0);
    CHECK(*mlp::parse_number(std::string(400, '0') + "1.5") == 1.5);
    CHECK(*mlp::parse_number("0." + std::string(400, '0') + "1e401") == 1.0);
    CHECK(*mlp::parse_number("1.") == 1.0);
    CHECK(*mlp::parse_number(".5") == 0.5);
    CHECK(*mlp::parse_number("-2.5E+3") == -2500.0);
    CHECK(*mlp::parse_number("Infinity") == std::numeric_limits<double>::infinity());
    CHECK(*mlp::parse_number("-inf") == -std::numeric_limits<double>::infinity());
}

#if defined(__cpp_lib_to_chars)
// Where the standard library has std::from_chars for double (libstdc++ 11, MSVC), it is an
// independent correctly rounded reader: both must give the same bits on random decimal texts.
TEST_CASE("parse_number: agrees with std::from_chars on random decimal texts") {
    mlp::Rng rng(7);
    std::size_t failures = 0;
    for (int k = 0; k < 50000; ++k) {
        std::string text = rng.index(2) == 0 ? "-" : "";
        const std::size_t digits = 1 + rng.index(30);
        const std::size_t point = rng.index(digits + 1);
        for (std::size_t d = 0; d < digits; ++d) {
            if (d == point) text += '.';
            text += static_cast<char>('0' + rng.index(10));
        }
        text += "e" + std::to_string(static_cast<long>(rng.index(660)) - 340);
        double expected = 0.0;
        const auto result = std::from_chars(text.data(), text.data() + text.size(), expected);
        const std::optional<double> got = mlp::parse_number(text);
        if (result.ec != std::errc()) {
            if (got && ++failures <= 5) FAIL_CHECK(text << ": from_chars says out of range, parse_number read " << *got);
            continue;
        }
        if ((!got || bits(*got) != bits(expected)) && ++failures <= 5)
            FAIL_CHECK(text << ": from_chars " << mlp::format_number(expected) << ", parse_number "
                            << (got ? mlp::format_number(*got) : std::string("nothing")));
    }
    CHECK(failures == 0);
}
#endif

TEST_CASE("parse_number: refuses anything that is not exactly one number") {
    for (const char* text : {"", "-", ".", "-.", "e5", "1e", "1e+", "1.5.2", "+1", " 1", "1 ", "1,5", "0x10",
                             "1e400", "-1e400", "1e-400", "2e-324", "infinit", "nan(1)", "1d", "١"}) {
        CAPTURE(text);
        CHECK_FALSE(mlp::parse_number(text).has_value());
    }
    CHECK(*mlp::parse_number("0e999") == 0.0);  // zero is not an underflow, whatever the exponent
}

TEST_CASE("parse_number: reads '.' whatever decimal point the C locale has") {
    const std::string before = std::setlocale(LC_NUMERIC, nullptr);
    bool switched = false;
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE", "fr_FR"})
        if (std::setlocale(LC_NUMERIC, name) != nullptr) { switched = true; break; }
    CHECK(*mlp::parse_number("0.5") == 0.5);
    CHECK_FALSE(mlp::parse_number("0,5").has_value());
    CHECK(mlp::format_number(0.5) == "0.5");
    std::setlocale(LC_NUMERIC, before.c_str());
    if (!switched) MESSAGE("no locale with a decimal comma is installed; checked under the C locale only");
}

TEST_CASE("format_number: a NaN of either sign is written \"nan\", never \"-nan\"") {
    CHECK(mlp::format_number(std::copysign(std::numeric_limits<double>::quiet_NaN(), -1.0)) == "nan");
    CHECK(mlp::format_number(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

// The locale, for every writer besides the checkpoint (test_checkpoint_trust.cpp): a
// program that puts a digit-grouping locale in force writes the same bytes as one that does not,
// and reads its files back. Streams would write 1234567.5 as "1,234,567.5" under it.
TEST_CASE("writers and readers: the same text under a global locale that groups digits") {
    mlp::Sequential model;
    model.add(mlp::make_layer("dense:2,3"));
    model.add(mlp::make_layer("prelu:3"));
    model.add(mlp::make_layer("dense:3,1"));
    double value = 1234567.5;
    for (mlp::Param& p : model.params())
        for (std::size_t i = 0; i < p.value->size(); ++i) p.value->data()[i] = (value *= -1.5);
    const mlp::Dataset data{mlp::Tensor::from_rows({{1234567.25, -9876543.0}, {0.5, 1e21}}),
                            mlp::Tensor::from_rows({{1}, {0}})};
    const std::vector<std::string> header{"a", "b", "label"};
    mlp::History history;
    for (std::size_t e = 1; e <= 3; ++e) history.epochs.push_back({e, 1234567.0 / static_cast<double>(e), 0.5});

    struct Written {
        std::string model, csv, python, history_svg, bars_svg;
    };
    const auto write_all = [&] {
        return Written{mlp::model_to_string(model), mlp::to_csv(data, header), mlp::pytorch_source(model, data.x),
                       mlp::svg_history(history, "loss 1234567"),
                       mlp::svg_bar_chart("bars", {"a", "b"}, {1234567.0, 7654321.0}, "count")};
    };
    const Written classic = write_all();
    REQUIRE(classic.model.find("-1851851.25") != std::string::npos);  // 1234567.5 * -1.5

    const mlp_test::GroupingLocale grouping;
    std::ostringstream probe;
    probe << 1234567;
    REQUIRE(probe.str() == "1,234,567");  // the locale is in force
    const Written grouped = write_all();
    CHECK(grouped.model == classic.model);
    CHECK(grouped.csv == classic.csv);
    CHECK(grouped.python == classic.python);
    CHECK(grouped.history_svg == classic.history_svg);
    CHECK(grouped.bars_svg == classic.bars_svg);

    // And read back under it, to the same numbers.
    const mlp::Sequential again = mlp::load_model_from_string(grouped.model);
    CHECK(mlp::model_to_string(again) == classic.model);
    const mlp::Dataset read = mlp::read_csv_from_string(grouped.csv);
    REQUIRE(read.x.size() == data.x.size());
    for (std::size_t i = 0; i < data.x.size(); ++i) CHECK(read.x.data()[i] == data.x.data()[i]);
}
