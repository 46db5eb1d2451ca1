// SPDX-License-Identifier: MIT
// activation_table.cpp: prints docs/activations.md's comparison table, generated from the
// properties each activation carries in the registry (so the page cannot drift from the code).
#include <iostream>

#include "lesson_options.hpp"
#include "mlp/nn/activation_registry.hpp"

// What --help says.
const lesson::About kAbout{
    "prints the README's activation comparison table, generated from the properties each activation carries in the registry.",
    "nothing (the table goes to stdout)",
    "instant; --quick changes nothing"};

int main(int argc, char** argv) {
    lesson::Options options;  // the common options are accepted; this lesson reads none of them
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    std::cout << "<!-- activation-table:begin -->\n" << mlp::activation_table_markdown()
              << "<!-- activation-table:end -->\n";
}
