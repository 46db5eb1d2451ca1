// SPDX-License-Identifier: MIT
// test_exercises_batch_norm.cpp: the checker of exercise 10 (BatchNorm forward and backward)
// accepts mlp::BatchNorm1d and batch normalisation written three other ways, and refuses a broad
// set of wrong layers, each with the hint that names its mistake where the checker claims to
// recognise it.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <string>

#include "exercise_test_support.hpp"
#include "student.hpp"

using exercise_tests::accepted;
using exercise_tests::hints_at;
using exercise_tests::notes_say;
using exercise_tests::refused;
using mlp::Tensor;

namespace {

enum class Rule {
    Simplified, StepByStep, CenteredWelford,  // correct
    // forward
    UnbiasedNormalise, EpsOutside, NoEps, NoSqrt, GammaBetaSwapped, NoAffine, RowStats, RunningStatsInTraining,
    OnePassVariance, IndexSlip,
    // running statistics
    BiasedRunning, MomentumFlipped, RunningNotUpdated, RunningReplaced, RunningVarStartsAtZero,
    // evaluation
    BatchStatsInEval, UpdateInEval, TrainingDxInEval,
    // backward
    DxNoMeanVar, DxNoVarTerm, DxNoMeanTerm, DxNoGamma, BackwardNoEps, StdFromXhat, DxAccumulated, BackwardIntoY,
    DgammaFromX, DgammaFromY, DgammaAssigned, DgammaMean, DbetaAssigned, DbetaMissing, DbetaTimesGamma
};

// Batch normalisation as a student would write it, in one of three correct styles or with one slip.
//   Simplified       caches xhat and 1 / sqrt(var + eps); dx by the collected formula
//   StepByStep       caches x, mu and var; dx through the graph: dxhat, dvar, dmu, then three paths
//   CenteredWelford  mean and variance by Welford's running update; caches x - mu and sqrt(var + eps)
//                    (not its inverse); dx collected in terms of x - mu
// Every wrong rule is Simplified with one change.
class RuleBatchNorm : public mlp::Layer {
public:
    RuleBatchNorm(std::size_t C, double eps, double momentum, Rule rule)
        : gamma(1, C, 1.0), beta(1, C), dgamma(1, C), dbeta(1, C), running_mean(1, C),
          running_var(1, C, rule == Rule::RunningVarStartsAtZero ? 0.0 : 1.0), eps_(eps), momentum_(momentum),
          rule_(rule) {}

