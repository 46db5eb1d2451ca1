// SPDX-License-Identifier: MIT
// check_gradient_check.cpp: exercise 11, a gradient checker of the student's own. It is run on
// layers whose backward is right, on layers with a planted backward bug it must catch, on layers
// whose gradients are all exactly 0 (which it must refuse to call agreement), and on layers whose
// gradients are about 1e-10 or 1e6 in size (where an absolute error or an absolute guard fails);
// every number it reports is compared with the grader's own central differences.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "checker/checker.hpp"
#include "checker/planted_layers.hpp"

namespace exercises {

const char* agreement_name(Agreement a) {
    switch (a) {
        case Agreement::Agree: return "agree";
        case Agreement::Disagree: return "disagree";
        case Agreement::AllZero: return "all zero";
    }
    return "?";
}

namespace {

using planted::ElementScale;
using planted::PlantedAffine;
using planted::PlantedELU;
using planted::PlantedGELU;
using planted::ScaledTanh;

// ---------------------------------------------------------------------------------------------
// The grader's own central differences, and the variants a student's slip produces.
// ---------------------------------------------------------------------------------------------

double dot(const mlp::Tensor& r, const mlp::Tensor& y) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += r[k] * y[k];
    return sum;
}

double plain_sum(const mlp::Tensor& y) {
    double sum = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) sum += y[k];
    return sum;
}

// Every difference quotient of one tensor `value` that the grader compares a student's with.
struct Numerics {
    mlp::Tensor central;       // (L(v + h) - L(v - h)) / 2h, L = sum(r y): the right one
    mlp::Tensor forward;       // (L(v + h) - L(v)) / h
    mlp::Tensor backward;      // (L(v) - L(v - h)) / h
    mlp::Tensor over_h;        // (L(v + h) - L(v - h)) / h
    mlp::Tensor sum_loss;      // central differences of sum(y)
    mlp::Tensor first_only;    // central in element 0, 0 elsewhere
};

// `value` is x or a parameter of `layer`; each element is perturbed and restored exactly.
Numerics differences(mlp::Layer& layer, const mlp::Tensor& x, mlp::Tensor& value, const mlp::Tensor& r, double h) {
    Numerics d;
    for (mlp::Tensor* t : {&d.central, &d.forward, &d.backward, &d.over_h, &d.sum_loss, &d.first_only})
        t->resize(value.rows(), value.cols());
    const double L0 = dot(r, layer.forward(x));
    for (std::size_t k = 0; k < value.size(); ++k) {
        const double saved = value[k];
        value[k] = saved + h;
        const mlp::Tensor& y_plus = layer.forward(x);
        const double Lp = dot(r, y_plus), Sp = plain_sum(y_plus);
        value[k] = saved - h;
        const mlp::Tensor& y_minus = layer.forward(x);
        const double Lm = dot(r, y_minus), Sm = plain_sum(y_minus);
        value[k] = saved;
        d.central[k] = (Lp - Lm) / (2.0 * h);
        d.forward[k] = (Lp - L0) / h;
        d.backward[k] = (L0 - Lm) / h;
        d.over_h[k] = (Lp - Lm) / h;
        d.sum_loss[k] = (Sp - Sm) / (2.0 * h);
    }
    if (value.size() > 0) d.first_only[0] = d.central[0];
    return d;
}

// The rule the exercise asks for: |a - n| / max(|a| + |n|, floor), the floor 1e-3 of the tensor's
// largest |a| or |n|, so that rounding noise on an element whose true gradient is (nearly) 0 is
// measured against the tensor's size; and 0 where a and n are both exactly 0.
constexpr double kFloorFraction = 1e-3;

double relative_error(const mlp::Tensor& a, const mlp::Tensor& n, std::size_t* worst = nullptr) {
    double largest = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) largest = std::max({largest, std::abs(a[k]), std::abs(n[k])});
    const double floor = kFloorFraction * largest;
    double error = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const double denominator = std::max(std::abs(a[k]) + std::abs(n[k]), floor);
        const double e = denominator > 0.0 ? std::abs(a[k] - n[k]) / denominator : 0.0;
        if (!(e <= error)) {
            error = e;
            if (worst) *worst = k;
        }
    }
    return error;
}

bool all_zero(const mlp::Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k)
        if (t[k] != 0.0) return false;
    return true;
}

