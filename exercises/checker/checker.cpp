// SPDX-License-Identifier: MIT
// checker.cpp: comparing tensors, recognising common mistakes, and printing a verdict.
#include "checker/checker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace exercises {

namespace {

std::string format(const char* pattern, double a) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, a);
    return text;
}

}  // namespace

bool same(const mlp::Tensor& a, const mlp::Tensor& b, double tolerance) { return compare("", a, b, tolerance).ok; }

// The general shapes a wrong answer takes, when no known mistake matched.
std::string general_hint(const mlp::Tensor& got, const mlp::Tensor& expected, bool scale) {
    if (got.rows() == expected.cols() && got.cols() == expected.rows() && got.rows() != got.cols()) {
        return "it has the shape of the transpose, " + got.shape() + " instead of " + expected.shape() +
               ": check which index is the row and which the column (W is (in, out), x is (N, in)).";
    }
    if (got.rows() != expected.rows() || got.cols() != expected.cols()) {
        return "it should have shape " + expected.shape() + " but has " + got.shape() + ".";
    }
    bool finite = true, all_zero = true;
    for (std::size_t k = 0; k < got.size(); ++k) {
        if (!std::isfinite(got[k])) finite = false;
        if (got[k] != 0.0) all_zero = false;
    }
    if (!finite) {
        return "it holds NaN or infinity: an exp() of a large number overflowed, or a 0/0 (for softmax, "
               "subtract each row's own maximum before exp()).";
    }
    if (all_zero) return "every element is 0: is the TODO still there, or is the result written somewhere else?";
    mlp::Tensor negated = got;
    for (std::size_t k = 0; k < negated.size(); ++k) negated[k] = -negated[k];
    if (same(negated, expected)) return "every element has the opposite sign: check the sign of your formula.";
    if (got.rows() == got.cols() && same(mlp::transpose(got), expected)) {
        return "it is the transpose of the right answer: swap the roles of the row and column indices.";
    }
    // got = c * expected for one constant c?  c = <got, expected> / <expected, expected>
    double ge = 0.0, ee = 0.0;
    for (std::size_t k = 0; k < got.size(); ++k) {
        ge += got[k] * expected[k];
        ee += expected[k] * expected[k];
    }
    if (scale && ee > 0.0) {
        const double c = ge / ee;
        mlp::Tensor scaled = expected;
        for (std::size_t k = 0; k < scaled.size(); ++k) scaled[k] *= c;
        if (same(got, scaled)) {
            return "every element is " + format("%.6g", c) +
                   " times the right value: a constant factor is missing or extra (a 1/N of a mean, "
                   "a 2 of a square, a learning rate?).";
        }
    }
    return "";
}

std::string TensorReport::line(int width) const {
    char text[400];
    if (!shape_ok) {
        std::snprintf(text, sizeof text, "%-*s WRONG SHAPE: expected %s, got %s", width, name.c_str(),
                      expected_shape.c_str(), got_shape.c_str());
    } else if (ok) {
        std::snprintf(text, sizeof text, "%-*s %-8s ok     relative error %.1e", width, name.c_str(), expected_shape.c_str(),
                      relative_error);
    } else {
        std::snprintf(text, sizeof text,
                      "%-*s %-8s WRONG  relative error %.2g at (%zu, %zu): got %.10g, expected %.10g "
                      "(its values are up to %.3g in size)",
                      width, name.c_str(), expected_shape.c_str(), relative_error, row, col, got, expected, magnitude);
    }
    return text;
}

TensorReport compare(const std::string& name, const mlp::Tensor& got, const mlp::Tensor& expected,
                     double tolerance, double floor_fraction) {
    TensorReport r;
    r.name = name;
    r.expected_shape = expected.shape();
    r.got_shape = got.shape();
    r.shape_ok = got.rows() == expected.rows() && got.cols() == expected.cols();
    if (!r.shape_ok) return r;
    for (std::size_t k = 0; k < expected.size(); ++k) r.magnitude = std::max(r.magnitude, std::abs(expected[k]));
    const double floor = std::max(floor_fraction * r.magnitude, 1e-300);
    r.relative_error = 0.0;
    bool first = true;
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const double error =
            std::abs(got[k] - expected[k]) / std::max(std::abs(got[k]) + std::abs(expected[k]), floor);
        // NaN counts as the worst, and stays the worst once found
        if (first || (!std::isnan(r.relative_error) && !(error <= r.relative_error))) {
            first = false;
            r.relative_error = error;
            r.row = k / expected.cols();
            r.col = k % expected.cols();
            r.got = got[k];
            r.expected = expected[k];
        }
    }
    r.ok = r.relative_error <= tolerance;
    return r;
}

bool check_tensor(Verdict& v, const std::string& name, const mlp::Tensor& got, const mlp::Tensor& expected,
                  const std::vector<Mistake>& mistakes, double tolerance) {
    const TensorReport r = compare(name, got, expected, tolerance);
    v.tensors.push_back(r);
    if (r.ok) return true;
    v.passed = false;
    std::string hint;
    for (const Mistake& m : mistakes) {
        if (same(got, m.value)) {
            hint = m.hint;
            break;
        }
    }
    if (hint.empty()) hint = general_hint(got, expected);
    add_hint(v, name, hint);
    return false;
}

void add_hint(Verdict& v, const std::string& name, const std::string& hint) {
    if (hint.empty()) return;
    // The same mistake seen in a second case (or call) is said once.
    for (const std::string& h : v.hints)
        if (h.size() >= hint.size() && h.compare(h.size() - hint.size(), hint.size(), hint) == 0) return;
    v.hints.push_back(name + ": " + hint);
}

bool run_student_code(Verdict& v, const std::function<void()>& code) {
    std::string what, kind;
    try {
        code();
        return true;
    } catch (const std::invalid_argument& e) {
        kind = "std::invalid_argument";
        what = e.what();
    } catch (const std::out_of_range& e) {
        kind = "std::out_of_range";
        what = e.what();
    } catch (const std::logic_error& e) {
        kind = "std::logic_error";
        what = e.what();
    } catch (const std::exception& e) {
        kind = "an exception";
        what = e.what();
    } catch (...) {
        kind = "something that is not a std::exception";
        what = "(no message)";
    }
    v.passed = false;
    v.notes.push_back("your code threw " + kind + ": " + what);
    if (kind == "std::out_of_range") {
        v.hints.push_back("an index went outside a tensor: check what each loop counts (n samples, i inputs, j "
                          "outputs, c classes) against each tensor's shape.");
    } else if (kind == "std::invalid_argument") {
        v.hints.push_back("a shape check stopped your code: compare the shapes in the message above with the "
                          "shapes in the exercise's comments; a missing or extra transpose is the usual cause.");
    } else {
        v.hints.push_back("read the message above: it names the function that refused to go on.");
    }
    return false;
}

std::string Verdict::text() const {
    std::string out = title + ": " + (passed ? "PASSED" : "NOT YET") + "\n";
    int width = 10;
    for (const TensorReport& t : tensors) width = std::max(width, static_cast<int>(t.name.size()));
    for (const TensorReport& t : tensors) out += "  " + t.line(width) + "\n";
    for (const std::string& n : notes) out += "  " + n + "\n";
    for (const std::string& h : hints) out += "  hint: " + h + "\n";
    return out;
}

int report(const Verdict& v) {
    std::fputs(v.text().c_str(), stdout);
    return v.passed ? 0 : 1;
}

}  // namespace exercises
