// SPDX-License-Identifier: MIT
// test_exercises_svm_loss.cpp: the checker of exercise 12 (the multiclass SVM loss and its
// gradient, loops and vectorised) accepts correct solutions in several styles and refuses a broad
// set of wrong ones, each with the hint that names its mistake where it claims to recognise it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "exercise_test_support.hpp"
#include "student.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;
using Classes = std::vector<std::size_t>;
using mlp::Tensor;

namespace {

// What dscores(n, y) gets for each violating class j.
enum class Y { Subtract, None, AssignMinusOne, Add };
// The knobs of the usual slips in the loop version; the defaults give the right answer.
struct Slip {
    bool with_y = false;              // the j == y term not skipped
    bool mean = true;                 // false: the 1/N forgotten
    bool by_C = false;                // divided by C as well (the library's loss)
    bool flipped = false;             // max(0, s_y - s_j + 1)
    double margin = 1.0;
    bool hinge = true;                // false: max(0, .) left out
    bool ties = false;                // margin >= 0 counts, in the loss and the gradient
    bool ties_in_gradient = false;    // margin > 0 in the loss, >= 0 in the gradient
    Y y = Y::Subtract;
    bool add_into = false;            // dscores not cleared before adding into it
    bool resize = true;
    bool class_is_n = false;          // scores(n, n) for the correct class's score
    double gradient_sign = 1.0;
    bool in_float = false;            // the margins computed in float
};

double loops(const Tensor& s, const Classes& classes, Tensor& d, const Slip& w) {
    const std::size_t N = s.rows(), C = s.cols();
    if (w.resize) d.resize(N, C);
    if (!w.add_into) d.fill(0.0);
    double g = w.mean ? 1.0 / static_cast<double>(N) : 1.0;
    if (w.by_C) g /= static_cast<double>(C);
    double loss = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        const std::size_t y = w.class_is_n ? n : classes[n];
        for (std::size_t j = 0; j < C; ++j) {
            if (j == y && !w.with_y) continue;
            double z = w.flipped ? s(n, y) - s(n, j) + w.margin : s(n, j) - s(n, y) + w.margin;
            if (w.in_float) z = static_cast<float>(s(n, j)) - static_cast<float>(s(n, y)) + static_cast<float>(w.margin);
            if (!w.hinge || z > 0.0 || (w.ties && z == 0.0)) loss += z;
            if (!(!w.hinge || z > 0.0 || ((w.ties || w.ties_in_gradient) && z == 0.0))) continue;
            const double sign = (w.flipped ? -1.0 : 1.0) * w.gradient_sign;
            d(n, j) += sign * g;
            if (w.y == Y::Subtract) d(n, y) -= sign * g;
            if (w.y == Y::AssignMinusOne) d(n, y) = -g;
            if (w.y == Y::Add) d(n, y) += sign * g;
        }
    }
    return loss * g;
}

// The knobs of the usual slips in the vectorised version.
struct VecSlip {
    bool keep_own_margin = false;  // margins(n, y_n) left at 1, and dscores(n, y_n) = -count / N
    bool mask_at_least_0 = false;  // mask = margins >= 0 (true everywhere after max(0, .))
    bool minus_one = false;        // dscores(n, y_n) = -1 / N
    bool count_by_transpose = false;  // a correct variant: row sums as sum_rows of mask^T
};

// The margins-matrix version the starter describes: whole-tensor steps, one flat loop each.
double vectorised(const Tensor& s, const Classes& classes, Tensor& d, const VecSlip& w) {
    const std::size_t N = s.rows(), C = s.cols();
    const double inv_N = 1.0 / static_cast<double>(N);
    Tensor sy(N, 1);
    for (std::size_t n = 0; n < N; ++n) sy(n, 0) = s(n, classes[n]);
    Tensor margins(N, C);
    for (std::size_t k = 0; k < margins.size(); ++k) margins[k] = std::max(0.0, s[k] - sy(k / C, 0) + 1.0);
    if (!w.keep_own_margin)
        for (std::size_t n = 0; n < N; ++n) margins(n, classes[n]) = 0.0;
    Tensor mask(N, C);
    for (std::size_t k = 0; k < mask.size(); ++k)
        mask[k] = (w.mask_at_least_0 ? margins[k] >= 0.0 : margins[k] > 0.0) ? 1.0 : 0.0;
    const Tensor count = w.count_by_transpose ? mlp::transpose(mlp::sum_rows(mlp::transpose(mask)))
                                              : mlp::matmul(mask, Tensor(C, 1, 1.0));
    d.resize(N, C);
    for (std::size_t k = 0; k < d.size(); ++k) d[k] = mask[k] * inv_N;
    for (std::size_t n = 0; n < N; ++n) d(n, classes[n]) = w.minus_one ? -inv_N : -count(n, 0) * inv_N;
    double sum = 0.0;
    for (std::size_t k = 0; k < margins.size(); ++k) sum += margins[k];
    return sum * inv_N;
}

