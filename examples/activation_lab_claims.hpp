// SPDX-License-Identifier: MIT
// activation_lab_claims.hpp: the textbook claims the activation lab judges, each against every
// activation it names or implies, with the comparison it rests on, the numbers, and, where
// weights are involved, the initialisation: a claim that holds under one init and not another
// is reported as depending on it, with the numbers under each.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "activation_lab.hpp"

namespace lab {

struct Claim {
    std::string text;
    std::string comparison;  // the rule the verdict applies
    std::string numbers;     // the measurements it was applied to
    std::string init;        // the initialisation(s) measured under, or "none (no weights)"
    std::vector<std::pair<std::string, bool>> by_init;  // the verdict under each init
    bool held = false;       // held under every init measured (never when unjudged)
    std::string unjudged;    // why this scale is too small for a verdict, or "" when it is judged
    std::string verdict() const {
        if (!unjudged.empty()) return "too few runs at --quick for a verdict (" + unjudged + ")";
        int yes = 0;
        for (const auto& b : by_init) yes += b.second ? 1 : 0;
        if (yes == static_cast<int>(by_init.size())) return "held";
        if (yes == 0) return "**did not hold**";
        std::string under, not_under;
        for (const auto& b : by_init) (b.second ? under : not_under) += (b.second ? under : not_under).empty() ? b.first : ", " + b.first;
        return "**depends on the init**: held under " + under + ", not under " + not_under;
    }
    bool held_under(const std::string& init_label) const {
        for (const auto& b : by_init)
            if (b.first == init_label) return b.second;
        return false;
    }
};

// A number, or what a missing one means in its column: "never" (fewer than half the seeds got
// there), "n/a" (not applicable, e.g. per-unit deadness of a row-wise softmax), "diverged".
inline std::string fmt(double v, const char* missing = "n/a") {
    if (std::isnan(v)) return missing;
    if (std::isinf(v)) return "diverged";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3g", v);
    return buffer;
}

inline Claim make_claim(std::string text, std::string comparison, std::string numbers, std::string init, bool held) {
    Claim c{std::move(text), std::move(comparison), std::move(numbers), init, {{init, held}}, held, ""};
    return c;
}

// Whether a measured value sits clearly on one side of a rule's threshold: more than three
// standard errors away, so the noise of sampling at this scale could not have put it there.
inline bool clear_of(double value, double threshold, double standard_error) {
    return std::abs(value - threshold) > 3.0 * standard_error;
}

// A claim gets no verdict when the scale cannot carry it (the reason is printed in its place).
inline void unless(Claim& c, bool enough, const std::string& reason) {
    if (enough || !c.unjudged.empty()) return;
    c.unjudged = reason;
    c.held = false;
}

// Every claim judged on rows measured at `scale`. A verdict is given only where the scale carries
// the rule: sample statistics must clear the rule's threshold by three standard errors
// (sqrt(variance / samples) for a mean, sqrt(p (1 - p) / samples) for a fraction); medians over
// seeds, timings over repeats and the deep stacks need the full lab's seeds, repeats, depth and
// training steps. The full lab (Scale{}) judges every claim; --quick judges few.
inline std::vector<Claim> judge(const std::vector<Row>& rows, const Scale& scale = Scale{}) {
    const Scale full;
    const double n = static_cast<double>(scale.samples);
    auto mean_error = [n](const Row& r) { return std::sqrt(r.out_var / n); };
    const Row &sigmoid = find(rows, "sigmoid"), &tanh = find(rows, "tanh"), &relu = find(rows, "relu"),
              &leaky = find(rows, "leaky_relu"), &prelu = find(rows, "prelu"), &elu = find(rows, "elu"),
              &selu = find(rows, "selu"), &gelu = find(rows, "gelu"), &silu = find(rows, "silu"),
              &mish = find(rows, "mish"), &identity = find(rows, "identity");
    const std::string no_weights = "none (no weights)", default_init = "PyTorch default";
    std::vector<Claim> claims;
    claims.push_back(make_claim("Sigmoid and tanh saturate: their slope at x = 5 is tiny",
                                "sigmoid f'(5) < 0.01, tanh f'(5) < 0.001, relu f'(5) = 1",
                                "f'(5): sigmoid " + fmt(sigmoid.grad_at_plus5) + ", tanh " + fmt(tanh.grad_at_plus5) +
                                    ", relu " + fmt(relu.grad_at_plus5),
                                no_weights,
                                sigmoid.grad_at_plus5 < 0.01 && tanh.grad_at_plus5 < 0.001 && relu.grad_at_plus5 == 1.0));

    // The two gradient-flow claims, judged under every init (first/last layer gradient-norm ratio).
    auto per_init = [&](std::string text, std::string comparison, auto holds) {
        Claim c{std::move(text), std::move(comparison), "", "", {}, true, ""};
        for (std::size_t i = 0; i < inits().size(); ++i) {
            const bool ok = holds(i);
            c.by_init.push_back({inits()[i].label, ok});
            c.held = c.held && ok;
            c.init += (i ? ", " : "") + std::string(inits()[i].label);
            c.numbers += std::string(i ? "; " : "") + inits()[i].label + ": sigmoid " +
                         fmt(sigmoid.grad_ratio_by_init[i]) + ", tanh " + fmt(tanh.grad_ratio_by_init[i]) + ", relu " +
                         fmt(relu.grad_ratio_by_init[i]) + ", gelu " + fmt(gelu.grad_ratio_by_init[i]) + ", silu " +
                         fmt(silu.grad_ratio_by_init[i]);
        }
        return c;
    };
    claims.push_back(per_init("Gradients vanish through a deep sigmoid stack, far more than through ReLU",
                              "first/last layer gradient-norm ratio at init (deep stack): sigmoid < relu / 100",
                              [&](std::size_t i) { return sigmoid.grad_ratio_by_init[i] < 0.01 * relu.grad_ratio_by_init[i]; }));
    unless(claims.back(), scale.deep_layers >= full.deep_layers, "a shallower stack than the claim's");
    claims.push_back(per_init(
        "ReLU (and its smooth cousins GELU, SiLU) fixes vanishing gradients in deep stacks",
        "ratio within [0.1, 10] for relu, gelu and silu, and each above sigmoid's and tanh's",
        [&](std::size_t i) {
            for (const Row* r : {&relu, &gelu, &silu}) {
                const double v = r->grad_ratio_by_init[i];
                if (!(v >= 0.1 && v <= 10.0 && v > sigmoid.grad_ratio_by_init[i] && v > tanh.grad_ratio_by_init[i]))
                    return false;
            }
            return true;
        }));
    unless(claims.back(), scale.deep_layers >= full.deep_layers, "a shallower stack than the claim's");

    claims.push_back(make_claim("Sigmoid's output is not zero-centred; tanh's is", "|mean - 0.5| < 0.02 for sigmoid, |mean| < 0.02 for tanh",
                                "mean output for N(0,1): sigmoid " + fmt(sigmoid.out_mean) + ", tanh " + fmt(tanh.out_mean),
                                no_weights, std::abs(sigmoid.out_mean - 0.5) < 0.02 && std::abs(tanh.out_mean) < 0.02));
    unless(claims.back(),
           clear_of(std::abs(sigmoid.out_mean - 0.5), 0.02, mean_error(sigmoid)) && clear_of(std::abs(tanh.out_mean), 0.02, mean_error(tanh)),
           "the means are within three standard errors of 0.02");
    claims.push_back(make_claim(
        "Sigmoid converges more slowly than tanh", "median epochs: sigmoid > tanh on XOR and on two moons (never counts as slower)",
        "median epochs to 100% XOR: sigmoid " + fmt(sigmoid.xor_epochs, "never") + ", tanh " +
            fmt(tanh.xor_epochs, "never") + "; to 98% two moons: sigmoid " + fmt(sigmoid.moons_epochs, "never") +
            ", tanh " + fmt(tanh.moons_epochs, "never"),
        default_init, !(sigmoid.xor_epochs <= tanh.xor_epochs) && !(sigmoid.moons_epochs <= tanh.moons_epochs)));
    unless(claims.back(), scale.seeds >= full.seeds, "medians over fewer seeds");
    claims.push_back(make_claim("ReLU is sparse: about half its outputs are exactly 0", "|relu's fraction of zeros - 0.5| < 0.02",
                                "fraction of exact zeros for N(0,1): relu " + fmt(relu.sparsity) + ", gelu " + fmt(gelu.sparsity),
                                no_weights, std::abs(relu.sparsity - 0.5) < 0.02));
    unless(claims.back(), clear_of(std::abs(relu.sparsity - 0.5), 0.02, std::sqrt(relu.sparsity * (1 - relu.sparsity) / n)),
           "the fraction is within three standard errors of the rule's margin");
    const std::string dead = "dead hidden units at init -> after lr 0.5: relu " + fmt(relu.dead_at_init) + " -> " +
                             fmt(relu.dead_fraction) + ", leaky_relu " + fmt(leaky.dead_at_init) + " -> " +
                             fmt(leaky.dead_fraction) + ", prelu " + fmt(prelu.dead_at_init) + " -> " +
                             fmt(prelu.dead_fraction);
    claims.push_back(make_claim("ReLU units can be dead; Leaky ReLU and PReLU have none",
                                "relu's dead fraction > 0; leaky_relu's and prelu's = 0", dead, default_init,
                                relu.dead_fraction > 0.0 && leaky.dead_fraction == 0.0 && prelu.dead_fraction == 0.0));
    unless(claims.back(), scale.deep_train_steps >= full.deep_train_steps, "fewer training steps");
    claims.push_back(make_claim("A large learning rate kills more ReLU units", "relu's dead fraction after > at init",
                                dead, default_init, relu.dead_fraction > relu.dead_at_init));
    unless(claims.back(), scale.deep_train_steps >= full.deep_train_steps, "fewer training steps");
    claims.push_back(make_claim("ELU and SELU push mean activations toward zero (compared with ReLU)",
                                "|mean| of elu and of selu < relu's mean",
                                "mean output for N(0,1): relu " + fmt(relu.out_mean) + ", elu " + fmt(elu.out_mean) +
                                    ", selu " + fmt(selu.out_mean),
                                no_weights, std::abs(elu.out_mean) < relu.out_mean && std::abs(selu.out_mean) < relu.out_mean));
    unless(claims.back(),
           clear_of(relu.out_mean - std::abs(elu.out_mean), 0.0, mean_error(relu) + mean_error(elu)) &&
               clear_of(relu.out_mean - std::abs(selu.out_mean), 0.0, mean_error(relu) + mean_error(selu)),
           "the means are within three standard errors of each other");
    auto normalised = [](double mean, double var) { return std::abs(mean) < 0.2 && std::abs(var - 1.0) < 0.3; };
    Claim selu_claim{"SELU keeps activations normalised through depth (it is designed for LeCun-normal init)",
                     "selu's last hidden layer: |mean| < 0.2 and |variance - 1| < 0.3",
                     "mean/variance at the last hidden layer: LeCun: selu " + fmt(selu.deep_mean) + "/" + fmt(selu.deep_var) + ", relu " +
                         fmt(relu.deep_mean) + "/" + fmt(relu.deep_var) + ", tanh " + fmt(tanh.deep_mean) + "/" +
                         fmt(tanh.deep_var) + "; PyTorch default: selu " + fmt(selu.deep_mean_default) + "/" +
                         fmt(selu.deep_var_default),
                     "LeCun, PyTorch default",
                     {{"LeCun", normalised(selu.deep_mean, selu.deep_var)},
                      {default_init, normalised(selu.deep_mean_default, selu.deep_var_default)}},
                     false,
                     ""};
    selu_claim.held = selu_claim.by_init[0].second && selu_claim.by_init[1].second;
    claims.push_back(selu_claim);
    unless(claims.back(), scale.deep_layers >= full.deep_layers && scale.deep_train_steps >= full.deep_train_steps,
           "a shallower stack than the claim's");
    const double smooth_best = std::min({gelu.moons_epochs, silu.moons_epochs, mish.moons_epochs});
    claims.push_back(make_claim("GELU, Swish (SiLU) and Mish train faster than ReLU",
                                "the fastest of gelu, silu, mish < relu (median epochs to 98% on two moons)",
                                "relu " + fmt(relu.moons_epochs, "never") + ", gelu " + fmt(gelu.moons_epochs, "never") +
                                    ", silu " + fmt(silu.moons_epochs, "never") + ", mish " + fmt(mish.moons_epochs, "never"),
                                default_init, smooth_best < relu.moons_epochs));
    unless(claims.back(), scale.seeds >= full.seeds, "medians over fewer seeds");
    claims.push_back(make_claim("A linear stack is no better than one layer: it never learns XOR",
                                "the identity stack's median epochs to 100% XOR is never",
                                "identity: " + fmt(identity.xor_epochs, "never"), default_init, std::isnan(identity.xor_epochs)));
    unless(claims.back(), scale.seeds >= full.seeds, "medians over fewer seeds");
    claims.push_back(make_claim("ReLU is cheaper to compute than GELU, SiLU and Mish", "relu's ns/element < each of the others'",
                                "forward+backward ns/element: relu " + fmt(relu.ns_per_element) + ", gelu " +
                                    fmt(gelu.ns_per_element) + ", silu " + fmt(silu.ns_per_element) + ", mish " +
                                    fmt(mish.ns_per_element),
                                no_weights,
                                relu.ns_per_element < std::min({gelu.ns_per_element, silu.ns_per_element, mish.ns_per_element})));
    unless(claims.back(), scale.cost_repeats >= full.cost_repeats, "timings over fewer repeats");
    return claims;
}

// "8 of 13 claims held on these numbers", and how many had no verdict at this scale.
inline std::string tally(const std::vector<Claim>& claims) {
    std::size_t held = 0, unjudged = 0;
    for (const Claim& c : claims) {
        held += c.held ? 1 : 0;
        unjudged += c.unjudged.empty() ? 0 : 1;
    }
    if (unjudged == 0) return std::to_string(held) + " of " + std::to_string(claims.size()) + " claims held on these numbers";
    return std::to_string(held) + " of " + std::to_string(claims.size() - unjudged) + " judged claims held on these numbers; " +
           std::to_string(unjudged) + " had too few runs at --quick for a verdict";
}

}  // namespace lab
