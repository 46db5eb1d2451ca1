// SPDX-License-Identifier: MIT
// registry.hpp (private to src/): what the four registries (layers, activations, losses,
// optimizers) share: the one error for a name a table lacks, and filing a user's new name.
#pragma once

#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mlp {

// At most 60 characters of what a caller gave, "..." marking a cut: an error says what came
// without echoing a whole line of a hostile file.
inline std::string excerpt(std::string_view text) {
    return std::string(text.substr(0, 60)) + (text.size() > 60 ? "..." : "");
}

// Throws  who: expected one of a, b, c, got "name"
[[noreturn]] inline void unknown_name(const char* who, const std::vector<std::string>& known, std::string_view name) {
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    throw std::invalid_argument(std::string(who) + ": expected one of " + list + ", got \"" + excerpt(name) + "\"");
}

// The position of name in names, or unknown_name.
inline std::size_t find_name(const char* who, const std::vector<std::string>& names, std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
    unknown_name(who, names, name);
}

// The names of a table that maps them to entries (a std::map lists them sorted).
template <class Table>
std::vector<std::string> names_of(const Table& table) {
    std::vector<std::string> names;
    for (const auto& entry : table) names.push_back(entry.first);
    return names;
}

// Files entry under a new name: lower case, no ':' (it starts a spec's parameters), not taken,
// and with a factory; otherwise throws naming who.
template <class Table, class Entry>
bool add_name(const char* who, Table& table, const std::string& name, Entry entry, bool has_factory) {
    bool lower = true;
    for (const char ch : name) lower = lower && !std::isupper(static_cast<unsigned char>(ch));
    if (name.empty() || name.find(':') != std::string::npos || !lower || !has_factory) {
        throw std::invalid_argument(std::string(who) + ": expected a lower-case name without ':' and a factory, got \"" +
                                    excerpt(name) + "\"");
    }
    if (!table.emplace(name, std::move(entry)).second)
        throw std::invalid_argument(std::string(who) + ": the name \"" + excerpt(name) + "\" is already taken");
    return true;
}

}  // namespace mlp
