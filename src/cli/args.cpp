// SPDX-License-Identifier: MIT
// args.cpp: parse_args and the help text, from each subcommand's table of flags.
#include "args.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "mlp/core/number_text.hpp"
#include "mlp/io/text_file.hpp"

#include <filesystem>
#include <system_error>

namespace mlp::cli {

namespace {

// An argument as it goes into a message: cut short, so a 1 MB argument gives a short error.
std::string shown(const std::string& word) { return word.size() > 60 ? word.substr(0, 60) + "..." : word; }

const Flag* find_flag(const CommandSpec& spec, const std::string& name) {
    for (const Flag& f : spec.flags)
        if (f.name == name) return &f;
    return nullptr;
}

// kMaxCount as a whole number ("10000000", not "1e+07").
std::string max_count() { return std::to_string(static_cast<long long>(kMaxCount)); }

std::optional<double> finite_number(const std::string& text) {
    const std::optional<double> v = parse_number(text);
    if (!v || !std::isfinite(*v)) return std::nullopt;
    return v;
}

bool is_count(const std::string& text, std::size_t min) {
    const std::optional<double> v = finite_number(text);
    return v && *v >= static_cast<double>(min) && *v <= kMaxCount && *v == std::floor(*v);
}

// Checks one value against its flag's kind.
void check_value(const CommandSpec& spec, const Flag& flag, const std::string& value) {
    const std::string where = "mlp " + spec.name;
    switch (flag.kind) {
    case FlagKind::Switch: return;
    case FlagKind::Text:
        require(!value.empty(), spec.name, flag.name, "a value", "\"\"");
        return;
    case FlagKind::Number:
        require(finite_number(value).has_value(), spec.name, flag.name, "a number", "\"" + shown(value) + "\"");
        return;
    case FlagKind::Count:
        require(is_count(value, 0), spec.name, flag.name, "a whole number from 0 to " + max_count(),
                "\"" + shown(value) + "\"");
        return;
    case FlagKind::Counts: {
        std::size_t begin = 0;
        while (true) {
            const std::size_t comma = std::min(value.find(',', begin), value.size());
            require(is_count(value.substr(begin, comma - begin), 1), spec.name, flag.name,
                    "comma-separated whole numbers from 1 to " + max_count() + " (like 2,16,1)",
                    "\"" + shown(value) + "\"");
            if (comma == value.size()) return;
            begin = comma + 1;
        }
    }
    }
}

std::string flag_names(const CommandSpec& spec) {
    std::vector<std::string> names;
    for (const Flag& f : spec.flags) names.push_back("--" + f.name);
    names.push_back("--help");
    return join(names);
}

}  // namespace

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

void require(bool ok, const std::string& command, const std::string& flag, const std::string& expected,
             const std::string& got) {
    if (!ok) throw UsageError("mlp " + command + ": expected --" + flag + " " + expected + ", got " + got);
}

std::string choose(const std::string& command, const std::string& what, const std::string& value,
                   const std::vector<std::string>& valid, bool allow_params) {
    std::string lower = value;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string name = allow_params ? lower.substr(0, lower.find(':')) : lower;
    if (std::find(valid.begin(), valid.end(), name) == valid.end())
        throw UsageError("mlp " + command + ": unknown " + what + " \"" + shown(value.substr(0, name.size())) +
                         "\"; valid: " + join(valid));
    return lower;
}

Args parse_args(const CommandSpec& spec, const std::vector<std::string>& argv) {
    Args args;
    args.command_ = spec.name;
    for (std::size_t k = 0; k < argv.size(); ++k) {
        const std::string& word = argv[k];
        if (word == "--help" || word == "-h") {
            args.help = true;
            continue;
        }
        if (word.size() < 2 || word.compare(0, 2, "--") != 0) {
            if (spec.positional.empty() || !args.positional_.empty())
                throw UsageError("mlp " + spec.name + ": unexpected argument \"" + shown(word) + "\"; flags start with --");
            args.positional_.push_back(word);
            continue;
        }
        const std::size_t equals = word.find('=');
        const std::string name = word.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
        const Flag* flag = find_flag(spec, name);
        if (flag == nullptr)
            throw UsageError("mlp " + spec.name + ": unknown flag \"--" + shown(name) + "\"; valid: " + flag_names(spec));
        if (args.values_.count(name) != 0) throw UsageError("mlp " + spec.name + ": --" + name + " given twice");
        std::string value;
        if (flag->kind == FlagKind::Switch) {
            if (equals != std::string::npos)
                throw UsageError("mlp " + spec.name + ": --" + name + " takes no value, got \"" + shown(word) + "\"");
            value = "on";
        } else if (equals != std::string::npos) {
            value = word.substr(equals + 1);
        } else {
            if (k + 1 == argv.size()) throw UsageError("mlp " + spec.name + ": --" + name + " expects a value");
            value = argv[++k];
        }
        check_value(spec, *flag, value);
        args.values_[name] = value;
    }
    if (args.help) return args;
    for (const Flag& f : spec.flags) {
        if (args.values_.count(f.name) != 0) continue;
        if (f.required) throw UsageError("mlp " + spec.name + ": missing --" + f.name + " (" + f.help + ")");
        if (!f.fallback.empty()) args.values_[f.name] = f.fallback;
    }
    if (!spec.positional.empty() && args.positional_.empty())
        throw UsageError("mlp " + spec.name + ": missing " + spec.positional);
    return args;
}

void check_outputs(const CommandSpec& spec, const Args& args) {
    // Two outputs that do not exist yet are still one file when their paths resolve alike.
    auto same_path = [](const std::string& a, const std::string& b) {
        std::error_code ea, eb;
        const std::filesystem::path pa = std::filesystem::weakly_canonical(a, ea);
        const std::filesystem::path pb = std::filesystem::weakly_canonical(b, eb);
        return !ea && !eb && pa == pb;
    };
    for (const Flag& out : spec.flags) {
        if (out.file != FileRole::Output || !args.has(out.name)) continue;
        const std::string& path = args.text(out.name);
        // A device or a pipe is written through, never replaced (--save /dev/null --plot /dev/null).
        if (is_device_or_pipe(path)) continue;
        for (const Flag& other : spec.flags) {
            if (&other == &out || other.file == FileRole::None || !args.has(other.name)) continue;
            const bool input = other.file == FileRole::Input;
            if (!input && &other < &out) continue;  // each pair of outputs once
            const std::string& other_path = args.text(other.name);
            if (!same_file(path, other_path) && (input || !same_path(path, other_path))) continue;
            throw UsageError("mlp " + spec.name + ": --" + out.name + " \"" + shown(path) + "\" is the same file as --" +
                             other.name + " \"" + shown(other_path) + "\"; refusing to overwrite " +
                             (input ? "an input" : "one output with another"));
        }
    }
}

bool Args::has(const std::string& flag) const { return values_.count(flag) != 0; }

const std::string& Args::text(const std::string& flag) const {
    const auto it = values_.find(flag);
    // A subcommand asking for a flag it did not declare, or an optional one without has(): a bug.
    if (it == values_.end()) throw std::logic_error("mlp " + command_ + ": no value for --" + flag);
    return it->second;
}

double Args::number(const std::string& flag) const { return *parse_number(text(flag)); }

std::size_t Args::count(const std::string& flag) const { return static_cast<std::size_t>(number(flag)); }

std::vector<std::size_t> Args::counts(const std::string& flag) const {
    std::vector<std::size_t> out;
    const std::string& value = text(flag);
    std::size_t begin = 0;
    while (true) {
        const std::size_t comma = std::min(value.find(',', begin), value.size());
        out.push_back(static_cast<std::size_t>(*parse_number(value.substr(begin, comma - begin))));
        if (comma == value.size()) return out;
        begin = comma + 1;
    }
}

bool Args::on(const std::string& flag) const { return values_.count(flag) != 0; }

std::string help_text(const CommandSpec& spec) {
    std::string out = "usage: mlp " + spec.name + (spec.positional.empty() ? "" : " " + spec.positional) +
                      " [flags]\n" + spec.summary + "\n\nflags:\n";
    for (const Flag& f : spec.flags) {
        std::string left = "  --" + f.name;
        if (f.kind != FlagKind::Switch) left += " VALUE";
        if (left.size() < 21) left.resize(21, ' ');
        out += left + " " + f.help;
        if (f.required) out += " (required)";
        else if (!f.fallback.empty()) out += " (default " + f.fallback + ")";
        out += "\n";
    }
    out += "  --help              this text\n";
    if (!spec.details.empty()) out += "\n" + spec.details;
    out += "\nwrites: " + spec.writes + "\ntakes:  " + spec.takes +
           "\n        (CPU time of an optimised build; a busy machine adds wall time)\n";
    return out;
}

}  // namespace mlp::cli
