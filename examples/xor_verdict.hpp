// SPDX-License-Identifier: MIT
// xor_verdict.hpp: the XOR lesson's verdicts and explanations, each derived from what the ten
// runs of a stack measured (xor_experiment.hpp), with the rule printed beside it. Nothing here
// looks at an activation's name: a stack a student builds is judged the same way.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "xor_experiment.hpp"

namespace xor_lesson {

constexpr int kLearnsAtLeast = 9;          // seeds of 10 that must reach 100% for "learns"
constexpr double kAffineBestLoss = 0.25;   // the best affine map's MSE on XOR (w = 0, b = 1/2)
constexpr double kAffineBestAccuracy = 0.75;

inline const char* verdict_rule() {
    return "verdict: \"learns\" when at least 9 of 10 seeds reach 100%; \"cannot\" when no seed beats the best\n"
           "affine map (MSE 0.25, 3 of 4 points); \"unreliable\" otherwise.";
}

enum class Verdict { Learns, Cannot, Unreliable };

inline const char* to_string(Verdict v) {
    return v == Verdict::Learns ? "learns" : v == Verdict::Cannot ? "cannot" : "unreliable";
}

// A run beats every straight line when it gets all four points, or an MSE below 0.25.
inline bool beats_affine(const Result& r) {
    return !r.diverged && (r.accuracy > kAffineBestAccuracy || r.loss < kAffineBestLoss - 1e-6);
}

inline std::string num(double v, const char* format = "%.3g") {
    if (std::isnan(v)) return "n/a";
    char out[32];
    std::snprintf(out, sizeof out, format, v);
    return out;
}

// A coefficient to 4 decimals, with no "-0.0000": anything that rounds to zero prints as 0.0000.
inline std::string coefficient(double v) {
    char out[32];
    std::snprintf(out, sizeof out, "%.4f", std::abs(v) < 5e-5 ? 0.0 : v);
    return out;
}

// "seed 3" or "seeds 1, 2, 5".
inline std::string seed_list(const std::vector<std::uint32_t>& seeds) {
    std::string out = seeds.size() == 1 ? "seed " : "seeds ";
    for (std::size_t k = 0; k < seeds.size(); ++k) out += (k ? ", " : "") + std::to_string(seeds[k]);
    return out;
}

struct Summary {
    std::string activation;
    Verdict verdict = Verdict::Unreliable;
    int runs = 0, perfect = 0, diverged = 0, beat_affine = 0;
    double median_loss = 0.0, worst_loss = 0.0;  // over the runs that finished (NaN if none did)
    std::size_t median_epochs = 0;                // to 100%, over the runs that got there (0: never)
    std::vector<std::size_t> diverged_at;         // the epoch each diverged run overflowed
    std::vector<std::string> why;                 // the measured explanation, one line each
};

inline Summary summarize(const std::vector<Result>& runs) {
    Summary s;
    s.activation = runs.empty() ? "" : runs.front().activation;
    s.runs = static_cast<int>(runs.size());
    std::vector<double> losses;
    std::vector<std::size_t> epochs;
    for (const Result& r : runs) {
        if (r.diverged) {
            ++s.diverged;
            s.diverged_at.push_back(r.diverged_at_epoch);
            continue;
        }
        losses.push_back(r.loss);
        if (beats_affine(r)) ++s.beat_affine;
        if (r.accuracy == 1.0) {
            ++s.perfect;
            epochs.push_back(r.epochs_to_100);
        }
    }
    std::sort(losses.begin(), losses.end());
    std::sort(epochs.begin(), epochs.end());
    s.median_loss = losses.empty() ? std::nan("") : losses[losses.size() / 2];
    s.worst_loss = losses.empty() ? std::nan("") : losses.back();
    s.median_epochs = epochs.empty() ? 0 : epochs[epochs.size() / 2];
    s.verdict = s.perfect >= kLearnsAtLeast ? Verdict::Learns
                : s.beat_affine == 0        ? Verdict::Cannot
                                            : Verdict::Unreliable;

    // Why, from the measurements: first what holds for the whole stack, then each seed that missed.
    if (!runs.empty() && runs.front().hidden_units == 0) {
        const std::size_t folded = mlp::collapse_linear(runs.front().model).size();
        s.why.push_back("no activation between the Dense layers: mlp::collapse_linear folds the trained stack into " +
                        std::to_string(folded) + " Dense layer" + (folded == 1 ? "" : "s") + ", one affine map");
    }
    if (s.diverged > 0) {
        std::string at;
        for (std::size_t e : s.diverged_at) at += (at.empty() ? "" : ", ") + std::to_string(e);
        s.why.push_back(std::to_string(s.diverged) + " of " + std::to_string(s.runs) +
                        " runs diverged (the loss overflowed) at epoch" + (s.diverged == 1 ? " " : "s ") + at);
    }
    int missed_finished = 0;
    std::vector<std::uint32_t> straight_seeds;
    double lo = INFINITY, hi = -INFINITY;
    std::size_t dead = 0, units = 0, dead_init = 0;
    for (const Result& r : runs) {
        if (r.diverged || r.accuracy == 1.0) continue;
        ++missed_finished;
        if (r.hidden_units > 0 && r.straight_at_end == r.hidden_units) {
            straight_seeds.push_back(r.seed);
            dead += r.dead_at_end;
            dead_init += r.dead_at_init;
            units += r.hidden_units;
            lo = std::min(lo, r.pre_min);
            hi = std::max(hi, r.pre_max);
        }
    }
    if (!straight_seeds.empty())
        s.why.push_back("on " + std::to_string(straight_seeds.size()) + " of the " + std::to_string(missed_finished) +
                        " finished runs that missed 100% (" + seed_list(straight_seeds) +
                        "), every hidden unit ended as a straight line over the four points (its output equals its "
                        "chord; pre-activations met in training stayed in [" + num(lo) + ", " + num(hi) +
                        "]): the network was one affine map there" +
                        (dead > 0 ? "; " + std::to_string(dead) + " of their " + std::to_string(units) +
                                        " hidden units were dead at the end (no gradient on any point; " +
                                        std::to_string(dead_init) + " at init)"
                                  : std::string()));
    // The other seeds that missed, one line per distinct description (seeds with the same one grouped).
    std::vector<std::pair<std::string, std::vector<std::uint32_t>>> lines;
    for (const Result& r : runs) {
        if (r.diverged || r.accuracy == 1.0) continue;
        if (r.hidden_units > 0 && r.straight_at_end == r.hidden_units) continue;  // said above
        std::string line = num(100 * r.accuracy, "%.0f") + "%, loss " + num(r.loss, "%.4f");
        if (r.output_high - r.output_low < 1e-3)
            line += "; the same output (" + num(r.output_low, "%.2f") + ") for all four points";
        if (r.hidden_units > 0)
            line += "; " + std::to_string(r.dead_at_end) + " of " + std::to_string(r.hidden_units) +
                    " hidden units dead at the end (no gradient on any point; " + std::to_string(r.dead_at_init) +
                    " at init), " + std::to_string(r.straight_at_end) + " straight";
        if (r.loss < 0.9 * r.loss_500_before_end)
            line += "; still learning when the " + std::to_string(kEpochs) + " epochs ran out (loss " +
                    num(r.loss_500_before_end, "%.4f") + " -> " + num(r.loss, "%.4f") + " over the last 500)";
        else if (r.epochs_run == kEpochs)
            line += "; stuck (loss " + num(r.loss_500_before_end, "%.4f") + " 500 epochs before the end)";
        auto same = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first == line; });
        if (same == lines.end()) lines.push_back({line, {r.seed}});
        else same->second.push_back(r.seed);
    }
    for (const auto& [line, seeds] : lines) s.why.push_back(seed_list(seeds) + ": " + line);
    return s;
}

