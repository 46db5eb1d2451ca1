// loss.cpp: MSE, BCE, BCE-with-logits and softmax cross-entropy, forward and backward.
#include "mlp/nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mlp {

namespace {

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

// Fraction of rows where the two thresholded values agree.
double threshold_accuracy(const Tensor& pred, const Tensor& target, double pred_threshold) {
    if (pred.size() == 0) return 0.0;
    std::size_t correct = 0;
    for (std::size_t k = 0; k < pred.size(); ++k)
        if ((pred[k] >= pred_threshold) == (target[k] >= 0.5)) ++correct;
    return static_cast<double>(correct) / static_cast<double>(pred.size());
}

}  // namespace

std::size_t argmax_row(const Tensor& t, std::size_t n) {
    std::size_t best = 0;
    for (std::size_t c = 1; c < t.cols(); ++c)
        if (t(n, c) > t(n, best)) best = c;
    return best;
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

double MSELoss::accuracy(const Tensor& pred, const Tensor& target) const {
    check_pair("MSELoss::accuracy", pred, target);
    if (pred.cols() == 1) return threshold_accuracy(pred, target, 0.5);
    std::size_t correct = 0;
    for (std::size_t n = 0; n < pred.rows(); ++n)
        if (argmax_row(pred, n) == argmax_row(target, n)) ++correct;
    return static_cast<double>(correct) / static_cast<double>(pred.rows());
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

double BCELoss::accuracy(const Tensor& pred, const Tensor& target) const {
    check_pair("BCELoss::accuracy", pred, target);
    return threshold_accuracy(pred, target, 0.5);
}

// ---------------------------------------------------------------------------------------------
// BCEWithLogitsLoss
// ---------------------------------------------------------------------------------------------

// L = (1 / (N F)) sum_k [ max(x, 0) - x t + log1p(exp(-|x|)) ]
double BCEWithLogitsLoss::forward(const Tensor& pred, const Tensor& target) {
    check_pair("BCEWithLogitsLoss::forward", pred, target);
    check_probabilities("BCEWithLogitsLoss::forward", "targets", target);
    x_ = pred;
    t_ = target;
    double sum = 0.0;
    for (std::size_t k = 0; k < pred.size(); ++k) {
        const double x = pred[k];
        sum += std::max(x, 0.0) - x * target[k] + std::log1p(std::exp(-std::abs(x)));
    }
    return sum / static_cast<double>(pred.size());
}

// dpred[k] = (sigmoid(x) - t) / (N F)     uses the cached logits x_ and targets t_;
// sigmoid is evaluated with exp of a non-positive number only.
const Tensor& BCEWithLogitsLoss::backward() {
    check_called("BCEWithLogitsLoss::backward", x_);
    dpred_.resize(x_.rows(), x_.cols());
    const double scale = 1.0 / static_cast<double>(x_.size());
    for (std::size_t k = 0; k < x_.size(); ++k) {
        const double e = std::exp(-std::abs(x_[k]));
        const double sigmoid = x_[k] >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        dpred_[k] = scale * (sigmoid - t_[k]);
    }
    return dpred_;
}

double BCEWithLogitsLoss::accuracy(const Tensor& pred, const Tensor& target) const {
    check_pair("BCEWithLogitsLoss::accuracy", pred, target);
    return threshold_accuracy(pred, target, 0.0);
}

// ---------------------------------------------------------------------------------------------
// CrossEntropyLoss
// ---------------------------------------------------------------------------------------------

namespace {
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
}  // namespace

// softmax[n][c] = exp(z[n][c] - m) / sum_c' exp(z[n][c'] - m),  m = max_c z[n][c]
// L = (1 / N) sum_n [ m + log sum_c exp(z[n][c] - m) - z[n][target[n]] ]
double CrossEntropyLoss::forward(const Tensor& pred, const Tensor& target) {
    check_class_targets("CrossEntropyLoss::forward", pred, target);
    class_.resize(pred.rows());
    for (std::size_t n = 0; n < pred.rows(); ++n) class_[n] = class_at("CrossEntropyLoss::forward", pred, target, n);
    softmax_.resize(pred.rows(), pred.cols());
    double sum = 0.0;
    for (std::size_t n = 0; n < pred.rows(); ++n) {
        double m = pred(n, 0);
        for (std::size_t c = 1; c < pred.cols(); ++c) m = std::max(m, pred(n, c));
        double z = 0.0;
        for (std::size_t c = 0; c < pred.cols(); ++c) {
            softmax_(n, c) = std::exp(pred(n, c) - m);
            z += softmax_(n, c);
        }
        for (std::size_t c = 0; c < pred.cols(); ++c) softmax_(n, c) /= z;
        sum += m + std::log(z) - pred(n, class_[n]);
    }
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

double CrossEntropyLoss::accuracy(const Tensor& pred, const Tensor& target) const {
    check_class_targets("CrossEntropyLoss::accuracy", pred, target);
    std::size_t correct = 0;
    for (std::size_t n = 0; n < pred.rows(); ++n)
        if (argmax_row(pred, n) == class_at("CrossEntropyLoss::accuracy", pred, target, n)) ++correct;
    return static_cast<double>(correct) / static_cast<double>(pred.rows());
}

}  // namespace mlp
