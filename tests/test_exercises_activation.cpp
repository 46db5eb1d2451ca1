// SPDX-License-Identifier: MIT
// test_exercises_activation.cpp: the checkers of exercise 1 (Tanh) and 5 (an activation of the
// student's own) accept correct layers written in several styles and refuse a broad set of wrong
// ones, each with the hint that names its mistake where the checker claims to know it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;

namespace {

// An activation as a student writes it: y = f(x) and dx = g(x, y, dy) element by element, with
// the slips that are about buffers rather than formulas switched on by flags.
using Forward = double (*)(double x);
using Backward = double (*)(double x, double y, double dy);
enum Slip { kNone = 0, kAddIntoY = 1, kAddIntoDx = 2, kFixedSize15 = 4 };

class Written : public mlp::Activation {
public:
    Written(Forward f, Backward g, int slips = kNone) : f_(f), g_(g), slips_(slips) {}
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        start_forward(x);
        const std::size_t n = (slips_ & kFixedSize15) != 0 ? 15 : x.size();
        for (std::size_t k = 0; k < n; ++k) y_[k] = ((slips_ & kAddIntoY) != 0 ? y_[k] : 0.0) + f_(x[k]);
        return y_;
    }
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        for (std::size_t k = 0; k < dy.size(); ++k)
            dx_[k] = ((slips_ & kAddIntoDx) != 0 ? dx_[k] : 0.0) + g_(x_[k], y_[k], dy[k]);
        return dx_;
    }
    std::string name() const override { return "Written"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Written>(*this); }

private:
    Forward f_;
    Backward g_;
    int slips_;
};

// Correct tanh forwards.
double tanh_std(double x) { return std::tanh(x); }
double tanh_stable_exp(double x) {  // (1 - e^-2|x|) / (1 + e^-2|x|) with the sign of x: no overflow
    const double e = std::exp(-2.0 * std::abs(x));
    return std::copysign((1.0 - e) / (1.0 + e), x);
}
double tanh_via_sigmoid(double x) {  // 2 sigmoid(2x) - 1, the sigmoid written stably
    const double s = x >= 0 ? 1.0 / (1.0 + std::exp(-2.0 * x)) : std::exp(2.0 * x) / (1.0 + std::exp(2.0 * x));
    return 2.0 * s - 1.0;
}
// Correct tanh backwards.
double dtanh_y(double, double y, double dy) { return dy * (1.0 - y * y); }
double dtanh_factored(double, double y, double dy) { return (1.0 - y) * (1.0 + y) * dy; }
double dtanh_recomputed(double x, double, double dy) {
    const double t = std::tanh(x);
    return dy - dy * t * t;
}

// Wrong ones.
double tanh_textbook(double x) { return (std::exp(x) - std::exp(-x)) / (std::exp(x) + std::exp(-x)); }
double sigmoid_forward(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double dtanh_no_dy(double, double y, double) { return 1.0 - y * y; }
double dtanh_at_x(double x, double, double dy) { return dy * (1.0 - x * x); }
double dtanh_not_squared(double, double y, double dy) { return dy * (1.0 - y); }
double dtanh_sign(double, double y, double dy) { return dy * (y * y - 1.0); }
double dtanh_sech(double x, double, double dy) { return dy / std::cosh(x); }  // sech, not sech^2
double dtanh_plus(double, double y, double dy) { return dy * (1.0 + y * y); }
double dtanh_twice(double, double y, double dy) { return 2.0 * dy * (1.0 - y * y); }
double pass_dy(double, double, double dy) { return dy; }
double dtanh_of_dy(double, double, double dy) { return 1.0 - std::tanh(dy) * std::tanh(dy); }

}  // namespace

TEST_CASE("exercise 1: Tanh written in any correct style passes") {
    mlp::Tanh library;
    accepted(exercises::check_exercise1(library));
    Written a(tanh_std, dtanh_y), b(tanh_stable_exp, dtanh_factored), c(tanh_via_sigmoid, dtanh_recomputed);
    accepted(exercises::check_exercise1(a));
    accepted(exercises::check_exercise1(b));
    accepted(exercises::check_exercise1(c));
    const exercises::Verdict v = exercises::check_exercise1(a);
    CHECK(notes_say(v, "2nd call on the same layer and a 3rd with a (2, 3) input agree"));
}

