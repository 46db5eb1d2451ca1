// SPDX-License-Identifier: MIT
// loss.hpp: loss functions with PyTorch's 'mean' reduction; backward() returns dL/dpred.
#pragma once

#include <cstddef>
#include <string>

#include "mlp/core/tensor.hpp"

namespace mlp {

// forward(pred, target) returns the mean loss and caches what backward needs;
// backward() returns dL/dpred for that same call (a buffer the loss owns).
// A loss also says what a prediction MEANS, since only it knows (a logit? a probability?):
// probabilities(pred, p) turns predictions (N, F) into class probabilities p (N, C): one
// column is a binary prediction, C = 2 with p0 = 1 - p1; several columns are C classes.
// Everything else that reads outputs as classes is derived from it here, once, for every loss:
// decide(pred, n) is row n's most probable class (the lower class on a tie), and
// accuracy(pred, target) is the fraction of rows whose decision is target_class(target, n, C).
// Plots and the terminal pictures draw probabilities(); nothing else reads outputs as classes.
class Loss {
public:
    virtual ~Loss() = default;
    virtual double forward(const Tensor& pred, const Tensor& target) = 0;
    virtual const Tensor& backward() = 0;
    virtual void probabilities(const Tensor& pred, Tensor& p) const = 0;
    virtual std::string name() const = 0;

    std::size_t decide(const Tensor& pred, std::size_t n) const;
    double accuracy(const Tensor& pred, const Tensor& target) const;

    // The class that target row n names, out of C: several columns are a one-hot row (its
    // argmax); one column is a 0/1 target (t >= 0.5) when C = 2, else a class index 0..C-1.
    // Virtual so that a loss whose targets mean something else can say so.
    virtual std::size_t target_class(const Tensor& target, std::size_t n, std::size_t C) const;

    // What an untrained network should score, for outputs near 0 (diagnostics compare the first
    // loss with it), and why, in words. NaN with "no baseline known" for a loss that has none.
    struct Baseline {
        double value;
        std::string why;
    };
    virtual Baseline baseline(const Tensor& pred, const Tensor& target) const;

private:
    mutable Tensor accuracy_p_;  // (N, C) accuracy()'s probabilities, kept so a warm training step allocates nothing
};

// L = mean over all N*F elements of (pred - target)^2          pred, target: (N, F)
// Probabilities: the outputs themselves, clipped to [0, 1] (one column: p1 = pred; several:
// each row divided by its sum, uniform if all are 0).
class MSELoss : public Loss {
public:
    double forward(const Tensor& pred, const Tensor& target) override;
    const Tensor& backward() override;
    void probabilities(const Tensor& pred, Tensor& p) const override;
    std::string name() const override { return "MSELoss"; }
    Baseline baseline(const Tensor& pred, const Tensor& target) const override;

private:
    Tensor diff_;   // (N, F) pred - target
    Tensor dpred_;  // (N, F)
};

// L = -mean(t log p + (1 - t) log(1 - p)), p probabilities in [0, 1], t targets in [0, 1].
// Each log is clamped at -100, as PyTorch does, so p = 0 or 1 gives a finite loss.
// Probabilities: the outputs, read as MSELoss reads them (p1 = pred for one column).
class BCELoss : public Loss {
public:
    double forward(const Tensor& pred, const Tensor& target) override;
    const Tensor& backward() override;
    void probabilities(const Tensor& pred, Tensor& p) const override;
    std::string name() const override { return "BCELoss"; }
    Baseline baseline(const Tensor& pred, const Tensor& target) const override;

private:
    Tensor p_, t_, dpred_;
};

// BCE on logits x with the sigmoid fused in, in the stable form
//   l = max(x, 0) - x t + log1p(exp(-|x|))
// (no exp of a large positive number, no log of 0). Probabilities: sigmoid(x) of each output,
// then read as BCELoss reads its outputs (p1 = sigmoid(x) for one column).
class BCEWithLogitsLoss : public Loss {
public:
    double forward(const Tensor& pred, const Tensor& target) override;
    const Tensor& backward() override;
    void probabilities(const Tensor& pred, Tensor& p) const override;
    std::string name() const override { return "BCEWithLogitsLoss"; }
    Baseline baseline(const Tensor& pred, const Tensor& target) const override;

private:
    Tensor x_, t_, dpred_;
};

// Softmax cross-entropy over C classes, the softmax fused in:
//   logits z: (N, C), target: (N, 1) holding class indices 0..C-1
//   L = mean_n [ logsumexp(z[n]) - z[n][target[n]] ]
// logsumexp subtracts the row max first, so logits of +-1000 cannot overflow.
// Probabilities: the softmax of each row.
class CrossEntropyLoss : public Loss {
public:
    double forward(const Tensor& pred, const Tensor& target) override;
    const Tensor& backward() override;
    void probabilities(const Tensor& pred, Tensor& p) const override;
    std::string name() const override { return "CrossEntropyLoss"; }
    Baseline baseline(const Tensor& pred, const Tensor& target) const override;

private:
    Tensor softmax_;                 // (N, C) softmax of the logits
    std::vector<std::size_t> class_;  // (N)   target classes
    Tensor dpred_;                   // (N, C)
};

// Index of the largest element of row n (the first one on ties).
std::size_t argmax_row(const Tensor& t, std::size_t n);

// The checks every loss makes, shared so that each says the same thing; `who` names the caller
// ("HuberLoss::forward") and each throws std::invalid_argument (check_called: std::logic_error).
// pred is not empty and target has its shape:
void check_pair(const char* who, const Tensor& pred, const Tensor& target);
// forward() has filled the cache backward() needs:
void check_called(const char* who, const Tensor& cache);
// target is (N, 1) class indices beside scores (N, C), N > 0:
void check_class_targets(const char* who, const Tensor& pred, const Tensor& target);
// target[n] as a class index below C (a whole number in 0..C-1):
std::size_t class_at(const char* who, const Tensor& pred, const Tensor& target, std::size_t n);

}  // namespace mlp
