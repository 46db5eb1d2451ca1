// SPDX-License-Identifier: MIT
// activation_lab_report.hpp: the activation lab's measurements and verdicts as markdown and CSV
// tables, shared by the lab program (activation_lab.cpp) and `mlp lab` (src/cli/lab.cpp), so both
// print the same columns under the same titles.
#pragma once

#include <cmath>
#include <iterator>
#include <string>
#include <vector>

#include "activation_lab_claims.hpp"

namespace lab {

// The much smaller lab of --quick (and MLP_QUICK=1): seconds, not minutes; its numbers are rough.
inline Scale quick_scale() {
    return {.samples = 2000, .deep_layers = 8, .deep_width = 16, .deep_train_steps = 2, .seeds = 0,
            .moons_points = 100, .moons_epochs = 5, .cost_repeats = 1};
}

struct Column {
    const char* key;
    const char* title;
    double Row::*field;
    const char* missing = "n/a";  // what a NaN in this column means
    // A value with a meaning, marked on the chart: a gradient ratio of 1 (the signal reaches the
    // first layer undiminished), a variance of 1 (the input's, kept through depth).
    double reference = NAN;
    const char* reference_words = "";
};

inline const std::vector<Column>& columns() {
    static const std::vector<Column> kColumns{
        {"out_min", "min y", &Row::out_min},
        {"out_max", "max y", &Row::out_max},
        {"out_mean", "mean y", &Row::out_mean},
        {"out_var", "var y", &Row::out_var},
        {"sparsity", "zeros", &Row::sparsity},
        {"grad_at_plus5", "f'(5)", &Row::grad_at_plus5},
        {"grad_at_minus5", "f'(-5)", &Row::grad_at_minus5},
        {"grad_ratio_init", "grad first/last (init)", &Row::grad_ratio_init, "n/a", 1.0, "healthy ratio 1"},
        {"grad_ratio_trained", "grad first/last (trained)", &Row::grad_ratio_trained, "n/a", 1.0, "healthy ratio 1"},
        {"dead_at_init", "dead at init", &Row::dead_at_init},
        {"dead_fraction", "dead after lr 0.5", &Row::dead_fraction},
        {"deep_mean", "mean at depth", &Row::deep_mean},
        {"deep_var", "var at depth", &Row::deep_var, "n/a", 1.0, "input's variance 1"},
        {"deep_var_default", "var at depth (PyTorch init)", &Row::deep_var_default, "n/a", 1.0, "input's variance 1"},
        {"xor_epochs", "epochs XOR", &Row::xor_epochs, "never"},
        {"moons_epochs", "epochs moons", &Row::moons_epochs, "never"},
        {"ns_per_element", "ns/element", &Row::ns_per_element},
    };
    return kColumns;
}

// A markdown table cell: a '|' inside it (as in |mean|) would end the cell, so it is escaped.
inline std::string md_cell(const std::string& text) {
    std::string out;
    for (char ch : text) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return out;
}

// One row per activation, one column per measurement.
inline std::string markdown_table(const std::vector<Row>& rows) {
    std::string md = "| activation |";
    for (const Column& c : columns()) md += std::string(" ") + c.title + " |";
    md += "\n| --- |";
    for (std::size_t i = 0; i < columns().size(); ++i) md += " ---: |";
    md += "\n";
    for (const Row& r : rows) {
        md += "| `" + r.name + "` |";
        for (const Column& c : columns()) md += " " + fmt(r.*c.field, c.missing) + " |";
        md += "\n";
    }
    return md;
}

inline std::string csv_table(const std::vector<Row>& rows) {
    std::string csv = "activation";
    for (const Column& c : columns()) csv += std::string(",") + c.key;
    csv += "\n";
    for (const Row& r : rows) {
        csv += r.name;
        for (const Column& c : columns()) csv += "," + fmt(r.*c.field, c.missing);
        csv += "\n";
    }
    return csv;
}

// Each claim with its rule, numbers, initialisation and verdict.
inline std::string verdict_table(const std::vector<Claim>& claims) {
    std::string out = "\n| claim | comparison | numbers | initialisation | verdict |\n| --- | --- | --- | --- | --- |\n";
    for (const Claim& c : claims) {
        out += "| " + md_cell(c.text) + " | " + md_cell(c.comparison) + " | " + md_cell(c.numbers) + " | " + c.init +
               " | " + c.verdict() + " |\n";
    }
    return out;
}

}  // namespace lab
