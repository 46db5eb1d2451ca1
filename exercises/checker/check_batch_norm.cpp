// SPDX-License-Identifier: MIT
// check_batch_norm.cpp: exercise 10, batch normalisation's forward (training and evaluation) and
// backward, call by call against mlp::BatchNorm1d given the same gamma, beta and gradients.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "checker/checker.hpp"
#include "mlp/core/number_text.hpp"

namespace exercises {

namespace {

using mlp::Tensor;

// ---- the formulas, column by column, with the choices a mistake changes -------------------------

// The batch's mean and biased variance of each column, (1, C) each, in two passes.
struct Stats {
    Tensor mu, var;
};
Stats batch_stats(const Tensor& x) {
    const std::size_t N = x.rows(), C = x.cols();
    Stats s{Tensor(1, C), Tensor(1, C)};
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
Tensor subtracted(const Tensor& a, const Tensor& b) { return added(a, scaled(b, -1.0)); }
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
    const Stats s = batch_stats(mlp::transpose(x));
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

bool finite(const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k)
        if (!std::isfinite(t[k])) return false;
    return true;
}

// The columns of t but one.
Tensor without_column(const Tensor& t, std::size_t skip) {
    Tensor s(t.rows(), t.cols() - 1);
    for (std::size_t n = 0; n < t.rows(); ++n)
        for (std::size_t j = 0, out = 0; j < t.cols(); ++j)
            if (j != skip) s(n, out++) = t(n, j);
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

// What the checker knows about one batch beyond the right answer: the columns whose values are
// all equal (variance 0) and the column of values near 1e6 (large_column < C), if any.
struct Batch {
    std::vector<std::size_t> constant_columns;
    std::size_t large_column = static_cast<std::size_t>(-1);
};

// Like check_tensor, with this exercise's own hints for NaN and for a wrong column of large values;
// with hints = false (a tensor built from a forward that is already wrong) only the line.
bool check(Verdict& v, const std::string& name, const Tensor& got, const Tensor& expected,
           const std::vector<Mistake>& mistakes, const Batch& batch, bool hints = true) {
    const TensorReport r = compare(name, got, expected);
    v.tensors.push_back(r);
    if (r.ok) return true;
    v.passed = false;
    if (!hints) return false;
    if (!r.shape_ok) {
        add_hint(v, name, general_hint(got, expected));
        return false;
    }
    std::string hint;
    for (const Mistake& m : mistakes) {
        if (same(got, m.value)) {
            hint = m.hint;
            break;
        }
    }
    if (hint.empty() && !finite(got) && finite(expected)) {
        bool only_constant = !batch.constant_columns.empty();
        for (std::size_t k = 0; k < got.size(); ++k) {
            if (std::isfinite(got[k])) continue;
            bool in_constant = false;
            for (std::size_t j : batch.constant_columns) in_constant = in_constant || k % got.cols() == j;
            only_constant = only_constant && in_constant;
        }
        hint = only_constant
                   ? "NaN or infinity only in a column whose values are all equal: its variance is 0 and x - mu is "
                     "0, so anything divided by sqrt(var) or by x - mu (or xhat) there is 0 / 0; divide only by "
                     "sqrt(var + eps)."
                   : "it holds NaN or infinity: a division by 0 (a variance without eps, N - 1 with one sample?).";
    }
    const std::size_t L = batch.large_column;
    if (hint.empty() && L < got.cols() && got.cols() > 1 && same(without_column(got, L), without_column(expected, L))) {
        hint = "only column " + std::to_string(L) +
               " is wrong, the one whose values are near 1e6 with a spread of about 1: the variance computed as "
               "mean(x^2) - mu^2 subtracts two numbers near 1e12 and loses every digit of their difference (the "
               "usual cause); subtract the mean first: var = mean((x - mu)^2).";
    }
    if (hint.empty()) hint = general_hint(got, expected);
    add_hint(v, name, hint);
    return false;
}

// ---- the student's layer beside mlp::BatchNorm1d ------------------------------------------------

// The student's tensors, found by name through params() and buffers().
struct Handles {
    Tensor *gamma = nullptr, *beta = nullptr, *dgamma = nullptr, *dbeta = nullptr;
    Tensor *running_mean = nullptr, *running_var = nullptr;
};

bool row_of(const Tensor* t, std::size_t C) { return t != nullptr && t->rows() == 1 && t->cols() == C; }

bool find_handles(Verdict& v, mlp::Layer& layer, std::size_t C, Handles& h) {
    std::vector<mlp::Param> params;
    std::vector<mlp::Buffer> buffers;
    if (!run_student_code(v, [&] {
            params = layer.params();
            buffers = layer.buffers();
        }))
        return false;
    h = Handles{};
    for (const mlp::Param& p : params) {
        if (p.name == "gamma") h.gamma = p.value, h.dgamma = p.grad;
        if (p.name == "beta") h.beta = p.value, h.dbeta = p.grad;
    }
    for (const mlp::Buffer& b : buffers) {
        if (b.name == "running_mean") h.running_mean = b.value;
        if (b.name == "running_var") h.running_var = b.value;
    }
    std::string missing;
    const Tensor* const tensors[] = {h.gamma, h.dgamma, h.beta, h.dbeta, h.running_mean, h.running_var};
    const char* const names[] = {"gamma", "dgamma", "beta", "dbeta", "running_mean", "running_var"};
    for (std::size_t k = 0; k < 6; ++k)
        if (!row_of(tensors[k], C)) missing += std::string(missing.empty() ? "" : ", ") + names[k];
    if (missing.empty()) return true;
    v.passed = false;
    v.notes.push_back("params() must give gamma and beta with their gradients, and buffers() running_mean and "
                      "running_var, each (1, " + std::to_string(C) + "); missing or of another shape: " + missing);
    v.hints.push_back("keep the starter's params() and buffers(), and size the tensors by the features the layer "
                      "is made with.");
    return false;
}

struct Pair {
    mlp::Layer& student;
    mlp::BatchNorm1d reference;
    double eps, momentum;
    Tensor last_dx;  // the student's dx of the last call

    // Forward then backward on both layers; every output, running statistic and gradient compared.
    // Returns false once anything is wrong.
    bool call(Verdict& v, const std::string& label, const Tensor& x, const Tensor& dy, const Batch& batch) {
        Handles h;
        if (!find_handles(v, student, x.cols(), h)) return false;
        const bool training = reference.training();
        const std::size_t N = x.rows();
        const Tensor rm_before = *h.running_mean, rv_before = *h.running_var;
        const Tensor dgamma_before = *h.dgamma, dbeta_before = *h.dbeta;
        const Tensor ref_dgamma_before = reference.dgamma, ref_dbeta_before = reference.dbeta;
        const Tensor& gamma = reference.gamma;
        const Tensor& beta = reference.beta;

        const Tensor right_y = reference.forward(x);
        const Tensor right_rm = reference.running_mean, right_rv = reference.running_var;
        const Tensor right_dx = reference.backward(dy);
        const Tensor right_dgamma = reference.dgamma, right_dbeta = reference.dbeta;

        const Tensor* held_y = nullptr;
        Tensor y, y_after, rm, rv, dx;
        if (!run_student_code(v, [&] {
                held_y = &student.forward(x);
                y = *held_y;
                rm = *h.running_mean;
                rv = *h.running_var;
                dx = student.backward(dy);
                y_after = *held_y;
            }))
            return false;
        const Tensor dgamma = *h.dgamma, dbeta = *h.dbeta;

        // The statistics this mode normalises with, and what the usual mistakes make of them.
        const Stats s = batch_stats(x);
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
        if (last_dx.rows() == dx.rows() && last_dx.cols() == dx.cols())
            dx_mistakes.push_back({added(last_dx, right_dx), kDxAdded});
        const Tensor dgamma_step = subtracted(right_dgamma, ref_dgamma_before);
        const Tensor dbeta_step = subtracted(right_dbeta, ref_dbeta_before);
        const double inv_N = 1.0 / static_cast<double>(N);
        const std::vector<Mistake> dgamma_mistakes = {
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
        const std::vector<Mistake> dbeta_mistakes = {
            {dbeta_step, "dbeta lost what it held before: backward ADDS into dbeta (dbeta[j] += ...)."},
            {dbeta_before, "dbeta did not change: dbeta[j] += sum_n dy[n][j]."},
            {added(dbeta_before, scaled(dbeta_step, inv_N)),
             "dbeta is a mean over the samples: it is the sum (the loss's backward has already divided by N)."},
            {added(dbeta_before, times_row(dbeta_step, gamma)),
             "dbeta is multiplied by gamma: beta is added to y as it is, so dbeta[j] += sum_n dy[n][j]."},
        };

        const bool forward_ok = check(v, label + ": y", y, right_y, y_mistakes, batch);
        bool ok = forward_ok;
        ok = check(v, label + ": running_mean", rm, right_rm, rm_mistakes, batch) && ok;
        ok = check(v, label + ": running_var", rv, right_rv, rv_mistakes, batch) && ok;
        const bool dx_ok = check(v, label + ": dx", dx, right_dx, dx_mistakes, batch, forward_ok);
        const bool backward_ok =
            check(v, label + ": dgamma", dgamma, right_dgamma, dgamma_mistakes, batch, forward_ok) && dx_ok;
        ok = check(v, label + ": dbeta", dbeta, right_dbeta, dbeta_mistakes, batch) && backward_ok && ok;
        if (!forward_ok && !backward_ok)
            v.notes.push_back(label + ": y is wrong, and dx and dgamma are built from xhat: fix y first");
        if (ok && !(y_after == y)) {
            ok = false;
            v.passed = false;
            v.notes.push_back(label + ": backward changed the forward's output y, which the caller still holds");
            v.hints.push_back("backward wrote into the buffer forward returned: write dx into a buffer of its own.");
        }
        last_dx = dx;
        return ok;
    }
};

// x[n][j] = offset[j] + spread[j] u, u uniform in [-1, 1): columns with their own mean and variance.
Tensor input(std::size_t rows, const std::vector<double>& offset, const std::vector<double>& spread,
             std::uint32_t seed) {
    mlp::Rng rng(seed);
    Tensor x(rows, offset.size());
    for (std::size_t n = 0; n < rows; ++n)
        for (std::size_t j = 0; j < offset.size(); ++j) x(n, j) = offset[j] + spread[j] * rng.uniform(-1.0, 1.0);
    return x;
}
Tensor gradient(std::size_t rows, std::size_t cols, std::uint32_t seed) {
    mlp::Rng rng(seed);
    Tensor dy(rows, cols);
    for (std::size_t k = 0; k < dy.size(); ++k) dy[k] = rng.uniform(-1.0, 1.0);
    return dy;
}

// A layer of the student's, checked for its starting state and given gamma, beta and gradients
// to add into (the same as the reference's): gamma not 1 and beta not 0, so that forgetting
// either shows; dgamma and dbeta not 0, so that "=" for "+=" shows.
std::unique_ptr<mlp::Layer> make_layer(Verdict& v, const MakeBatchNorm& student, std::size_t C, double eps,
                                       double momentum, mlp::BatchNorm1d& reference) {
    std::unique_ptr<mlp::Layer> layer;
    if (!run_student_code(v, [&] { layer = student(C, eps, momentum); })) return nullptr;
    if (!layer) {
        v.passed = false;
        v.notes.push_back("make_batch_norm returned no layer (a null pointer)");
        return nullptr;
    }
    Handles h;
    if (!find_handles(v, *layer, C, h)) return nullptr;
    const Batch none;
    const std::string at_start = "new layer (C = " + std::to_string(C) + "): ";
    const char* const start_hint = "running_mean starts at 0 and running_var at 1, as in PyTorch.";
    Verdict start = v;
    bool ok = check(start, at_start + "running_mean", *h.running_mean, Tensor(1, C), {{Tensor(1, C, 1.0), start_hint}},
                    none);
    ok = check(start, at_start + "running_var", *h.running_var, Tensor(1, C, 1.0), {{Tensor(1, C), start_hint}}, none) &&
         ok;
    if (!ok) {
        v = start;
        return nullptr;
    }
    for (std::size_t j = 0; j < C; ++j) {
        const double g = 1.5 - 0.7 * static_cast<double>(j), b = 0.3 + 0.45 * static_cast<double>(j % 3) - 0.5;
        h.gamma->at(0, j) = reference.gamma(0, j) = g;
        h.beta->at(0, j) = reference.beta(0, j) = b;
        h.dgamma->at(0, j) = reference.dgamma(0, j) = 0.5;
        h.dbeta->at(0, j) = reference.dbeta(0, j) = -0.25;
    }
    return layer;
}

}  // namespace

Verdict check_batch_norm(const MakeBatchNorm& student) {
    Verdict v;
    v.title = "Exercise 10: BatchNorm forward and backward";
    v.passed = true;
    const Batch plain;
    {
        // Three features with their own means and spreads (variances near 1, where eps = 1e-5 is a
        // 5e-6 part of sqrt(var + eps): where eps goes shows), momentum 0.1 (PyTorch's defaults).
        const double eps = 1e-5, momentum = 0.1;
        mlp::BatchNorm1d reference(3, {.eps = eps, .momentum = momentum});
        const std::unique_ptr<mlp::Layer> layer = make_layer(v, student, 3, eps, momentum, reference);
        if (!layer) return v;
        Pair pair{*layer, reference, eps, momentum, {}};
        const std::vector<double> offset{0.4, -1.2, 2.5}, spread{1.6, 2.2, 0.9};
        // N = 4, then 4 again (the layer's buffers hold the first call's numbers; the running statistics
        // have had one step), then 6 (another N, so N / (N - 1) changes).
        if (!pair.call(v, "train (4, 3)", input(4, offset, spread, 1), gradient(4, 3, 2), plain)) return v;
        if (!pair.call(v, "train (4, 3) again", input(4, offset, spread, 3), gradient(4, 3, 4), plain)) return v;
        if (!pair.call(v, "train (6, 3)", input(6, offset, spread, 5), gradient(6, 3, 6), plain)) return v;
        // Evaluation: the running statistics, on a batch and on one sample (which training refuses).
        if (!run_student_code(v, [&] { layer->eval(); })) return v;
        pair.reference.eval();
        if (!pair.call(v, "eval (5, 3)", input(5, offset, spread, 7), gradient(5, 3, 8), plain)) return v;
        if (!pair.call(v, "eval (1, 3)", input(1, offset, spread, 9), gradient(1, 3, 10), plain)) return v;
        // And back to training, with the smallest batch it takes.
        if (!run_student_code(v, [&] { layer->train(true); })) return v;
        pair.reference.train(true);
        if (!pair.call(v, "train after eval (2, 3)", input(2, offset, spread, 11), gradient(2, 3, 12), plain)) return v;
    }
    {
        // A large eps and momentum, and a batch with a constant column (variance 0: only eps keeps
        // xhat finite) and a column of values near 1e6 with a spread of about 1 (where mean(x^2) -
        // mu^2 loses every digit, and (x - mu)^2 keeps them).
        const double eps = 0.5, momentum = 0.25;
        mlp::BatchNorm1d reference(4, {.eps = eps, .momentum = momentum});
        const std::unique_ptr<mlp::Layer> layer = make_layer(v, student, 4, eps, momentum, reference);
        if (!layer) return v;
        Pair pair{*layer, reference, eps, momentum, {}};
        const std::vector<double> offset{-0.6, 2.5, 1e6, 1.5}, spread{2.0, 0.0, 1.0, 3.0};
        Batch hard;
        hard.constant_columns = {1};
        hard.large_column = 2;
        if (!pair.call(v, "eps 0.5, train (4, 4)", input(4, offset, spread, 13), gradient(4, 4, 14), hard)) return v;
        if (!pair.call(v, "eps 0.5, train (3, 4)", input(3, offset, spread, 15), gradient(3, 4, 16), hard)) return v;
        if (!run_student_code(v, [&] { layer->eval(); })) return v;
        pair.reference.eval();
        Batch eval_hard = hard;
        eval_hard.constant_columns.clear();  // the running variance of column 1 is not 0
        if (!pair.call(v, "eps 0.5, eval (2, 4)", input(2, offset, spread, 17), gradient(2, 4, 18), eval_hard)) return v;
    }
    return v;
}

}  // namespace exercises
