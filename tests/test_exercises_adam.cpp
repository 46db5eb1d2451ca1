// SPDX-License-Identifier: MIT
// test_exercises_adam.cpp: the checker of exercise 8 (Adam as an mlp::Optimizer) accepts mlp::Adam
// and Adam written other ways, and refuses a broad set of wrong rules; a hint names a rule only
// when the whole path matches it.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "exercise_test_support.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;

namespace {

enum class Rule {
    Right, PaperForm, RunningPowers,                                              // correct
    NoBiasCorrection, TFromZero, TOneAhead, OwnCounterPerUpdate, TStuckAtOne,     // wrong t
    EpsInsideSqrt, EpsBeforeCorrection, StaleMoments, SwappedBetas, LrTwice, NoSqrt, Climb,
    DecaySignFlipped, DecoupledDecay, NoWeightDecay, StateByShape, StateShared, StateInMembers,
    OwnCounterPerStep, BiasCorrectMOnly, SquaredMean, Nothing, CachedLr, SkipZeroGradients
};

// Adam as a student would write it, element by element, with one slip per wrong rule.
class RuleAdam : public mlp::Optimizer {
public:
    RuleAdam(std::vector<mlp::Param> params, const mlp::AdamOptions& o, Rule rule)
        : Optimizer(std::move(params), o.lr, "RuleAdam"), o_(o), rule_(rule) {}
    std::string name() const override { return "rule_adam"; }
    std::vector<std::string> state_names() const override {
        if (rule_ == Rule::StateInMembers) return {};
        if (rule_ == Rule::RunningPowers) return {"m", "v", "beta_powers"};
        return {"m", "v"};
    }

protected:
    void update(std::size_t i, mlp::Tensor& p, const mlp::Tensor& grad) override {
        if (rule_ == Rule::Nothing) return;  // the untouched starter
        std::size_t slot = i;
        if (rule_ == Rule::StateByShape && i == 3) slot = 1;  // b2 shares b1's moments (same shape)
        if (rule_ == Rule::StateShared) slot = 0;
        if (rule_ == Rule::StateInMembers) {
            members_m_.resize(params().size());
            members_v_.resize(params().size());
        }
        mlp::Tensor& m = rule_ == Rule::StateInMembers ? members_m_[i] : buffer(0)[slot];
        mlp::Tensor& v = rule_ == Rule::StateInMembers ? members_v_[i] : buffer(1)[slot];
        if (m.empty()) m = mlp::Tensor(p.rows(), p.cols());
        if (v.empty()) v = mlp::Tensor(p.rows(), p.cols());
        if (rule_ == Rule::OwnCounterPerUpdate) ++counter_;
        if (rule_ == Rule::OwnCounterPerStep && i == 0) ++counter_;
        double t = static_cast<double>(steps());
        if (rule_ == Rule::TFromZero) t -= 1.0;
        if (rule_ == Rule::TOneAhead) t += 1.0;
        if (rule_ == Rule::TStuckAtOne) t = 1.0;
        if (rule_ == Rule::OwnCounterPerUpdate || rule_ == Rule::OwnCounterPerStep) t = static_cast<double>(counter_);
        double beta1 = o_.beta1, beta2 = o_.beta2;
        if (rule_ == Rule::SwappedBetas) std::swap(beta1, beta2);
        double c1 = 1.0 - std::pow(beta1, t), c2 = 1.0 - std::pow(beta2, t);
        if (rule_ == Rule::RunningPowers) {  // beta^t kept as a running product, per parameter
            mlp::Tensor& powers = buffer(2)[i];
            if (powers.empty()) powers = mlp::Tensor::from_rows({{1.0, 1.0}});
            powers[0] *= beta1;
            powers[1] *= beta2;
            c1 = 1.0 - powers[0];
            c2 = 1.0 - powers[1];
        }
        if (rule_ == Rule::NoBiasCorrection) c1 = c2 = 1.0;
        if (rule_ == Rule::BiasCorrectMOnly) c2 = 1.0;
        double lr = rule_ == Rule::LrTwice ? lr_twice() : this->lr();
        if (rule_ == Rule::CachedLr) lr = o_.lr;  // right until set_lr changes the rate
        for (std::size_t k = 0; k < p.size(); ++k) {
            if (rule_ == Rule::SkipZeroGradients && grad[k] == 0.0) continue;  // "no gradient, no step"
            double g = grad[k];
            if (rule_ == Rule::DecaySignFlipped) g -= o_.weight_decay * p[k];
            else if (rule_ == Rule::DecoupledDecay) p[k] *= 1.0 - lr * o_.weight_decay;
            else if (rule_ != Rule::NoWeightDecay) g += o_.weight_decay * p[k];
            const double m_old = m[k], v_old = v[k];
            m[k] = beta1 * m[k] + (1.0 - beta1) * g;
            v[k] = beta2 * v[k] + (1.0 - beta2) * (rule_ == Rule::SquaredMean ? g : g * g);
            const double mk = rule_ == Rule::StaleMoments ? m_old : m[k];
            const double vk = rule_ == Rule::StaleMoments ? v_old : (rule_ == Rule::SquaredMean ? v[k] * v[k] : v[k]);
            const double m_hat = mk / c1, v_hat = vk / c2;
            double step = m_hat / (std::sqrt(v_hat) + o_.eps);
            if (rule_ == Rule::PaperForm) step = (mk / c1) / (std::sqrt(vk / c2) + o_.eps);
            if (rule_ == Rule::EpsInsideSqrt) step = m_hat / std::sqrt(v_hat + o_.eps);
            if (rule_ == Rule::EpsBeforeCorrection) step = m_hat / ((std::sqrt(vk) + o_.eps) / std::sqrt(c2));
            if (rule_ == Rule::NoSqrt) step = m_hat / (v_hat + o_.eps);
            if (rule_ == Rule::Climb) step = -step;
            p[k] -= lr * step;
        }
    }

private:
    double lr_twice() const { return lr() * lr(); }
    mlp::AdamOptions o_;
    Rule rule_;
    long counter_ = 0;
    std::vector<mlp::Tensor> members_m_, members_v_;
};

exercises::Verdict grade(Rule rule) {
    return exercises::check_adam([rule](std::vector<mlp::Param> params, const mlp::AdamOptions& options) {
        return std::unique_ptr<mlp::Optimizer>(std::make_unique<RuleAdam>(std::move(params), options, rule));
    });
}

}  // namespace