TEST_CASE("exercise 1: wrong Tanh layers are refused, each with the hint that fits") {
    SUBCASE("the chain rule's dy forgotten") {
        Written layer(tanh_std, dtanh_no_dy);
        refused(exercises::check_exercise1(layer), "multiply it by dy");
    }
    SUBCASE("1 - x^2: the input where the output belongs, shown with the x at the worst element") {
        Written layer(tanh_std, dtanh_at_x);
        const exercises::Verdict v = exercises::check_exercise1(layer);
        refused(v, "not x");
        CHECK(notes_say(v, "dx: at ("));
        CHECK(notes_say(v, "the input was x = "));
    }
    SUBCASE("1 - y, not squared") {
        Written layer(tanh_std, dtanh_not_squared);
        refused(exercises::check_exercise1(layer), "the output is squared");
    }
    SUBCASE("the sign flipped") {
        Written layer(tanh_std, dtanh_sign);
        refused(exercises::check_exercise1(layer), "opposite sign");
    }
    SUBCASE("the textbook formula, NaN at +-1000") {
        Written layer(tanh_textbook, dtanh_y);
        const exercises::Verdict v = exercises::check_exercise1(layer);
        refused(v, "NaN or infinity");
        CHECK(notes_say(v, "x = -1000"));
    }
    SUBCASE("sech(x) for sech^2(x): the x at the worst element is shown, no hint is invented") {
        Written layer(tanh_std, dtanh_sech);
        const exercises::Verdict v = exercises::check_exercise1(layer);
        refused(v, "");
        CHECK(notes_say(v, "the input was x = "));
        CHECK_FALSE(hints_at(v, "times the right value"));
    }
    SUBCASE("1 + y^2") {
        Written layer(tanh_std, dtanh_plus);
        refused(exercises::check_exercise1(layer), "");
    }
    SUBCASE("a factor 2 too many") {
        Written layer(tanh_std, dtanh_twice);
        refused(exercises::check_exercise1(layer), "2 times the right value");
    }
    SUBCASE("dy passed through unchanged") {
        Written layer(tanh_std, pass_dy);
        refused(exercises::check_exercise1(layer), "");
    }
    SUBCASE("tanh' of dy") {
        Written layer(tanh_std, dtanh_of_dy);
        refused(exercises::check_exercise1(layer), "");
    }
    SUBCASE("a sigmoid instead of tanh") {
        Written layer(sigmoid_forward, dtanh_y);
        refused(exercises::check_exercise1(layer), "");
    }
    SUBCASE("dx added into the kept buffer: right on the first call, wrong on the second") {
        Written layer(tanh_std, dtanh_y, kAddIntoDx);
        const exercises::Verdict v = exercises::check_exercise1(layer);
        refused(v, "kept the previous call's numbers");
        CHECK(v.tensors.back().name == "dx (2nd call)");
    }
    SUBCASE("y added into the kept buffer") {
        Written layer(tanh_std, dtanh_y, kAddIntoY);
        refused(exercises::check_exercise1(layer), "kept the previous call's numbers");
    }
    SUBCASE("a loop to a fixed 15 elements: the (2, 3) call reads outside, a verdict and no crash") {
        Written layer(tanh_std, dtanh_y, kFixedSize15);
        const exercises::Verdict v = exercises::check_exercise1(layer);
        refused(v, "an index went outside a tensor");
        CHECK(notes_say(v, "your code threw std::out_of_range"));
    }
}

// ---------------------------------------------------------------------------------------------
// Exercise 5
// ---------------------------------------------------------------------------------------------

