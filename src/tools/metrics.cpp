// SPDX-License-Identifier: MIT
// metrics.cpp: confusion matrix, per-class precision/recall/F1 and their report; R^2 and MAE.
#include "mlp/tools/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace mlp {

std::size_t ConfusionMatrix::total() const {
    std::size_t sum = 0;
    for (std::size_t c : counts_) sum += c;
    return sum;
}

std::size_t ConfusionMatrix::correct() const {
    std::size_t sum = 0;
    for (std::size_t c = 0; c < classes_; ++c) sum += (*this)(c, c);
    return sum;
}

ConfusionMatrix confusion_matrix(const std::vector<std::size_t>& truth, const std::vector<std::size_t>& predicted,
                                 std::size_t classes) {
    if (truth.size() != predicted.size())
        throw std::invalid_argument("confusion_matrix: expected as many predictions as true classes (" +
                                    std::to_string(truth.size()) + "), got " + std::to_string(predicted.size()));
    if (truth.empty()) throw std::invalid_argument("confusion_matrix: expected at least one sample, got none");
    if (classes == 0)
        classes = 1 + std::max(*std::max_element(truth.begin(), truth.end()),
                               *std::max_element(predicted.begin(), predicted.end()));
    ConfusionMatrix m(classes);
    for (std::size_t n = 0; n < truth.size(); ++n) {
        if (truth[n] >= classes || predicted[n] >= classes)
            throw std::invalid_argument("confusion_matrix: expected class indices below " + std::to_string(classes) +
                                        ", got true " + std::to_string(truth[n]) + " and predicted " +
                                        std::to_string(predicted[n]) + " at sample " + std::to_string(n));
        ++m(truth[n], predicted[n]);
    }
    return m;
}

std::vector<std::size_t> class_indices(const Tensor& labels) {
    if (labels.cols() != 1) throw std::invalid_argument("class_indices: expected labels of shape (N, 1), got " + labels.shape());
    std::vector<std::size_t> out(labels.rows());
    for (std::size_t n = 0; n < labels.rows(); ++n) {
        const double v = labels(n, 0);
        if (!(v >= 0.0) || v != std::floor(v))
            throw std::invalid_argument("class_indices: expected non-negative integer labels, got " + std::to_string(v) +
                                        " in row " + std::to_string(n));
        out[n] = static_cast<std::size_t>(v);
    }
    return out;
}

std::vector<std::size_t> predicted_classes(const Tensor& output, double threshold) {
    if (output.cols() == 0) throw std::invalid_argument("predicted_classes: expected at least one column, got " + output.shape());
    std::vector<std::size_t> out(output.rows());
    for (std::size_t n = 0; n < output.rows(); ++n) {
        if (output.cols() == 1) {
            out[n] = output(n, 0) >= threshold ? 1 : 0;
            continue;
        }
        std::size_t best = 0;
        for (std::size_t c = 1; c < output.cols(); ++c)
            if (output(n, c) > output(n, best)) best = c;
        out[n] = best;
    }
    return out;
}

std::vector<ClassMetrics> class_metrics(const ConfusionMatrix& m) {
    auto ratio = [](std::size_t a, std::size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); };
    std::vector<ClassMetrics> out(m.classes());
    for (std::size_t c = 0; c < m.classes(); ++c) {
        std::size_t predicted_c = 0, actual_c = 0;
        for (std::size_t k = 0; k < m.classes(); ++k) {
            predicted_c += m(k, c);
            actual_c += m(c, k);
        }
        ClassMetrics& r = out[c];
        r.precision = ratio(m(c, c), predicted_c);
        r.recall = ratio(m(c, c), actual_c);
        r.f1 = r.precision + r.recall == 0.0 ? 0.0 : 2.0 * r.precision * r.recall / (r.precision + r.recall);
        r.support = actual_c;
    }
    return out;
}

namespace {

std::vector<std::string> labels_for(const ConfusionMatrix& m, const std::vector<std::string>& names, const char* who) {
    if (!names.empty() && names.size() != m.classes())
        throw std::invalid_argument(std::string(who) + ": expected " + std::to_string(m.classes()) +
                                    " class names (one per class) or none, got " + std::to_string(names.size()));
    if (!names.empty()) return names;
    std::vector<std::string> out;
    for (std::size_t c = 0; c < m.classes(); ++c) out.push_back(std::to_string(c));
    return out;
}

std::size_t widest(const std::vector<std::string>& words, std::size_t at_least) {
    std::size_t w = at_least;
    for (const std::string& s : words) w = std::max(w, s.size());
    return w;
}

}  // namespace

