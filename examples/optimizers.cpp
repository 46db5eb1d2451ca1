// SPDX-License-Identifier: MIT
// optimizers.cpp: the lesson on optimizers. One network, the same data and seeds, trained with
// SGD, momentum, Nesterov, RMSprop, Adagrad, Adam and AdamW on two moons and on the same moons
// with one feature in other units (x100). It prints, per problem, the median over 5 seeds of the
// epochs to 99% training accuracy and of the final loss, says what those numbers show (each
// verdict from the measurements, with its rule), and draws the median loss curves on a log
// scale to optimizers_loss.svg in the working directory (or --out DIR). --quick: one seed.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "lesson_options.hpp"
#include "optimizers_experiment.hpp"

using optimizers_lesson::Summary;

namespace {

const std::vector<std::uint32_t> kSeeds{1, 2, 3, 4, 5};
const char* const kSvgFile = "optimizers_loss.svg";

std::string epochs_text(double e) {
    if (std::isinf(e)) return "never";
    char s[32];
    std::snprintf(s, sizeof s, "%.0f", e);
    return s;
}

void print_table(const char* title, const std::vector<Summary>& rows, std::size_t seeds) {
    std::printf("\n%s (%zu seeds, %zu epochs, batches of %zu)\n", title, seeds, optimizers_lesson::kEpochs,
                optimizers_lesson::kBatch);
    std::printf("  %-26s %16s %12s %14s\n", "optimizer", "epochs to 99%", "seeds 99%", "final loss");
    for (const Summary& s : rows) {
        std::printf("  %-26s %16s %9zu/%zu %14.3g\n", s.label.c_str(), epochs_text(s.median_epochs).c_str(), s.reached,
                    seeds, s.median_final_loss);
    }
}

// The best row: fewest median epochs to 99%, then the lower median final loss.
const Summary& fastest(const std::vector<Summary>& rows) {
    const Summary* best = &rows[0];
    for (const Summary& s : rows) {
        if (s.median_epochs < best->median_epochs ||
            (s.median_epochs == best->median_epochs && s.median_final_loss < best->median_final_loss))
            best = &s;
    }
    return *best;
}

// The row with the lowest median final loss.
const Summary& lowest_loss(const std::vector<Summary>& rows) {
    const Summary* best = &rows[0];
    for (const Summary& s : rows)
        if (s.median_final_loss < best->median_final_loss) best = &s;
    return *best;
}

const Summary& row(const std::vector<Summary>& rows, const std::string& prefix) {
    for (const Summary& s : rows)
        if (s.label.rfind(prefix, 0) == 0) return s;
    return rows[0];
}

// Adam against SGD with momentum, the comparison every course makes: faster means fewer median
// epochs to 99%; equal epochs are decided by the median final loss.
void adam_against_momentum(const char* problem, const std::vector<Summary>& rows) {
    const Summary& adam = row(rows, "Adam ");
    const Summary& momentum = row(rows, "momentum");
    const bool adam_faster = adam.median_epochs < momentum.median_epochs ||
                             (adam.median_epochs == momentum.median_epochs && adam.median_final_loss < momentum.median_final_loss);
    std::printf("  %s: Adam %s epochs against momentum's %s: %s\n", problem, epochs_text(adam.median_epochs).c_str(),
                epochs_text(momentum.median_epochs).c_str(),
                adam_faster ? "Adam beats momentum here."
                            : "Adam does NOT beat momentum here (the textbook's 'Adam converges faster' does not hold).");
}

// Which optimizers reached 99% on every seed of the plain problem but on none of the scaled one.
void scale_verdict(const std::vector<Summary>& plain, const std::vector<Summary>& scaled, std::size_t seeds) {
    std::string broken, robust, neither;
    for (std::size_t k = 0; k < plain.size(); ++k) {
        if (plain[k].reached == 0 && scaled[k].reached == 0) neither += "\n    " + plain[k].label;
        if (plain[k].reached == seeds && scaled[k].reached == 0) broken += "\n    " + plain[k].label;
        if (plain[k].reached == seeds && scaled[k].reached == seeds) robust += "\n    " + plain[k].label;
    }
    std::printf("\n  Rule: an optimizer is hurt by the x100 feature when it reaches 99%% on every seed of two\n"
                "  moons and on none of the scaled moons; it copes when it reaches 99%% on every seed of both.\n");
    std::printf("  Hurt by the scale:%s\n", broken.empty() ? " none" : broken.c_str());
    std::printf("  Cope with it:%s\n", robust.empty() ? " none" : robust.c_str());
    if (!neither.empty())
        std::printf("  Never reach 99%% in %zu epochs, on either problem:%s\n", optimizers_lesson::kEpochs, neither.c_str());
    if (!broken.empty() && !robust.empty()) {
        std::printf("  Why: SGD's step is lr * gradient, and the gradient of a weight on the x100 feature is about\n"
                    "  100x larger, so one lr is too large for it and too small for the rest. RMSprop, Adagrad and\n"
                    "  Adam divide each element's step by its own running gradient size, which cancels the scale.\n");
    }
}

// Two panels of median loss curves on shared axes (log-scaled loss against epoch), one colour,
// dash and marker per optimizer, so momentum's line shows where it runs under Nesterov's.
std::string svg_curves(const std::vector<Summary>& plain, const std::vector<Summary>& scaled) {
    std::vector<mlp::Panel> panels{{"two moons", {}}, {"two moons, second feature x100", {}}};
    for (int panel = 0; panel < 2; ++panel)
        for (const Summary& s : panel == 0 ? plain : scaled) {
            mlp::Series series{s.label, {}, {}};
            for (std::size_t e = 0; e < s.median_curve.size(); ++e) {
                series.x.push_back(static_cast<double>(e + 1));
                series.y.push_back(s.median_curve[e]);
            }
            panels[panel].series.push_back(series);
        }
    return mlp::svg_line_panels("median training loss over the seeds", panels, "epoch", "median training loss");
}

}  // namespace

