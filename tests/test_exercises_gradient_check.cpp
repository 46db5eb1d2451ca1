// SPDX-License-Identifier: MIT
// test_exercises_gradient_check.cpp: the checker of exercise 11 (a gradient checker of the
// student's own) accepts the grader's own checker and gradient checkers written other valid ways,
// and refuses a broad set of wrong ones, each with the hint that names its mistake where the
// checker claims to recognise it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;
using exercises::Agreement;
using exercises::GradientCheck;
using exercises::GradientComparison;

namespace {

enum class Rule {
    Right, PerturbClone, MaxDenominator, WholeTensorRestore,                            // correct
    ForwardDifference, BackwardDifference, DivideByH, NoRestore, RestoreByArithmetic, AbsoluteError,
    NoGuard, AllZeroIsAgree, OnlyDx, FirstElementOnly, SumLoss, NoZeroGrad, BackwardTwice, StaleOutput,
    PerturbParamCopy, AbsoluteFloor, NoFloor, AllZeroFromAnalytic, LooseTolerance, VerdictFromDxOnly,
    AllZeroThreshold, ErrorFirstOnly, IndexSlip, Throws
};

double loss(mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r, Rule rule) {
    const mlp::Tensor& y = layer.forward(x);
    double L = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) L += (rule == Rule::SumLoss ? 1.0 : r[k]) * y[k];
    return L;
}

// dL/dvalue, `value` being x or a parameter of `layer`, with the slips of `rule`.
mlp::Tensor numeric(mlp::Layer& layer, const mlp::Tensor& x, mlp::Tensor& value, const mlp::Tensor& r, double h,
                    Rule rule) {
    mlp::Tensor n(value.rows(), value.cols());
    const mlp::Tensor whole = value;
    const double L0 = loss(layer, x, r, rule);
    const mlp::Tensor stale_y = layer.forward(x);  // a copy, taken before any change
    for (std::size_t k = 0; k < value.size(); ++k) {
        if (rule == Rule::FirstElementOnly && k > 0) break;
        const double saved = value[k];
        mlp::Tensor copy = value;
        mlp::Tensor& target = rule == Rule::PerturbParamCopy && &value != &x ? copy : value;
        target[k] = saved + h;
        double Lp = loss(layer, x, r, rule);
        if (rule == Rule::StaleOutput) {
            Lp = 0.0;
            for (std::size_t j = 0; j < stale_y.size(); ++j) Lp += r[j] * stale_y[j];
        }
        target[k] = rule == Rule::RestoreByArithmetic ? target[k] - 2.0 * h : saved - h;
        double Lm = loss(layer, x, r, rule);
        if (rule == Rule::StaleOutput) Lm = Lp;
        if (rule == Rule::RestoreByArithmetic) target[k] = target[k] + h;
        else if (rule == Rule::WholeTensorRestore) target = whole;
        else if (rule != Rule::NoRestore) target[k] = saved;
        if (rule == Rule::ForwardDifference) n[k] = (Lp - L0) / h;
        else if (rule == Rule::BackwardDifference) n[k] = (L0 - Lm) / h;
        else if (rule == Rule::DivideByH) n[k] = (Lp - Lm) / h;
        else n[k] = (Lp - Lm) / (2.0 * h);
    }
    return n;
}

// The error of each style, `largest` being the whole check's largest |a| or |n| (MaxDenominator).
double error_of(const mlp::Tensor& a, const mlp::Tensor& n, double largest_overall, Rule rule) {
    double largest = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) largest = std::max({largest, std::abs(a[k]), std::abs(n[k])});
    double error = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const double d = std::abs(a[k] - n[k]), s = std::abs(a[k]) + std::abs(n[k]);
        double e = 0.0;
        switch (rule) {
            case Rule::AbsoluteError: e = d; break;
            case Rule::NoGuard: e = d / s; break;
            case Rule::NoFloor: e = s > 0.0 ? d / s : 0.0; break;
            case Rule::AbsoluteFloor: e = d / std::max(s, 1e-3); break;
            case Rule::MaxDenominator: {
                const double m = std::max({std::abs(a[k]), std::abs(n[k]), 1e-2 * largest_overall});
                e = m > 0.0 ? d / m : 0.0;
                break;
            }
            default: {
                const double m = std::max(s, 1e-3 * largest);
                e = m > 0.0 ? d / m : 0.0;
            }
        }
        if (rule == Rule::NoGuard) {
            if (e > error || std::isnan(e)) error = e;  // NaN kept, as a max that forgot it would
        } else {
            error = std::max(error, e);
        }
        if (std::isnan(error)) break;
        if (rule == Rule::ErrorFirstOnly) break;
    }
    return error;
}

