// SPDX-License-Identifier: MIT
// depth.cpp: why a deep stack does or does not train: a 10-hidden-layer MLP with sigmoid, tanh and
// ReLU under four initialisations, without and with BatchNorm. Per layer: the activations' mean
// and spread and the gradient norm at initialisation and after training; whether each trains;
// and the textbook's claims checked against those numbers. --quick: one seed, fewer steps.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "depth_experiment.hpp"
#include "lesson_options.hpp"
#include "mlp/io/text_file.hpp"
#include "mlp/tools/charts.hpp"

// What --help says.
const lesson::About kAbout{
    "a 10-hidden-layer MLP with sigmoid, tanh and ReLU under small, Xavier, He and large initialisations, "
    "without and with BatchNorm: activations and gradients per layer, which configurations train, and "
    "the textbook's claims checked against the numbers.",
    "depth_layers.csv (every layer's numbers) and depth_<activation>_<init>[_bn].svg (24 histogram pictures) in --out "
    "(docs/lab/depth/ with --update-repo)",
    "full 22 s; --quick 4 s (one seed, 100 steps)"};

namespace {

using namespace depth_lesson;

// Histograms of the activations of hidden layers 1, 4, 7 and 10 (one panel each), at
// initialisation and after training, on one x range for the whole picture so they compare:
// each point is the fraction of a layer's values in one of 30 equal bins. The range runs from the
// 0.5th to the 99.5th percentile of all the values drawn (the few beyond count in the end bins),
// so that a long tail after training does not squeeze every other value into one bin.
std::string histograms(const Run& r, std::size_t steps) {
    const std::vector<std::size_t> shown = {0, 3, 6, 9};
    const bool end_ok = r.end.finite;
    std::vector<double> drawn;
    for (const std::size_t l : shown)
        for (const Snapshot* s : {&r.start, &r.end})
            if (s != &r.end || end_ok) drawn.insert(drawn.end(), s->values[l].begin(), s->values[l].end());
    std::sort(drawn.begin(), drawn.end());
    double lo = drawn[drawn.size() / 200], hi = drawn[drawn.size() - 1 - drawn.size() / 200];
    if (!(hi > lo)) {  // every value the same (all zero: dead ReLUs): a range around it
        lo -= 0.5;
        hi += 0.5;
    }
    constexpr std::size_t kBins = 30;
    auto series = [&](const std::string& name, const std::vector<double>& values) {
        mlp::Series s{name, {}, std::vector<double>(kBins, 0.0)};
        for (std::size_t b = 0; b < kBins; ++b) s.x.push_back(lo + (hi - lo) * (static_cast<double>(b) + 0.5) / kBins);
        for (const double v : values) {
            const double at = std::clamp((v - lo) / (hi - lo) * kBins, 0.0, kBins - 1.0);
            const std::size_t b = static_cast<std::size_t>(at);
            s.y[b] += 1.0 / static_cast<double>(values.size());
        }
        return s;
    };
    std::vector<mlp::Panel> panels;
    for (const std::size_t l : shown) {
        mlp::Panel p{"layer " + std::to_string(l + 1) + ": std " + fmt("%.2g", r.start.spread[l]) + " -> " +
                         (end_ok ? fmt("%.2g", r.end.spread[l]) : std::string("n/a")),
                     {series("at initialisation", r.start.values[l])}};
        if (end_ok) p.series.push_back(series("after " + std::to_string(steps) + " steps", r.end.values[l]));
        panels.push_back(p);
    }
    const std::string title = r.activation + ", " + r.init + " init" + (r.batch_norm ? ", BatchNorm" : "") +
                              ": activations of hidden layers 1, 4, 7, 10" +
                              (end_ok ? "" : " (training diverged: no after-training curve)");
    return mlp::svg_line_panels(title, panels, "activation value", "fraction of values");
}

}  // namespace

