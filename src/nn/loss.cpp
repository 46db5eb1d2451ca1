// SPDX-License-Identifier: MIT
// loss.cpp: MSE, BCE, BCE-with-logits and softmax cross-entropy, forward and backward.
#include "mlp/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "mlp/core/math.hpp"

namespace mlp {


// The checks take the caller's name as a plain C string and build a std::string only to throw:
// a name like "CrossEntropyLoss::forward" is too long for the short-string buffer, and making it
// on every call would allocate in every training step.
void check_pair(const char* who, const Tensor& pred, const Tensor& target) {
    if (pred.empty()) throw std::invalid_argument(std::string(who) + ": expected a non-empty prediction, got " + pred.shape());
    if (pred.rows() != target.rows() || pred.cols() != target.cols()) {
        throw std::invalid_argument(std::string(who) + ": expected target of shape " + pred.shape() +
                                    " (the prediction's), got " + target.shape());
    }
}

namespace {

void check_probabilities(const char* who, const char* what, const Tensor& t) {
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (!(t[k] >= 0.0 && t[k] <= 1.0)) {
            throw std::invalid_argument(std::string(who) + ": expected " + what + " in [0, 1], got " +
                                        std::to_string(t[k]) + " at (" +
                                        std::to_string(k / t.cols()) + ", " +
                                        std::to_string(k % t.cols()) + ")");
        }
    }
}

}  // namespace

void check_called(const char* who, const Tensor& cache) {
    if (cache.empty()) throw std::logic_error(std::string(who) + ": call forward() before backward()");
}

namespace {


// How MSE and the two BCEs read one output as a probability: clipped to [0, 1], or its sigmoid.
using ToProbability = double (*)(double);
double clipped(double value) { return std::clamp(value, 0.0, 1.0); }
double logistic(double logit) { return sigmoid(logit); }

// Each output read as a probability q = probability(pred), then as classes:
//   one column  -> p (N, 2): p1 = q, p0 = 1 - q
//   F columns   -> p (N, F): p_c = q_c / sum_c' q_c', uniform if all are 0
void output_probabilities(const char* who, const Tensor& pred, Tensor& p, ToProbability probability) {
    if (pred.empty()) throw std::invalid_argument(std::string(who) + ": expected a non-empty prediction, got " + pred.shape());
    if (pred.cols() == 1) {
        p.resize(pred.rows(), 2);
        for (std::size_t n = 0; n < pred.rows(); ++n) {
            p(n, 1) = probability(pred(n, 0));
            p(n, 0) = 1.0 - p(n, 1);
        }
        return;
    }
    p.resize(pred.rows(), pred.cols());
    for (std::size_t n = 0; n < pred.rows(); ++n) {
        double sum = 0.0;
        for (std::size_t c = 0; c < pred.cols(); ++c) sum += p(n, c) = probability(pred(n, c));
        for (std::size_t c = 0; c < pred.cols(); ++c)
            p(n, c) = sum > 0.0 ? p(n, c) / sum : 1.0 / static_cast<double>(pred.cols());
    }
}

// Reads target(n, 0) as a class index below C, or throws naming the loss, its method and the row.
std::size_t class_index(const Loss& loss, const char* method, const Tensor& target, std::size_t n, std::size_t C) {
    const double t = target(n, 0);
    if (!(t >= 0.0 && t < static_cast<double>(C) && t == std::floor(t))) {
        throw std::invalid_argument(loss.name() + "::" + method + ": expected a class index in 0.." +
                                    std::to_string(C - 1) + " at row " + std::to_string(n) + ", got " +
                                    std::to_string(t));
    }
    return static_cast<std::size_t>(t);
}

}  // namespace

std::size_t argmax_row(const Tensor& t, std::size_t n) {
    std::size_t best = 0;
    for (std::size_t c = 1; c < t.cols(); ++c)
        if (t(n, c) > t(n, best)) best = c;
    return best;
}

// ---------------------------------------------------------------------------------------------
// Loss: decisions and accuracy, read from probabilities() for every loss
// ---------------------------------------------------------------------------------------------

// Row n's most probable class. Only that row is read, so deciding row after row (mlp predict)
// does not recompute the whole batch each time.
std::size_t Loss::decide(const Tensor& pred, std::size_t n) const {
    if (n >= pred.rows()) {
        throw std::invalid_argument(name() + "::decide: expected a row below " + std::to_string(pred.rows()) +
                                    ", got row " + std::to_string(n));
    }
    Tensor row(1, pred.cols());
    for (std::size_t j = 0; j < pred.cols(); ++j) row(0, j) = pred(n, j);
    Tensor p;
    probabilities(row, p);
    return argmax_row(p, 0);
}