TEST_CASE("exercise 8: mlp::Adam and Adam written three other ways pass, XOR included") {
    const exercises::Verdict v =
        exercises::check_adam([](std::vector<mlp::Param> params, const mlp::AdamOptions& options) {
            return std::unique_ptr<mlp::Optimizer>(std::make_unique<mlp::Adam>(std::move(params), options));
        });
    accepted(v);
    CHECK(notes_say(v, "XOR through mlp::Trainer, seed 3: accuracy 100%"));
    CHECK(notes_say(v, "same next 5 steps"));
    accepted(grade(Rule::Right));
    accepted(grade(Rule::PaperForm));
    accepted(grade(Rule::RunningPowers));
}

TEST_CASE("exercise 8: wrong rules are refused; the hint names the rule whose whole path matches") {
    refused(grade(Rule::NoBiasCorrection), "no bias correction");
    refused(grade(Rule::TFromZero), "t = 0");
    refused(grade(Rule::TOneAhead), "t + 1");
    refused(grade(Rule::OwnCounterPerUpdate), "once per parameter");
    refused(grade(Rule::TStuckAtOne), "t = 1");
    refused(grade(Rule::EpsInsideSqrt), "inside the square root");
    refused(grade(Rule::EpsBeforeCorrection), "before v's bias correction");
    refused(grade(Rule::StaleMoments), "of the step before");
    refused(grade(Rule::SwappedBetas), "swapped");
    refused(grade(Rule::LrTwice), "applied twice");
    refused(grade(Rule::NoSqrt), "square root");
    refused(grade(Rule::Climb), "opposite way");
    refused(grade(Rule::DecaySignFlipped), "wrong sign");
    refused(grade(Rule::DecoupledDecay), "AdamW");
    refused(grade(Rule::NoWeightDecay), "weight_decay is ignored");
    refused(grade(Rule::StateByShape), "share their m and v");
    refused(grade(Rule::BiasCorrectMOnly), "");
    refused(grade(Rule::SquaredMean), "");
}

TEST_CASE("exercise 8: an Adam reading the rate from its options, not lr(), is refused once set_lr changes it") {
    const exercises::Verdict v = grade(Rule::CachedLr);
    refused(v, "read the rate from lr()");
    CHECK(v.tensors.front().name.rfind("step 6:", 0) == 0);  // right until the rate changes
}

TEST_CASE("exercise 8: an Adam that skips elements whose gradient is exactly 0 is refused") {
    const exercises::Verdict v = grade(Rule::SkipZeroGradients);
    refused(v, "exactly 0 are skipped");
    CHECK(v.tensors.front().name.rfind("step 2:", 0) == 0);  // the first step with a zero gradient
}

TEST_CASE("exercise 8: an optimizer a checkpoint cannot resume is refused, naming buffer() and steps()") {
    const exercises::Verdict members = grade(Rule::StateInMembers);
    refused(members, "buffer(0)[i]");
    CHECK(notes_say(members, "(0 buffers)"));
    refused(grade(Rule::OwnCounterPerStep), "read t from steps()");
}

TEST_CASE("exercise 8: state of one parameter used for all is a verdict, not a crash") {
    const exercises::Verdict v = grade(Rule::StateShared);
    refused(v, "an index went outside a tensor");
    CHECK(notes_say(v, "std::out_of_range"));
}

TEST_CASE("exercise 8: a correct rule's hints are never given, and the untouched starter says nothing moved") {
    const exercises::Verdict v = grade(Rule::TStuckAtOne);
    CHECK(v.hints.size() == 1);
    CHECK(v.tensors.front().name.rfind("step 2:", 0) == 0);  // step 1 is right with t = 1
    CHECK_FALSE(hints_at(v, "times the right"));
    // Nothing moves: step 1 is what a stale m and v would give too, but the later steps are not.
    const exercises::Verdict nothing = grade(Rule::Nothing);
    refused(nothing, "every element is 0");
    CHECK_FALSE(hints_at(nothing, "step before"));
}