bool finite(const mlp::Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k)
        if (!std::isfinite(t[k])) return false;
    return true;
}

// Numeric gradients computed another valid way (another summation order, a copy perturbed
// instead of the original) differ from the grader's by rounding, about eps |L| / h: near 1e-11
// for these layers, where a gradient is up to about 1. They are compared as the relative error
// above, against a floor of 1e-3 of the tensor's size, to 1e-7. A forward difference is off by
// about h |f''| / 2, 1e-6 to 1e-5 of the slope on the curved layers, and fails.
constexpr double kNumericTolerance = 1e-7;

TensorReport compare_numeric(const std::string& name, const mlp::Tensor& got, const mlp::Tensor& expected) {
    return compare(name, got, expected, kNumericTolerance, kFloorFraction);
}

bool same_numeric(const mlp::Tensor& a, const mlp::Tensor& b) { return compare_numeric("", a, b).ok; }

std::string format(const char* pattern, double a) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, a);
    return text;
}

// ---------------------------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------------------------

// What a case is about, for the hint when the student's verdict on it is wrong.
enum class About { Right, Bug, SubtleBug, FlatLayer, Tiny, Huge, NoBackward, ParamBugOnly };

struct Case {
    std::string label;
    std::unique_ptr<mlp::Layer> layer;
    mlp::Tensor x;
    Agreement expected;
    About about;
};

mlp::Tensor uniform(std::size_t rows, std::size_t cols, double lo, double hi, std::uint32_t seed) {
    mlp::Rng rng(seed);
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform(lo, hi);
    return t;
}

// Inputs a distance from 0 (no kink within h of them), both signs, in [-2.5, -0.2] or [0.2, 2.5].
mlp::Tensor away_from_zero(std::size_t rows, std::size_t cols, std::uint32_t seed) {
    mlp::Tensor t = uniform(rows, cols, 0.2, 2.5, seed);
    for (std::size_t k = 0; k < t.size(); ++k)
        if ((k * 7 + seed) % 3 != 0) t[k] = -t[k];
    return t;
}

