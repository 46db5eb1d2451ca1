// SPDX-License-Identifier: MIT
// csv.cpp: a small strict CSV reader (numbers only, header row) and an atomic writer.
#include "mlp/data/csv.hpp"

#include <cmath>
#include <optional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "mlp/io/number_text.hpp"

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

bool is_blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// Where the label column is, resolved against the header; kLast means the last column.
constexpr std::size_t kLast = static_cast<std::size_t>(-1);

// Reads CSV text from `in`; `path` only names the source in error messages.
Dataset read(std::istream& in, const std::string& path, std::size_t label_index, const std::string* label_name) {
    std::string line;
    if (!std::getline(in, line) || is_blank(line)) throw CsvError(path, 1, 0, "the file is empty, expected a header row");
    const std::vector<std::string> header = split_line(line);
    const std::size_t cols = header.size();
    if (cols < 2) throw CsvError(path, 1, 0, "expected a header with at least 2 columns, got " + std::to_string(cols));

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

    std::vector<double> features, labels;
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
            const std::optional<double> parsed = parse_number(cell);
            if (!parsed || !std::isfinite(*parsed))
                throw CsvError(path, line_number, k + 1, "expected a number, got '" + cell + "'");
            const double value = *parsed;
            if (k == label) {
                if (value < 0.0 || value != std::floor(value))
                    throw CsvError(path, line_number, k + 1,
                                   "expected a class label (a non-negative integer), got '" + cell + "'");
                labels.push_back(value);
            } else {
                features.push_back(value);
            }
        }
    }
    if (labels.empty()) throw CsvError(path, line_number, 0, "the file has a header but no data rows");

    Dataset d{Tensor(labels.size(), cols - 1), Tensor(labels.size(), 1)};
    for (std::size_t k = 0; k < features.size(); ++k) d.x[k] = features[k];
    for (std::size_t n = 0; n < labels.size(); ++n) d.y(n, 0) = labels[n];
    return d;
}

Dataset read_file(const std::string& path, std::size_t label_index, const std::string* label_name) {
    std::ifstream in(path);
    if (!in) throw CsvError(path, 0, 0, "cannot open the file (missing or unreadable)");
    return read(in, path, label_index, label_name);
}

}  // namespace

Dataset read_csv(const std::string& path) { return read_file(path, kLast, nullptr); }
Dataset read_csv(const std::string& path, std::size_t label_column) { return read_file(path, label_column, nullptr); }
Dataset read_csv(const std::string& path, const std::string& label_column) { return read_file(path, kLast, &label_column); }

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
    const std::string text = to_csv(data, header);  // validates before any file is touched
    const std::filesystem::path target(path);
    std::filesystem::path temp = target;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("write_csv: cannot create " + temp.string());
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            throw std::runtime_error("write_csv: failed writing " + temp.string());
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw std::runtime_error("write_csv: cannot replace " + path + ": " + ec.message());
    }
}

}  // namespace mlp