    const Tensor& forward(const Tensor& x) override {
        const std::size_t N = x.rows(), C = x.cols();
        const double Nd = static_cast<double>(N);
        used_batch_ = training() || rule_ == Rule::BatchStatsInEval;
        x_ = x;
        mu_.resize(1, C);
        var_.resize(1, C);
        std_.resize(1, C);
        inv_std_.resize(1, C);
        xhat_.resize(N, C);
        centered_.resize(N, C);
        y_.resize(N, C);
        for (std::size_t j = 0; j < C; ++j) {
            double mu = running_mean(0, j), var = running_var(0, j);
            // the batch's statistics (in training, and where a slip uses them in evaluation)
            double batch_mu = 0.0, batch_var = 0.0;
            if (rule_ == Rule::CenteredWelford) {
                double m2 = 0.0;
                for (std::size_t n = 0; n < N; ++n) {
                    const double before = batch_mu;
                    batch_mu += (x(n, j) - batch_mu) / static_cast<double>(n + 1);
                    m2 += (x(n, j) - before) * (x(n, j) - batch_mu);
                }
                batch_var = m2 / Nd;
            } else if (rule_ == Rule::OnePassVariance) {
                double sum_sq = 0.0;
                for (std::size_t n = 0; n < N; ++n) {
                    batch_mu += x(n, j);
                    sum_sq += x(n, j) * x(n, j);
                }
                batch_mu /= Nd;
                batch_var = sum_sq / Nd - batch_mu * batch_mu;
            } else {
                for (std::size_t n = 0; n < N; ++n) batch_mu += x(n, j);
                batch_mu /= Nd;
                for (std::size_t n = 0; n < N; ++n) batch_var += (x(n, j) - batch_mu) * (x(n, j) - batch_mu);
                batch_var /= Nd;
            }
            const double unbiased = N > 1 ? batch_var * Nd / (Nd - 1.0) : batch_var;
            if (training() || rule_ == Rule::UpdateInEval) {
                double m = momentum_;
                if (rule_ == Rule::MomentumFlipped) m = 1.0 - momentum_;
                if (rule_ == Rule::RunningReplaced) m = 1.0;
                const double var_in = rule_ == Rule::BiasedRunning ? batch_var : unbiased;
                if (rule_ != Rule::RunningNotUpdated) {
                    running_mean(0, j) = (1.0 - m) * running_mean(0, j) + m * batch_mu;
                    running_var(0, j) = (1.0 - m) * running_var(0, j) + m * var_in;
                }
            }
            if (used_batch_) {
                mu = batch_mu;
                var = rule_ == Rule::UnbiasedNormalise ? unbiased : batch_var;
            }
            if (rule_ == Rule::RunningStatsInTraining) mu = running_mean(0, j), var = running_var(0, j);
            double s = std::sqrt(var + eps_);
            if (rule_ == Rule::EpsOutside) s = std::sqrt(var) + eps_;
            if (rule_ == Rule::NoEps) s = std::sqrt(var);
            if (rule_ == Rule::NoSqrt) s = var + eps_;
            mu_(0, j) = mu;
            var_(0, j) = var;
            std_(0, j) = s;
            inv_std_(0, j) = 1.0 / s;
            for (std::size_t n = 0; n < N; ++n) {
                centered_(n, j) = x(n, j) - mu;
                xhat_(n, j) = rule_ == Rule::CenteredWelford ? centered_(n, j) / s : centered_(n, j) * inv_std_(0, j);
                const double in = rule_ == Rule::IndexSlip ? x(j, n) : x(n, j);
                y_(n, j) = gamma(0, j) * (in - mu) * inv_std_(0, j) + beta(0, j);
                if (rule_ == Rule::GammaBetaSwapped) y_(n, j) = beta(0, j) * xhat_(n, j) + gamma(0, j);
                if (rule_ == Rule::NoAffine) y_(n, j) = xhat_(n, j);
            }
        }
        if (rule_ == Rule::RowStats && training()) {  // each row over its features
            for (std::size_t n = 0; n < N; ++n) {
                double mu = 0.0, var = 0.0;
                for (std::size_t j = 0; j < C; ++j) mu += x(n, j) / static_cast<double>(C);
                for (std::size_t j = 0; j < C; ++j) var += (x(n, j) - mu) * (x(n, j) - mu) / static_cast<double>(C);
                for (std::size_t j = 0; j < C; ++j) {
                    xhat_(n, j) = (x(n, j) - mu) / std::sqrt(var + eps_);
                    y_(n, j) = gamma(0, j) * xhat_(n, j) + beta(0, j);
                }
            }
        }
        return y_;
    }

