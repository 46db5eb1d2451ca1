// SPDX-License-Identifier: MIT
// args.hpp: the mlp command's argument parser, its exit codes and its error kinds. Each subcommand
// declares its flags as data (Flag); parse_args checks a command line against them, so unknown
// flags, missing values and malformed numbers are refused before any work starts.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlp::cli {

// Exit codes, for scripts (docs/command_line.md lists them too).
enum ExitCode : int {
    kOk = 0,           // done
    kUsage = 1,        // bad usage: unknown subcommand or flag, missing or malformed value, unknown name
    kBadInput = 2,     // an input file is missing or malformed, or does not fit the model; a file cannot be written
    kFailed = 3,       // training failed: the loss or a parameter became NaN or infinite
    kCheckFailed = 4,  // gradcheck ran and the gradients disagree (or were all zero)
    kInternal = 5,     // an exception the command did not expect: a bug in mlp
};

// A mistake on the command line: exit code 1.
class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// An input that cannot be used (a file's content, data that does not fit the model): exit code 2.
class InputError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

enum class FlagKind {
    Switch,  // --quick: no value
    Text,    // --data FILE
    Number,  // --lr 0.01: a finite number
    Count,   // --epochs 200: a whole number from 0 to kMaxCount
    Counts,  // --layers 2,16,1: comma-separated whole numbers from 1 to kMaxCount
};

// The largest count a flag accepts: past any lesson, small enough that a typo cannot ask for
// terabytes before anything checks it.
constexpr double kMaxCount = 1e7;

// What a flag's value is to the files of the command: an output may never be the same file as
// an input (or as another output) of the same command line; run_cli checks before any work.
enum class FileRole { None, Input, Output };

struct Flag {
    std::string name;      // without the dashes: "lr"
    FlagKind kind;
    std::string fallback;  // the value when the flag is absent; "" for none (the flag is optional)
    std::string help;      // one line
    bool required = false;
    FileRole file = FileRole::None;
};

struct CommandSpec {
    std::string name;        // "train"
    std::string summary;     // one line for `mlp --help`
    std::string positional;  // what a positional argument is ("KIND" for `mlp data moons`), "" for none
    std::vector<Flag> flags;
    std::string details;     // more lines for `mlp NAME --help`, "" for none
    std::string writes;      // the files it writes ("nothing: results go to stdout")
    std::string takes;       // how long it takes, as measured (docs/command_line_help.md says how)
};

// A parsed command line. Every value was checked against its flag's kind by parse_args.
class Args {
public:
    bool help = false;  // --help or -h was given
    bool has(const std::string& flag) const;             // given, or has a fallback
    const std::string& text(const std::string& flag) const;
    double number(const std::string& flag) const;
    std::size_t count(const std::string& flag) const;
    std::vector<std::size_t> counts(const std::string& flag) const;
    bool on(const std::string& flag) const;               // a Switch that was given
    const std::vector<std::string>& positional() const { return positional_; }

private:
    friend Args parse_args(const CommandSpec& spec, const std::vector<std::string>& argv);
    std::string command_;
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

// Checks argv (the words after the subcommand) against spec: "--name value", "--name=value",
// "--switch", "--help"/"-h", and at most one positional word when spec.positional is not empty.
// Throws UsageError naming the bad argument (and listing the valid flags for an unknown one).
Args parse_args(const CommandSpec& spec, const std::vector<std::string>& argv);

// Throws UsageError when an output flag names the same file as an input flag (same device and
// inode, whatever the spelling or links) or as another output:
//   mlp train: --save "d.csv" is the same file as --data "d.csv"; refusing to overwrite an input
void check_outputs(const CommandSpec& spec, const Args& args);

// `mlp NAME --help`: usage, every flag with its default, and the details.
std::string help_text(const CommandSpec& spec);

// value in lower case if it is one of valid (or its part before ':' is, when allow_params): names
// are case-insensitive, "Tanh" is "tanh". Else UsageError:
//   mlp train: unknown optimizer "adamm"; valid: adagrad, adam, adamw, rmsprop, sgd
std::string choose(const std::string& command, const std::string& what, const std::string& value,
                          const std::vector<std::string>& valid, bool allow_params = false);

// Throws UsageError "mlp <command>: expected --<flag> <expected>, got <value>" unless ok.
void require(bool ok, const std::string& command, const std::string& flag, const std::string& expected,
             const std::string& got);

// "a, b, c"
std::string join(const std::vector<std::string>& words);

}  // namespace mlp::cli
