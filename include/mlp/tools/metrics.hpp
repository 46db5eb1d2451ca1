// SPDX-License-Identifier: MIT
// metrics.hpp: how good a trained model is, beyond accuracy: the confusion matrix, precision,
// recall and F1 per class and a printed report (classification); R^2 and mean absolute error
// (regression). Every function takes plain predictions and truths, so it serves any model.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mlp/core/tensor.hpp"

namespace mlp {

// counts(t, p): how many samples of true class t were predicted as class p. Rows are the truth,
// columns the prediction (scikit-learn's and most textbooks' orientation); the diagonal is right.
class ConfusionMatrix {
public:
    explicit ConfusionMatrix(std::size_t classes) : classes_(classes), counts_(classes * classes, 0) {}
    std::size_t classes() const { return classes_; }
    std::size_t operator()(std::size_t truth, std::size_t predicted) const { return counts_[truth * classes_ + predicted]; }
    std::size_t& operator()(std::size_t truth, std::size_t predicted) { return counts_[truth * classes_ + predicted]; }
    std::size_t total() const;
    std::size_t correct() const;  // the diagonal's sum
    double accuracy() const { return total() == 0 ? 0.0 : static_cast<double>(correct()) / static_cast<double>(total()); }
    friend bool operator==(const ConfusionMatrix&, const ConfusionMatrix&) = default;

private:
    std::size_t classes_;
    std::vector<std::size_t> counts_;  // (classes, classes) row-major
};

// Counts pairs (truth[n], predicted[n]). `classes` 0 means the largest index seen + 1.
// Throws std::invalid_argument for vectors of different lengths, no samples, or an index >= classes.
ConfusionMatrix confusion_matrix(const std::vector<std::size_t>& truth, const std::vector<std::size_t>& predicted,
                                 std::size_t classes = 0);

// Class indices from a label column (N, 1) of non-negative integers (a Dataset's y).
std::vector<std::size_t> class_indices(const Tensor& labels);

// The predicted class of each row of a model's output (N, C): the column with the largest value
// (the first one on ties), which is the same for logits, probabilities and log-probabilities.
// With one column (a binary model's sigmoid probability) it is 1 when the output is >= threshold.
std::vector<std::size_t> predicted_classes(const Tensor& output, double threshold = 0.5);

// For class c, from the confusion matrix M:
//   precision = M(c,c) / sum_t M(t,c)   of the samples predicted c, the fraction that are c
//   recall    = M(c,c) / sum_p M(c,p)   of the samples that are c, the fraction found
//   F1        = 2 precision recall / (precision + recall)   (their harmonic mean)
//   support   = sum_p M(c,p)            how many samples are c
// A 0/0 (a class never predicted, or never present) counts as 0, as scikit-learn's default does.
struct ClassMetrics {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
    std::size_t support = 0;
};
std::vector<ClassMetrics> class_metrics(const ConfusionMatrix& m);

// A table a person reads: one row per class (its name, or its index when `names` is empty) with
// precision, recall, F1 and support, then the accuracy and the macro average (the plain mean over
// classes, so a rare class counts as much as a common one). `names` must be empty or one per class.
std::string classification_report(const ConfusionMatrix& m, const std::vector<std::string>& names = {});

// The confusion matrix as text: truth down the rows, prediction across, with the names (or
// indices) as labels.
std::string confusion_matrix_text(const ConfusionMatrix& m, const std::vector<std::string>& names = {});

// Regression, over every element of two tensors of the same shape (N, T):
//   MAE = (1 / NT) sum |pred - truth|
//   R^2 = 1 - sum (truth - pred)^2 / sum (truth - mean_t)^2, with each column's own mean
// (scikit-learn's r2_score with multioutput='variance_weighted' for T > 1; for one target it is
// the usual R^2: 1 is perfect, 0 is no better than always predicting the mean, and it can be
// negative). Throws std::invalid_argument for different shapes, no samples, or (R^2) truths
// that are all equal to their mean, where R^2 is undefined.
double mean_absolute_error(const Tensor& truth, const Tensor& pred);
double r2_score(const Tensor& truth, const Tensor& pred);

}  // namespace mlp
