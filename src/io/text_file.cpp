// SPDX-License-Identifier: MIT
// text_file.cpp: reading a file whole, writing one atomically, and the line reader.
#include "mlp/io/text_file.hpp"

#include "mlp/core/number_text.hpp"
#include "platform_file.hpp"

#include <charconv>
#include <optional>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

namespace mlp {

namespace {
std::string where(const std::string& source, std::size_t line) {
    return line == 0 ? source : source + ": line " + std::to_string(line);
}
bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }
}  // namespace

ModelFileError::ModelFileError(const std::string& who, const std::string& source, std::size_t line,
                               const std::string& problem)
    : std::invalid_argument(who + ": " + where(source, line) + ": " + problem), source_(source), line_(line) {}

// Under emscripten, isatty says yes (its streams are consoles it emulates), but the output goes
// to the browser's console or node's pipe, where carriage returns would leave one line per
// redraw: never a terminal there.
bool is_terminal(std::FILE* stream) {
#if defined(__EMSCRIPTEN__)
    (void)stream;
    return false;
#elif defined(_WIN32)
    return _isatty(_fileno(stream)) != 0;
#else
    return isatty(fileno(stream)) != 0;
#endif
}

void write_file_atomically(const std::string& path, const std::string& text, const std::string& who) {
    const std::string problem = platform::replace_file(path, text);
    if (!problem.empty()) throw std::runtime_error(who + ": cannot save \"" + path + "\": " + problem + "; the old file, if any, is unchanged");
}

bool same_file(const std::string& a, const std::string& b) { return platform::same_file(a, b); }

bool is_device_or_pipe(const std::string& path) { return platform::is_device_or_pipe(path); }

void write_text_file(const std::string& path, const std::string& text) {
    write_file_atomically(path, text, "write_text_file");
}

std::string file_problem(const std::string& path, std::size_t max_bytes, std::size_t& bytes) {
    namespace fs = std::filesystem;
    bytes = 0;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status))
        return "cannot open the file: " + std::make_error_code(std::errc::no_such_file_or_directory).message();
    if (fs::is_directory(status)) return "is a directory, not a file";
    // /dev/zero, a pipe or a terminal would be read without end: only regular files are read.
    if (!fs::is_regular_file(status)) return "is not a regular file (a device or a pipe?)";
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return "cannot open the file: " + ec.message();
    if (size > max_bytes)
        return "is " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) + " (" +
               std::to_string(max_bytes >> 20) + " MiB) this reader reads";
    bytes = static_cast<std::size_t>(size);
    return "";
}

std::string read_text_file(const std::string& path, const std::string& who) {
    std::size_t bytes = 0;
    const std::string problem = file_problem(path, max_text_file_bytes, bytes);
    if (!problem.empty()) throw ModelFileError(who, path, 0, problem);
    std::ifstream file(path, std::ios::binary);
    if (!file) throw ModelFileError(who, path, 0, "cannot open the file: unreadable (permission denied?)");
    // Read in pieces and stop at the limit: the file may have grown since stat.
    std::string text;
    text.reserve(bytes);
    char piece[65536];
    while (file.read(piece, sizeof piece) || file.gcount() > 0) {
        text.append(piece, static_cast<std::size_t>(file.gcount()));
        if (text.size() > max_text_file_bytes)
            throw ModelFileError(who, path, 0, "the file is larger than " + std::to_string(max_text_file_bytes >> 20) +
                                                   " MiB, the most this build reads");
    }
    return text;
}

LineReader::LineReader(std::string_view text, std::string who, std::string source)
    : text_(text), who_(std::move(who)), source_(std::move(source)) {}

bool LineReader::next(std::vector<std::string_view>& words) {
    while (pos_ < text_.size()) {
        std::size_t end = text_.find('\n', pos_);
        if (end == std::string_view::npos) end = text_.size();
        const std::string_view line = text_.substr(pos_, end - pos_);
        pos_ = end + 1;
        ++line_;
        words.clear();
        std::size_t k = 0;
        while (k < line.size()) {
            while (k < line.size() && is_space(line[k])) ++k;
            const std::size_t start = k;
            while (k < line.size() && !is_space(line[k])) ++k;
            if (k > start) words.push_back(line.substr(start, k - start));
        }
        if (!words.empty() && words[0][0] != '#') return true;
    }
    words.clear();
    return false;
}

void LineReader::expect(std::vector<std::string_view>& words, const std::string& what) {
    if (!next(words)) fail_at(line_ + 1, "the file ends early (truncated?): expected " + what);
}

std::string_view LineReader::peek() {
    const std::size_t pos = pos_, line = line_;
    std::vector<std::string_view> words;
    const bool found = next(words);
    pos_ = pos;
    line_ = line;
    return found ? words[0] : std::string_view();
}

void LineReader::fail_at(std::size_t line, const std::string& problem) const {
    throw ModelFileError(who_, source_, line, problem);
}

// A finite double, read exactly as format_number wrote it.
double LineReader::number(std::string_view word, const std::string& what) const {
    const std::optional<double> value = parse_number(word);
    if (!value) fail("expected a number in " + what + ", got \"" + shown(word) + "\"");
    if (!std::isfinite(*value)) fail("expected a finite number in " + what + ", got \"" + shown(word) + "\"");
    return *value;
}

std::size_t LineReader::count(std::string_view word, const std::string& what) const {
    std::size_t value = 0;
    const auto result = std::from_chars(word.data(), word.data() + word.size(), value);
    if (result.ec != std::errc() || result.ptr != word.data() + word.size() || value == 0)
        fail("expected " + what + " as a whole number >= 1, got \"" + shown(word) + "\"");
    return value;
}

std::string LineReader::shown(std::string_view word) {
    return word.size() <= 40 ? std::string(word) : std::string(word.substr(0, 40)) + "...";
}

}  // namespace mlp
