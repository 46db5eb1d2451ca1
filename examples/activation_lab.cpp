// SPDX-License-Identifier: MIT
// activation_lab.cpp: every textbook claim about activations, measured on this machine.
// Prints a table and the verdict on each claim; writes activation_lab.{md,csv} and one SVG bar
// chart per measured column to the working directory (or --out DIR); --update-repo rewrites the
// tracked copies in docs/lab/. --quick (or MLP_QUICK=1) runs a much smaller lab.
//   ./build/release/examples/activation_lab
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "activation_lab_claims.hpp"
#include "lesson_options.hpp"

namespace {

struct Column {
    const char* key;
    const char* title;
    double lab::Row::*field;
    const char* missing = "n/a";  // what a NaN in this column means
};

const Column kColumns[] = {
    {"out_min", "min y", &lab::Row::out_min},
    {"out_max", "max y", &lab::Row::out_max},
    {"out_mean", "mean y", &lab::Row::out_mean},
    {"out_var", "var y", &lab::Row::out_var},
    {"sparsity", "zeros", &lab::Row::sparsity},
    {"grad_at_plus5", "f'(5)", &lab::Row::grad_at_plus5},
    {"grad_at_minus5", "f'(-5)", &lab::Row::grad_at_minus5},
    {"grad_ratio_init", "grad first/last (init)", &lab::Row::grad_ratio_init},
    {"grad_ratio_trained", "grad first/last (trained)", &lab::Row::grad_ratio_trained},
    {"dead_at_init", "dead at init", &lab::Row::dead_at_init},
    {"dead_fraction", "dead after lr 0.5", &lab::Row::dead_fraction},
    {"deep_mean", "mean at depth", &lab::Row::deep_mean},
    {"deep_var", "var at depth", &lab::Row::deep_var},
    {"deep_var_default", "var at depth (PyTorch init)", &lab::Row::deep_var_default},
    {"xor_epochs", "epochs XOR", &lab::Row::xor_epochs, "never"},
    {"moons_epochs", "epochs moons", &lab::Row::moons_epochs, "never"},
    {"ns_per_element", "ns/element", &lab::Row::ns_per_element},
};

// A horizontal bar chart of one column, one bar per activation, on a log axis when the values
// span orders of magnitude (mlp::svg_bar_chart decides and says so on the axis).
void write_bar_chart(const std::string& path, const Column& column, const std::vector<lab::Row>& rows) {
    std::vector<std::string> labels;
    std::vector<double> values;
    for (const lab::Row& r : rows) {
        labels.push_back(r.name);
        values.push_back(r.*column.field);
    }
    mlp::write_text_file(path, mlp::svg_bar_chart(column.title, labels, values, column.title, column.missing));
}

// A markdown table cell: a '|' inside it (as in |mean|) would end the cell, so it is escaped.
std::string md_cell(const std::string& text) {
    std::string out;
    for (char ch : text) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options)) return 2;
    const auto start = std::chrono::steady_clock::now();
    lab::Scale scale;
    if (options.quick) scale = {.samples = 2000, .deep_layers = 8, .deep_width = 16, .deep_train_steps = 2, .seeds = 0,
                                .moons_points = 100, .moons_epochs = 5, .cost_repeats = 1};
    const std::vector<std::string> names = mlp::activation_names();
    std::fprintf(stderr, "  measuring %zu activations on %zu threads (MLP_THREADS sets it)", names.size(), mlp::threads());
    // The activations are measured independently, on every core; the timings one at a time, with
    // nothing else running. The numbers are the same, bit for bit, with any number of threads.
    std::vector<lab::Row> rows =
        mlp::run_experiments(names.size(), [&](std::size_t i) { return lab::measure_untimed(names[i], scale); });
    for (lab::Row& row : rows) lab::measure_cost(row, scale);
    std::fprintf(stderr, "\r%70s\r", "");

    std::string md = "| activation |";
    for (const Column& c : kColumns) md += std::string(" ") + c.title + " |";
    md += "\n| --- |";
    for (std::size_t i = 0; i < std::size(kColumns); ++i) md += " ---: |";
    md += "\n";
    std::string csv = "activation";
    for (const Column& c : kColumns) csv += std::string(",") + c.key;
    csv += "\n";
    for (const lab::Row& r : rows) {
        md += "| `" + r.name + "` |";
        csv += r.name;
        for (const Column& c : kColumns) {
            md += " " + lab::fmt(r.*c.field, c.missing) + " |";
            csv += "," + lab::fmt(r.*c.field, c.missing);
        }
        md += "\n";
        csv += "\n";
    }
    std::string verdicts = "\n| claim | comparison | numbers | initialisation | verdict |\n| --- | --- | --- | --- | --- |\n";
    int held = 0;
    const std::vector<lab::Claim> claims = lab::judge(rows);
    for (const lab::Claim& c : claims) {
        verdicts += "| " + md_cell(c.text) + " | " + md_cell(c.comparison) + " | " + md_cell(c.numbers) + " | " + c.init +
                    " | " + c.verdict() + " |\n";
        held += c.held ? 1 : 0;
    }
    std::cout << md << verdicts;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\n%d of %zu claims held on these numbers; the lab took %.1f s.\n", held, claims.size(), seconds);

    const std::filesystem::path dir = lesson::output_dir(options, "docs/lab");
    mlp::write_text_file((dir / "activation_lab.md").string(),
                         "# The activation lab\n\nGenerated by `./build/release/examples/activation_lab --update-repo`. "
                         "Inputs N(0, 1) unless said; see examples/activation_lab.hpp for each experiment and "
                         "examples/activation_lab_claims.hpp for each claim's rule. \"never\": fewer than half the "
                         "seeds got there; \"n/a\": not applicable (a row-wise softmax has no per-unit slope); "
                         "\"diverged\": the run's loss overflowed.\n\n" + md + verdicts);
    mlp::write_text_file((dir / "activation_lab.csv").string(), csv);
    for (const Column& c : kColumns) write_bar_chart((dir / (std::string(c.key) + ".svg")).string(), c, rows);
    // The gradient ratio at init under each initialisation: one chart each (grad_ratio_he.svg, ...).
    std::vector<std::string> row_names;
    for (const lab::Row& r : rows) row_names.push_back(r.name);
    std::size_t charts = std::size(kColumns);
    for (std::size_t i = 0; i < lab::inits().size(); ++i) {
        std::vector<double> values;
        for (const lab::Row& r : rows) values.push_back(r.grad_ratio_by_init[i]);
        std::string key = lab::inits()[i].label;
        key = key.substr(0, key.find(' '));
        for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const std::string title = std::string("gradient norm, first / last layer, at init: ") + lab::inits()[i].label;
        mlp::write_text_file((dir / ("grad_ratio_" + key + ".svg")).string(),
                             mlp::svg_bar_chart(title, row_names, values, "first / last layer gradient norm"));
        ++charts;
    }
    std::printf("Wrote activation_lab.md, activation_lab.csv and %zu SVG charts to %s\n", charts, dir.string().c_str());
    return 0;
}
