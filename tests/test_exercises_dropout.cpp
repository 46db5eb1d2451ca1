// SPDX-License-Identifier: MIT
// test_exercises_dropout.cpp: the checker of exercise 9 (inverted dropout) accepts mlp::Dropout and
// dropout written other ways, and refuses a broad set of wrong layers, each with the hint that
// names its mistake where the checker claims to recognise it.
#include <doctest/doctest.h>

#include <limits>
#include <memory>
#include <vector>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;

namespace {

enum class Rule {
    Right, KeepFlags, CopyThenScale,                                              // correct
    NoScale, ScaleAtEval, KeepProbabilityAtEval, DropAtEval, DrawAtEval, StaleMaskAtEval,
    MaskNotReused, NewMaskInBackward, BackwardNoScale, MaskFromY, PIsKeep, ScaleOneOverP,
    RowShared, ComparisonTurned, InfinityTimesZero, BackwardIntoY, IndexSlip, FloatScale
};

// Dropout as a student would write it, with one slip per wrong rule.
class RuleDropout : public mlp::Layer {
public:
    RuleDropout(double p, std::uint32_t seed, Rule rule) : p_(p), rng_(seed), rule_(rule) {}

    const mlp::Tensor& forward(const mlp::Tensor& x) override {
        const double keep_scale = p_ < 1.0 ? 1.0 / (1.0 - p_) : 0.0;
        const double scale = rule_ == Rule::ScaleOneOverP ? 1.0 / p_
                             : rule_ == Rule::NoScale     ? 1.0
                             : rule_ == Rule::InfinityTimesZero ? 1.0 / (1.0 - p_)
                             : rule_ == Rule::FloatScale ? static_cast<double>(1.0f / (1.0f - static_cast<float>(p_)))
                                                                : keep_scale;
        y_.resize(x.rows(), x.cols());
        if (!training()) {
            const bool same_shape = mask_.rows() == x.rows() && mask_.cols() == x.cols();
            for (std::size_t k = 0; k < x.size(); ++k) {
                y_[k] = x[k];
                if (rule_ == Rule::ScaleAtEval) y_[k] = x[k] * keep_scale;
                if (rule_ == Rule::KeepProbabilityAtEval) y_[k] = x[k] * (1.0 - p_);
                if (rule_ == Rule::DropAtEval) y_[k] = rng_.uniform() < p_ ? 0.0 : keep_scale * x[k];
                if (rule_ == Rule::DrawAtEval) (void)rng_.uniform();
                if (rule_ == Rule::StaleMaskAtEval && same_shape) y_[k] = mask_[k] * x[k];
            }
            if (rule_ != Rule::StaleMaskAtEval) mask_ = mlp::Tensor(x.rows(), x.cols(), 1.0);
            return y_;
        }
        mask_.resize(x.rows(), x.cols());
        keep_.assign(x.size(), true);
        std::vector<double> row_draws;
        for (std::size_t n = 0; n < x.rows(); ++n) {
            for (std::size_t j = 0; j < x.cols(); ++j) {
                double u = 0.0;
                if (rule_ == Rule::RowShared) {
                    if (n == 0) row_draws.push_back(rng_.uniform());
                    u = row_draws[j];
                } else {
                    u = rng_.uniform();
                }
                bool dropped = u < p_;
                if (rule_ == Rule::PIsKeep) dropped = u < 1.0 - p_;
                if (rule_ == Rule::ComparisonTurned) dropped = u >= p_;
                keep_[n * x.cols() + j] = !dropped;
                mask_(n, j) = dropped ? 0.0 : scale;
                if (rule_ == Rule::InfinityTimesZero) mask_(n, j) = (dropped ? 0.0 : 1.0) * scale;
            }
        }
        if (rule_ == Rule::CopyThenScale) {
            y_ = x;
            for (std::size_t k = 0; k < y_.size(); ++k) y_[k] *= mask_[k];
        } else if (rule_ == Rule::InfinityTimesZero) {
            for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] * (keep_[k] ? 1.0 : 0.0) * scale;
        } else {
            for (std::size_t n = 0; n < x.rows(); ++n)
                for (std::size_t j = 0; j < x.cols(); ++j)
                    y_(n, j) = rule_ == Rule::IndexSlip ? mask_(j, n) * x(n, j) : mask_(n, j) * x(n, j);
        }
        return y_;
    }

