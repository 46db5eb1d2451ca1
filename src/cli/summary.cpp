// SPDX-License-Identifier: MIT
// summary.cpp: `mlp summary`: a saved model's layers, their specs, output widths and parameters.
#include <ostream>

#include "cli.hpp"
#include "common.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "summary";

int run(const Args& args, std::ostream& out, std::ostream&) {
    const Sequential model = read_model(args);
    out << args.text("model") << ": " << model.size() << " layers, " << input_width(model) << " inputs\n"
        << model.summary() << "specs:";
    for (std::size_t i = 0; i < model.size(); ++i) out << " " << model[i].spec();
    out << "\n";
    return kOk;
}

}  // namespace

Command summary_command() {
    return {{kName, "a saved model's layers, widths and parameter counts", "", {model_flag()}, "",
             "nothing: the summary goes to stdout",
             "instant"}, run};
}

}  // namespace mlp::cli