std::vector<Case> cases() {
    using A = PlantedAffine::Bug;
    using T = ScaledTanh::Bug;
    std::vector<Case> c;
    auto add = [&c](std::string label, std::unique_ptr<mlp::Layer> layer, mlp::Tensor x, Agreement expected,
                    About about) { c.push_back({std::move(label), std::move(layer), std::move(x), expected, about}); };
    mlp::Rng rng(11);
    add("mlp::Dense(3, 2), right", std::make_unique<mlp::Dense>(3, 2, rng), uniform(4, 3, -1.5, 1.5, 1),
        Agreement::Agree, About::Right);
    // Exactly 0 everywhere (before any case where a missing guard meets rounding noise, so that its
    // 0 / 0 shows): ReLU on negative inputs, and w * x with w = 0 and x = 0.
    add("mlp::ReLU on negative inputs only", std::make_unique<mlp::ReLU>(), uniform(3, 4, -3.0, -0.5, 6),
        Agreement::AllZero, About::FlatLayer);
    add("w x with w = 0 and x = 0", std::make_unique<ElementScale>(mlp::Tensor(1, 3), ElementScale::Bug::None),
        mlp::Tensor(2, 3), Agreement::AllZero, About::FlatLayer);
    // A saturated element (x = 8: slope 4.5e-7) whose numeric slope carries rounding noise of
    // about 1e-11, a relative error of 1e-5 with no floor.
    mlp::Tensor saturated = away_from_zero(3, 4, 2);
    saturated(1, 2) = 8.0;
    add("mlp::Tanh, right, one input at 8", std::make_unique<mlp::Tanh>(), saturated, Agreement::Agree, About::Right);
    add("mlp::Sigmoid, right", std::make_unique<mlp::Sigmoid>(), away_from_zero(3, 4, 3), Agreement::Agree,
        About::Right);
    add("GELU, right", std::make_unique<PlantedGELU>(PlantedGELU::Bug::None), away_from_zero(2, 5, 4),
        Agreement::Agree, About::Right);
    add("ELU(0.5), right", std::make_unique<PlantedELU>(0.5, PlantedELU::Bug::None), away_from_zero(3, 3, 5),
        Agreement::Agree, About::Right);
    add("s tanh(x), s = 1e-10, right", std::make_unique<ScaledTanh>(1e-10, T::None), away_from_zero(3, 4, 7),
        Agreement::Agree, About::Tiny);
    add("s tanh(x), s = 1e6, right", std::make_unique<ScaledTanh>(1e6, T::None), away_from_zero(3, 4, 8),
        Agreement::Agree, About::Huge);
    // Planted bugs.
    add("Affine 3 -> 3, dW transposed", std::make_unique<PlantedAffine>(3, 3, 21, A::TransposedDW),
        uniform(4, 3, -1.5, 1.5, 9), Agreement::Disagree, About::ParamBugOnly);
    add("Affine 3 -> 2, db missing", std::make_unique<PlantedAffine>(3, 2, 22, A::MissingDb),
        uniform(4, 3, -1.5, 1.5, 10), Agreement::Disagree, About::ParamBugOnly);
    add("Affine 3 -> 2, dx with the wrong sign", std::make_unique<PlantedAffine>(3, 2, 23, A::DxSign),
        uniform(4, 3, -1.5, 1.5, 11), Agreement::Disagree, About::Bug);
    add("Affine 3 -> 2, dW doubled", std::make_unique<PlantedAffine>(3, 2, 24, A::DWDoubled),
        uniform(4, 3, -1.5, 1.5, 12), Agreement::Disagree, About::ParamBugOnly);
    add("Affine 2 -> 3, dW's last column wrong", std::make_unique<PlantedAffine>(2, 3, 25, A::LastColumnDW),
        uniform(4, 2, -1.5, 1.5, 13), Agreement::Disagree, About::ParamBugOnly);
    add("Affine 3 -> 2, no backward at all", std::make_unique<PlantedAffine>(3, 2, 26, A::NoBackward),
        uniform(4, 3, -1.5, 1.5, 14), Agreement::Disagree, About::NoBackward);
    add("w x, dw from the first sample only",
        std::make_unique<ElementScale>(uniform(1, 3, -1.0, 1.0, 15), ElementScale::Bug::FirstSampleOnly),
        uniform(3, 3, -1.5, 1.5, 16), Agreement::Disagree, About::ParamBugOnly);
    add("ELU(0.5), slope wrong for negative inputs only",
        std::make_unique<PlantedELU>(0.5, PlantedELU::Bug::NegativeSlope), away_from_zero(3, 3, 17),
        Agreement::Disagree, About::Bug);
    add("tanh, dy's columns mirrored", std::make_unique<ScaledTanh>(1.0, T::MirroredDy), away_from_zero(3, 4, 18),
        Agreement::Disagree, About::Bug);
    add("GELU, the slope of its tanh form (close, not equal)",
        std::make_unique<PlantedGELU>(PlantedGELU::Bug::TanhFormSlope), away_from_zero(2, 5, 19),
        Agreement::Disagree, About::SubtleBug);
    add("s tanh(x), s = 1e-10, slope doubled", std::make_unique<ScaledTanh>(1e-10, T::Doubled),
        away_from_zero(3, 4, 20), Agreement::Disagree, About::Tiny);
    add("s tanh(x), s = 1e6, slope with the wrong sign", std::make_unique<ScaledTanh>(1e6, T::Sign),
        away_from_zero(3, 4, 21), Agreement::Disagree, About::Huge);
    return c;
}

// The grader's answer for a case, with everything it compares the student's with.
struct Truth {
    std::vector<std::string> names;
    std::vector<mlp::Tensor> analytic, analytic_ones;  // backward(r), and backward(ones) (a wrong dL/dy)
    std::vector<Numerics> numerics;
    std::vector<double> errors;
    Agreement agreement = Agreement::Disagree;
};