    const Tensor& backward(const Tensor& dy) override {
        const std::size_t N = dy.rows(), C = dy.cols();
        const double Nd = static_cast<double>(N);
        Tensor& dx = rule_ == Rule::BackwardIntoY ? y_ : dx_;
        const bool accumulate = rule_ == Rule::DxAccumulated && dx.rows() == N && dx.cols() == C;
        dx.resize(N, C);
        const bool paths = used_batch_ || rule_ == Rule::TrainingDxInEval;
        for (std::size_t j = 0; j < C; ++j) {
            double inv_std = inv_std_(0, j);
            if (rule_ == Rule::BackwardNoEps) inv_std = 1.0 / std::sqrt(var_(0, j));
            if (rule_ == Rule::StdFromXhat) inv_std = xhat_(0, j) / (x_(0, j) - mu_(0, j));
            const double g = rule_ == Rule::DxNoGamma ? 1.0 : gamma(0, j);
            double dgamma_j = 0.0, dbeta_j = 0.0, sum_dxhat = 0.0, sum_dxhat_xhat = 0.0, sum_dxhat_centered = 0.0;
            for (std::size_t n = 0; n < N; ++n) {
                double gx = xhat_(n, j);
                if (rule_ == Rule::DgammaFromX) gx = x_(n, j);
                if (rule_ == Rule::DgammaFromY) gx = y_(n, j);
                dgamma_j += dy(n, j) * gx;
                dbeta_j += dy(n, j);
                sum_dxhat += dy(n, j) * g;
                sum_dxhat_xhat += dy(n, j) * g * xhat_(n, j);
                sum_dxhat_centered += dy(n, j) * g * centered_(n, j);
            }
            if (rule_ == Rule::DgammaMean) dgamma_j /= Nd;
            if (rule_ == Rule::DbetaTimesGamma) dbeta_j *= gamma(0, j);
            dgamma(0, j) = rule_ == Rule::DgammaAssigned ? dgamma_j : dgamma(0, j) + dgamma_j;
            if (rule_ == Rule::DbetaAssigned) dbeta(0, j) = dbeta_j;
            else if (rule_ != Rule::DbetaMissing) dbeta(0, j) += dbeta_j;

            // the step-by-step chain rule through mu and var
            double dvar = 0.0, dmu = 0.0;
            if (rule_ == Rule::StepByStep) {
                const double var_eps = var_(0, j) + eps_;
                for (std::size_t n = 0; n < N; ++n)
                    dvar += dy(n, j) * g * (x_(n, j) - mu_(0, j)) * -0.5 * std::pow(var_eps, -1.5);
                double sum_centered = 0.0;
                for (std::size_t n = 0; n < N; ++n) {
                    dmu += dy(n, j) * g * -1.0 / std::sqrt(var_eps);
                    sum_centered += -2.0 * (x_(n, j) - mu_(0, j));
                }
                dmu += dvar * sum_centered / Nd;
            }
            for (std::size_t n = 0; n < N; ++n) {
                const double dxhat = dy(n, j) * g;
                double d = dxhat * inv_std;
                if (paths) {
                    if (rule_ == Rule::StepByStep) {
                        const double var_eps = var_(0, j) + eps_;
                        d = dxhat / std::sqrt(var_eps) + dvar * 2.0 * (x_(n, j) - mu_(0, j)) / Nd + dmu / Nd;
                    } else if (rule_ == Rule::CenteredWelford) {
                        const double s = std_(0, j);
                        d = (dxhat - sum_dxhat / Nd - centered_(n, j) * sum_dxhat_centered / (Nd * s * s)) / s;
                    } else {
                        double inner = Nd * dxhat;
                        if (rule_ != Rule::DxNoMeanVar && rule_ != Rule::DxNoMeanTerm) inner -= sum_dxhat;
                        if (rule_ != Rule::DxNoMeanVar && rule_ != Rule::DxNoVarTerm) inner -= xhat_(n, j) * sum_dxhat_xhat;
                        d = inv_std / Nd * inner;
                    }
                }
                dx(n, j) = accumulate ? dx(n, j) + d : d;
            }
        }
        return dx;
    }

    std::vector<mlp::Param> params() override { return {{"gamma", &gamma, &dgamma}, {"beta", &beta, &dbeta}}; }
    std::vector<mlp::Buffer> buffers() override {
        return {{"running_mean", &running_mean}, {"running_var", &running_var}};
    }
    std::string name() const override { return "RuleBatchNorm"; }
    std::unique_ptr<mlp::Layer> clone() const override { return std::make_unique<RuleBatchNorm>(*this); }

    Tensor gamma, beta, dgamma, dbeta, running_mean, running_var;

private:
    double eps_, momentum_;
    Rule rule_;
    bool used_batch_ = true;
    Tensor x_, mu_, var_, std_, inv_std_, xhat_, centered_, y_, dx_;
};

exercises::Verdict grade(Rule rule) {
    return exercises::check_batch_norm([rule](std::size_t C, double eps, double momentum) {
        return std::unique_ptr<mlp::Layer>(std::make_unique<RuleBatchNorm>(C, eps, momentum, rule));
    });
}

}  // namespace

TEST_CASE("exercise 10: mlp::BatchNorm1d and batch normalisation written three other ways pass") {
    const exercises::Verdict v = exercises::check_batch_norm([](std::size_t C, double eps, double momentum) {
        return std::unique_ptr<mlp::Layer>(std::make_unique<mlp::BatchNorm1d>(C, mlp::BatchNorm1dOptions{eps, momentum}));
    });
    accepted(v);
    CHECK(v.tensors.size() == 9 * 6);  // 9 calls, each y, running_mean, running_var, dx, dgamma, dbeta
    CHECK(v.tensors[12].name == "train (6, 3): y");
    CHECK(v.tensors[18].name == "eval (5, 3): y");
    CHECK(v.tensors[48].name == "eps 0.5, eval (2, 4): y");
    accepted(grade(Rule::Simplified));
    accepted(grade(Rule::StepByStep));
    accepted(grade(Rule::CenteredWelford));
}

TEST_CASE("exercise 10: the untouched starter is refused, and every call of a wrong layer is a verdict") {
    refused(exercises::check_batch_norm(student::make_batch_norm), "every element is 0");
    const exercises::Verdict slip = grade(Rule::IndexSlip);
    refused(slip, "an index went outside a tensor");
    CHECK(notes_say(slip, "std::out_of_range"));
    const exercises::Verdict none = exercises::check_batch_norm([](std::size_t, double, double) {
        return std::unique_ptr<mlp::Layer>();
    });
    refused(none, "");
    CHECK(notes_say(none, "null pointer"));
    const exercises::Verdict no_buffers = exercises::check_batch_norm([](std::size_t, double, double) {
        return std::unique_ptr<mlp::Layer>(std::make_unique<mlp::Tanh>());
    });
    refused(no_buffers, "keep the starter's params() and buffers()");
    CHECK(notes_say(no_buffers, "missing or of another shape: gamma, dgamma, beta, dbeta, running_mean, running_var"));
}