std::string classification_report(const ConfusionMatrix& m, const std::vector<std::string>& names) {
    const std::vector<std::string> labels = labels_for(m, names, "classification_report");
    const std::vector<ClassMetrics> metrics = class_metrics(m);
    const int w = static_cast<int>(widest(labels, 13));
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-*s %9s %9s %9s %9s\n", w, "class", "precision", "recall", "f1", "support");
    out += line;
    ClassMetrics macro;
    for (std::size_t c = 0; c < m.classes(); ++c) {
        const ClassMetrics& r = metrics[c];
        std::snprintf(line, sizeof line, "%-*s %9.4f %9.4f %9.4f %9zu\n", w, labels[c].c_str(), r.precision, r.recall, r.f1,
                      r.support);
        out += line;
        macro.precision += r.precision / static_cast<double>(m.classes());
        macro.recall += r.recall / static_cast<double>(m.classes());
        macro.f1 += r.f1 / static_cast<double>(m.classes());
    }
    std::snprintf(line, sizeof line, "%-*s %9s %9s %9.4f %9zu\n", w, "accuracy", "", "", m.accuracy(), m.total());
    out += line;
    std::snprintf(line, sizeof line, "%-*s %9.4f %9.4f %9.4f %9zu\n", w, "macro average", macro.precision, macro.recall,
                  macro.f1, m.total());
    out += line;
    return out;
}

std::string confusion_matrix_text(const ConfusionMatrix& m, const std::vector<std::string>& names) {
    const std::vector<std::string> labels = labels_for(m, names, "confusion_matrix_text");
    std::size_t biggest = 1;
    for (std::size_t t = 0; t < m.classes(); ++t)
        for (std::size_t p = 0; p < m.classes(); ++p) biggest = std::max(biggest, m(t, p));
    const int cell = static_cast<int>(widest(labels, std::max<std::size_t>(std::to_string(biggest).size(), 3)));
    const int w = static_cast<int>(widest(labels, 10));
    std::string out;
    char text[256];
    std::snprintf(text, sizeof text, "%-*s", w, "true \\ predicted");
    out += std::string(text) + "\n";
    std::snprintf(text, sizeof text, "%-*s", w, "");
    out += text;
    for (std::size_t p = 0; p < m.classes(); ++p) {
        std::snprintf(text, sizeof text, " %*s", cell, labels[p].c_str());
        out += text;
    }
    out += '\n';
    for (std::size_t t = 0; t < m.classes(); ++t) {
        std::snprintf(text, sizeof text, "%-*s", w, labels[t].c_str());
        out += text;
        for (std::size_t p = 0; p < m.classes(); ++p) {
            std::snprintf(text, sizeof text, " %*zu", cell, m(t, p));
            out += text;
        }
        out += '\n';
    }
    return out;
}

namespace {

void check_regression(const char* who, const Tensor& truth, const Tensor& pred) {
    if (truth.rows() != pred.rows() || truth.cols() != pred.cols())
        throw std::invalid_argument(std::string(who) + ": expected predictions of the truth's shape " + truth.shape() +
                                    ", got " + pred.shape());
    if (truth.empty()) throw std::invalid_argument(std::string(who) + ": expected at least one sample, got " + truth.shape());
}

}  // namespace

double mean_absolute_error(const Tensor& truth, const Tensor& pred) {
    check_regression("mean_absolute_error", truth, pred);
    double sum = 0.0;
    for (std::size_t k = 0; k < truth.size(); ++k) sum += std::fabs(pred[k] - truth[k]);
    return sum / static_cast<double>(truth.size());
}

double r2_score(const Tensor& truth, const Tensor& pred) {
    check_regression("r2_score", truth, pred);
    double residual = 0.0, total = 0.0;  // sum (truth - pred)^2 and sum (truth - column mean)^2
    for (std::size_t t = 0; t < truth.cols(); ++t) {
        double mean = 0.0;
        for (std::size_t n = 0; n < truth.rows(); ++n) mean += truth(n, t);
        mean /= static_cast<double>(truth.rows());
        for (std::size_t n = 0; n < truth.rows(); ++n) {
            residual += (truth(n, t) - pred(n, t)) * (truth(n, t) - pred(n, t));
            total += (truth(n, t) - mean) * (truth(n, t) - mean);
        }
    }
    if (total == 0.0)
        throw std::invalid_argument("r2_score: expected true values that vary, got " + std::to_string(truth.rows()) +
                                    " rows all equal to their mean (R^2 is undefined)");
    return 1.0 - residual / total;
}

}  // namespace mlp
