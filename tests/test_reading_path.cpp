// SPDX-License-Identifier: MIT
// test_reading_path.cpp: the front page's promises about its own size: the reading path lists
// files that exist, with their true line counts, in at most 1,500 lines; the README is at most
// 300 lines; the claim (examples/xor.cpp) reads in five minutes; the debugging guide quotes
// today's source lines.
#include <doctest/doctest.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string source(const std::string& path) { return std::string(MLP_SOURCE_DIR) + "/" + path; }

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(source(path));
    REQUIRE_MESSAGE(in, "cannot open " << path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

struct Entry {
    std::string path;
    std::size_t listed;
};

// The "## Reading path" section's entries, "N. [path](path) — C lines: why", and its total.
// Plain string searches: <regex> alone would double this file's compile time.
std::vector<Entry> reading_path(std::size_t& total) {
    std::vector<Entry> entries;
    bool inside = false;
    total = 0;
    for (const std::string& line : lines_of("README.md")) {
        if (line.rfind("## ", 0) == 0) inside = line == "## Reading path";
        if (!inside) continue;
        const std::size_t open = line.find(". ["), close = line.find("](");
        const std::size_t end = line.find(")", close), dash = line.find(" — ", close);
        if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) && open != std::string::npos &&
            close != std::string::npos && end != std::string::npos && dash == end + 1) {
            const std::string text = line.substr(open + 3, close - open - 3);
            const std::string target = line.substr(close + 2, end - close - 2);
            CHECK_MESSAGE(text == target, "the link text and target differ: " << line);
            entries.push_back({target, std::stoul(line.substr(dash + std::string(" — ").size()))});
        } else if (line.rfind("Total: ", 0) == 0) {
            total = std::stoul(line.substr(7));
        }
    }
    return entries;
}

}  // namespace

TEST_CASE("README: the reading path lists each file with its true line count, at most 1,500 in all") {
    std::size_t total = 0;
    const std::vector<Entry> entries = reading_path(total);
    REQUIRE(entries.size() >= 5);
    std::size_t sum = 0;
    for (const Entry& e : entries) {
        CAPTURE(e.path);
        CHECK(lines_of(e.path).size() == e.listed);
        sum += e.listed;
    }
    CHECK(total == sum);
    CHECK(sum <= 1500);
    // The path runs from the tensor to the training step to the lesson (the contract).
    std::string paths;
    for (const Entry& e : entries) paths += e.path + " ";
    for (const char* needed : {"examples/xor.cpp", "src/nn/dense.cpp", "src/train/trainer.cpp"})
        CHECK_MESSAGE(paths.find(needed) != std::string::npos, "the reading path lacks " << needed);
}

TEST_CASE("README: a front page of at most 300 lines, and a claim of at most 80") {
    CHECK(lines_of("README.md").size() <= 300);
    CHECK(lines_of("examples/xor.cpp").size() <= 80);
}

// A gdb listing in the guide ("176<TAB>    model_.backward(...)") quotes the last source file named
// above it. gdb itself checks the guide only in .ci/run's gdb phase; this catches an edit that
// shifts a quoted line in the quick test run, without gdb.
TEST_CASE("docs/debugging.md: every source line a gdb listing quotes is that line of the file today") {
    std::string file;
    std::size_t quoted = 0;
    for (const std::string& line : lines_of("docs/debugging.md")) {
        for (const char* root : {"src/", "examples/", "include/"}) {
            const std::size_t at = line.rfind(root);
            if (at == std::string::npos || (at > 0 && line[at - 1] != ' ')) continue;
            const std::size_t end = line.find_first_of(":, )", at);
            file = line.substr(at, end == std::string::npos ? std::string::npos : end - at);
        }
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos || tab == 0 || file.empty()) continue;
        if (line.find_first_not_of("0123456789") != tab) continue;
        const std::vector<std::string> code = lines_of(file);
        const std::size_t number = std::stoul(line.substr(0, tab));
        CAPTURE(file);
        CAPTURE(line);
        REQUIRE(number >= 1);
        REQUIRE(number <= code.size());
        CHECK(code[number - 1] == line.substr(tab + 1));
        ++quoted;
    }
    CHECK(quoted >= 20);  // the guide's listings were found at all
}
