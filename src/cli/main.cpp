// SPDX-License-Identifier: MIT
// main.cpp: the mlp command. Everything it does is in run_cli (cli.hpp), which the tests call.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> words(argv + 1, argv + argc);
    return mlp::cli::run_cli(words, std::cout, std::cerr);
}
