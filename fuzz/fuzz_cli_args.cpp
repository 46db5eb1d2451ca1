// SPDX-License-Identifier: MIT
// fuzz_cli_args.cpp: libFuzzer target for the mlp command's argument parser. Each input is a
// command line, one word per line ("train\n--data\nx.csv\n..."), given to parse_command_line, the
// step run_cli takes before running anything: it must either parse or be refused with
// mlp::cli::UsageError; anything else (a crash, a sanitizer report, another exception) is a bug.
// A parsed command line must then give every declared flag's value in its kind without throwing,
// and the command's help text, and check_outputs (an output that is the same file as an input or
// another output) must pass or refuse with UsageError. (Commands are not run: they would write files.)
// fuzz-sources: src/cli/args.cpp src/cli/cli.cpp src/cli/common.cpp src/cli/data.cpp src/cli/eval.cpp src/cli/export_pytorch.cpp src/cli/gradcheck.cpp src/cli/lab.cpp src/cli/predict.cpp src/cli/summary.cpp src/cli/train.cpp
// fuzz-include: src/cli examples
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> words;
    std::size_t begin = 0;
    while (begin <= text.size() && !text.empty()) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        words.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    mlp::cli::Parsed parsed{nullptr, {}};
    try {
        parsed = mlp::cli::parse_command_line(words);
    } catch (const mlp::cli::UsageError&) {
        return 0;
    }
    if (parsed.command == nullptr) return 0;
    const mlp::cli::Args& args = parsed.args;
    if (!args.help) {
        try {
            mlp::cli::check_outputs(parsed.command->spec, args);
        } catch (const mlp::cli::UsageError&) {
        }
    }
    if (mlp::cli::help_text(parsed.command->spec).empty()) std::abort();
    if (args.help) return 0;
    if (!parsed.command->spec.positional.empty() && args.positional().size() != 1) std::abort();
    for (const mlp::cli::Flag& f : parsed.command->spec.flags) {
        if (f.required && !args.has(f.name)) std::abort();
        if (!args.has(f.name)) continue;
        switch (f.kind) {
        case mlp::cli::FlagKind::Switch: (void)args.on(f.name); break;
        case mlp::cli::FlagKind::Text:
            if (args.text(f.name).empty()) std::abort();
            break;
        case mlp::cli::FlagKind::Number: (void)args.number(f.name); break;
        case mlp::cli::FlagKind::Count:
            if (args.number(f.name) > mlp::cli::kMaxCount) std::abort();
            break;
        case mlp::cli::FlagKind::Counts:
            for (std::size_t w : args.counts(f.name))
                if (w < 1) std::abort();
            break;
        }
    }
    return 0;
}