Truth truth_of(mlp::Layer& layer, const mlp::Tensor& x_in, const mlp::Tensor& r, double h, double tolerance) {
    Truth t;
    mlp::Tensor x = x_in;
    std::vector<mlp::Param> params = layer.params();
    for (const bool ones : {false, true}) {
        for (mlp::Param& p : params) p.grad->fill(0.0);
        layer.forward(x);
        const mlp::Tensor dx = layer.backward(ones ? mlp::Tensor(r.rows(), r.cols(), 1.0) : r);
        std::vector<mlp::Tensor>& into = ones ? t.analytic_ones : t.analytic;
        into.push_back(dx);
        for (mlp::Param& p : params) into.push_back(*p.grad);
    }
    for (mlp::Param& p : params) p.grad->fill(0.0);
    t.names.push_back("x");
    t.numerics.push_back(differences(layer, x, x, r, h));
    for (mlp::Param& p : params) {
        t.names.push_back(p.name);
        t.numerics.push_back(differences(layer, x, *p.value, r, h));
    }
    bool agree = true, zero = true;
    for (std::size_t i = 0; i < t.analytic.size(); ++i) {
        t.errors.push_back(relative_error(t.analytic[i], t.numerics[i].central));
        if (!(t.errors[i] <= tolerance)) agree = false;
        if (!all_zero(t.analytic[i]) || !all_zero(t.numerics[i].central)) zero = false;
    }
    t.agreement = !agree ? Agreement::Disagree : zero ? Agreement::AllZero : Agreement::Agree;
    return t;
}

// The hint for a reported max relative error that is on the wrong side of the tolerance,
// measured on the student's own tensors.
std::string error_hint(const GradientComparison& g, double reported, double tolerance, About about) {
    if (std::isnan(reported)) {
        return "a max relative error is NaN: where a and n are both 0, |a - n| / (|a| + |n|) is 0 / 0. Guard the "
               "denominator (max(|a| + |n|, floor)), and count NaN as disagreement, never as agreement.";
    }
    double absolute = 0.0, no_floor = 0.0, first = 0.0;
    std::size_t worst = 0;
    const double right = relative_error(g.analytic, g.numeric, &worst);
    for (std::size_t k = 0; k < g.analytic.size(); ++k) {
        const double d = std::abs(g.analytic[k] - g.numeric[k]);
        absolute = std::max(absolute, d);
        const double s = std::abs(g.analytic[k]) + std::abs(g.numeric[k]);
        if (s > 0.0) no_floor = std::max(no_floor, d / s);
        if (k == 0) first = s > 0.0 ? d / s : 0.0;
    }
    auto near = [](double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(std::abs(a), std::abs(b)); };
    if (near(reported, absolute) && !near(absolute, right)) {
        return "the error is absolute, max |a - n| (here " + format("%.3g", reported) +
               "): on gradients of size 1e6 rounding alone makes it larger than the tolerance, and on gradients of "
               "size 1e-10 a factor of 2 makes it smaller. Divide by |a| + |n| (with its guard).";
    }
    if (reported > tolerance && about == About::Right && near(reported, no_floor)) {
        return "with no floor under |a| + |n|, rounding noise of about 1e-11 in the numeric slope of an element "
               "whose true slope is tiny (tanh at x = 8) is a large relative error: use max(|a| + |n|, floor), "
               "the floor a small fraction (1e-3) of the tensor's largest gradient.";
    }
    if (reported <= tolerance && about == About::Tiny) {
        return "the guard under |a| + |n| is an absolute number: on gradients of size 1e-10 it swamps them and "
               "a factor of 2 passes. Make the floor a fraction of the tensor's largest gradient.";
    }
    if (reported <= tolerance && worst != 0 && near(reported, first)) {
        return "the max relative error is the first element's only: take the max over every element.";
    }
    if (reported <= tolerance) {
        return "the max relative error is below the tolerance, yet element " + std::to_string(worst) +
               " of your own analytic and numeric tensors differs by " + format("%.3g", right) +
               " (relative): take the max of |a - n| / max(|a| + |n|, floor) over every element.";
    }
    return "";
}

std::string verdict_hint(const GradientCheck& got, Agreement expected, double tolerance, About about) {
    if (expected == Agreement::AllZero && got.agreement == Agreement::Agree) {
        return "every gradient here is exactly 0, analytic and numeric: they agree, but 0 == 0 would also hold for "
               "a backward that forgot everything, so the answer is AllZero, not Agree.";
    }
    if (expected == Agreement::Disagree && got.agreement == Agreement::AllZero) {
        return "backward gave only zeros but the numeric gradients are not 0: that is disagreement. AllZero is "
               "for analytic AND numeric all 0.";
    }
    if (expected == Agreement::Agree && got.agreement == Agreement::AllZero) {
        return about == About::Tiny ? "gradients of 1e-10 are small, not zero: AllZero means exactly 0."
                                    : "AllZero only when every element of every tensor is 0; here they are not.";
    }
    if (expected == Agreement::Disagree && got.agreement == Agreement::Agree) {
        if (about == About::SubtleBug) {
            return "a slope that is close but not equal passed: compare the errors with the tolerance you are "
                   "given, not a looser one of your own.";
        }
        for (const GradientComparison& g : got.tensors)
            if (!(g.max_relative_error <= tolerance)) {
                return "your own max relative error for " + g.name +
                       " is above the tolerance (or NaN), yet the verdict is Agree: every tensor must agree.";
            }
    }
    return "";
}