// The library's loss times C.
double library(const Tensor& s, const Classes& classes, Tensor& d) {
    mlp::MultiMarginLoss criterion;
    const double C = static_cast<double>(s.cols());
    const double loss = C * criterion.forward(s, exercises::class_targets(classes));
    d = criterion.backward();
    for (std::size_t k = 0; k < d.size(); ++k) d[k] *= C;
    return loss;
}

// Counting style: first each row's violating classes, then the gradient written from the count.
double counting(const Tensor& s, const Classes& classes, Tensor& d) {
    const std::size_t N = s.rows(), C = s.cols();
    d = Tensor(N, C);
    double loss = 0.0;
    for (std::size_t n = 0; n < N; ++n) {
        const std::size_t y = classes[n];
        std::size_t count = 0;
        for (std::size_t j = 0; j < C; ++j) {
            const double margin = s(n, j) - s(n, y) + 1.0;
            if (j == y || !(margin > 0.0)) continue;
            loss += margin;
            d(n, j) = 1.0 / static_cast<double>(N);
            ++count;
        }
        d(n, y) = -static_cast<double>(count) / static_cast<double>(N);
    }
    return loss / static_cast<double>(N);
}

exercises::SvmLoss as_loops(const Slip& w) {
    return [w](const Tensor& s, const Classes& c, Tensor& d) { return loops(s, c, d, w); };
}
exercises::SvmLoss as_vectorised(const VecSlip& w) {
    return [w](const Tensor& s, const Classes& c, Tensor& d) { return vectorised(s, c, d, w); };
}

// One slip, made the same way in both versions (where the vectorised one is the loop one).
exercises::Verdict both(const Slip& w) { return exercises::check_svm_loss(as_loops(w), as_loops(w)); }
// A right loop version beside a vectorised one with a slip.
exercises::Verdict vec(const VecSlip& w) { return exercises::check_svm_loss(as_loops({}), as_vectorised(w)); }

}  // namespace

TEST_CASE("exercise 12: the SVM loss in five correct styles passes") {
    accepted(exercises::check_svm_loss(as_loops({}), as_vectorised({})));
    accepted(exercises::check_svm_loss(library, counting));
    accepted(exercises::check_svm_loss(counting, as_vectorised({.count_by_transpose = true})));
    accepted(exercises::check_svm_loss(library, library));
    const exercises::Verdict v = exercises::check_svm_loss(as_loops({}), as_vectorised({}));
    CHECK(notes_say(v, "agree with each other and with the library on all 5 cases"));
    CHECK(v.tensors.size() == 20);  // L and dscores, 5 cases, 2 versions
}

TEST_CASE("exercise 12: the expected numbers are the library's multi-margin loss times C") {
    // One row, 3 classes, class 0: margins 1.5 - 2 + 1 = 0.5 and 2.5 - 2 + 1 = 1.5 both count.
    const Tensor s = Tensor::from_rows({{2.0, 1.5, 2.5}});
    Tensor d;
    CHECK(library(s, {0}, d) == doctest::Approx(2.0));
    CHECK(d == Tensor::from_rows({{-2.0, 1.0, 1.0}}));
    CHECK(counting(s, {0}, d) == doctest::Approx(2.0));
    // The margin exactly 0 (s_j = s_y - 1): the library, like PyTorch, passes no gradient there.
    const Tensor tie = Tensor::from_rows({{2.5, 1.5, 0.0}});
    CHECK(library(tie, {0}, d) == 0.0);
    CHECK(d == Tensor(1, 3));
}