    const mlp::Tensor& backward(const mlp::Tensor& dy) override {
        mlp::Tensor& dx = rule_ == Rule::BackwardIntoY ? y_ : dx_;
        dx.resize(dy.rows(), dy.cols());
        const double keep_scale = p_ < 1.0 ? 1.0 / (1.0 - p_) : 0.0;
        for (std::size_t k = 0; k < dy.size(); ++k) {
            double m = mask_[k];
            if (rule_ == Rule::KeepFlags) m = training() ? (keep_[k] ? keep_scale : 0.0) : 1.0;
            if (rule_ == Rule::MaskNotReused) m = 1.0;
            if (rule_ == Rule::NewMaskInBackward && training()) m = rng_.uniform() < p_ ? 0.0 : keep_scale;
            if (rule_ == Rule::BackwardNoScale && training()) m = m != 0.0 ? 1.0 : 0.0;
            if (rule_ == Rule::MaskFromY && training()) m = y_[k] != 0.0 ? keep_scale : 0.0;
            dx[k] = dy[k] * m;
        }
        return dx;
    }

    std::string name() const override { return "RuleDropout"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<RuleDropout>(*this); }

private:
    double p_;
    mlp::Rng rng_;
    Rule rule_;
    mlp::Tensor mask_, y_, dx_;
    std::vector<bool> keep_;
};

exercises::Verdict grade(Rule rule) {
    return exercises::check_dropout([rule](double p, std::uint32_t seed) {
        return std::unique_ptr<mlp::Layer>(std::make_unique<RuleDropout>(p, seed, rule));
    });
}

}  // namespace

TEST_CASE("exercise 9: mlp::Dropout and dropout written three other ways pass") {
    const exercises::Verdict v = exercises::check_dropout([](double p, std::uint32_t seed) {
        return std::unique_ptr<mlp::Layer>(std::make_unique<mlp::Dropout>(p, seed));
    });
    accepted(v);
    CHECK(v.tensors.size() == 14);  // 5 calls at p = 0.3 and one each at p = 0 and 1, y and dx each
    CHECK(v.tensors[6].name == "p 0.3, eval (4, 4): y");
    accepted(grade(Rule::Right));
    accepted(grade(Rule::KeepFlags));
    accepted(grade(Rule::CopyThenScale));
}

TEST_CASE("exercise 9: wrong forwards are refused with the hint that names the mistake") {
    refused(grade(Rule::NoScale), "not scaled by 1 / (1 - p)");
    refused(grade(Rule::PIsKeep), "probability of dropping an element, not of keeping");
    refused(grade(Rule::ScaleOneOverP), "not 1 / p");
    refused(grade(Rule::RowShared), "every row has the same mask");
    refused(grade(Rule::ComparisonTurned), "not the other way round");
    refused(grade(Rule::InfinityTimesZero), "0 * infinity is NaN");
}

TEST_CASE("exercise 9: a scale computed in float (2e-8 off) is refused, naming float precision") {
    refused(grade(Rule::FloatScale), "float precision");
}

TEST_CASE("exercise 9: evaluation must be y = x, dx = dy, and draw nothing") {
    refused(grade(Rule::ScaleAtEval), "evaluation needs no scaling");
    refused(grade(Rule::KeepProbabilityAtEval), "original dropout");
    refused(grade(Rule::DropAtEval), "check training()");
    refused(grade(Rule::StaleMaskAtEval), "last training forward is still applied");
    const exercises::Verdict draws = grade(Rule::DrawAtEval);
    refused(draws, "evaluation draws none");
    CHECK(draws.tensors.back().name == "p 0.3, train after eval (2, 5): dx");
}

TEST_CASE("exercise 9: backward must reuse the forward's mask, scale and all") {
    refused(grade(Rule::MaskNotReused), "the mask is not applied");
    refused(grade(Rule::NewMaskInBackward), "backward draws a new mask");
    refused(grade(Rule::BackwardNoScale), "is not scaled");
    refused(grade(Rule::MaskFromY), "read back from y");
}

TEST_CASE("exercise 9: backward writing into the forward's output is caught; an index slip is a verdict") {
    const exercises::Verdict into_y = grade(Rule::BackwardIntoY);
    refused(into_y, "write dx into a buffer of its own");
    CHECK(notes_say(into_y, "backward changed the forward's output y"));
    const exercises::Verdict slip = grade(Rule::IndexSlip);
    refused(slip, "an index went outside a tensor");
    CHECK(notes_say(slip, "std::out_of_range"));
}