// What --help says.
const lesson::About kAbout{
    "one network trained with SGD, momentum, Nesterov, RMSprop, Adagrad, Adam and AdamW on two moons and on the same moons with one feature x100: epochs to 99% and final loss, median over seeds, with verdicts.",
    "optimizers_loss.svg in --out",
    "full 1.3 s (five seeds); --quick 0.35 s (one seed)"};

int main(int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    const std::vector<std::uint32_t> seeds = options.quick ? std::vector<std::uint32_t>{kSeeds.front()} : kSeeds;
    std::printf("Optimizers: a 2-16-16-1 tanh network, %zu two-moons points (noise %.1f), BCE with logits.\n"
                "Each optimizer at its usual starting learning rate, the rest at PyTorch's defaults; the same\n"
                "data, first weights and batch order for all (seeds %u to %u).\n",
                optimizers_lesson::kSamples, optimizers_lesson::kNoise, seeds.front(), seeds.back());
    std::vector<Summary> plain, scaled;
    for (const optimizers_lesson::Choice& c : optimizers_lesson::choices()) {
        plain.push_back(optimizers_lesson::summarise(c, false, seeds));
        scaled.push_back(optimizers_lesson::summarise(c, true, seeds));
    }
    print_table("Two moons", plain, seeds.size());
    print_table("Two moons, second feature x100", scaled, seeds.size());

    std::printf("\nWhat the numbers show (fastest: fewest median epochs to 99%%, then lower final loss)\n");
    if (options.quick) {
        // Every verdict here compares medians over seeds; one seed has no median and no spread, so
        // the small run prints its figures (above) and withholds its verdicts.
        std::printf("  too few runs at --quick for a verdict (one seed; the verdicts compare medians over %zu)\n",
                    kSeeds.size());
    } else {
        std::printf("  Two moons: fastest is %s.\n", fastest(plain).label.c_str());
        std::printf("  Scaled: fastest is %s.\n", fastest(scaled).label.c_str());
        std::printf("  Two moons: lowest final loss is %s.\n", lowest_loss(plain).label.c_str());
        std::printf("  Scaled: lowest final loss is %s.\n", lowest_loss(scaled).label.c_str());
        adam_against_momentum("Two moons", plain);
        adam_against_momentum("Scaled", scaled);
        scale_verdict(plain, scaled, seeds.size());
    }

    const std::string svg = lesson::output_file(options, kSvgFile);
    std::ofstream(svg) << svg_curves(plain, scaled);
    std::printf("\nMedian loss curves: %s\n", svg.c_str());
    return 0;
}
