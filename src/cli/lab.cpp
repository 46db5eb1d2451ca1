// SPDX-License-Identifier: MIT
// lab.cpp: `mlp lab`: the activation lab (examples/activation_lab*.hpp, the lesson's own code):
// every activation measured, and each textbook claim judged by its stated rule.
#include <ostream>

#include "activation_lab_report.hpp"
#include "cli.hpp"
#include "common.hpp"
#include "mlp/nn/activation_registry.hpp"
#include "mlp/train/experiments.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "lab";

int run(const Args& args, std::ostream& out, std::ostream&) {
    const std::vector<std::string> all = activation_names();
    std::vector<std::string> names = all;
    if (args.has("activations")) {
        names.clear();
        const std::string& list = args.text("activations");
        std::size_t begin = 0;
        while (true) {
            const std::size_t comma = std::min(list.find(',', begin), list.size());
            names.push_back(choose(kName, "activation", list.substr(begin, comma - begin), all));
            if (comma == list.size()) break;
            begin = comma + 1;
        }
    }
    const lab::Scale scale = args.on("quick") ? lab::quick_scale() : lab::Scale{};
    // Measured side by side on every core; the timing column one at a time (as the lab program does).
    std::vector<lab::Row> rows =
        run_experiments(names.size(), [&](std::size_t i) { return lab::measure_untimed(names[i], scale); });
    for (lab::Row& row : rows) lab::measure_cost(row, scale);
    out << lab::markdown_table(rows);
    if (args.has("csv")) write_output(args.text("csv"), lab::csv_table(rows));
    if (names != all) {
        out << "\nThe claims are judged only when every activation is measured (without --activations).\n";
        return kOk;
    }
    const std::vector<lab::Claim> claims = lab::judge(rows, scale);
    out << lab::verdict_table(claims) << "\n" << lab::tally(claims)
        << (args.on("quick") ? " (--quick: a small lab; the figures are printed, verdicts only where the scale carries them)" : "")
        << ".\n";
    return kOk;
}

}  // namespace

Command lab_command() {
    return {{kName,
             "the activation lab: textbook claims about activations, measured",
             "",
             {{"activations", FlagKind::Text, "", "comma-separated registry names (default: all)"},
              {"quick", FlagKind::Switch, "", "a much smaller lab: seconds instead of minutes"},
              {"csv", FlagKind::Text, "", "also write the measurements to this CSV file", false, FileRole::Output}},
             "Each claim's rule is printed beside its verdict; examples/activation_lab_claims.hpp holds the rules.\n",
             "the CSV --csv names, if given; the tables go to stdout",
             "about 6 s of CPU (all activations); --quick 1 s (verdicts only where its margin holds)"},
            run};
}

}  // namespace mlp::cli