namespace {

double softsign(double x) { return x / (1.0 + std::abs(x)); }
double dsoftsign(double x, double, double dy) { return dy / ((1.0 + std::abs(x)) * (1.0 + std::abs(x))); }
double dsoftsign_no_abs(double x, double, double dy) { return dy / ((1.0 + x) * (1.0 + x)); }
double dsoftsign_twice(double x, double y, double dy) { return 2.0 * dsoftsign(x, y, dy); }
double bent(double x) { return (std::sqrt(x * x + 1.0) - 1.0) / 2.0 + x; }
double dbent(double x, double, double dy) { return dy * (x / (2.0 * std::sqrt(x * x + 1.0)) + 1.0); }
double swish(double x) { return x / (1.0 + std::exp(-x)); }
double dswish(double x, double y, double dy) {
    const double s = 1.0 / (1.0 + std::exp(-x));
    return dy * (y + s * (1.0 - y));
}
double square(double x) { return x * x; }
double dsquare(double x, double, double dy) { return 2.0 * x * dy; }
double nearly_linear(double x) { return x + 1e-6 * x * x * x; }
double dnearly_linear(double x, double, double dy) { return dy * (1.0 + 3e-6 * x * x); }
double line(double x) { return 3.0 * x + 2.0; }
double dline(double, double, double dy) { return 3.0 * dy; }
double leaky_995(double x) { return x > 0 ? x : 0.995 * x; }
double dleaky_995(double x, double, double dy) { return x > 0 ? dy : 0.995 * dy; }
double log_abs(double x) { return std::log(x); }  // NaN for x < 0
double dlog(double x, double, double dy) { return dy / x; }
double dsoftsign_slope_only(double x, double y, double) { return dsoftsign(x, y, 1.0); }

// Correct at 0, beyond +-3 and at +-1000 too.
double dsoftsign_from_y(double, double y, double dy) { return dy * (1.0 - std::abs(y)) * (1.0 - std::abs(y)); }
double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }
double sigmoid_stable(double x) {
    return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
}
double dsoftplus(double x, double, double dy) { return dy * sigmoid_stable(x); }
double hard_swish(double x) { return x <= -3.0 ? 0.0 : x >= 3.0 ? x : x * (x + 3.0) / 6.0; }
double dhard_swish(double x, double, double dy) {
    return x <= -3.0 ? 0.0 : x >= 3.0 ? dy : dy * (2.0 * x + 3.0) / 6.0;
}
double leaky_02(double x) { return x > 0 ? x : 0.2 * x; }

// Wrong only at exactly 0, beyond +-3 or at +-1000, where the moderate inputs never go.
double softplus_naive(double x) { return std::log(1.0 + std::exp(x)); }       // inf past x = 709.78
double softplus_half_stable(double x) { return x + std::log(1.0 + std::exp(-x)); }  // inf below -709.78
double dsoftplus_naive(double x, double, double dy) { return dy * std::exp(x) / (1.0 + std::exp(x)); }
double dhard_swish_middle_above_3(double x, double, double dy) {  // the middle branch kept above 3
    return x <= -3.0 ? 0.0 : dy * (2.0 * x + 3.0) / 6.0;
}
double hard_swish_unclamped(double x) { return x <= -3.0 ? 0.0 : x * (x + 3.0) / 6.0; }  // no y = x above 3
double dsoftsign_over_x(double x, double y, double dy) { return dy * (y / x) * (y / x); }  // 0 / 0 at x = 0
double softsign_sign_by_division(double x) { return (x / std::abs(x)) * std::abs(x) / (1.0 + std::abs(x)); }
double dsoftsign_zero_left_out(double x, double y, double dy) { return x == 0.0 ? 0.0 : dsoftsign(x, y, dy); }
double dleaky_02_zero_at_0(double x, double, double dy) { return x > 0 ? dy : x < 0 ? 0.2 * dy : 0.0; }
double tanh_inf_near_3_9(double x) { return std::abs(x - 3.9) < 0.01 ? INFINITY : std::tanh(x); }
double abs_value(double x) { return std::abs(x); }
double dabs_by_division(double x, double, double dy) { return dy * x / std::abs(x); }

// Returns its input flattened into one row: not the shape it was given.
class Flattens : public mlp::Activation {
public:
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        start_forward(x);
        y_.resize(1, x.size());
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = std::tanh(x[k]);
        return y_;
    }
    const mlp::Tensor& backward(const mlp::Tensor& dy) override { return dy; }
    std::string name() const override { return "Flattens"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Flattens>(*this); }
};

