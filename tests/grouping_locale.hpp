// SPDX-License-Identifier: MIT
// grouping_locale.hpp: a global C++ locale that groups digits by threes with a comma, as many
// national locales do ("1,234,567"), for tests that every writer and reader ignores it. Built
// here because named locales (de_DE, en_US) may be absent on the machine.
#pragma once

#include <locale>
#include <string>

namespace mlp_test {

struct Grouping : std::numpunct<char> {
    char do_thousands_sep() const override { return ','; }
    std::string do_grouping() const override { return "\3"; }
};

// Puts the grouping locale in force for its lifetime; the old global locale comes back after.
class GroupingLocale {
public:
    GroupingLocale() : old_(std::locale::global(std::locale(std::locale::classic(), new Grouping))) {}
    ~GroupingLocale() { std::locale::global(old_); }
    GroupingLocale(const GroupingLocale&) = delete;
    GroupingLocale& operator=(const GroupingLocale&) = delete;

private:
    std::locale old_;
};

}  // namespace mlp_test