// Each element that changed, as the value it was left at; "" when the layer is as it was.
std::string restore_hint(const std::vector<mlp::Tensor>& before, const std::vector<mlp::Tensor>& after, double h) {
    bool minus_h = true;
    for (std::size_t i = 0; i < before.size(); ++i)
        for (std::size_t k = 0; k < before[i].size(); ++k)
            if (before[i][k] != after[i][k] && std::abs(after[i][k] - (before[i][k] - h)) > 1e-12)
                minus_h = false;
    if (minus_h) return "a parameter was left at v - h: put each value back after its two forwards.";
    return "a parameter differs from its value before the check in the last digits: v - h + h is not v in floating "
           "point. Save the value and put the saved value back.";
}

}  // namespace

GradientCheck reference_gradient_check(mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r, double h,
                                       double tolerance) {
    const Truth t = truth_of(layer, x, r, h, tolerance);
    GradientCheck g;
    for (std::size_t i = 0; i < t.names.size(); ++i)
        g.tensors.push_back({t.names[i], t.analytic[i], t.numerics[i].central, t.errors[i]});
    g.agreement = t.agreement;
    return g;
}

Verdict check_gradient_check(const GradientChecker& student) {
    Verdict v;
    v.title = "Exercise 11: a gradient checker of your own";
    v.passed = true;
    const double h = kGradientCheckStep, tolerance = kGradientCheckTolerance;
    std::uint32_t seed = 100;
    for (Case& c : cases()) {
        // dL/dy = r, drawn once per case from the output's shape.
        const mlp::Tensor& y = c.layer->forward(c.x);
        const mlp::Tensor r = uniform(y.rows(), y.cols(), -1.0, 1.0, ++seed);
        const Truth t = truth_of(*c.layer->clone(), c.x, r, h, tolerance);

        // Parameter gradients hold old sums, as between two training steps: backward adds into them.
        std::vector<mlp::Param> params = c.layer->params();
        std::vector<mlp::Tensor> before, held;
        for (mlp::Param& p : params) {
            const mlp::Tensor noise = uniform(p.grad->rows(), p.grad->cols(), 0.5, 1.5, ++seed);
            *p.grad = noise;
            held.push_back(noise);
            before.push_back(*p.value);
        }
        GradientCheck got;
        if (!run_student_code(v, [&] { got = student(*c.layer, c.x, r, h, tolerance); })) return v;
        const std::string& label = c.label;

        // The layer as it was found: every parameter bit for bit.
        std::vector<mlp::Tensor> after;
        for (mlp::Param& p : params) after.push_back(*p.value);
        if (after != before) {
            v.passed = false;
            v.notes.push_back(label + ": the layer's parameters are not what they were before the check");
            add_hint(v, label, restore_hint(before, after, h));
            return v;
        }

        // The tensors: dL/dx, then each parameter.
        if (got.tensors.size() != t.names.size()) {
            v.passed = false;
            std::string names;
            for (const std::string& n : t.names) names += (names.empty() ? "" : ", ") + n;
            v.notes.push_back(label + ": expected " + std::to_string(t.names.size()) + " compared tensors (" + names +
                              "), got " + std::to_string(got.tensors.size()));
            if (got.tensors.size() == 1 && t.names.size() > 1)
                add_hint(v, label, "only dL/dx was checked: a bug in a parameter's gradient (dW, db) goes unseen. "
                                   "Compare every parameter's gradient too (layer.params()).");
            return v;
        }
        bool ok = true;
        for (std::size_t i = 0; i < t.names.size() && ok; ++i) {
            const std::string name = label + ": " + t.names[i];
            const GradientComparison& g = got.tensors[i];
            // Analytic: backward of dL/dy = r, from zeroed parameter gradients.
            std::vector<Mistake> mistakes{
                {t.analytic_ones[i], "the analytic gradient is backward(ones): dL/dy is r, for L = sum(r y)."}};
            if (i > 0) {
                const mlp::Tensor& a = t.analytic[i];
                mlp::Tensor stale = a, twice = a, stale_twice = a;
                for (std::size_t k = 0; k < a.size(); ++k) {
                    stale[k] += held[i - 1][k];
                    twice[k] *= 2.0;
                    stale_twice[k] = 2.0 * a[k] + held[i - 1][k];
                }
                const char* not_zeroed = "the parameter gradient still holds what was in it before: backward ADDS "
                                         "into it, so zero every parameter's gradient before the backward.";
                mistakes.push_back({stale, not_zeroed});
                mistakes.push_back({stale_twice, not_zeroed});
                mistakes.push_back({twice, "the parameter gradient is twice the right one: backward ran twice and "
                                           "added twice; zero the gradients right before the one backward."});
            }
            ok = check_tensor(v, name + " analytic", g.analytic, t.analytic[i], mistakes, 1e-9);
            if (!ok) break;
            // Numeric: central differences of L = sum(r y).
            const Numerics& n = t.numerics[i];
            const TensorReport report = compare_numeric(name + " numeric", g.numeric, n.central);
            v.tensors.push_back(report);
            if (!report.ok) {
                ok = false;
                v.passed = false;
                std::string hint;
                if (report.shape_ok) {
                    const mlp::Tensor zeros(n.central.rows(), n.central.cols());
                    const std::vector<Mistake> wrong{
                        {n.forward, "a one-sided difference (L(v + h) - L(v)) / h: its error is about h |f''| / 2 (the "
                                    "central one's h^2 |f'''| / 6), and it shows on a curved layer such as tanh; use "
                                    "(L(v + h) - L(v - h)) / 2h."},
                        {n.backward, "a one-sided difference (L(v) - L(v - h)) / h: use (L(v + h) - L(v - h)) / 2h."},
                        {n.over_h, "divided by h instead of 2h: v + h and v - h are 2h apart."},
                        {n.sum_loss, "the numeric gradient is of L = sum(y): use L = sum(r y), whose dL/dy = r (with "
                                     "all weights 1 a mistake that only moves dy between elements stays hidden)."},
                        {n.first_only, "only the first element was perturbed: loop over every element."},
                        {zeros, i == 0 ? "every numeric gradient is 0 (is the TODO still there?): L must come "
                                         "from a new forward after each change of x (a copy of y taken before "
                                         "the change does not move)."
                                       : "every numeric gradient is 0 (is the TODO still there?): perturb the "
                                         "layer's own parameter, *param.value, not a copy of it (the layer never "
                                         "sees a copy)."},
                    };
                    for (const Mistake& m : wrong)
                        if (same_numeric(g.numeric, m.value) && !same_numeric(n.central, m.value)) {
                            hint = m.hint;
                            break;
                        }
                    if (hint.empty() && finite(g.numeric)) {
                        hint = "the numeric gradient is not (L(v + h) - L(v - h)) / 2h with L = sum(r y) and the h "
                               "given.";
                    }
                }
                add_hint(v, name + " numeric", hint);
                break;
            }
            // The reported error: on the same side of the tolerance as the rule's.
            const double reported = g.max_relative_error;
            if (!(reported >= 0.0) || (reported <= tolerance) != (t.errors[i] <= tolerance)) {
                ok = false;
                v.passed = false;
                v.notes.push_back(name + ": max relative error reported " + format("%.3g", reported) + ", the rule "
                                  "|a - n| / max(|a| + |n|, 1e-3 max|a|,|n|) gives " + format("%.3g", t.errors[i]) +
                                  ", tolerance " + format("%.1g", tolerance));
                add_hint(v, name, error_hint(g, reported, tolerance, c.about));
            }
        }
        if (!ok) return v;
        std::string errors;
        for (const GradientComparison& g : got.tensors)
            errors += (errors.empty() ? "" : ", ") + g.name + " " + format("%.1e", g.max_relative_error);
        const bool right = got.agreement == c.expected;
        v.notes.push_back(label + ": your checker says " + agreement_name(got.agreement) + ", expected " +
                          agreement_name(c.expected) + " (max relative errors " + errors + ")" +
                          (right ? "" : "  WRONG"));
        if (!right) {
            v.passed = false;
            add_hint(v, label, verdict_hint(got, c.expected, tolerance, c.about));
            return v;
        }
    }
    return v;
}

}  // namespace exercises