TEST_CASE("exercise 12: wrong losses and gradients are refused, each with its hint") {
    SUBCASE("the loss") {
        refused(both({.with_y = true}), "included j = y_n");
        refused(both({.mean = false}), "MEAN over the N samples");
        refused(both({.by_C = true}), "divided by C, as the library's multi-margin loss");
        refused(both({.flipped = true}), "the margin is turned round");
        refused(both({.margin = 0.0}), "the margin is 0");
        const exercises::Verdict v = both({.hinge = false});
        refused(v, "max(0, .) is missing");
        CHECK(hints_at(v, "every wrong class got +1/N"));
    }
    SUBCASE("the kink at a margin of exactly 0: the loss is right, the gradient is not") {
        for (const Slip& w : {Slip{.ties = true}, Slip{.ties_in_gradient = true}}) {
            const exercises::Verdict v = both(w);
            refused(v, "at a margin of exactly 0");
            CHECK(v.tensors.front().ok);  // L on the first case
            CHECK(notes_say(v, "row 0 had scores (2.5, 1.5, 0.25) and class 0"));
        }
    }
    SUBCASE("every case has a tie: counting ties in one case alone is refused") {
        // Which case a call is, from its shape and the size of its scores.
        const auto case_of = [](const Tensor& s) {
            double largest = 0.0;
            for (std::size_t k = 0; k < s.size(); ++k) largest = std::max(largest, std::abs(s[k]));
            if (s.cols() == 3) return largest < 100.0 ? 0 : 1;
            if (s.cols() == 10) return s.rows() == 1 ? 2 : 3;
            return 4;
        };
        for (int only = 0; only < 5; ++only) {
            CAPTURE(only);
            const exercises::SvmLoss ties_there = [&](const Tensor& s, const Classes& c, Tensor& d) {
                return loops(s, c, d, {.ties = case_of(s) == only});
            };
            const exercises::Verdict v = exercises::check_svm_loss(ties_there, as_vectorised({}));
            refused(v, "at a margin of exactly 0");
            CHECK(v.tensors.size() == 2 * static_cast<std::size_t>(only + 1) + 10);
        }
    }
    SUBCASE("the correct class's gradient") {
        refused(both({.y = Y::None}), "the correct class's gradient is missing");
        refused(both({.y = Y::AssignMinusOne}), "dscores(n, y_n) is -1/N");
        refused(vec({.minus_one = true}), "dscores(n, y_n) is -1/N");
        refused(both({.y = Y::Add}), "dscores(n, y_n) has the wrong sign");
        refused(both({.gradient_sign = -1.0}), "opposite sign");
    }
    SUBCASE("the vectorised version's own slips") {
        const exercises::Verdict own = vec({.keep_own_margin = true});
        refused(own, "vectorised: L (5 x 3): the sum over j included j = y_n");
        CHECK(hints_at(own, "one violating class too many"));
        const exercises::Verdict at_least = vec({.mask_at_least_0 = true});
        refused(at_least, "vectorised: dscores (5 x 3): every wrong class got +1/N");
        CHECK(hints_at(at_least, "test > 0, not >= 0"));
    }
    SUBCASE("the two versions disagree: the hint says which one is right") {
        const exercises::Verdict wrong_vec = vec({.mask_at_least_0 = true});
        refused(wrong_vec, "vectorised: it differs from your loop version on case 5 x 3");
        const exercises::Verdict wrong_loops = exercises::check_svm_loss(as_loops({.ties = true}), as_vectorised({}));
        refused(wrong_loops, "loops: it differs from your vectorised version on case 5 x 3");
        CHECK(hints_at(wrong_loops, "at a margin of exactly 0"));
        // The same mistake in both: the note says it is in the formula, not the vectorising.
        CHECK(notes_say(both({.mean = false}), "agree with each other on every case"));
        // Different mistakes in each: said, with no claim that either is right.
        const exercises::Verdict two = exercises::check_svm_loss(as_loops({.mean = false}), as_vectorised({.minus_one = true}));
        refused(two, "the MEAN");
        CHECK(notes_say(two, "your two versions also differ from each other on case 5 x 3"));
        CHECK_FALSE(hints_at(two, "which gives the library's answer"));
    }
    SUBCASE("added into the buffer it was handed: right on the first call only") {
        const exercises::Verdict v = both({.add_into = true});
        refused(v, "kept the previous call's numbers");
        CHECK(v.tensors.size() == 8);  // loops' two cases, then vectorised's two: it stops at the first wrong one
    }
    SUBCASE("never resized, or the correct class taken as column n: a verdict, not a crash") {
        for (const Slip& w : {Slip{.resize = false}, Slip{.class_is_n = true}}) {
            const exercises::Verdict v = both(w);
            refused(v, "an index went outside a tensor");
            CHECK(notes_say(v, "loops, case 5 x 3: your code threw std::out_of_range"));
            CHECK(notes_say(v, "vectorised, case 5 x 3: your code threw std::out_of_range"));
            CHECK(v.hints.size() == 1);  // the same hint for both versions, said once
        }
    }
    SUBCASE("a hinge on the row's sum instead of on each class: refused, no hint claimed") {
        const exercises::SvmLoss row_hinge = [](const Tensor& s, const Classes& c, Tensor& d) {
            Slip w;
            w.hinge = false;
            const double wrong = loops(s, c, d, w);  // sum of every margin, negative ones too
            return std::max(0.0, wrong);
        };
        refused(exercises::check_svm_loss(row_hinge, row_hinge), "");
    }
    SUBCASE("computed in float: the scores of +-1000 lose their fractions") {
        const exercises::Verdict v = both({.in_float = true});
        refused(v, "L (5 x 3, +-1000): L is right to 7e-06 but not to double precision");
        CHECK(v.tensors[0].ok);  // right where the scores are quarters
    }
}

TEST_CASE("exercise 12: the starter is graded NOT YET, with a hint") {
    const exercises::Verdict v = exercises::check_svm_loss(student::svm_loss_loops, student::svm_loss_vectorised);
    refused(v, "loops: L (5 x 3): every element is 0");
    CHECK(v.tensors.size() == 4);
}