// Two stacks whose ten runs agree bit for bit, and the measured reason.
struct Twins {
    std::string a, b;
    std::string reason;
};

// Where two activations differ: compare value and slope (backward with dL/dy = 1) at every
// x = k/64 in [-50, 50]. Returns {lowest, highest} x where they differ, or {NaN, NaN} when
// they agree everywhere tested.
inline std::pair<double, double> where_they_differ(const std::string& a, const std::string& b) {
    constexpr int kHalf = 50 * 64;
    mlp::Tensor x(2 * kHalf + 1, 1);
    for (int k = -kHalf; k <= kHalf; ++k) x(static_cast<std::size_t>(k + kHalf), 0) = k / 64.0;
    const mlp::Tensor ones(x.rows(), 1, 1.0);
    auto fa = mlp::make_activation(a), fb = mlp::make_activation(b);
    fa->train(false);
    fb->train(false);
    const mlp::Tensor ya = fa->forward(x), yb = fb->forward(x);
    const mlp::Tensor da = fa->backward(ones), db = fb->backward(ones);
    double lo = std::nan(""), hi = std::nan("");
    for (std::size_t n = 0; n < x.rows(); ++n)
        if (ya[n] != yb[n] || da[n] != db[n]) {
            if (std::isnan(lo)) lo = x[n];
            hi = x[n];
        }
    return {lo, hi};
}

inline bool same_runs(const std::vector<Result>& p, const std::vector<Result>& q) {
    if (p.size() != q.size()) return false;
    for (std::size_t k = 0; k < p.size(); ++k) {
        const bool both_nan = std::isnan(p[k].loss) && std::isnan(q[k].loss);
        if (!(both_nan || p[k].loss == q[k].loss) || p[k].accuracy != q[k].accuracy ||
            p[k].epochs_to_100 != q[k].epochs_to_100 || p[k].diverged != q[k].diverged)
            return false;
    }
    return true;
}

inline std::vector<Twins> identical_rows(const std::vector<std::vector<Result>>& stacks) {
    std::vector<Twins> out;
    for (std::size_t i = 0; i < stacks.size(); ++i)
        for (std::size_t j = i + 1; j < stacks.size(); ++j) {
            if (stacks[i].empty() || !same_runs(stacks[i], stacks[j])) continue;
            const std::string a = stacks[i].front().activation, b = stacks[j].front().activation;
            if (a == "none" || b == "none") continue;
            const auto [lo, hi] = where_they_differ(a, b);
            double pre_lo = INFINITY, pre_hi = -INFINITY;
            for (const auto* runs : {&stacks[i], &stacks[j]})
                for (const Result& r : *runs) {
                    pre_lo = std::min(pre_lo, r.pre_min);
                    pre_hi = std::max(pre_hi, r.pre_max);
                }
            std::string reason;
            if (std::isnan(lo))
                reason = "value and slope agree to the bit at every x = k/64 in [-50, 50]: the same function";
            else if (pre_hi < lo || pre_lo > hi)
                reason = "they differ only for x in [" + num(lo) + ", " + num(hi) + "] of [-50, 50], and no pre-activation "
                         "met in training left [" + num(pre_lo) + ", " + num(pre_hi) + "]";
            else
                reason = "they differ for x in [" + num(lo) + ", " + num(hi) + "] and pre-activations reached [" +
                         num(pre_lo) + ", " + num(pre_hi) + "], yet the runs agree";
            out.push_back({a, b, reason});
        }
    return out;
}

}  // namespace xor_lesson
