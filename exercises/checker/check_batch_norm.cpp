// SPDX-License-Identifier: MIT
// check_batch_norm.cpp: exercise 10, batch normalisation's forward (training and evaluation) and
// backward, call by call against mlp::BatchNorm1d given the same gamma, beta and gradients.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "checker/batch_norm_mistakes.hpp"

namespace exercises {

namespace {

using mlp::Tensor;

Tensor subtracted(const Tensor& a, const Tensor& b) {
    Tensor s = a;
    for (std::size_t k = 0; k < s.size(); ++k) s[k] -= b[k];
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
               "mean(x^2) - mu^2 subtracts two numbers near 1e12 and loses most digits of their difference (the "
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
    mlp::BatchNorm1d& reference;
    double eps, momentum;
    Tensor last_dx;  // the student's dx of the last call

    // Forward then backward on both layers; every output, running statistic and gradient compared.
    // Returns false once anything is wrong.
    bool call(Verdict& v, const std::string& label, const Tensor& x, const Tensor& dy, const Batch& batch) {
        Handles h;
        if (!find_handles(v, student, x.cols(), h)) return false;
        const bool training = reference.training();
        const Tensor rm_before = *h.running_mean, rv_before = *h.running_var;
        const Tensor dgamma_before = *h.dgamma, dbeta_before = *h.dbeta;
        const Tensor ref_dgamma_before = reference.dgamma, ref_dbeta_before = reference.dbeta;

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

        BatchNormCall c;
        c.x = x;
        c.dy = dy;
        c.gamma = reference.gamma;
        c.beta = reference.beta;
        c.eps = eps;
        c.momentum = momentum;
        c.training = training;
        c.rm_before = rm_before;
        c.rv_before = rv_before;
        c.right_y = right_y;
        c.right_dx = right_dx;
        c.right_rm = right_rm;
        c.right_rv = right_rv;
        c.dgamma_before = dgamma_before;
        c.dbeta_before = dbeta_before;
        c.dgamma_step = subtracted(right_dgamma, ref_dgamma_before);
        c.dbeta_step = subtracted(right_dbeta, ref_dbeta_before);
        c.last_dx = last_dx;
        const BatchNormMistakes m = batch_norm_mistakes(c);

        const bool forward_ok = check(v, label + ": y", y, right_y, m.y, batch);
        bool ok = forward_ok;
        ok = check(v, label + ": running_mean", rm, right_rm, m.running_mean, batch) && ok;
        ok = check(v, label + ": running_var", rv, right_rv, m.running_var, batch) && ok;
        const bool dx_ok = check(v, label + ": dx", dx, right_dx, m.dx, batch, forward_ok);
        const bool backward_ok =
            check(v, label + ": dgamma", dgamma, right_dgamma, m.dgamma, batch, forward_ok) && dx_ok;
        ok = check(v, label + ": dbeta", dbeta, right_dbeta, m.dbeta, batch) && backward_ok && ok;
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
        reference.eval();
        if (!pair.call(v, "eval (5, 3)", input(5, offset, spread, 7), gradient(5, 3, 8), plain)) return v;
        if (!pair.call(v, "eval (1, 3)", input(1, offset, spread, 9), gradient(1, 3, 10), plain)) return v;
        // And back to training, with the smallest batch it takes.
        if (!run_student_code(v, [&] { layer->train(true); })) return v;
        reference.train(true);
        if (!pair.call(v, "train after eval (2, 3)", input(2, offset, spread, 11), gradient(2, 3, 12), plain)) return v;
    }
    {
        // A large eps and momentum, and a batch with a constant column (variance 0: only eps keeps
        // xhat finite) and a column of values near 1e6 with a spread of about 1 (where mean(x^2) -
        // mu^2 loses most digits, and (x - mu)^2 keeps them).
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
        reference.eval();
        Batch eval_hard = hard;
        eval_hard.constant_columns.clear();  // the running variance of column 1 is not 0
        if (!pair.call(v, "eps 0.5, eval (2, 4)", input(2, offset, spread, 17), gradient(2, 4, 18), eval_hard)) return v;
    }
    return v;
}

}  // namespace exercises
