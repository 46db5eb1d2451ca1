// SPDX-License-Identifier: MIT
// activation_table.cpp: prints docs/activations.md's comparison table, generated from the
// properties each activation carries in the registry (so the page cannot drift from the code).
#include <iostream>

#include "mlp/nn/activation_registry.hpp"

int main() {
    std::cout << "<!-- activation-table:begin -->\n" << mlp::activation_table_markdown()
              << "<!-- activation-table:end -->\n";
}