// accuracy = (1 / N) #{ n : argmax_c p[n][c] == target_class(target, n, C) }
double Loss::accuracy(const Tensor& pred, const Tensor& target) const {
    if (pred.empty() || target.rows() != pred.rows() || (target.cols() != pred.cols() && target.cols() != 1)) {
        throw std::invalid_argument(name() + "::accuracy: expected a non-empty prediction and a target with as many "
                                    "rows and 1 or as many columns, got " + pred.shape() + " and " + target.shape());
    }
    probabilities(pred, accuracy_p_);
    std::size_t correct = 0;
    for (std::size_t n = 0; n < pred.rows(); ++n)
        if (argmax_row(accuracy_p_, n) == target_class(target, n, accuracy_p_.cols())) ++correct;
    return static_cast<double>(correct) / static_cast<double>(pred.rows());
}

std::size_t Loss::target_class(const Tensor& target, std::size_t n, std::size_t C) const {
    if (target.cols() > 1) return argmax_row(target, n);
    if (C == 2) return target(n, 0) >= 0.5 ? 1 : 0;
    return class_index(*this, "target_class", target, n, C);
}

// ---------------------------------------------------------------------------------------------
// MSELoss
// ---------------------------------------------------------------------------------------------

// L = (1 / (N F)) sum_k (pred[k] - target[k])^2
double MSELoss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("MSELoss::forward", pred, target);
    diff_.resize(pred.rows(), pred.cols());
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        diff_[k] = pred[k] - target[k];
        sum += diff_[k] * diff_[k];
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = 2 (pred[k] - target[k]) / (N F)      uses the cached difference diff_
const Tensor& MSELoss::backward() {
    check_called("MSELoss::backward", diff_);
    dpred_.resize(diff_.rows(), diff_.cols());
    const double scale = 2.0 / static_cast<double>(diff_.size());
    for (std::size_t k = 0; k < diff_.size(); ++k) dpred_[k] = scale * diff_[k];
    return dpred_;
}

// one column: p1 = clip(pred, 0, 1); several: p_c = clip(pred_c, 0, 1) / sum_c' clip(pred_c', 0, 1)
void MSELoss::probabilities(const Tensor& pred, Tensor& p) const {
    output_probabilities("MSELoss::probabilities", pred, p, clipped);
}

// ---------------------------------------------------------------------------------------------
// BCELoss
// ---------------------------------------------------------------------------------------------

// L = -(1 / (N F)) sum_k [ t log p + (1 - t) log(1 - p) ], each log clamped at -100
double BCELoss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("BCELoss::forward", pred, target);
    check_probabilities("BCELoss::forward", "probabilities (pred)", pred);
    check_probabilities("BCELoss::forward", "targets", target);
    p_ = pred;
    t_ = target;
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        const double log_p = std::max(std::log(pred[k]), -100.0);
        const double log_1mp = std::max(std::log1p(-pred[k]), -100.0);
        sum -= target[k] * log_p + (1.0 - target[k]) * log_1mp;
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = (p - t) / (p (1 - p)) / (N F), with p (1 - p) kept at least epsilon as PyTorch
// does, so a saturated p gives a large but finite gradient.   uses the cached p_ and t_
// PyTorch's epsilon is the float 1e-12 (binary_cross_entropy_backward in ATen's Loss.cpp),
// which is 9.9999998e-13 as a double; using the same number keeps the gradients identical.
const Tensor& BCELoss::backward() {
    constexpr double kEpsilon = static_cast<double>(1e-12f);
    check_called("BCELoss::backward", p_);
    dpred_.resize(p_.rows(), p_.cols());
    const double scale = 1.0 / static_cast<double>(p_.size());
    for (std::size_t k = 0; k < p_.size(); ++k) {
        const double denom = std::max(p_[k] * (1.0 - p_[k]), kEpsilon);
        dpred_[k] = scale * (p_[k] - t_[k]) / denom;
    }
    return dpred_;
}

// p1 = pred (one column), as MSELoss reads its outputs
void BCELoss::probabilities(const Tensor& pred, Tensor& p) const {
    output_probabilities("BCELoss::probabilities", pred, p, clipped);
}

// ---------------------------------------------------------------------------------------------
// BCEWithLogitsLoss
// ---------------------------------------------------------------------------------------------

// L = (1 / (N F)) sum_k [ softplus(x) - x t ],  softplus(x) = max(x, 0) + log1p(exp(-|x|))
double BCEWithLogitsLoss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("BCEWithLogitsLoss::forward", pred, target);
    check_probabilities("BCEWithLogitsLoss::forward", "targets", target);
    x_ = pred;
    t_ = target;
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        const double x = pred[k];
        sum += softplus(x) - x * target[k];  // = max(x, 0) - x t + log1p(exp(-|x|))
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = (sigmoid(x) - t) / (N F)     uses the cached logits x_ and targets t_
const Tensor& BCEWithLogitsLoss::backward() {
    check_called("BCEWithLogitsLoss::backward", x_);
    dpred_.resize(x_.rows(), x_.cols());
    const double scale = 1.0 / static_cast<double>(x_.size());
    for (std::size_t k = 0; k < x_.size(); ++k) {
        dpred_[k] = scale * (sigmoid(x_[k]) - t_[k]);
    }
    return dpred_;
}

