// SPDX-License-Identifier: MIT
// csv.hpp: reading and writing classification data as CSV with a header row.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlp/data/datasets.hpp"

namespace mlp {

// A malformed or unreadable CSV file. The message names the file, the line and column
// (1-based, 0 when they do not apply) and what was wrong:
//   "read_csv: data/iris.csv line 4, column 2: expected a number, got 'abc'"
// The largest class label a CSV file may hold (read_csv and to_csv): 65536 classes at most.
inline constexpr std::size_t max_csv_label = 65535;

// The largest CSV file read_csv reads: 256 MiB of text becomes at most about 1 GiB of doubles
// (a cell takes at least two bytes, "0,"; a double eight), far past any lesson's data set.
inline constexpr std::size_t max_csv_bytes = std::size_t{256} << 20;

class CsvError : public std::invalid_argument {
public:
    CsvError(const std::string& file, std::size_t line, std::size_t column, const std::string& problem);
    const std::string& file() const { return file_; }
    std::size_t line() const { return line_; }
    std::size_t column() const { return column_; }

private:
    std::string file_;
    std::size_t line_;
    std::size_t column_;
};

// Reads a CSV file whose first line is a header. Every other column becomes a feature in x
// (N, F); the label column becomes y (N, 1) and must hold whole numbers 0..max_csv_label (class indices).
// The label column is the last one, or the one at a 0-based index, or the one with a header name.
// Blank lines at the end of the file are ignored; a UTF-8 byte-order mark before the header is
// skipped. Only a regular file of at most max_csv_bytes is read (checked with stat before a byte
// is read: a directory, /dev/zero or a pipe is refused). Throws CsvError for: a missing file, an empty
// file (no header, or a header and no rows), a row with a different number of cells from the
// header, a cell that is not a number, a label that is not a whole number 0..max_csv_label.
Dataset read_csv(const std::string& path);
Dataset read_csv(const std::string& path, std::size_t label_column);
Dataset read_csv(const std::string& path, const std::string& label_column);

// Regression and several targets: the columns named in `columns` (in that order; the last column
// when empty) become y (N, T), every other column a feature in x (N, F). With class_labels
// false a target may be any finite number (a continuous target: diabetes progression, a price);
// with true each must be a non-negative integer, as above. The same errors as above, and a
// CsvError for a named column that is not in the header or is named twice.
//   read_csv("datasets/diabetes.csv", {.columns = {"target"}, .class_labels = false})
struct CsvTargets {
    std::vector<std::string> columns;  // target columns by header name; empty: the last column
    bool class_labels = true;          // false: continuous targets
};
Dataset read_csv(const std::string& path, const CsvTargets& targets);

// The same, into `out`: on any error `out` is left exactly as it was (nothing half-loaded).
void read_csv_into(const std::string& path, Dataset& out);

// The same rules for CSV text already in memory (no label-column choice: the label is last);
// `source_name` stands for the file name in error messages.
Dataset read_csv_from_string(const std::string& text, const std::string& source_name = "<string>");

// The CSV text write_csv saves: the header (F feature names and then the label's name), then one
// row per sample, features in the shortest form that reads back to the same double
// (format_number), the label as an integer. Lines end in '\n'.
std::string to_csv(const Dataset& data, const std::vector<std::string>& header);

// Writes to_csv(data, header) to `path` by way of a temporary file beside it, renamed over the
// target only once it is completely written: a failed save leaves any old file as it was.
// Throws std::invalid_argument for a header of the wrong length, std::runtime_error when the
// file cannot be written.
void write_csv(const std::string& path, const Dataset& data, const std::vector<std::string>& header);

}  // namespace mlp
