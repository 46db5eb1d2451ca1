// SPDX-License-Identifier: MIT
// cli.cpp: dispatch to the subcommands, the top-level help, and the one place where errors become
// exit codes.
#include "cli.hpp"

#include <cstdlib>
#include <exception>
#include <new>
#include <ostream>
#include <stdexcept>

#include "mlp/core/threads.hpp"
#include "mlp/data/csv.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/version.hpp"

namespace mlp::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> all{train_command(),     eval_command(),           predict_command(),
                                          summary_command(),   gradcheck_command(),      export_pytorch_command(),
                                          lab_command(),       data_command()};
    return all;
}

std::string top_help() {
    std::string out = "usage: mlp COMMAND [flags]    (mlp COMMAND --help for its flags; mlp --version)\n"
                      "Train, check and inspect multilayer perceptrons from the shell.\n\ncommands:\n";
    for (const Command& c : commands()) {
        std::string name = "  " + c.spec.name;
        name.resize(17, ' ');
        out += name + " " + c.spec.summary + "\n";
    }
    out += "\nexit codes: 0 done; 1 bad usage (unknown command, flag or name, bad value); 2 bad input (a file\n"
           "missing, malformed or not fitting the model, or an output not writable); 3 training failed (the loss\n"
           "became NaN or infinite, or a parameter did); 4 gradcheck found gradients that disagree; 5 an internal error\n"
           "(a bug in mlp). Running out of memory is 2. docs/files.md says what each file reader accepts.\n";
    return out;
}

Parsed parse_command_line(const std::vector<std::string>& words) {
    if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help" || words[0] == "--version")
        return {nullptr, Args{}};
    std::vector<std::string> names;
    for (const Command& c : commands()) {
        names.push_back(c.spec.name);
        if (c.spec.name == words[0])
            return {&c, parse_args(c.spec, std::vector<std::string>(words.begin() + 1, words.end()))};
    }
    const std::string shown = words[0].size() > 60 ? words[0].substr(0, 60) + "..." : words[0];
    throw UsageError("mlp: unknown command \"" + shown + "\"; valid: " + join(names));
}

int run_cli(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    try {
        const Parsed parsed = parse_command_line(words);
        if (parsed.command == nullptr && !words.empty() && words[0] == "--version") {
            out << "mlp " << mlp::kVersion << "\n";
            return kOk;
        }
        if (parsed.command == nullptr) {
            (words.empty() ? err : out) << top_help();
            return words.empty() ? kUsage : kOk;
        }
        if (parsed.args.help) {
            out << help_text(parsed.command->spec);
            return kOk;
        }
        check_outputs(parsed.command->spec, parsed.args);
        // Read at start-up, so a bad value stops the command before any work rather than when
        // the first product large enough for threads is reached, or never on a small model.
        if (const char* env = std::getenv("MLP_THREADS")) parse_thread_count(env);
        return parsed.command->run(parsed.args, out, err);
    } catch (const UsageError& e) {
        err << e.what() << "\n";
        return kUsage;
    } catch (const InputError& e) {
        err << e.what() << "\n";
        return kBadInput;
    } catch (const CsvError& e) {
        err << "mlp: " << e.what() << "\n";
        return kBadInput;
    } catch (const ModelFileError& e) {
        err << "mlp: " << e.what() << "\n";
        return kBadInput;
    } catch (const std::invalid_argument& e) {
        // The library refused a value the command line gave it (an activation's parameter, a
        // loss that does not fit the layers): a usage error, in the library's own words.
        err << "mlp: " << e.what() << "\n";
        return kUsage;
    } catch (const std::runtime_error& e) {
        // A file that could not be read or written (train catches a diverged fit itself: 3).
        err << "mlp: " << e.what() << "\n";
        return kBadInput;
    } catch (const std::bad_alloc&) {
        // The limits are checked before any work, so this is an input within them that this
        // machine still cannot hold (many layers of the largest width, a huge data set).
        err << "mlp: not enough memory for this model and data; try fewer or narrower layers, or less data\n";
        return kBadInput;
    } catch (const std::length_error& e) {  // a container asked for more than it can ever hold
        err << "mlp: not enough memory: " << e.what() << "\n";
        return kBadInput;
    } catch (const std::exception& e) {
        err << "mlp: internal error (a bug in mlp; please report it): " << e.what() << "\n";
        return kInternal;
    } catch (...) {
        err << "mlp: internal error (a bug in mlp; please report it): an exception of unknown type\n";
        return kInternal;
    }
}

}  // namespace mlp::cli
