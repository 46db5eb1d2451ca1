// SPDX-License-Identifier: MIT
// xor_activations.cpp: xor.cpp's claim over every activation in the library: a 2-8-8-1 network
// on XOR from ten seeds per activation, a verdict per activation by a printed rule, and for each
// stack that missed, what its runs measured (xor_verdict.hpp). Every verdict and explanation is
// derived from the runs' own numbers. Exits non-zero if the claim does not hold.
#include <cstdio>
#include <string>
#include <vector>

#include "xor_about.hpp"
#include "xor_verdict.hpp"

int main(int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options, xor_lesson::kActivationsAbout)) return 2;
    const std::uint32_t seeds = 10;  // the verdict rule is over 10 seeds; the lesson is fast enough for quick mode too
    std::printf("XOR with a 2-8-8-1 network: full-batch SGD (lr %g, momentum %g), MSE loss, seeds 1..%u.\n"
                "A run stops at the first epoch whose training loss is <= %g, or after %zu epochs. Only the\n"
                "activation between the layers changes. The losses are the MSE after the last step, one step after\n"
                "the loss that stopped the run, so they can sit above %g; epochs are to the first epoch at 100%%.\n\n",
                xor_lesson::kLr, xor_lesson::kMomentum, seeds, xor_lesson::kStopLoss, xor_lesson::kEpochs,
                xor_lesson::kStopLoss);
    std::printf("%s\n\n", xor_lesson::verdict_rule());
    std::printf("%-12s %11s %11s %10s %8s %10s  %s\n", "activation", "median loss", "worst loss", "seeds 100%",
                "epochs", "verdict", "diverged (at epoch)");

    std::vector<std::vector<xor_lesson::Result>> stacks;
    std::vector<xor_lesson::Summary> summaries;
    // The trainings are independent: all of them first, on every core (MLP_THREADS), then the
    // table; the results are the same, bit for bit, with any number of threads.
    const std::vector<std::string> activations = xor_lesson::activations();
    const std::vector<xor_lesson::Result> all = xor_lesson::train_all(activations, seeds);
    for (std::size_t a = 0; a < activations.size(); ++a) {
        const std::string& act = activations[a];
        std::vector<xor_lesson::Result> runs(all.begin() + static_cast<std::ptrdiff_t>(a * seeds),
                                             all.begin() + static_cast<std::ptrdiff_t>((a + 1) * seeds));
        const xor_lesson::Summary s = xor_lesson::summarize(runs);
        std::string diverged = s.diverged == 0 ? "" : std::to_string(s.diverged) + " (";
        for (std::size_t k = 0; k < s.diverged_at.size(); ++k)
            diverged += (k ? ", " : "") + std::to_string(s.diverged_at[k]) + (k + 1 == s.diverged_at.size() ? ")" : "");
        std::printf("%-12s %11s %11s %7d/%-2d %8s %10s  %s\n", act.c_str(), xor_lesson::num(s.median_loss, "%.6f").c_str(),
                    xor_lesson::num(s.worst_loss, "%.6f").c_str(), s.perfect, s.runs,
                    s.median_epochs ? std::to_string(s.median_epochs).c_str() : "never", to_string(s.verdict),
                    diverged.c_str());
        stacks.push_back(std::move(runs));
        summaries.push_back(s);
    }
    std::printf("(losses are over the runs that finished; n/a when none did)\n");

    std::printf("\nWhere a stack missed 100%% on some seed, what the runs measured:\n");
    for (const xor_lesson::Summary& s : summaries) {
        if (s.why.empty()) continue;
        std::printf("  %s (%s):\n", s.activation.c_str(), to_string(s.verdict));
        for (const std::string& line : s.why) std::printf("    - %s\n", line.c_str());
    }
    const std::vector<xor_lesson::Twins> twins = xor_lesson::identical_rows(stacks);
    if (!twins.empty()) std::printf("\nIdentical rows (every run agrees bit for bit), and why:\n");
    for (const xor_lesson::Twins& t : twins) std::printf("  %s and %s: %s.\n", t.a.c_str(), t.b.c_str(), t.reason.c_str());

    const mlp::Sequential collapsed = mlp::collapse_linear(stacks.front().front().model);
    const auto& affine = dynamic_cast<const mlp::Dense&>(collapsed[0]);
    std::printf("\nThe trained stack without activations (seed 1) folds into ONE affine map\n"
                "(mlp::collapse_linear multiplies its three weight matrices together):\n"
                "    y = %s * x1 + %s * x2 + %s\n\n",
                xor_lesson::coefficient(affine.W(0, 0)).c_str(), xor_lesson::coefficient(affine.W(1, 0)).c_str(),
                xor_lesson::coefficient(affine.b(0, 0)).c_str());
    std::printf(
        "Why it is stuck: however many Dense layers are stacked, without an activation between\n"
        "them the whole network is one affine map y = w1 x1 + w2 x2 + b. The best such map for XOR\n"
        "is w = 0, b = 0.5 (MSE 0.25), and no straight line separates more than 3 of the 4 points.\n"
        "A non-linear activation can bend the map: the table shows which did, on these settings.\n\n");

    // The lesson's claim, checked on the verdicts above.
    int learners = 0;
    for (const xor_lesson::Summary& s : summaries) learners += s.verdict == xor_lesson::Verdict::Learns ? 1 : 0;
    const bool linear_cannot = summaries.front().verdict == xor_lesson::Verdict::Cannot;
    const bool most_learn = 2 * learners > static_cast<int>(summaries.size() - 1);
    std::printf("Claim: the linear stack's verdict is \"cannot\" (%s), and most stacks with an activation\n"
                "\"learn\" (%d of %zu).\n",
                linear_cannot ? "yes" : "NO", learners, summaries.size() - 1);
    if (!linear_cannot || !most_learn) {
        std::printf("CLAIM FAILED: the numbers above do not show what this lesson says.\n");
        return 1;
    }
    std::printf("Claim holds.\n");
    return 0;
}