int main(int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    const std::vector<std::uint32_t> seeds = options.quick ? std::vector<std::uint32_t>{1} : std::vector<std::uint32_t>{1, 2, 3};
    const std::size_t steps = options.quick ? 100 : 200;
    std::printf("Two moons, %zu points (noise %.2f); 2 -> %zu hidden layers of %zu -> 1 logit; full-batch SGD "
                "(lr %.2g, momentum %.1f), %zu steps; seeds:",
                kPoints, kNoise, kHidden, kWidth, kLr, kMomentum, steps);
    for (const std::uint32_t s : seeds) std::printf(" %u", s);
    std::printf(".\nInits: small N(0, 0.01^2), xavier N(0, 2/(in+out)), he N(0, 2/in), large N(0, 1).\n"
                "\"trains\": training accuracy >= %.0f%% after the steps, loss finite.\n\n",
                100 * kTrainsAt);

    std::vector<std::vector<Run>> per_seed;
    for (const std::uint32_t seed : seeds) {
        per_seed.push_back(run_all(seed, steps));
        // Only the first seed's values are drawn; the others' would hold tens of megabytes.
        if (per_seed.size() > 1)
            for (Run& r : per_seed.back()) r.start.values.clear(), r.end.values.clear();
    }
    const std::vector<Run>& first = per_seed.front();
    const std::vector<Summary> summary = summarise(per_seed);

    // Per layer, seed 1: the spread (std) of each hidden layer's activations and ||dW|| at initialisation.
    std::printf("At initialisation, seed %u: std of each hidden layer's activations (layers 1..10)\n", seeds.front());
    std::printf("%-8s %-6s %-3s |", "act", "init", "BN");
    for (std::size_t l = 1; l <= kHidden; ++l) std::printf(" %8zu", l);
    std::printf("\n");
    for (const Run& r : first) {
        std::printf("%-8s %-6s %-3s |", r.activation.c_str(), r.init.c_str(), r.batch_norm ? "yes" : "no");
        for (const double v : r.start.spread) std::printf(" %8.2g", v);
        std::printf("\n");
    }
    std::printf("\nAt initialisation, seed %u: gradient norm ||dL/dW|| of each hidden layer (layers 1..10)\n",
                seeds.front());
    std::printf("%-8s %-6s %-3s |", "act", "init", "BN");
    for (std::size_t l = 1; l <= kHidden; ++l) std::printf(" %8zu", l);
    std::printf("\n");
    for (const Run& r : first) {
        std::printf("%-8s %-6s %-3s |", r.activation.c_str(), r.init.c_str(), r.batch_norm ? "yes" : "no");
        for (const double v : r.start.grad) std::printf(" %8.2g", v);
        std::printf("\n");
    }

    std::printf("\nSummary over %zu seed(s): medians at initialisation, then after %zu steps of seed %u\n",
                seeds.size(), steps, seeds.front());
    std::printf("%-8s %-6s %-3s | grad 1/10  std 10/1 | after: grad 1/10  std 10/1  accuracy | trains\n", "act", "init",
                "BN");
    for (std::size_t k = 0; k < summary.size(); ++k) {
        const Summary& s = summary[k];
        const Run& r = first[k];
        std::printf("%-8s %-6s %-3s | %9.2g %9.2g |        %9.2g %9.2g %8.1f%% | %zu of %zu%s\n", s.activation.c_str(),
                    s.init.c_str(), s.batch_norm ? "yes" : "no", s.grad_ratio, s.spread_ratio, r.end.grad_ratio(),
                    r.end.spread_ratio(), 100 * r.accuracy, s.trained, s.seeds, r.diverged ? " (seed 1 diverged)" : "");
    }

    std::printf("\nRules: gradients vanish when ||dW_1|| / ||dW_10|| < %.0e at initialisation (explode when > %.0e); "
                "they are tiny when ||dW_1|| < %.0e; activations keep their spread when std(layer 10) / std(layer 1) is in [0.5, 2]; a configuration "
                "trains when it does on a majority of seeds.\n",
                kVanish, kExplode, kTiny);
    for (const std::string& v : verdicts(summary)) std::printf("%s\n", v.c_str());
    std::string exploded;
    for (const Summary& s : summary)
        if (explodes(s)) exploded += (exploded.empty() ? "" : ", ") + s.activation + "/" + s.init + (s.batch_norm ? "/bn" : "");
    std::printf("Gradients explode (ratio > %.0e) in: %s.\n", kExplode, exploded.empty() ? "none" : exploded.c_str());

    // Every number, every seed, for a spreadsheet.
    const std::filesystem::path dir = lesson::output_dir(options, "docs/lab/depth");
    std::ostringstream csv;
    csv << "seed,activation,init,batch_norm,layer,mean_start,std_start,grad_start,mean_end,std_end,grad_end,trains\n";
    for (std::size_t s = 0; s < seeds.size(); ++s)
        for (const Run& r : per_seed[s])
            for (std::size_t l = 0; l < kHidden; ++l)
                csv << seeds[s] << ',' << r.activation << ',' << r.init << ',' << (r.batch_norm ? 1 : 0) << ',' << l + 1
                    << ',' << r.start.mean[l] << ',' << r.start.spread[l] << ',' << r.start.grad[l] << ','
                    << r.end.mean[l] << ',' << r.end.spread[l] << ',' << r.end.grad[l] << ',' << (r.trains() ? 1 : 0)
                    << '\n';
    mlp::write_text_file((dir / "depth_layers.csv").string(), csv.str());
    for (const Run& r : first) {
        const std::string name = "depth_" + r.activation + "_" + r.init + (r.batch_norm ? "_bn" : "") + ".svg";
        mlp::write_text_file((dir / name).string(), histograms(r, steps));
    }
    std::printf("\nWrote depth_layers.csv and %zu histogram pictures depth_<activation>_<init>[_bn].svg to %s\n",
                first.size(), dir.string().c_str());
    return 0;
}