TEST_CASE("exercise 10: wrong training forwards are refused with the hint that names the mistake") {
    refused(grade(Rule::UnbiasedNormalise), "normalised with the unbiased variance");
    refused(grade(Rule::EpsOutside), "eps goes under the square root");
    refused(grade(Rule::NoEps), "eps is missing");
    refused(grade(Rule::NoSqrt), "divides by the variance");
    refused(grade(Rule::GammaBetaSwapped), "gamma and beta are swapped");
    refused(grade(Rule::NoAffine), "gamma and beta are not applied");
    refused(grade(Rule::RowStats), "LayerNorm");
    refused(grade(Rule::RunningStatsInTraining), "training normalises with the running statistics");
}

TEST_CASE("exercise 10: the hard batch: a constant column needs eps, a column near 1e6 needs two passes") {
    const exercises::Verdict one_pass = grade(Rule::OnePassVariance);
    refused(one_pass, "mean(x^2) - mu^2");
    CHECK(one_pass.tensors.back().name.find("eps 0.5, train (4, 4)") == 0);  // right on the first batches
    const exercises::Verdict from_xhat = grade(Rule::StdFromXhat);
    refused(from_xhat, "only in a column whose values are all equal");
    CHECK(from_xhat.tensors.back().name.find("eps 0.5, train (4, 4)") == 0);
}

TEST_CASE("exercise 10: the running statistics: unbiased variance, PyTorch's momentum, starting at 0 and 1") {
    refused(grade(Rule::BiasedRunning), "running_var took the biased variance");
    refused(grade(Rule::MomentumFlipped), "momentum is the weight of the new batch");
    refused(grade(Rule::RunningNotUpdated), "running_mean is not updated in training");
    refused(grade(Rule::RunningReplaced), "replaced by the batch's mean");
    refused(grade(Rule::RunningVarStartsAtZero), "running_var at 1");
}

TEST_CASE("exercise 10: evaluation uses the running statistics as constants and leaves them alone") {
    refused(grade(Rule::BatchStatsInEval), "evaluation normalises with the batch's mean and variance");
    refused(grade(Rule::UpdateInEval), "changed in evaluation");
    refused(grade(Rule::TrainingDxInEval), "without training's paths through mu and var");
}

TEST_CASE("exercise 10: wrong backwards are refused with the hint that names the mistake") {
    refused(grade(Rule::DxNoMeanVar), "treats mu and var as constants");
    refused(grade(Rule::DxNoVarTerm), "misses the path through the variance");
    refused(grade(Rule::DxNoMeanTerm), "misses the path through the mean");
    refused(grade(Rule::DxNoGamma), "dx misses gamma");
    refused(grade(Rule::BackwardNoEps), "dx divides by sqrt(var) without eps");
    refused(grade(Rule::DxAccumulated), "dx is WRITTEN");
    refused(grade(Rule::DgammaFromX), "dgamma uses x");
    refused(grade(Rule::DgammaFromY), "dgamma uses y");
    refused(grade(Rule::DgammaAssigned), "dgamma lost what it held before");
    refused(grade(Rule::DgammaMean), "dgamma is a mean over the samples");
    refused(grade(Rule::DbetaAssigned), "dbeta lost what it held before");
    refused(grade(Rule::DbetaMissing), "dbeta did not change");
    refused(grade(Rule::DbetaTimesGamma), "dbeta is multiplied by gamma");
    const exercises::Verdict into_y = grade(Rule::BackwardIntoY);
    refused(into_y, "write dx into a buffer of its own");
    CHECK(notes_say(into_y, "backward changed the forward's output y"));
}

TEST_CASE("exercise 10: a wrong y is not followed by guesses about dx and dgamma") {
    const exercises::Verdict v = grade(Rule::EpsOutside);
    CHECK(notes_say(v, "fix y first"));
    CHECK(hints_at(v, "eps goes under the square root"));
    for (const std::string& hint : v.hints) {
        CHECK(hint.find(": dx: ") == std::string::npos);
        CHECK(hint.find(": dgamma: ") == std::string::npos);
    }
}