// A gradient checker as a student would write it, with one slip per wrong rule.
GradientCheck student_check(Rule rule, mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r, double h,
                            double tolerance) {
    if (rule == Rule::Throws) throw std::runtime_error("not written yet");
    GradientCheck result;
    std::vector<mlp::Param> params = layer.params();
    if (rule != Rule::NoZeroGrad)
        for (mlp::Param& p : params) p.grad->fill(0.0);
    layer.forward(x);
    mlp::Tensor dx = layer.backward(rule == Rule::SumLoss ? mlp::Tensor(r.rows(), r.cols(), 1.0) : r);
    if (rule == Rule::BackwardTwice) {
        layer.forward(x);
        dx = layer.backward(r);
    }
    if (rule == Rule::IndexSlip) (void)dx(dx.rows(), 0);

    mlp::Tensor x_copy = x;
    if (rule == Rule::PerturbClone) {
        // Each parameter perturbed in a copy of the layer: the original is never touched.
        std::unique_ptr<mlp::Layer> twin = layer.clone();
        std::vector<mlp::Param> twin_params = twin->params();
        result.tensors.push_back({"x", dx, numeric(*twin, x_copy, x_copy, r, h, rule), 0.0});
        for (std::size_t i = 0; i < params.size(); ++i)
            result.tensors.push_back({params[i].name, *params[i].grad,
                                      numeric(*twin, x_copy, *twin_params[i].value, r, h, rule), 0.0});
    } else {
        result.tensors.push_back({"x", dx, numeric(layer, x_copy, x_copy, r, h, rule), 0.0});
        if (rule != Rule::OnlyDx)
            for (mlp::Param& p : params)
                result.tensors.push_back({p.name, *p.grad, numeric(layer, x_copy, *p.value, r, h, rule), 0.0});
    }

    double largest = 0.0;
    for (const GradientComparison& t : result.tensors)
        for (std::size_t k = 0; k < t.analytic.size(); ++k)
            largest = std::max({largest, std::abs(t.analytic[k]), std::abs(t.numeric[k])});
    const double tol = rule == Rule::LooseTolerance ? 1e-2 : tolerance;
    bool agree = true, zero = true;
    for (std::size_t i = 0; i < result.tensors.size(); ++i) {
        GradientComparison& t = result.tensors[i];
        t.max_relative_error = error_of(t.analytic, t.numeric, largest, rule);
        const bool counts = rule != Rule::VerdictFromDxOnly || i == 0;
        if (counts && (rule == Rule::NoGuard ? t.max_relative_error > tol : !(t.max_relative_error <= tol)))
            agree = false;
        for (std::size_t k = 0; k < t.analytic.size(); ++k) {
            const bool n_zero = rule == Rule::AllZeroFromAnalytic || t.numeric[k] == 0.0;
            if (rule == Rule::AllZeroThreshold ? std::abs(t.analytic[k]) > 1e-6 : (t.analytic[k] != 0.0 || !n_zero))
                zero = false;
        }
    }
    result.agreement = !agree                                  ? Agreement::Disagree
                       : zero && rule != Rule::AllZeroIsAgree  ? Agreement::AllZero
                                                               : Agreement::Agree;
    if (rule == Rule::AllZeroFromAnalytic && zero) result.agreement = Agreement::AllZero;
    return result;
}

exercises::Verdict grade(Rule rule) {
    return exercises::check_gradient_check(
        [rule](mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r, double h, double tolerance) {
            return student_check(rule, layer, x, r, h, tolerance);
        });
}

}  // namespace

TEST_CASE("exercise 11 (gradient checker): the grader's own checker and three other styles pass") {
    const exercises::Verdict v = exercises::check_gradient_check(exercises::reference_gradient_check);
    accepted(v);
    // exercises/README.md: "on 21 layers, one call each", 9 right or flat and 12 with a planted bug.
    std::size_t calls = 0, disagree = 0;
    for (const std::string& note : v.notes) {
        if (note.find(": your checker says ") != std::string::npos) ++calls;
        if (note.find("expected disagree") != std::string::npos) ++disagree;
    }
    CHECK(calls == 21);
    CHECK(disagree == 12);
    CHECK(exercises::kGradientCheckStep == 1e-5);
    CHECK(exercises::kGradientCheckTolerance == 1e-6);
    CHECK(notes_say(v, "mlp::ReLU on negative inputs only: your checker says all zero, expected all zero"));
    CHECK(notes_say(v, "s tanh(x), s = 1e-10, slope doubled: your checker says disagree, expected disagree"));
    accepted(grade(Rule::Right));
    accepted(grade(Rule::PerturbClone));
    accepted(grade(Rule::MaxDenominator));
    accepted(grade(Rule::WholeTensorRestore));
}

