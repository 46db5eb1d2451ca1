// SPDX-License-Identifier: MIT
// cli.hpp: the mlp command as a function, so tests and the fuzz target call it in-process.
//   mlp train --data datasets/xor.csv --layers 2,8,8,1 --activation tanh
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "args.hpp"

namespace mlp::cli {

// A subcommand: its flags as data and the function that runs it with checked arguments.
// run returns an ExitCode; it throws UsageError, InputError (or a library error, which run_cli
// sorts into an exit code) for anything that stops it.
struct Command {
    CommandSpec spec;
    int (*run)(const Args& args, std::ostream& out, std::ostream& err);
};

// Every subcommand, in the order `mlp --help` lists them (one file each: train.cpp, ...).
const std::vector<Command>& commands();

// The subcommand named by words[0] and its parsed arguments (words[1...]); what run_cli does
// before running anything. Throws UsageError for an unknown subcommand or a bad argument.
struct Parsed {
    const Command* command;  // nullptr for `mlp`, `mlp --help`, `mlp help` (top-level help)
    Args args;
};
Parsed parse_command_line(const std::vector<std::string>& words);

// Runs `mlp words...`: results on out, errors and notes on err (the progress line goes to the
// process's stderr, and only when it is a terminal). Returns the exit code (args.hpp);
// never throws for a bad command line or bad input.
int run_cli(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

// `mlp --help`
std::string top_help();

// The subcommands, one function each (defined in the file of the same name).
Command train_command();
Command eval_command();
Command predict_command();
Command summary_command();
Command gradcheck_command();
Command export_pytorch_command();
Command lab_command();
Command data_command();

}  // namespace mlp::cli