// p1 = sigmoid(x)
void BCEWithLogitsLoss::probabilities(const Tensor& pred, Tensor& p) const {
    output_probabilities("BCEWithLogitsLoss::probabilities", pred, p, logistic);
}

// ---------------------------------------------------------------------------------------------
// CrossEntropyLoss
// ---------------------------------------------------------------------------------------------

// Checks that target is (N, 1) beside logits (N, C) with N > 0, or throws.
void check_class_targets(const char* who, const Tensor& pred, const Tensor& target) {
    if (pred.empty()) throw std::invalid_argument(std::string(who) + ": expected non-empty logits, got " + pred.shape());
    if (target.rows() != pred.rows() || target.cols() != 1) {
        throw std::invalid_argument(std::string(who) + ": expected target of shape (" +
                                    std::to_string(pred.rows()) +
                                    ", 1) holding class indices, got " + target.shape());
    }
}

// Reads target[n] as a class index below C, or throws naming the bad row.
std::size_t class_at(const char* who, const Tensor& pred, const Tensor& target, std::size_t n) {
    const double t = target(n, 0);
    if (!(t >= 0.0 && t < static_cast<double>(pred.cols()) && t == std::floor(t))) {
        throw std::invalid_argument(std::string(who) + ": expected a class index in 0.." +
                                    std::to_string(pred.cols() - 1) + " at row " +
                                    std::to_string(n) + ", got " + std::to_string(t));
    }
    return static_cast<std::size_t>(t);
}

// softmax[n][c] = exp(z[n][c] - m) / sum_c' exp(z[n][c'] - m),  m = max_c z[n][c]
// L = (1 / N) sum_n [ log sum_c exp(z[n][c]) - z[n][target[n]] ]      (math.hpp, stable)
double CrossEntropyLoss::forward(const Tensor& pred, const Tensor& target) {
    check_class_targets("CrossEntropyLoss::forward", pred, target);
    class_.resize(pred.rows());
    for (std::size_t n = 0; n < pred.rows(); ++n) class_[n] = class_index(*this, "forward", target, n, pred.cols());
    softmax_rows(pred, softmax_);
    double sum = 0.0;
    for (std::size_t n = 0; n < pred.rows(); ++n) sum += log_sum_exp_row(pred, n) - pred(n, class_[n]);
    return sum / static_cast<double>(pred.rows());
}

// dz[n][c] = (softmax[n][c] - [c == target[n]]) / N      uses the cached softmax_
const Tensor& CrossEntropyLoss::backward() {
    check_called("CrossEntropyLoss::backward", softmax_);
    dpred_.resize(softmax_.rows(), softmax_.cols());
    const double scale = 1.0 / static_cast<double>(softmax_.rows());
    for (std::size_t n = 0; n < softmax_.rows(); ++n)
        for (std::size_t c = 0; c < softmax_.cols(); ++c)
            dpred_(n, c) = scale * (softmax_(n, c) - (c == class_[n] ? 1.0 : 0.0));
    return dpred_;
}

void CrossEntropyLoss::probabilities(const Tensor& pred, Tensor& p) const { softmax_rows(pred, p); }

// ---------------------------------------------------------------------------------------------
// Baselines: the loss of a network that knows nothing yet (outputs near 0)
// ---------------------------------------------------------------------------------------------

Loss::Baseline Loss::baseline(const Tensor&, const Tensor&) const {
    return {std::numeric_limits<double>::quiet_NaN(), "no baseline known for " + name()};
}

// mean(y^2): the loss of predicting 0
Loss::Baseline MSELoss::baseline(const Tensor&, const Tensor& target) const {
    double sum = 0.0;
    for (std::size_t k = 0; k < target.size(); ++k) sum += target[k] * target[k];
    return {target.empty() ? 0.0 : sum / static_cast<double>(target.size()), "mean(y^2): the loss of outputs near 0"};
}

// ln 2: a probability of 1/2 for everything
Loss::Baseline BCELoss::baseline(const Tensor&, const Tensor&) const {
    return {std::log(2.0), "ln(2): a sigmoid of inputs near 0 gives every probability 1/2"};
}

Loss::Baseline BCEWithLogitsLoss::baseline(const Tensor&, const Tensor&) const {
    return {std::log(2.0), "ln(2): logits near 0 give every probability 1/2"};
}

// ln C: every class 1/C
Loss::Baseline CrossEntropyLoss::baseline(const Tensor& pred, const Tensor&) const {
    const std::string C = std::to_string(pred.cols());
    return {std::log(static_cast<double>(pred.cols())),
            "ln(C) = ln(" + C + "): logits near 0 give each of the " + C + " classes 1/" + C};
}

}  // namespace mlp
