// SPDX-License-Identifier: MIT
// batch_norm_mistakes.cpp: the tensors the usual slips in batch normalisation make (exercise 10),
// from the formulas written column by column with the choice each slip changes.
#include "checker/batch_norm_mistakes.hpp"

#include <cmath>
#include <string>

namespace exercises {

namespace {

using mlp::Tensor;

// ---- the formulas, column by column, with the choice each slip changes --------------------------

// The batch's mean and biased variance of each column, (1, C) each, in two passes.
struct BatchStats {
    Tensor mu, var;
};
BatchStats batch_stats(const Tensor& x) {
    const std::size_t N = x.rows(), C = x.cols();
    BatchStats s{Tensor(1, C), Tensor(1, C)};
    for (std::size_t j = 0; j < C; ++j) {
        for (std::size_t n = 0; n < N; ++n) s.mu(0, j) += x(n, j);
        s.mu(0, j) /= static_cast<double>(N);
        for (std::size_t n = 0; n < N; ++n) s.var(0, j) += (x(n, j) - s.mu(0, j)) * (x(n, j) - s.mu(0, j));
        s.var(0, j) /= static_cast<double>(N);
    }
    return s;
}

Tensor scaled(const Tensor& a, double c) {
    Tensor s = a;
    for (std::size_t k = 0; k < s.size(); ++k) s[k] *= c;
    return s;
}
Tensor added(const Tensor& a, const Tensor& b) {
    Tensor s = a;
    for (std::size_t k = 0; k < s.size(); ++k) s[k] += b[k];
    return s;
}
// (1 - w) old + w batch
Tensor blend(const Tensor& old, const Tensor& batch, double w) { return added(scaled(old, 1.0 - w), scaled(batch, w)); }

// Where the variance goes in the denominator: the right sqrt(var + eps) and its usual slips.
enum class Denominator { Right, EpsOutside, NoEps, NoSqrt };
double denominator(double var, double eps, Denominator d) {
    switch (d) {
        case Denominator::EpsOutside: return std::sqrt(var) + eps;
        case Denominator::NoEps: return std::sqrt(var);
        case Denominator::NoSqrt: return var + eps;
        case Denominator::Right: break;
    }
    return std::sqrt(var + eps);
}

// 1 / denominator(var[j]) of each column: (1, C)
Tensor inverse_std(const Tensor& var, double eps, Denominator d = Denominator::Right) {
    Tensor s(1, var.cols());
    for (std::size_t j = 0; j < var.cols(); ++j) s(0, j) = 1.0 / denominator(var(0, j), eps, d);
    return s;
}

// xhat[n][j] = (x[n][j] - mu[j]) / denominator(var[j])
Tensor normalised(const Tensor& x, const Tensor& mu, const Tensor& var, double eps,
                  Denominator d = Denominator::Right) {
    Tensor xhat(x.rows(), x.cols());
    for (std::size_t n = 0; n < x.rows(); ++n)
        for (std::size_t j = 0; j < x.cols(); ++j) xhat(n, j) = (x(n, j) - mu(0, j)) / denominator(var(0, j), eps, d);
    return xhat;
}

// y[n][j] = gamma[j] xhat[n][j] + beta[j]
Tensor affine(const Tensor& xhat, const Tensor& gamma, const Tensor& beta) {
    Tensor y(xhat.rows(), xhat.cols());
    for (std::size_t n = 0; n < xhat.rows(); ++n)
        for (std::size_t j = 0; j < xhat.cols(); ++j) y(n, j) = gamma(0, j) * xhat(n, j) + beta(0, j);
    return y;
}

// Each row normalised over its own features: LayerNorm's statistics instead of BatchNorm's.
Tensor rows_normalised(const Tensor& x, double eps) {
    const BatchStats s = batch_stats(mlp::transpose(x));
    return mlp::transpose(normalised(mlp::transpose(x), s.mu, s.var, eps));
}

// a[n][j] times row[j]
Tensor times_row(const Tensor& a, const Tensor& row) {
    Tensor s = a;
    for (std::size_t n = 0; n < s.rows(); ++n)
        for (std::size_t j = 0; j < s.cols(); ++j) s(n, j) *= row(0, j);
    return s;
}

// The training forward's dx, with the paths through mu and var switched on or off:
//   dx[n][j] = inv_std[j] (dxhat[n][j] - mean_m dxhat[m][j] - xhat[n][j] mean_m dxhat[m][j] xhat[m][j])
Tensor training_dx(const Tensor& dxhat, const Tensor& xhat, const Tensor& inv_std, bool through_mu,
                   bool through_var) {
    const std::size_t N = dxhat.rows(), C = dxhat.cols();
    Tensor dx(N, C);
    for (std::size_t j = 0; j < C; ++j) {
        double mean_dxhat = 0.0, mean_dxhat_xhat = 0.0;
        for (std::size_t n = 0; n < N; ++n) {
            mean_dxhat += dxhat(n, j) / static_cast<double>(N);
            mean_dxhat_xhat += dxhat(n, j) * xhat(n, j) / static_cast<double>(N);
        }
        for (std::size_t n = 0; n < N; ++n) {
            double d = dxhat(n, j);
            if (through_mu) d -= mean_dxhat;
            if (through_var) d -= xhat(n, j) * mean_dxhat_xhat;
            dx(n, j) = inv_std(0, j) * d;
        }
    }
    return dx;
}

// sum_n a[n][j] b[n][j]: (1, C)
Tensor column_dot(const Tensor& a, const Tensor& b) {
    Tensor s(1, a.cols());
    for (std::size_t n = 0; n < a.rows(); ++n)
        for (std::size_t j = 0; j < a.cols(); ++j) s(0, j) += a(n, j) * b(n, j);
    return s;
}

// ---- hints --------------------------------------------------------------------------------------

const char* const kEpsOutside =
    "eps goes under the square root: xhat = (x - mu) / sqrt(var + eps), not (x - mu) / (sqrt(var) + eps).";
const char* const kNoEps = "eps is missing: xhat = (x - mu) / sqrt(var + eps); it keeps a column whose values are "
                           "all equal (variance 0) from dividing 0 by 0.";
const char* const kNoSqrt = "xhat divides by the variance: divide by the standard deviation, sqrt(var + eps).";
const char* const kRunningInTraining =
    "training normalises with the running statistics: in training use the batch's mean and variance; "
    "running_mean and running_var are for evaluation.";
const char* const kFlipped =
    "momentum is the weight of the new batch (PyTorch's convention, the opposite of Keras's): running = "
    "(1 - momentum) running + momentum batch, not momentum running + (1 - momentum) batch.";
const char* const kUpdatedInEval =
    "the running statistics changed in evaluation: only a training forward updates running_mean and running_var "
    "(evaluation reads them).";
const char* const kDxAdded =
    "dx kept the previous call's numbers and added this call's to them: dx is WRITTEN (dx[n][j] = ...), only "
    "dgamma and dbeta are added into. The layer reuses its dx buffer from call to call.";

}  // namespace

BatchNormMistakes batch_norm_mistakes(const BatchNormCall& call) {
    using mlp::Tensor;
    const Tensor &x = call.x, &dy = call.dy, &gamma = call.gamma, &beta = call.beta;
    const Tensor &rm_before = call.rm_before, &rv_before = call.rv_before;
    const Tensor &right_y = call.right_y, &right_dx = call.right_dx, &right_rm = call.right_rm,
                 &right_rv = call.right_rv;
    const Tensor &dgamma_before = call.dgamma_before, &dbeta_before = call.dbeta_before;
    const Tensor &dgamma_step = call.dgamma_step, &dbeta_step = call.dbeta_step, &last_dx = call.last_dx;
    const double eps = call.eps, momentum = call.momentum;
    const bool training = call.training;
    const std::size_t N = x.rows();

    // The statistics this mode normalises with, and what the usual mistakes make of them.
    const BatchStats s = batch_stats(x);
    const Tensor unbiased = N > 1 ? scaled(s.var, static_cast<double>(N) / static_cast<double>(N - 1)) : s.var;
    const Tensor& mu = training ? s.mu : rm_before;
    const Tensor& var = training ? s.var : rv_before;
    const Tensor xhat = normalised(x, mu, var, eps);
    const Tensor inv_std = inverse_std(var, eps);

    std::vector<Mistake> y_mistakes = {
        {affine(normalised(x, mu, var, eps, Denominator::EpsOutside), gamma, beta), kEpsOutside},
        {affine(normalised(x, mu, var, eps, Denominator::NoEps), gamma, beta), kNoEps},
        {affine(normalised(x, mu, var, eps, Denominator::NoSqrt), gamma, beta), kNoSqrt},
        {affine(xhat, beta, gamma), "gamma and beta are swapped: gamma scales, beta shifts, y = gamma xhat + beta."},
        {xhat, "y is xhat: gamma and beta are not applied, y = gamma xhat + beta."},
    };
    std::vector<Mistake> rm_mistakes, rv_mistakes;
    if (training) {
        y_mistakes.push_back({affine(normalised(x, s.mu, unbiased, eps), gamma, beta),
                              "the batch is normalised with the unbiased variance (1 / (N - 1)): normalise with "
                              "the biased one (1 / N); the unbiased var N / (N - 1) goes into running_var only."});
        y_mistakes.push_back({affine(rows_normalised(x, eps), gamma, beta),
                              "each row is normalised over its features (LayerNorm's statistics): BatchNorm "
                              "normalises each column, one feature, over the N samples of the batch."});
        y_mistakes.push_back({affine(normalised(x, rm_before, rv_before, eps), gamma, beta), kRunningInTraining});
        y_mistakes.push_back({affine(normalised(x, right_rm, right_rv, eps), gamma, beta), kRunningInTraining});
        const double m = momentum;
        rm_mistakes = {
            {rm_before, "running_mean is not updated in training: running_mean = (1 - momentum) running_mean "
                        "+ momentum mu."},
            {blend(rm_before, s.mu, 1.0 - m), kFlipped},
            {s.mu, "running_mean was replaced by the batch's mean: blend them, (1 - momentum) running_mean + "
                   "momentum mu."},
        };
        rv_mistakes = {
            {rv_before, "running_var is not updated in training: running_var = (1 - momentum) running_var + "
                        "momentum var N / (N - 1)."},
            {blend(rv_before, s.var, m), "running_var took the biased variance: PyTorch keeps the unbiased one, "
                                         "var N / (N - 1), in running_var (the batch itself is normalised with "
                                         "the biased one)."},
            {blend(rv_before, unbiased, 1.0 - m), kFlipped},
            {blend(rv_before, s.var, 1.0 - m),
             std::string(kFlipped) + " And running_var takes the unbiased variance, var N / (N - 1)."},
            {unbiased, "running_var was replaced by the batch's variance: blend them, (1 - momentum) running_var "
                       "+ momentum var N / (N - 1)."},
            {s.var, "running_var was replaced by the batch's biased variance: blend them, (1 - momentum) "
                    "running_var + momentum var N / (N - 1)."},
        };
    } else {
        y_mistakes.push_back({affine(normalised(x, s.mu, s.var, eps), gamma, beta),
                              "evaluation normalises with the batch's mean and variance: in evaluation use "
                              "running_mean and running_var, so that a sample's output does not depend on the "
                              "others in its batch."});
        if (N > 1)
            y_mistakes.push_back({affine(normalised(x, s.mu, unbiased, eps), gamma, beta),
                                  "evaluation normalises with the batch's statistics: use running_mean and "
                                  "running_var."});
        rm_mistakes = {{blend(rm_before, s.mu, momentum), kUpdatedInEval}, {s.mu, kUpdatedInEval}};
        rv_mistakes = {{blend(rv_before, s.var, momentum), kUpdatedInEval}, {s.var, kUpdatedInEval}};
        if (N > 1) {
            rv_mistakes.push_back({blend(rv_before, unbiased, momentum), kUpdatedInEval});
            rv_mistakes.push_back({unbiased, kUpdatedInEval});
        }
    }

    // dx, dgamma and dbeta of the usual mistakes, built from the right xhat.
    const Tensor dxhat = times_row(dy, gamma);
    std::vector<Mistake> dx_mistakes;
    if (training) {
        dx_mistakes = {
            {times_row(dxhat, inv_std),
             "dx treats mu and var as constants (that is evaluation's dx): in training they are computed from "
             "every x of the column, so dx also has the paths through mu and var."},
            {training_dx(dxhat, xhat, inv_std, false, true),
             "dx misses the path through the mean: it subtracts mean_m dxhat[m][j] (times 1 / sqrt(var + eps))."},
            {training_dx(dxhat, xhat, inv_std, true, false),
             "dx misses the path through the variance: it subtracts xhat[n][j] mean_m dxhat[m][j] xhat[m][j] "
             "(times 1 / sqrt(var + eps))."},
            {training_dx(dy, xhat, inv_std, true, true),
             "dx misses gamma: dxhat = dy gamma, since y = gamma xhat + beta."},
            {training_dx(dxhat, xhat, inverse_std(var, eps, Denominator::NoEps), true, true),
             "dx divides by sqrt(var) without eps: use the forward's sqrt(var + eps)."},
        };
    } else {
        dx_mistakes = {
            {training_dx(dxhat, xhat, inv_std, true, true),
             "in evaluation mu and var are running_mean and running_var, constants: dx = dy gamma / sqrt(var + "
             "eps), without training's paths through mu and var."},
            {times_row(dy, inv_std), "dx misses gamma: dx = dy gamma / sqrt(var + eps)."},
        };
    }
    if (last_dx.rows() == right_dx.rows() && last_dx.cols() == right_dx.cols())
        dx_mistakes.push_back({added(last_dx, right_dx), kDxAdded});
    const double inv_N = 1.0 / static_cast<double>(N);
    std::vector<Mistake> dgamma_mistakes = {
        {dgamma_step, "dgamma lost what it held before: backward ADDS into dgamma (dgamma[j] += ...); the "
                      "optimizer's zero_grad() is what clears it."},
        {dgamma_before, "dgamma did not change: dgamma[j] += sum_n dy[n][j] xhat[n][j]."},
        {added(dgamma_before, column_dot(dy, x)),
         "dgamma uses x: gamma multiplies xhat in y = gamma xhat + beta, so dgamma[j] += sum_n dy[n][j] "
         "xhat[n][j]."},
        {added(dgamma_before, column_dot(dy, right_y)),
         "dgamma uses y: gamma multiplies xhat in y = gamma xhat + beta, so dgamma[j] += sum_n dy[n][j] "
         "xhat[n][j]."},
        {added(dgamma_before, scaled(dgamma_step, inv_N)),
         "dgamma is a mean over the samples: it is the sum (the loss's backward has already divided by N)."},
    };
    std::vector<Mistake> dbeta_mistakes = {
        {dbeta_step, "dbeta lost what it held before: backward ADDS into dbeta (dbeta[j] += ...)."},
        {dbeta_before, "dbeta did not change: dbeta[j] += sum_n dy[n][j]."},
        {added(dbeta_before, scaled(dbeta_step, inv_N)),
         "dbeta is a mean over the samples: it is the sum (the loss's backward has already divided by N)."},
        {added(dbeta_before, times_row(dbeta_step, gamma)),
         "dbeta is multiplied by gamma: beta is added to y as it is, so dbeta[j] += sum_n dy[n][j]."},
    };

    return {y_mistakes, rm_mistakes, rv_mistakes, dx_mistakes, dgamma_mistakes, dbeta_mistakes};
}

}  // namespace exercises
