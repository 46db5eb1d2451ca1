// SPDX-License-Identifier: MIT
// data.cpp: `mlp data KIND`: the library's seeded toy data sets as CSV (x1,x2,label), on stdout
// or into a file, ready for `mlp train --data`.
#include <cmath>
#include <ostream>

#include "cli.hpp"
#include "common.hpp"
#include "mlp/data/csv.hpp"

namespace mlp::cli {

namespace {

const char* const kName = "data";

struct Generator {
    const char* name;
    const char* what;
    Dataset (*make)(const Args& args, Rng& rng);
};

// The generators by name; each reads the flags it uses.
const std::vector<Generator>& generators() {
    static const std::vector<Generator> table{
        {"moons", "two interleaving half circles (scikit-learn's make_moons)",
         [](const Args& a, Rng& rng) { return make_moons(a.count("n"), a.number("noise"), rng); }},
        {"xor", "the four points of XOR (--n and --noise are not used)",
         [](const Args&, Rng&) { return make_xor(); }},
        {"circles", "a circle inside a circle (make_circles, radius ratio 0.8)",
         [](const Args& a, Rng& rng) { return make_circles(a.count("n"), a.number("noise"), rng); }},
        {"spirals", "interleaved spirals, --classes arms (CS231n's toy set)",
         [](const Args& a, Rng& rng) { return make_spirals(a.count("n"), a.count("classes"), a.number("noise"), rng); }},
        {"blobs", "--classes gaussian blobs of standard deviation --noise (make_blobs)",
         [](const Args& a, Rng& rng) { return make_blobs(a.count("n"), a.count("classes"), a.number("noise"), rng); }},
    };
    return table;
}

std::vector<std::string> generator_names() {
    std::vector<std::string> names;
    for (const Generator& g : generators()) names.push_back(g.name);
    return names;
}

int run(const Args& args, std::ostream& out, std::ostream&) {
    const std::string& kind = choose(kName, "data set", args.positional()[0], generator_names());
    require(args.count("n") >= 2, kName, "n", "at least 2", args.text("n"));
    require(args.number("noise") >= 0, kName, "noise", ">= 0", args.text("noise"));
    require(args.count("classes") >= 1 && args.count("classes") <= args.count("n"), kName, "classes",
            "from 1 to --n", args.text("classes"));
    Rng rng(static_cast<std::uint32_t>(args.count("seed")));
    Dataset data;
    for (const Generator& g : generators())
        if (kind == g.name) data = g.make(args, rng);
    // A noise so large that points overflow is the flag's fault: said as such, not as to_csv's.
    for (std::size_t k = 0; k < data.x.size(); ++k)
        require(std::isfinite(data.x[k]), kName, "noise", "small enough that every point is a finite number",
                args.text("noise") + " (a point came out " + num(data.x[k]) + ")");
    const std::string csv = to_csv(data, {"x1", "x2", "label"});
    if (args.has("out")) write_output(args.text("out"), csv);
    else out << csv;
    return kOk;
}

std::string kinds_help() {
    std::string out = "KIND:\n";
    for (const Generator& g : generators()) out += "  " + std::string(g.name) + ": " + g.what + "\n";
    return out;
}

}  // namespace

Command data_command() {
    return {{kName,
             "a toy data set as CSV: " + join(generator_names()),
             "KIND",
             {{"n", FlagKind::Count, "1000", "number of points"},
              {"noise", FlagKind::Number, "0.1", "standard deviation of the gaussian noise"},
              {"classes", FlagKind::Count, "3", "spirals' arms, blobs' centres"},
              {"seed", FlagKind::Count, "1", "seeds the points"},
              {"out", FlagKind::Text, "", "write to this file instead of stdout", false, FileRole::Output}},
             kinds_help(),
             "the CSV to --out, or to stdout",
             "instant for 1,000 points"},
            run};
}

}  // namespace mlp::cli
