// SPDX-License-Identifier: MIT
// test_csv.cpp: every CSV error names file, line, column and problem; failed loads change
// nothing; files round-trip exactly; failed saves keep the old file.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "mlp/data/csv.hpp"
#include "mlp/core/number_text.hpp"

namespace {

// A scratch file under the build's temp directory, written with the given text.
std::string scratch(const std::string& name, const std::string& text) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mlp_test_csv";
    std::filesystem::create_directories(dir);
    const std::filesystem::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("read_csv: features, integer labels, label column by default, index or name") {
    const std::string p = scratch("ok.csv", "a,b,label\n1.5,2,0\n-3,4e2,2\n\n");
    const mlp::Dataset d = mlp::read_csv(p);
    CHECK(d.x == mlp::Tensor::from_rows({{1.5, 2}, {-3, 400}}));
    CHECK(d.y == mlp::Tensor::from_rows({{0}, {2}}));
    const std::string q = scratch("first.csv", "label,a\r\n1,0.25\r\n0,0.5\r\n");
    CHECK(mlp::read_csv(q, std::size_t{0}).x == mlp::Tensor::from_rows({{0.25}, {0.5}}));
    CHECK(mlp::read_csv(q, std::string("label")).y == mlp::Tensor::from_rows({{1}, {0}}));
}

TEST_CASE("read_csv: each error names the file, line, column and problem") {
    SUBCASE("missing file") {
        const std::string p = scratch("x", "") + "_does_not_exist.csv";
        CHECK_THROWS_WITH_AS(mlp::read_csv(p), ("read_csv: " + p + ": cannot open the file: No such file or directory").c_str(),
                             mlp::CsvError);
    }
    SUBCASE("empty file") {
        const std::string p = scratch("empty.csv", "");
        CHECK_THROWS_WITH_AS(mlp::read_csv(p), ("read_csv: " + p + " line 1: the file is empty, expected a header row").c_str(),
                             mlp::CsvError);
    }
    SUBCASE("header and no rows") {
        const std::string p = scratch("header_only.csv", "a,label\n");
        CHECK_THROWS_WITH_AS(mlp::read_csv(p), ("read_csv: " + p + " line 1: the file has a header but no data rows").c_str(),
                             mlp::CsvError);
    }
    SUBCASE("ragged row") {
        const std::string p = scratch("ragged.csv", "a,b,label\n1,2,0\n1,2\n");
        CHECK_THROWS_WITH_AS(mlp::read_csv(p), ("read_csv: " + p + " line 3: expected 3 cells as in the header, got 2").c_str(),
                             mlp::CsvError);
    }
    SUBCASE("non-numeric cell") {
        const std::string p = scratch("text.csv", "a,b,label\n1,2,0\n1,abc,1\n");
        try {
            mlp::read_csv(p);
            FAIL("no exception");
        } catch (const mlp::CsvError& e) {
            CHECK(std::string(e.what()) == "read_csv: " + p + " line 3, column 2: expected a number, got 'abc'");
            CHECK(e.line() == 3);
            CHECK(e.column() == 2);
            CHECK(e.file() == p);
        }
    }
    SUBCASE("empty cell") {
        const std::string p = scratch("blank_cell.csv", "a,b,label\n1,,0\n");
        CHECK_THROWS_WITH_AS(mlp::read_csv(p), ("read_csv: " + p + " line 2, column 2: expected a number, got ''").c_str(),
                             mlp::CsvError);
    }
    SUBCASE("label not a non-negative integer") {
        const std::string p = scratch("label.csv", "a,label\n1,0\n2,1.5\n3,-1\n");
        CHECK_THROWS_WITH_AS(
            mlp::read_csv(p),
            ("read_csv: " + p + " line 3, column 2: expected a class label (a whole number 0..65535), got '1.5'").c_str(),
            mlp::CsvError);
    }
    SUBCASE("label column out of range or unknown") {
        const std::string p = scratch("cols.csv", "a,label\n1,0\n");
        CHECK_THROWS_WITH_AS(mlp::read_csv(p, std::size_t{2}),
                             ("read_csv: " + p + " line 1: expected label column index < 2, got 2").c_str(), mlp::CsvError);
        CHECK_THROWS_WITH_AS(mlp::read_csv(p, std::string("species")),
                             ("read_csv: " + p + " line 1: expected a column named 'species', none in the header").c_str(),
                             mlp::CsvError);
    }
    SUBCASE("CsvError is a std::invalid_argument") {
        CHECK_THROWS_AS(mlp::read_csv(scratch("empty.csv", "")), std::invalid_argument);
    }
}

TEST_CASE("read_csv_into: a failed load leaves the caller's data untouched") {
    mlp::Dataset d{mlp::Tensor::from_rows({{7, 8}}), mlp::Tensor::from_rows({{1}})};
    const mlp::Dataset before = d;
    CHECK_THROWS_AS(mlp::read_csv_into(scratch("bad.csv", "a,b,label\n1,2,0\n3,x,1\n"), d), mlp::CsvError);
    CHECK(d.x == before.x);
    CHECK(d.y == before.y);
    mlp::read_csv_into(scratch("good.csv", "a,label\n3,1\n"), d);
    CHECK(d.x == mlp::Tensor::from_rows({{3}}));
}

TEST_CASE("write_csv: round trip is exact, and a failed save keeps the old file") {
    mlp::Dataset d{mlp::Tensor::from_rows({{0.1, 1.0 / 3.0}, {-2.5e-300, 12345678.9}}), mlp::Tensor::from_rows({{0}, {3}})};
    const std::string p = scratch("round.csv", "");
    mlp::write_csv(p, d, {"x1", "x2", "label"});
    CHECK(slurp(p) == "x1,x2,label\n0.1,0.3333333333333333,0\n-2.5e-300,12345678.9,3\n");
    const mlp::Dataset back = mlp::read_csv(p);
    CHECK(back.x == d.x);  // bit for bit
    CHECK(back.y == d.y);
    const std::string old = slurp(p);
    CHECK_THROWS_WITH_AS(mlp::write_csv(p, d, {"x1", "label"}),
                         "to_csv: expected a header of 3 names (features and the label), got 2", std::invalid_argument);
    CHECK(slurp(p) == old);
    // A target whose directory does not exist: nothing is written anywhere.
    CHECK_THROWS_AS(mlp::write_csv(p + ".missing_dir/out.csv", d, {"x1", "x2", "label"}), std::runtime_error);
    CHECK(slurp(p) == old);
    CHECK_FALSE(std::filesystem::exists(p + ".tmp"));
}

TEST_CASE("read_csv_from_string: the file reader's rules on text in memory, errors name the source") {
    const std::string text = "a,b,label\n1.5,2,0\n-3,4e2,2\n";
    const mlp::Dataset d = mlp::read_csv_from_string(text);
    const mlp::Dataset f = mlp::read_csv(scratch("same.csv", text));
    CHECK(d.x == f.x);
    CHECK(d.y == f.y);
    CHECK_THROWS_WITH_AS(mlp::read_csv_from_string("a,label\n1,0\n2,-1\n", "pasted"),
                         "read_csv: pasted line 3, column 2: expected a class label (a whole number 0..65535), got '-1'",
                         mlp::CsvError);
    CHECK_THROWS_WITH_AS(mlp::read_csv_from_string(""), "read_csv: <string> line 1: the file is empty, expected a header row",
                         mlp::CsvError);
}

TEST_CASE("read_csv: continuous and several targets by name, features keep their order") {
    const std::string p = scratch("reg.csv", "a,t1,b,t2\n1,0.5,2,-3.25\n4,1e3,5,7\n");
    const mlp::Dataset d = mlp::read_csv(p, mlp::CsvTargets{.columns = {"t2", "t1"}, .class_labels = false});
    CHECK(d.x == mlp::Tensor::from_rows({{1, 2}, {4, 5}}));
    CHECK(d.y == mlp::Tensor::from_rows({{-3.25, 0.5}, {7, 1000}}));
    // No names: the last column, continuous.
    const mlp::Dataset last = mlp::read_csv(p, mlp::CsvTargets{.columns = {}, .class_labels = false});
    CHECK(last.y == mlp::Tensor::from_rows({{-3.25}, {7}}));
    CHECK(last.x.cols() == 3);
    // class_labels true keeps the classification rule for each target.
    CHECK_THROWS_WITH_AS(mlp::read_csv(p, mlp::CsvTargets{.columns = {"t1"}, .class_labels = true}),
                         ("read_csv: " + p + " line 2, column 2: expected a class label (a whole number 0..65535), got '0.5'").c_str(),
                         mlp::CsvError);
    CHECK_THROWS_WITH_AS(mlp::read_csv(p, mlp::CsvTargets{.columns = {"t3"}, .class_labels = false}),
                         ("read_csv: " + p + " line 1: expected a column named 't3', none in the header").c_str(), mlp::CsvError);
    CHECK_THROWS_WITH_AS(mlp::read_csv(p, mlp::CsvTargets{.columns = {"t1", "t1"}, .class_labels = false}),
                         ("read_csv: " + p + " line 1: expected each target column once, got 't1' twice").c_str(), mlp::CsvError);
    CHECK_THROWS_WITH_AS(mlp::read_csv(p, mlp::CsvTargets{.columns = {"a", "t1", "b", "t2"}, .class_labels = false}),
                         ("read_csv: " + p + " line 1: expected at least one feature column besides the 4 target columns, got none").c_str(),
                         mlp::CsvError);
    const std::string bad = scratch("regbad.csv", "a,t\n1,2\n3,x\n");
    CHECK_THROWS_WITH_AS(mlp::read_csv(bad, mlp::CsvTargets{.columns = {}, .class_labels = false}),
                         ("read_csv: " + bad + " line 3, column 2: expected a number, got 'x'").c_str(), mlp::CsvError);
}

TEST_CASE("read_csv: the committed wine and diabetes sets") {
    const mlp::Dataset wine = mlp::read_csv(std::string(MLP_SOURCE_DIR) + "/datasets/wine.csv");
    CHECK(wine.x.rows() == 178);
    CHECK(wine.x.cols() == 13);
    const mlp::Dataset diabetes = mlp::read_csv(std::string(MLP_SOURCE_DIR) + "/datasets/diabetes.csv",
                                                mlp::CsvTargets{.columns = {"progression"}, .class_labels = false});
    CHECK(diabetes.x.rows() == 442);
    CHECK(diabetes.x.cols() == 10);
    CHECK(diabetes.y(0, 0) == 151.0);
}

TEST_CASE("read_csv: a label is a whole number 0..65535, anything else is named with its place") {
    for (const std::string label : {"1e300", "18446744073709551616", "100000000", "0.5", "-1", "65536"}) {
        CAPTURE(label);
        CHECK_THROWS_WITH_AS(mlp::read_csv_from_string("a,label\n1,0\n2," + label + "\n", "pasted"),
                             ("read_csv: pasted line 3, column 2: expected a class label (a whole number 0..65535), got '" +
                              label + "'").c_str(),
                             mlp::CsvError);
    }
    CHECK(mlp::read_csv_from_string("a,label\n1,65535\n").y(0, 0) == 65535.0);
}

TEST_CASE("read_csv: an error quotes at most 60 characters of a cell") {
    const std::string cell(5000, 'x');
    CHECK_THROWS_WITH_AS(mlp::read_csv_from_string("a,label\n" + cell + ",0\n", "pasted"),
                         ("read_csv: pasted line 2, column 1: expected a number, got '" + std::string(60, 'x') + "...'").c_str(),
                         mlp::CsvError);
}

TEST_CASE("write_csv: refuses what it could not read back, before touching the old file") {
    const std::string p = scratch("validated.csv", "");
    const mlp::Dataset good{mlp::Tensor::from_rows({{1.0}}), mlp::Tensor::from_rows({{2}})};
    mlp::write_csv(p, good, {"x", "label"});
    const std::string old = slurp(p);
    const double nan = std::nan("");
    SUBCASE("a NaN feature") {
        const mlp::Dataset d{mlp::Tensor::from_rows({{nan}}), mlp::Tensor::from_rows({{0}})};
        CHECK_THROWS_WITH_AS(mlp::write_csv(p, d, {"x", "label"}),
                             "to_csv: expected finite features, got nan in row 1, column 1", std::invalid_argument);
    }
    SUBCASE("an infinite feature") {
        const mlp::Dataset d{mlp::Tensor::from_rows({{HUGE_VAL}}), mlp::Tensor::from_rows({{0}})};
        CHECK_THROWS_WITH_AS(mlp::write_csv(p, d, {"x", "label"}), doctest::Contains("expected finite features"),
                             std::invalid_argument);
    }
    SUBCASE("labels -1, NaN and 0.5") {
        for (const double label : {-1.0, nan, 0.5}) {
            const mlp::Dataset d{mlp::Tensor::from_rows({{1.0}}), mlp::Tensor::from_rows({{label}})};
            CHECK_THROWS_WITH_AS(mlp::write_csv(p, d, {"x", "label"}),
                                 ("to_csv: expected labels that are whole numbers 0..65535, got " + mlp::format_number(label) +
                                  " in row 1").c_str(),
                                 std::invalid_argument);
        }
    }
    SUBCASE("header names with a comma, a quote or a line break") {
        for (const std::string name : {"a,b", "a\"b", "a\nb"}) {
            CHECK_THROWS_WITH_AS(mlp::write_csv(p, good, {name, "label"}),
                                 doctest::Contains("to_csv: expected header names without ','"), std::invalid_argument);
        }
    }
    SUBCASE("an empty dataset") {
        const mlp::Dataset d{mlp::Tensor(0, 1), mlp::Tensor(0, 1)};
        CHECK_THROWS_WITH_AS(mlp::write_csv(p, d, {"x", "label"}),
                             "to_csv: expected at least one row, got an empty dataset", std::invalid_argument);
    }
    CHECK(slurp(p) == old);
}

TEST_CASE("read_csv: a UTF-8 byte-order mark before the header is not part of the first column's name") {
    const std::string path = scratch("bom.csv", "\xEF\xBB\xBFx1,x2,label\n0,1,1\n1,0,0\n");
    const mlp::Dataset by_name = mlp::read_csv(path, std::string("label"));
    CHECK(by_name.x.rows() == 2);
    const mlp::Dataset targets = mlp::read_csv(path, mlp::CsvTargets{.columns = {"x1"}, .class_labels = false});
    CHECK(targets.y(0, 0) == 0.0);
    CHECK(targets.y(1, 0) == 1.0);
}

TEST_CASE("read_csv: devices, directories and files too large are refused from stat, and never called empty") {
    if (std::filesystem::exists("/dev/zero"))  // POSIX; Windows has no such device
        CHECK_THROWS_WITH_AS(mlp::read_csv("/dev/zero"), "read_csv: /dev/zero: is not a regular file (a device or a pipe?)",
                             mlp::CsvError);
    const std::string dir = std::filesystem::temp_directory_path().string();
    CHECK_THROWS_WITH_AS(mlp::read_csv(dir), ("read_csv: " + dir + ": is a directory, not a file").c_str(), mlp::CsvError);
    // A sparse file of 300 MiB: stat gives its size, not one byte of it is read.
    const std::string big = scratch("big.csv", "");
    std::filesystem::resize_file(big, std::size_t{300} << 20);
    CHECK_THROWS_WITH_AS(mlp::read_csv(big), doctest::Contains("is 314572800 bytes, more than the 268435456 (256 MiB)"),
                         mlp::CsvError);
    // A file of NUL bytes is not empty: what is wrong with its header is said instead.
    const std::string nul = scratch("nul.csv", std::string(1000, '\0'));
    try {
        mlp::read_csv(nul);
        FAIL("a file of NUL bytes was read");
    } catch (const mlp::CsvError& e) {
        CHECK_FALSE(std::string(e.what()).find("empty") != std::string::npos);
    }
    CHECK_THROWS_WITH_AS(mlp::read_csv(scratch("blank.csv", "\n1,2\n")),
                         doctest::Contains("line 1: expected a header row, got a blank line"), mlp::CsvError);
    CHECK_THROWS_WITH_AS(mlp::read_csv(scratch("empty.csv", "")), doctest::Contains("the file is empty"), mlp::CsvError);
    std::filesystem::remove(big);
}
