// SPDX-License-Identifier: MIT
// csv.cpp: a small strict CSV reader (numbers only, header row) and an atomic writer.
#include "mlp/data/csv.hpp"

#include "mlp/io/text_file.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <system_error>

#include "mlp/core/number_text.hpp"

namespace mlp {

CsvError::CsvError(const std::string& file, std::size_t line, std::size_t column, const std::string& problem)
    : std::invalid_argument("read_csv: " + file +
                            (line > 0 ? " line " + std::to_string(line) : std::string()) +
                            (column > 0 ? ", column " + std::to_string(column) : std::string()) + ": " + problem),
      file_(file),
      line_(line),
      column_(column) {}

namespace {

// Splits one line at commas and trims spaces, tabs and a trailing '\r' from each cell.
std::vector<std::string> split_line(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.push_back("");  // a trailing empty cell
    for (std::string& c : cells) {
        const std::size_t first = c.find_first_not_of(" \t\r");
        const std::size_t last = c.find_last_not_of(" \t\r");
        c = first == std::string::npos ? std::string() : c.substr(first, last - first + 1);
    }
    return cells;
}

// A cell as an error message quotes it: at most 60 characters, longer ones cut with "...".
std::string quoted(const std::string& cell) {
    return "'" + (cell.size() <= 60 ? cell : cell.substr(0, 60) + "...") + "'";
}

bool is_blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// Where the label column is, resolved against the header; kLast means the last column.
constexpr std::size_t kLast = static_cast<std::size_t>(-1);

// One cell as a double: the whole cell must be a finite number. Number parsing lives here alone,
// so a different parser is a change to this one function.
bool parse_cell(const std::string& cell, double& value) {
    const std::optional<double> parsed = parse_number(cell);  // core/number_text.hpp: portable, exact
    if (!parsed || !std::isfinite(*parsed)) return false;
    value = *parsed;
    return true;
}

// Which columns are targets (y), in the order y's columns take them; the rest are features (x).
struct Columns {
    std::vector<std::size_t> targets;
    bool class_labels = true;  // targets must be non-negative integers
};

// Reads CSV text from `in`; `path` only names the source in error messages. `pick` turns the
// header into the target columns (and throws for a column that is not there).
template <typename Pick>
Dataset read(std::istream& in, const std::string& path, Pick pick) {
    std::string line;
    if (!std::getline(in, line)) throw CsvError(path, 1, 0, "the file is empty, expected a header row");
    // Spreadsheets save UTF-8 with a byte-order mark; it is not part of the first column's name.
    if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (is_blank(line)) throw CsvError(path, 1, 0, "expected a header row, got a blank line");
    const std::vector<std::string> header = split_line(line);
    const std::size_t cols = header.size();
    if (cols < 2) throw CsvError(path, 1, 0, "expected a header with at least 2 columns, got " + std::to_string(cols));
    // A first row of numbers is a sample, not names: refused, so it is never silently lost as a header.
    bool all_numbers = true;
    for (const std::string& cell : header) {
        double unused = 0.0;
        all_numbers = all_numbers && parse_cell(cell, unused);
    }
    const std::string& first_row = line;
    if (all_numbers)
        throw CsvError(path, 1, 0, "expected a header row naming the columns (like x1,x2,label), got numbers " +
                                       quoted(first_row) + "; add a header line, or this first sample would be lost");
    const Columns columns = pick(header);
    std::vector<std::size_t> target_of(cols, kLast);  // target_of[k]: k's column in y, or kLast for a feature
    for (std::size_t t = 0; t < columns.targets.size(); ++t) target_of[columns.targets[t]] = t;
    const std::size_t T = columns.targets.size();
    if (T >= cols)
        throw CsvError(path, 1, 0, "expected at least one feature column besides the " + std::to_string(T) + " target columns, got none");

    std::vector<double> features, targets;
    std::vector<double> row_targets(T);
    std::size_t rows = 0;
    std::size_t line_number = 1;
    std::size_t pending_blank = 0;  // blank lines are allowed only at the end of the file
    while (std::getline(in, line)) {
        ++line_number;
        if (is_blank(line)) {
            ++pending_blank;
            continue;
        }
        if (pending_blank > 0) throw CsvError(path, line_number - 1, 0, "blank line inside the data");
        const std::vector<std::string> cells = split_line(line);
        if (cells.size() != cols)
            throw CsvError(path, line_number, 0, "expected " + std::to_string(cols) + " cells as in the header, got " +
                                                     std::to_string(cells.size()));
        for (std::size_t k = 0; k < cols; ++k) {
            const std::string& cell = cells[k];
            double value = 0.0;
            if (!parse_cell(cell, value)) throw CsvError(path, line_number, k + 1, "expected a number, got " + quoted(cell));
            if (target_of[k] == kLast) {
                features.push_back(value);
                continue;
            }
            // A label is an exact whole number 0..max_csv_label: 1e300, 0.5, -1 and 100000000 are
            // refused, so a file cannot imply billions of classes.
            if (columns.class_labels && !(value >= 0.0 && value <= static_cast<double>(max_csv_label) && value == std::floor(value)))
                throw CsvError(path, line_number, k + 1,
                               "expected a class label (a whole number 0.." + std::to_string(max_csv_label) +
                                   "), got " + quoted(cell));
            row_targets[target_of[k]] = value;
        }
        targets.insert(targets.end(), row_targets.begin(), row_targets.end());
        ++rows;
    }
    if (rows == 0) throw CsvError(path, line_number, 0, "the file has a header but no data rows");

    Dataset d{Tensor(rows, cols - T), Tensor(rows, T)};
    for (std::size_t k = 0; k < features.size(); ++k) d.x[k] = features[k];
    for (std::size_t k = 0; k < targets.size(); ++k) d.y[k] = targets[k];
    return d;
}

// The classification reader's choice: one label column, the last, or by index, or by name.
Dataset read(std::istream& in, const std::string& path, std::size_t label_index, const std::string* label_name) {
    return read(in, path, [&](const std::vector<std::string>& header) {
        const std::size_t cols = header.size();
        std::size_t label = cols - 1;
        if (label_name != nullptr) {
            label = cols;
            for (std::size_t k = 0; k < cols; ++k)
                if (header[k] == *label_name) label = k;
            if (label == cols) throw CsvError(path, 1, 0, "expected a column named '" + *label_name + "', none in the header");
        } else if (label_index != kLast) {
            if (label_index >= cols)
                throw CsvError(path, 1, 0, "expected label column index < " + std::to_string(cols) + ", got " +
                                               std::to_string(label_index));
            label = label_index;
        }
        return Columns{{label}, true};
    });
}

// Opens `path` for reading after stat says it is a regular file of at most max_csv_bytes.
std::ifstream open_csv(const std::string& path) {
    std::size_t bytes = 0;
    const std::string problem = file_problem(path, max_csv_bytes, bytes);
    if (!problem.empty()) throw CsvError(path, 0, 0, problem);
    std::ifstream in(path);
    if (!in) throw CsvError(path, 0, 0, "cannot open the file (missing or unreadable)");
    return in;
}

// Within max_csv_bytes a machine may still lack the memory: said as a CsvError, never bad_alloc.
template <typename Read>
Dataset within_memory(const std::string& path, Read read_it) {
    try {
        return read_it();
    } catch (const std::bad_alloc&) {
        throw CsvError(path, 0, 0, "not enough memory to hold its numbers");
    }
}

Dataset read_file(const std::string& path, std::size_t label_index, const std::string* label_name) {
    std::ifstream in = open_csv(path);
    return within_memory(path, [&] { return read(in, path, label_index, label_name); });
}

}  // namespace

Dataset read_csv(const std::string& path) { return read_file(path, kLast, nullptr); }
Dataset read_csv(const std::string& path, std::size_t label_column) { return read_file(path, label_column, nullptr); }
Dataset read_csv(const std::string& path, const std::string& label_column) { return read_file(path, kLast, &label_column); }

Dataset read_csv(const std::string& path, const CsvTargets& targets) {
    std::ifstream in = open_csv(path);
    return within_memory(path, [&] { return read(in, path, [&](const std::vector<std::string>& header) {
        Columns columns{{}, targets.class_labels};
        if (targets.columns.empty()) columns.targets.push_back(header.size() - 1);
        for (const std::string& name : targets.columns) {
            std::size_t found = header.size();
            for (std::size_t k = 0; k < header.size(); ++k)
                if (header[k] == name) found = k;
            if (found == header.size()) throw CsvError(path, 1, 0, "expected a column named '" + name + "', none in the header");
            for (std::size_t t : columns.targets)
                if (t == found) throw CsvError(path, 1, 0, "expected each target column once, got '" + name + "' twice");
            columns.targets.push_back(found);
        }
        return columns;
    }); });
}

Dataset read_csv_from_string(const std::string& text, const std::string& source_name) {
    std::istringstream in(text);
    return read(in, source_name, kLast, nullptr);
}

void read_csv_into(const std::string& path, Dataset& out) {
    Dataset loaded = read_csv(path);  // throws before `out` is touched
    out = std::move(loaded);
}

std::string to_csv(const Dataset& data, const std::vector<std::string>& header) {
    if (header.size() != data.x.cols() + 1)
        throw std::invalid_argument("to_csv: expected a header of " + std::to_string(data.x.cols() + 1) +
                                    " names (features and the label), got " + std::to_string(header.size()));
    if (data.y.rows() != data.x.rows() || data.y.cols() != 1)
        throw std::invalid_argument("to_csv: expected y of shape (" + std::to_string(data.x.rows()) + ", 1), got " +
                                    data.y.shape());
    if (data.x.rows() == 0) throw std::invalid_argument("to_csv: expected at least one row, got an empty dataset");
    for (std::size_t k = 0; k < header.size(); ++k)
        if (header[k].empty() || header[k].find_first_of(",\n\r\"") != std::string::npos)
            throw std::invalid_argument("to_csv: expected header names without ',', quotes or line breaks, got name " +
                                        std::to_string(k + 1) + " '" + header[k] + "'");
    for (std::size_t n = 0; n < data.x.rows(); ++n) {
        for (std::size_t i = 0; i < data.x.cols(); ++i)
            if (!std::isfinite(data.x(n, i)))
                throw std::invalid_argument("to_csv: expected finite features, got " + format_number(data.x(n, i)) +
                                            " in row " + std::to_string(n + 1) + ", column " + std::to_string(i + 1));
        const double label = data.y(n, 0);
        if (!(label >= 0.0 && label <= static_cast<double>(max_csv_label) && label == std::floor(label)))
            throw std::invalid_argument("to_csv: expected labels that are whole numbers 0.." + std::to_string(max_csv_label) +
                                        ", got " + format_number(label) + " in row " + std::to_string(n + 1));
    }
    std::string out;
    for (std::size_t k = 0; k < header.size(); ++k) out += (k > 0 ? "," : "") + header[k];
    out += '\n';
    for (std::size_t n = 0; n < data.x.rows(); ++n) {
        for (std::size_t i = 0; i < data.x.cols(); ++i) {
            out += format_number(data.x(n, i));  // reads back as exactly the same double
            out += ',';
        }
        out += std::to_string(static_cast<long long>(data.y(n, 0)));
        out += '\n';
    }
    return out;
}

void write_csv(const std::string& path, const Dataset& data, const std::vector<std::string>& header) {
    // to_csv validates before any file is touched; the write goes through "<path>.tmp" and a rename.
    write_file_atomically(path, to_csv(data, header), "write_csv");
}

}  // namespace mlp