TEST_CASE("exercise 11 (gradient checker): the cases are far from the tolerance under the rule, so no valid checker is borderline") {
    // Every tensor's error is at least 50 times below or above the tolerance, and every planted
    // bug's worst tensor 100 times above it: the rule's verdicts do not hang on rounding.
    const exercises::Verdict v = exercises::check_gradient_check(
        [](mlp::Layer& layer, const mlp::Tensor& x, const mlp::Tensor& r, double h, double tolerance) {
            const GradientCheck g = exercises::reference_gradient_check(layer, x, r, h, tolerance);
            double worst = 0.0;
            for (const GradientComparison& t : g.tensors) {
                const bool near = t.max_relative_error > tolerance / 50.0 && t.max_relative_error < 50.0 * tolerance;
                CHECK_MESSAGE(!near, t.name, " ", t.max_relative_error);
                worst = std::max(worst, t.max_relative_error);
            }
            if (g.agreement == Agreement::Disagree) CHECK(worst > 1e2 * tolerance);
            return g;
        });
    accepted(v);
}

TEST_CASE("exercise 11 (gradient checker): wrong difference quotients are refused, named") {
    refused(grade(Rule::ForwardDifference), "one-sided difference (L(v + h) - L(v)) / h");
    refused(grade(Rule::BackwardDifference), "one-sided difference (L(v) - L(v - h)) / h");
    refused(grade(Rule::DivideByH), "divided by h instead of 2h");
    refused(grade(Rule::SumLoss), "L = sum(r y)");
    refused(grade(Rule::FirstElementOnly), "only the first element was perturbed");
    refused(grade(Rule::StaleOutput), "L must come from a new forward");
    refused(grade(Rule::PerturbParamCopy), "perturb the layer's own parameter");
}

TEST_CASE("exercise 11 (gradient checker): a checker must leave the layer as it found it and zero the gradients first") {
    const exercises::Verdict left = grade(Rule::NoRestore);
    refused(left, "left at v - h");
    CHECK(notes_say(left, "parameters are not what they were"));
    refused(grade(Rule::RestoreByArithmetic), "v - h + h is not v");
    refused(grade(Rule::NoZeroGrad), "zero every parameter's gradient before the backward");
    refused(grade(Rule::BackwardTwice), "backward ran twice");
    refused(grade(Rule::OnlyDx), "only dL/dx was checked");
}

TEST_CASE("exercise 11 (gradient checker): the relative error needs its guard, a floor scaled to the tensor, and every element") {
    refused(grade(Rule::AbsoluteError), "the error is absolute");
    refused(grade(Rule::NoGuard), "0 / 0");
    refused(grade(Rule::NoFloor), "with no floor under |a| + |n|");
    refused(grade(Rule::AbsoluteFloor), "the guard under |a| + |n| is an absolute number");
    refused(grade(Rule::ErrorFirstOnly), "the first element's only");
}

TEST_CASE("exercise 11 (gradient checker): the verdict: all zero is not agreement, tiny is not zero, every tensor counts") {
    refused(grade(Rule::AllZeroIsAgree), "0 == 0 would also hold");
    refused(grade(Rule::AllZeroFromAnalytic), "AllZero is for analytic AND numeric all 0");
    refused(grade(Rule::AllZeroThreshold), "small, not zero");
    refused(grade(Rule::LooseTolerance), "not a looser one of your own");
    refused(grade(Rule::VerdictFromDxOnly), "every tensor must agree");
}

TEST_CASE("exercise 11 (gradient checker): an exception or an index slip in the checker is a verdict, not a crash") {
    const exercises::Verdict slip = grade(Rule::IndexSlip);
    refused(slip, "an index went outside a tensor");
    CHECK(notes_say(slip, "std::out_of_range"));
    const exercises::Verdict threw = grade(Rule::Throws);
    refused(threw, "");
    CHECK(notes_say(threw, "not written yet"));
}
