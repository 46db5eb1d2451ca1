// SPDX-License-Identifier: MIT
// text_file.hpp: the one place files are read and written as text: a whole file in, a file out
// atomically, and a reader handing out meaningful lines as words with their line numbers.
#pragma once

#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mlp {

// A text file (model, checkpoint) that cannot be read: the message names the file, the line and
// the problem: "load_model: model.txt: line 4: expected 3 numbers in row 2 of W, got 2".
class ModelFileError : public std::invalid_argument {
public:
    // what(): "<who>: <source>: line <line>: <problem>" ("line" left out when it is 0)
    ModelFileError(const std::string& who, const std::string& source, std::size_t line, const std::string& problem);
    const std::string& source() const { return source_; }
    std::size_t line() const { return line_; }  // 1-based; 0 when the problem is not on one line

private:
    std::string source_;
    std::size_t line_;
};

// Writes `text` to `path` through a uniquely named temporary beside it (created exclusively,
// fsynced), renamed over `path`, then the directory fsynced: a reader sees the old file or the
// new one, never half; two concurrent writers never share a temporary; a failed write leaves the
// old file intact and no temporary behind. The target's permissions are kept.
// What is at `path` decides how (docs/files.md, "Writing"):
//   a regular file, or nothing    replaced atomically as above
//   a symbolic link               followed: the file it ends at is replaced, the link stays
//   a character device or a pipe  written through (/dev/null, /dev/stdout): never replaced
//   a directory, a block device   refused
// Throws std::runtime_error naming `who`, the path and the operating system's reason.
void write_file_atomically(const std::string& path, const std::string& text, const std::string& who = "save");

// True when both paths exist and are the same file (same device and inode, after following
// links), however differently they are spelled: an output that would overwrite an input.
bool same_file(const std::string& a, const std::string& b);

// True when `path` is a device or a pipe (/dev/null, a FIFO; NUL or \\.\pipe\... on Windows),
// which write_file_atomically writes through instead of replacing: two outputs may both name it.
bool is_device_or_pipe(const std::string& path);

// write_file_atomically under the name the lessons use for pictures and reports.
void write_text_file(const std::string& path, const std::string& text);

// The most read_text_file reads: far above any model or checkpoint a lesson writes.
inline constexpr std::size_t max_text_file_bytes = std::size_t{1} << 30;

// Why `path` cannot be read as a file of at most `max_bytes` bytes, "" when it can: every
// reader asks this of stat before it reads a byte, so /dev/zero, a pipe, a directory or a file
// too large is refused at once ("is not a regular file (a device or a pipe?)", "is 2147483648
// bytes, more than the 1073741824 this reader reads"). Sets `bytes` to the file's size.
std::string file_problem(const std::string& path, std::size_t max_bytes, std::size_t& bytes);

// The whole file; throws ModelFileError(who, path, 0, ...) when it cannot be opened, is a
// directory, is not a regular file (/dev/zero, a pipe) or is larger than max_text_file_bytes.
std::string read_text_file(const std::string& path, const std::string& who = "load_model");

// True when `stream` (stdout, stderr) is an interactive terminal, not a file or a pipe: the
// progress line and coloured pictures are drawn only there.
bool is_terminal(std::FILE* stream);

// Hands out the meaningful lines of a text one at a time, split into words at spaces and tabs;
// blank lines and lines whose first word starts with '#' are skipped. Errors are ModelFileError
// with the reader's `who`, source and line.
class LineReader {
public:
    LineReader(std::string_view text, std::string who, std::string source);

    // The next meaningful line's words; false at the end of the text.
    bool next(std::vector<std::string_view>& words);
    // Like next(), but the end of the text is an error: "truncated: expected <what>".
    void expect(std::vector<std::string_view>& words, const std::string& what);
    // The first word of the next meaningful line without consuming it ("" at the end).
    std::string_view peek();

    [[noreturn]] void fail(const std::string& problem) const { fail_at(line_, problem); }
    [[noreturn]] void fail_at(std::size_t line, const std::string& problem) const;
    std::size_t line() const { return line_; }
    // The text after the last line handed out (for a section read by another reader).
    std::string_view rest() const { return pos_ < text_.size() ? text_.substr(pos_) : std::string_view(); }

    // A finite double, read exactly as format_number wrote it.
    double number(std::string_view word, const std::string& what) const;
    // A whole number >= 1 (a width, a row count).
    std::size_t count(std::string_view word, const std::string& what) const;
    // Words quoted in messages are cut short, so a binary blob cannot flood the message.
    static std::string shown(std::string_view word);

private:
    std::string_view text_;
    std::string who_, source_;
    std::size_t pos_ = 0;
    std::size_t line_ = 0;
};

}  // namespace mlp