// The perceptron's step: curved (not a line), but flat wherever it is defined.
class Step : public mlp::Activation {
public:
    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        start_forward(x);
        for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0.0 ? 1.0 : 0.0;
        return y_;
    }
    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        start_backward(dy);
        dx_.fill(0.0);
        return dx_;
    }
    std::string name() const override { return "Step"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<Step>(*this); }
};

class NameThrows : public mlp::Tanh {
public:
    std::string name() const override { throw std::runtime_error("no name yet"); }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<NameThrows>(*this); }
};

}  // namespace

TEST_CASE("exercise 5: any element-wise, clearly curved activation with a true backward passes") {
    for (const char* name : {"softsign", "silu", "elu", "tanh", "relu", "gelu", "leaky_relu:0.2"}) {
        CAPTURE(name);
        const std::unique_ptr<mlp::Layer> layer = mlp::make_activation(name);
        const exercises::Verdict v = exercises::check_new_activation(*layer);
        accepted(v);
        CHECK(notes_say(v, "XOR"));
    }
    Written a(softsign, dsoftsign), b(bent, dbent), c(swish, dswish), d(square, dsquare);
    for (Written* layer : {&a, &b, &c, &d}) accepted(exercises::check_new_activation(*layer));
    // Checked at 0, beyond +-3 and at +-1000 as well: a kink at 0 takes any slope between its sides.
    Written e(softsign, dsoftsign_from_y), f(softplus, dsoftplus), g(hard_swish, dhard_swish);
    Written h(leaky_02, [](double x, double, double dy) { return x >= 0 ? dy : 0.2 * dy; });
    for (Written* layer : {&e, &f, &g, &h}) {
        const exercises::Verdict v = exercises::check_new_activation(*layer);
        accepted(v);
        CHECK(v.tensors.back().name == "dx at 0, beyond +-3 and at +-1000");
    }
}

TEST_CASE("exercise 5: formulas right in the middle but wrong at 0, beyond +-3 or at +-1000 are refused") {
    SUBCASE("softplus as log(1 + e^x): inf at x = 1000, named as e^x's overflow") {
        Written layer(softplus_naive, dsoftplus);
        const exercises::Verdict v = exercises::check_new_activation(layer);
        refused(v, "finite at x = 709 and not at 710, exactly where e^x overflows");
        CHECK(hints_at(v, "max(x, 0) + log1p(e^-|x|)"));
        CHECK(notes_say(v, "forward gave inf for x = 1000"));
    }
    SUBCASE("softplus as x + log(1 + e^-x): inf at x = -1000, e^-x's overflow") {
        Written layer(softplus_half_stable, dsoftplus);
        refused(exercises::check_new_activation(layer), "finite at x = -709 and not at -710, exactly where e^-x");
    }
    SUBCASE("softplus's slope as e^x / (1 + e^x): inf / inf at x = 1000") {
        Written layer(softplus, dsoftplus_naive);
        const exercises::Verdict v = exercises::check_new_activation(layer);
        refused(v, "your backward is finite at x = 709 and not at 710");
        CHECK(hints_at(v, "inf / inf"));
        CHECK(notes_say(v, "the input was x = 1000"));
    }
    SUBCASE("a hard swish whose backward keeps the middle branch above 3") {
        Written layer(hard_swish, dhard_swish_middle_above_3);
        const exercises::Verdict v = exercises::check_new_activation(layer);
        refused(v, "beyond +-3 the backward takes another branch than the forward");
        CHECK(hints_at(v, "your forward's is 1,"));
    }
    SUBCASE("a hard swish without its y = x branch above 3, with the right backward") {
        Written layer(hard_swish_unclamped, dhard_swish);
        refused(exercises::check_new_activation(layer), "beyond +-3 the backward takes another branch");
    }
    SUBCASE("softsign's slope as (y / x)^2: 0 / 0 at x = 0") {
        Written layer(softsign, dsoftsign_over_x);
        const exercises::Verdict v = exercises::check_new_activation(layer);
        refused(v, "dx is not finite at x = 0 exactly, where your forward's slope is 1: a 0 / 0");
        CHECK(notes_say(v, "the input was x = 0"));
    }
    SUBCASE("softsign with the sign of x as x / |x|: the forward is NaN at 0") {
        Written layer(softsign_sign_by_division, dsoftsign);
        const exercises::Verdict v = exercises::check_new_activation(layer);
        refused(v, "your forward is not finite at x = 0 exactly");
        CHECK(notes_say(v, "for x = 0"));
    }
    SUBCASE("an output infinite only near x = 3.9, on the line's points: no 'straight line' hint") {
        Written layer(tanh_inf_near_3_9, dtanh_y);
        const exercises::Verdict v = exercises::check_new_activation(layer);
        refused(v, "every output must be a finite number");
        CHECK_FALSE(hints_at(v, "straight line"));
    }
    SUBCASE("softsign's slope with x == 0 left out: 0 where the slope is 1 from both sides") {
        Written layer(softsign, dsoftsign_zero_left_out);
        refused(exercises::check_new_activation(layer),
                "at x = 0 exactly your backward's slope is 0, but your forward's is 1 from both sides");
    }
    SUBCASE("a leaky ReLU whose slope at its kink is 0, outside its sides 0.2 and 1") {
        Written layer(leaky_02, dleaky_02_zero_at_0);
        refused(exercises::check_new_activation(layer),
                "at x = 0 your forward has a kink, slope 0.2 from the left and 1 from the right; any slope "
                "between the two is right there, yours is 0");
    }
    SUBCASE("|x| with its slope as x / |x|: 0 / 0 at its kink") {
        Written layer(abs_value, dabs_by_division);
        refused(exercises::check_new_activation(layer),
                "where your forward's slopes are -1 from the left and 1 from the right: a 0 / 0");
    }
}

