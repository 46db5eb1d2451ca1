// SPDX-License-Identifier: MIT
// test_exercises_cross_entropy.cpp: the checker of exercise 3 (softmax cross-entropy's gradient)
// accepts correct solutions in several styles and refuses a broad set of wrong ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::notes_say;
using exercise_tests::refused;
using Classes = std::vector<std::size_t>;
using mlp::Tensor;

namespace {

// How a solution takes the maximum it subtracts before exp().
enum class Max { Row, None, Batch };
// The knobs of the usual slips; the defaults give the right answer, (softmax - onehot) / N.
struct Way {
    Max max = Max::Row;
    double onehot = 1.0;     // the true class's -1 (0: forgotten; -1: added)
    double divide = 0.0;     // 0: by N; otherwise by this
    double sign = 1.0;
    bool add_into = false;   // dlogits(n, c) += ... without clearing
    bool resize = true;
    bool logits_as_p = false;
    bool onehot_at_n = false;  // c == n instead of c == classes[n]
};

void written(const Tensor& z, const Classes& classes, Tensor& d, const Way& w) {
    const std::size_t N = z.rows(), C = z.cols();
    if (w.resize && (d.rows() != N || d.cols() != C)) {
        d.resize(N, C);
        d.fill(0.0);
    }
    double batch_max = z[0];
    for (std::size_t k = 0; k < z.size(); ++k) batch_max = std::max(batch_max, z[k]);
    for (std::size_t n = 0; n < N; ++n) {
        double m = 0.0;
        if (w.max == Max::Batch) m = batch_max;
        if (w.max == Max::Row) {
            m = z(n, 0);
            for (std::size_t c = 1; c < C; ++c) m = std::max(m, z(n, c));
        }
        std::vector<double> p(C);
        double sum = 0.0;
        for (std::size_t c = 0; c < C; ++c) sum += p[c] = std::exp(z(n, c) - m);
        for (std::size_t c = 0; c < C; ++c) {
            if (w.logits_as_p) p[c] = z(n, c);
            else p[c] /= sum;
            const bool truth = w.onehot_at_n ? c == n : c == classes[n];
            const double g = w.sign * (p[c] - (truth ? w.onehot : 0.0)) / (w.divide == 0.0 ? static_cast<double>(N) : w.divide);
            d(n, c) = (w.add_into ? d(n, c) : 0.0) + g;
        }
    }
}

void library(const Tensor& z, const Classes& classes, Tensor& d) {
    mlp::CrossEntropyLoss loss;
    loss.forward(z, exercises::class_targets(classes));
    d = loss.backward();
}

// p = exp(z - logsumexp(z)), the log-sum-exp written out.
void log_sum_exp(const Tensor& z, const Classes& classes, Tensor& d) {
    d = Tensor(z.rows(), z.cols());
    for (std::size_t n = 0; n < z.rows(); ++n) {
        double m = z(n, 0);
        for (std::size_t c = 1; c < z.cols(); ++c) m = std::max(m, z(n, c));
        double s = 0.0;
        for (std::size_t c = 0; c < z.cols(); ++c) s += std::exp(z(n, c) - m);
        const double lse = m + std::log(s);
        for (std::size_t c = 0; c < z.cols(); ++c)
            d(n, c) = (std::exp(z(n, c) - lse) - (c == classes[n] ? 1.0 : 0.0)) / static_cast<double>(z.rows());
    }
}

// The library's Softmax layer, then the onehot and the mean.
void softmax_layer(const Tensor& z, const Classes& classes, Tensor& d) {
    mlp::Softmax softmax;
    d = softmax.forward(z);
    for (std::size_t n = 0; n < z.rows(); ++n) {
        d(n, classes[n]) -= 1.0;
        for (std::size_t c = 0; c < z.cols(); ++c) d(n, c) /= static_cast<double>(z.rows());
    }
}

exercises::Verdict grade(const Way& w) {
    return exercises::check_cross_entropy_backward(
        [&](const Tensor& z, const Classes& c, Tensor& d) { written(z, c, d, w); });
}

}  // namespace

TEST_CASE("exercise 3: the gradient in four correct styles passes") {
    accepted(exercises::check_cross_entropy_backward(library));
    accepted(exercises::check_cross_entropy_backward(log_sum_exp));
    accepted(exercises::check_cross_entropy_backward(softmax_layer));
    accepted(grade(Way{}));
}

TEST_CASE("exercise 3: wrong gradients are refused, each with its hint") {
    SUBCASE("no maximum subtracted: NaN at +-1000, the row shown") {
        const exercises::Verdict v = grade({.max = Max::None});
        refused(v, "each row's own maximum");
        CHECK(notes_say(v, "had logits (1000, 0, -1000)"));
    }
    SUBCASE("one maximum for the whole batch: the rows' maxima differ, so it is NaN too") {
        refused(grade({.max = Max::Batch}), "each row's own maximum");
    }
    SUBCASE("the usual slips") {
        refused(grade({.onehot = 0.0}), "the true class's -1 is missing");
        refused(grade({.onehot = -1.0}), "softmax + 1");
        refused(grade({.divide = 1.0}), "MEAN over the N samples");
        refused(grade({.divide = 3.0}), "");  // by C
        refused(grade({.sign = -1.0}), "opposite sign");
        refused(grade({.logits_as_p = true}), "you used the logits");
        refused(grade({.onehot_at_n = true}), "");
    }
    SUBCASE("added into the buffer it was handed: right on the first call only") {
        const exercises::Verdict v = grade({.add_into = true});
        refused(v, "kept the previous call's numbers");
        CHECK(v.tensors.size() == 2);
    }
    SUBCASE("never resized: a verdict, not a crash") {
        const exercises::Verdict v = grade({.resize = false});
        refused(v, "an index went outside a tensor");
        CHECK(notes_say(v, "std::out_of_range"));
    }
}
