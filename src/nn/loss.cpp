// SPDX-License-Identifier: MIT
// loss.cpp: what every loss shares (its checks, and decisions and accuracy read from
// probabilities()), and the mean squared error, forward and backward. The other losses each
// have a file: bce_loss.cpp, cross_entropy_loss.cpp, ...
#include "mlp/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "mlp/core/math.hpp"
#include "loss_support.hpp"

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

void check_called(const char* who, const Tensor& cache) {
    if (cache.empty()) throw std::logic_error(std::string(who) + ": call forward() before backward()");
}



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

}  // namespace mlp
