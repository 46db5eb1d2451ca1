// SPDX-License-Identifier: MIT
// check_momentum.cpp: exercise 4, SGD with momentum, step by step against mlp::SGD.
#include <cmath>
#include <cstdio>
#include <utility>

#include "checker/checker.hpp"

namespace exercises {

namespace {

constexpr int kSteps = 4;
// lr is not 1 - momentum, so "lr twice" and a moving average from 0 (both a constant factor on
// every step) differ. The rate drops before step 3, as a schedule would drop it: a velocity with
// the rate folded in (b = momentum b + lr g, p -= b) takes PyTorch's steps only while it is fixed.
constexpr double kMomentum = 0.9;
const double kLr[kSteps] = {0.05, 0.05, 0.02, 0.02};

// The gradients of each step: every element changes size and sign independently from step to
// step, so no step's gradient is a multiple of another's, and a mistake that is a constant
// factor on one step (Nesterov's first step is 1.9 times the right one) is not on the next.
const double kGradW[kSteps][6] = {{0.4, -0.1, 0.25, 0.05, -0.3, 0.6},
                                  {-0.35, 0.2, 0.15, -0.5, 0.1, -0.05},
                                  {0.05, 0.45, -0.6, 0.3, 0.25, -0.2},
                                  {-0.2, -0.3, 0.1, 0.55, -0.4, 0.35}};
const double kGradB[kSteps][3] = {{-0.2, 0.15, 0.35}, {0.3, -0.25, 0.05}, {-0.1, -0.4, 0.2}, {0.25, 0.1, -0.3}};

struct Params {
    mlp::Tensor W = mlp::Tensor::from_rows({{0.5, -0.25, 1.0}, {-0.75, 0.3, 0.2}});
    mlp::Tensor b = mlp::Tensor::from_rows({{0.1, -0.2, 0.05}});
    mlp::Tensor dW = mlp::Tensor(2, 3);
    mlp::Tensor db = mlp::Tensor(1, 3);
    std::vector<mlp::Param> list() { return {{"W", &W, &dW}, {"b", &b, &db}}; }
    void set_gradients(int step) {
        for (std::size_t e = 0; e < 6; ++e) dW[e] = kGradW[step][e];
        for (std::size_t e = 0; e < 3; ++e) db[e] = kGradB[step][e];
    }
};

// What one step moved W and b by.
struct Change {
    mlp::Tensor W, b;
};
mlp::Tensor difference(const mlp::Tensor& after, const mlp::Tensor& before) {
    mlp::Tensor d = after;
    for (std::size_t k = 0; k < d.size(); ++k) d[k] -= before[k];
    return d;
}

// A rule a student might write by mistake, as the changes it makes at every step. One scalar
// loop per element, following the rule's formula.
enum class Rule {
    Plain, AverageFromZero, AverageFromG, Nesterov, StaleVelocity, NoLr, SwappedLrMomentum, LrInVelocity, LrTwice
};

std::vector<Change> trajectory(Rule rule) {
    std::vector<Change> out;
    double bW[6] = {0}, bb[3] = {0};
    for (int step = 0; step < kSteps; ++step) {
        Change c{mlp::Tensor(2, 3), mlp::Tensor(1, 3)};
        for (int which = 0; which < 2; ++which) {
            const std::size_t n = which == 0 ? 6 : 3;
            const double* g = which == 0 ? kGradW[step] : kGradB[step];
            double* v = which == 0 ? bW : bb;
            mlp::Tensor& d = which == 0 ? c.W : c.b;
            const double lr = kLr[step];
            for (std::size_t e = 0; e < n; ++e) {
                const double old = v[e];
                switch (rule) {
                    case Rule::Plain: d[e] = -lr * g[e]; break;
                    case Rule::AverageFromZero:  // b = mu b + (1 - mu) g, b starting at 0
                        v[e] = kMomentum * v[e] + (1.0 - kMomentum) * g[e];
                        d[e] = -lr * v[e];
                        break;
                    case Rule::AverageFromG:  // the same, with b = g on the first step
                        v[e] = step == 0 ? g[e] : kMomentum * v[e] + (1.0 - kMomentum) * g[e];
                        d[e] = -lr * v[e];
                        break;
                    case Rule::Nesterov:  // b = mu b + g, p -= lr (g + mu b)
                        v[e] = kMomentum * v[e] + g[e];
                        d[e] = -lr * (g[e] + kMomentum * v[e]);
                        break;
                    case Rule::StaleVelocity:  // p -= lr b with last step's b, then b = mu b + g
                        d[e] = -lr * old;
                        v[e] = kMomentum * v[e] + g[e];
                        break;
                    case Rule::NoLr:
                        v[e] = kMomentum * v[e] + g[e];
                        d[e] = -v[e];
                        break;
                    case Rule::SwappedLrMomentum:  // b = lr b + g, p -= momentum b
                        v[e] = lr * v[e] + g[e];
                        d[e] = -kMomentum * v[e];
                        break;
                    case Rule::LrInVelocity:  // b = momentum b + lr g, p -= b (or b's negative, p += b)
                        v[e] = kMomentum * v[e] + lr * g[e];
                        d[e] = -v[e];
                        break;
                    case Rule::LrTwice:
                        v[e] = kMomentum * v[e] + g[e];
                        d[e] = -lr * lr * v[e];
                        break;
                }
            }
        }
        out.push_back(c);
    }
    return out;
}

struct Known {
    Rule rule;
    const char* hint;
};
const Known kKnown[] = {
    {Rule::Plain, "every step is a plain SGD step, -lr g: the velocity is not carried from step to step "
                  "(b = momentum * b + g, kept in `velocity` between calls)."},
    {Rule::AverageFromZero, "your velocity is a moving average, b = momentum b + (1 - momentum) g; PyTorch's "
                            "rule adds the whole gradient: b = momentum b + g."},
    {Rule::AverageFromG, "your velocity is a moving average, b = momentum b + (1 - momentum) g; PyTorch's "
                         "rule adds the whole gradient: b = momentum b + g."},
    {Rule::Nesterov, "this is Nesterov's momentum, p -= lr (g + momentum b); the exercise asks for the classic "
                     "rule, p -= lr b."},
    {Rule::StaleVelocity, "each step moves by the previous step's velocity: update b first (b = momentum b + g), "
                          "then move p by the new b."},
    {Rule::NoLr, "the step is the velocity itself: multiply it by the learning rate, p -= lr b."},
    {Rule::SwappedLrMomentum, "lr and momentum are swapped: b = momentum b + g, then p -= lr b."},
    {Rule::LrInVelocity, "the learning rate is folded into the velocity (b = momentum b + lr g, p -= b): the same "
                         "steps while lr stays fixed, but when lr changes (step 3 here, as a schedule does) PyTorch "
                         "applies the new rate to the whole velocity: b = momentum b + g, then p -= lr b."},
    {Rule::LrTwice, "the learning rate is applied twice: b = momentum b + g, then p -= lr b."},
};

bool matches(const std::vector<Change>& got, const std::vector<Change>& rule) {
    for (std::size_t k = 0; k < got.size(); ++k)
        if (!same(got[k].W, rule[k].W) || !same(got[k].b, rule[k].b)) return false;
    return true;
}

}  // namespace

Verdict check_momentum_step(const MomentumStep& student) {
    Verdict v;
    v.title = "Exercise 4: SGD with momentum";
    v.passed = true;

    // The right changes, from mlp::SGD.
    Params reference;
    std::vector<Change> right;
    {
        mlp::SGD sgd(reference.list(), {.lr = kLr[0], .momentum = kMomentum});
        for (int k = 0; k < kSteps; ++k) {
            reference.set_gradients(k);
            sgd.set_lr(kLr[k]);
            const Params before = reference;
            sgd.step();
            right.push_back({difference(reference.W, before.W), difference(reference.b, before.b)});
        }
    }

    // The student's, on all steps (a mistake is recognised by the whole path it takes).
    Params mine;
    std::vector<mlp::Param> my_params = mine.list();
    std::vector<mlp::Tensor> velocity;
    std::vector<Change> got;
    for (int k = 0; k < kSteps; ++k) {
        mine.set_gradients(k);
        const Params before = mine;
        if (!run_student_code(v, [&] { student(my_params, velocity, kLr[k], kMomentum); })) break;
        got.push_back({difference(mine.W, before.W), difference(mine.b, before.b)});
    }

    // Lines for every step up to the first wrong one.
    int first_wrong = -1;
    for (std::size_t k = 0; k < got.size() && first_wrong < 0; ++k) {
        char name_W[48], name_b[48];
        std::snprintf(name_W, sizeof name_W, "step %zu: W's change", k + 1);
        std::snprintf(name_b, sizeof name_b, "step %zu: b's change", k + 1);
        v.tensors.push_back(compare(name_W, got[k].W, right[k].W));
        v.tensors.push_back(compare(name_b, got[k].b, right[k].b));
        if (!v.tensors[v.tensors.size() - 2].ok || !v.tensors.back().ok) first_wrong = static_cast<int>(k);
    }
    if (first_wrong < 0) return v;  // right on every step it took (a throw already failed it)
    v.passed = false;

    // Hints: a known rule that gives the same path on every step, else a factor that is the
    // same on every step, else what the first wrong step looks like.
    for (const Known& known : kKnown) {
        if (matches(got, trajectory(known.rule))) {
            v.hints.push_back(known.hint);
            return v;
        }
    }
    double ge = 0.0, ee = 0.0;
    for (std::size_t k = 0; k < got.size(); ++k) {
        for (const auto& [g, e] : {std::pair{&got[k].W, &right[k].W}, std::pair{&got[k].b, &right[k].b}}) {
            if (g->size() != e->size()) continue;
            for (std::size_t i = 0; i < g->size(); ++i) {
                ge += (*g)[i] * (*e)[i];
                ee += (*e)[i] * (*e)[i];
            }
        }
    }
    const double c = ee > 0.0 ? ge / ee : 0.0;
    std::vector<Change> scaled = right;
    for (Change& s : scaled) {
        for (std::size_t i = 0; i < s.W.size(); ++i) s.W[i] *= c;
        for (std::size_t i = 0; i < s.b.size(); ++i) s.b[i] *= c;
    }
    scaled.resize(got.size());
    if (c != 0.0 && matches(got, scaled)) {
        if (std::abs(c + 1.0) < 1e-9) {
            v.hints.push_back("every step goes the opposite way: p -= lr b, not p += lr b.");
            return v;
        }
        char text[240];
        std::snprintf(text, sizeof text,
                      "every step is %.6g times the right one: a constant factor is missing or extra "
                      "(the learning rate?).",
                      c);
        v.hints.push_back(text);
        return v;
    }
    const std::size_t k = static_cast<std::size_t>(first_wrong);
    add_hint(v, v.tensors[2 * k].name, general_hint(got[k].W, right[k].W, false));
    add_hint(v, v.tensors[2 * k + 1].name, general_hint(got[k].b, right[k].b, false));
    return v;
}

}  // namespace exercises
