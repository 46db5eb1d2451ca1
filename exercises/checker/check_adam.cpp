// SPDX-License-Identifier: MIT
// check_adam.cpp: exercise 8, Adam written as an mlp::Optimizer, step by step against mlp::Adam,
// then resumed from its state() and trained on XOR through mlp::Trainer.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "checker/adam_rules.hpp"
#include "checker/checker.hpp"

namespace exercises {

namespace {

using Path = std::vector<std::vector<mlp::Tensor>>;  // path[s][i]: parameter i's change at step s + 1

// The student's optimizer on the checker's parameters for `steps` steps, from `model`, the rate
// changed by set_lr() where settings.lr_at says; returns the changes. Stops (with the verdict
// failed) when the student's code throws.
bool run_steps(Verdict& v, mlp::Optimizer& opt, AdamModel& model, const AdamSettings& settings, int first, int steps,
               Path& path) {
    for (int s = first; s < first + steps; ++s) {
        model.set_gradients(s);
        if (s == kAdamLrChangeStep) opt.set_lr(settings.lr_at(s));
        const std::vector<mlp::Tensor> before = model.p;
        if (!run_student_code(v, [&] { opt.step(); })) return false;
        std::vector<mlp::Tensor> change = model.p;
        for (std::size_t i = 0; i < change.size(); ++i)
            for (std::size_t k = 0; k < change[i].size(); ++k) change[i][k] -= before[i][k];
        path.push_back(change);
    }
    return true;
}

bool same_path(const Path& got, const Path& rule) {
    if (got.size() != rule.size()) return false;
    for (std::size_t s = 0; s < got.size(); ++s)
        for (std::size_t i = 0; i < got[s].size(); ++i)
            if (!same(got[s][i], rule[s][i], kAdamTolerance)) return false;
    return true;
}

// The hint for a wrong path: a known rule that takes the whole path, a non-finite first step, or
// one constant factor on every step; else none.
// `got` is every step the student took; `first_wrong` indexes the first wrong one.
void hint_for(Verdict& v, const Path& got, const Path& right, std::size_t first_wrong, const AdamSettings& settings) {
    for (const AdamRuleInfo& rule : adam_rules()) {
        if (same_path(got, simulate_adam(rule.rule, settings, static_cast<int>(got.size())))) {
            v.hints.push_back(rule.hint);
            return;
        }
    }
    for (const mlp::Tensor& change : got[first_wrong]) {
        for (std::size_t k = 0; k < change.size(); ++k) {
            if (!std::isfinite(change[k])) {
                v.hints.push_back("a step holds NaN or infinity: the usual cause is a bias correction 1 - beta^t "
                                  "with t = 0 (t is steps(), already 1 on the first step), or a division by "
                                  "sqrt(v) without eps.");
                return;
            }
        }
    }
    double ge = 0.0, ee = 0.0;
    for (std::size_t s = 0; s < got.size(); ++s)
        for (std::size_t i = 0; i < got[s].size(); ++i)
            for (std::size_t k = 0; k < got[s][i].size() && k < right[s][i].size(); ++k) {
                ge += got[s][i][k] * right[s][i][k];
                ee += right[s][i][k] * right[s][i][k];
            }
    const double c = ee > 0.0 ? ge / ee : 0.0;
    Path scaled = right;
    scaled.resize(got.size());
    for (auto& step : scaled)
        for (mlp::Tensor& t : step)
            for (std::size_t k = 0; k < t.size(); ++k) t[k] *= c;
    if (c == 0.0 || !same_path(got, scaled)) {
        // What the first wrong step looks like (all zeros, the transpose, ...), never a factor.
        const std::size_t s = first_wrong;
        for (std::size_t i = 0; i < got[s].size(); ++i)
            add_hint(v, std::string(kAdamParamNames[i]) + "'s change",
                     general_hint(got[s][i], right[s][i], false));
        return;
    }
    if (std::abs(c + 1.0) < 1e-9) {
        v.hints.push_back("every step goes the opposite way: p = p - lr * m_hat / (sqrt(v_hat) + eps).");
        return;
    }
    char text[200];
    std::snprintf(text, sizeof text, "every step is %.6g times the right one: a constant factor is missing or extra.",
                  c);
    v.hints.push_back(text);
}

// kAdamSteps steps with one setting: a note when all match, else the first wrong step's tensors
// and a hint. Returns whether every step matched.
bool check_setting(Verdict& v, const MakeAdam& student, const AdamSettings& settings) {
    const Path right = library_adam_path(settings, kAdamSteps);
    AdamModel model;
    std::unique_ptr<mlp::Optimizer> opt;
    if (!run_student_code(v, [&] { opt = student(model.list(), settings.options()); })) return false;
    if (!opt) {
        v.passed = false;
        v.notes.push_back("make_adam returned no optimizer (a null pointer)");
        return false;
    }
    Path got;
    const bool ran = run_steps(v, *opt, model, settings, 0, kAdamSteps, got);
    for (std::size_t s = 0; s < got.size(); ++s) {
        bool step_ok = true;
        for (std::size_t i = 0; i < got[s].size(); ++i) step_ok = step_ok && same(got[s][i], right[s][i], kAdamTolerance);
        if (step_ok) continue;
        for (std::size_t i = 0; i < got[s].size(); ++i) {
            const std::string name = "step " + std::to_string(s + 1) + ": " + kAdamParamNames[i] + "'s change";
            v.tensors.push_back(compare(name, got[s][i], right[s][i], kAdamTolerance));
        }
        v.passed = false;
        const std::string step = std::to_string(s + 1);
        v.notes.push_back("with " + std::string(settings.label) + ": " +
                          (s == 0 ? "step 1 is wrong" : "steps 1 to " + std::to_string(s) + " match mlp::Adam, step " + step + " does not"));
        hint_for(v, got, right, s, settings);
        return false;
    }
    if (!ran) return false;
    // Every step's change matched; the parameters themselves, after all steps, to 1e-12.
    AdamModel reference;
    for (std::size_t i = 0; i < model.p.size(); ++i) {
        for (int s = 0; s < kAdamSteps; ++s)
            for (std::size_t k = 0; k < reference.p[i].size(); ++k) reference.p[i][k] += right[s][i][k];
        const std::string name = std::string(kAdamParamNames[i]) + " after " + std::to_string(kAdamSteps) + " steps";
        if (!check_tensor(v, name, model.p[i], reference.p[i], {}, 1e-12)) return false;
    }
    v.notes.push_back("with " + std::string(settings.label) + ": all " + std::to_string(kAdamSteps) +
                      " steps of all 4 parameters match mlp::Adam (some gradients exactly 0; the rate halved by "
                      "set_lr before step " + std::to_string(kAdamLrChangeStep + 1) + ")");
    return true;
}

// A new optimizer given the first one's state() and steps() after 5 steps must take the same
// next 5 steps as the first one: everything a checkpoint needs is in the buffers.
bool check_resume(Verdict& v, const MakeAdam& student, const AdamSettings& settings) {
    AdamModel first, second;
    std::unique_ptr<mlp::Optimizer> a, b;
    Path path_a, path_b;
    if (!run_student_code(v, [&] { a = student(first.list(), settings.options()); })) return false;
    if (!run_steps(v, *a, first, settings, 0, 5, path_a)) return false;
    second.p = first.p;
    if (!run_student_code(v, [&] {
            b = student(second.list(), settings.options());
            b->set_steps(a->steps());
            const std::vector<mlp::StateBuffer> from = a->state(), to = b->state();
            for (std::size_t k = 0; k < from.size() && k < to.size(); ++k) *to[k].value = *from[k].value;
        }))
        return false;
    path_a.clear();
    if (!run_steps(v, *a, first, settings, 5, 5, path_a) || !run_steps(v, *b, second, settings, 5, 5, path_b))
        return false;
    if (same_path(path_b, path_a)) {
        v.notes.push_back("a new optimizer given its state() and steps() after 5 steps takes the same next 5 steps");
        return true;
    }
    v.passed = false;
    v.notes.push_back("a new optimizer given your optimizer's state() (" + std::to_string(a->state().size()) +
                      " buffers) and steps() after 5 steps does not take the same next steps: a checkpoint "
                      "would not resume it");
    v.hints.push_back("keep m and v in buffer(0)[i] and buffer(1)[i] (named in state_names()), not in members "
                      "of your class, and read t from steps(), not from a counter of your own.");
    return false;
}

}  // namespace

Verdict check_adam(const MakeAdam& student) {
    Verdict v;
    v.title = "Exercise 8: Adam as an mlp::Optimizer";
    v.passed = true;
    for (const AdamSettings& settings : adam_settings())
        if (!check_setting(v, student, settings)) return v;
    if (!check_resume(v, student, adam_settings().back())) return v;
    check_adam_on_xor(v, student);
    return v;
}

}  // namespace exercises