TEST_CASE("exercise 5: straight and nearly straight lines are refused, judged by their distance from a line") {
    double a = 0.0, b = 0.0;
    Written cubic(nearly_linear, dnearly_linear);
    CHECK(exercises::distance_from_line(cubic, a, b) < 1e-5);
    refused(exercises::check_new_activation(cubic), "all but a straight line");
    Written slightly_bent(leaky_995, dleaky_995);
    refused(exercises::check_new_activation(slightly_bent), "all but a straight line");
    mlp::Identity identity;
    refused(exercises::check_new_activation(identity), "collapse_linear");
    mlp::LeakyReLU one(1.0);
    refused(exercises::check_new_activation(one), "a straight line is not an activation");
    Written affine(line, dline);
    const exercises::Verdict v = exercises::check_new_activation(affine);
    refused(v, "a straight line is not an activation");
    CHECK(notes_say(v, "y = 3 x + 2"));
}

TEST_CASE("exercise 5: the other wrong activations are refused with what went wrong") {
    mlp::Softmax softmax;
    refused(exercises::check_new_activation(softmax), "y[k] = f(x[k])");
    Written no_abs(softsign, dsoftsign_no_abs);
    const exercises::Verdict wrong = exercises::check_new_activation(no_abs);
    refused(wrong, "");
    CHECK(wrong.tensors.back().name == "dx vs finite differences");
    CHECK(notes_say(wrong, "the input was x = "));
    Step step;
    const exercises::Verdict flat = exercises::check_new_activation(step);
    refused(flat, "no gradient flows through a flat function");
    CHECK(flat.tensors.empty());  // its zero backward was not compared with zero slopes
    Written slope_only(softsign, dsoftsign_slope_only);
    refused(exercises::check_new_activation(slope_only), "multiply it by dy");
    Written twice(softsign, dsoftsign_twice);
    refused(exercises::check_new_activation(twice), "2 times the right value");
    Written added(softsign, dsoftsign, kAddIntoDx);
    refused(exercises::check_new_activation(added), "kept the previous call's numbers");
    Written nan(log_abs, dlog);
    refused(exercises::check_new_activation(nan), "finite number");
    Flattens flattens;
    refused(exercises::check_new_activation(flattens), "keeps the shape");
    NameThrows throws;
    const exercises::Verdict v = exercises::check_new_activation(throws);
    refused(v, "");
    CHECK(notes_say(v, "no name yet"));
}
