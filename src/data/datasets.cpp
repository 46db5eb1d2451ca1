// SPDX-License-Identifier: MIT
// datasets.cpp: toy data generators, one-hot encoding, stratified split and standardisation.
#include "mlp/data/datasets.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace mlp {

namespace {

// linspace(lo, hi, count) as numpy does it: count points, both ends included (one point: lo).
double linspace(double lo, double hi, std::size_t count, std::size_t k) {
    if (count <= 1) return lo;
    return lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(count - 1);
}

// Shuffles the rows of x and y together (one permutation for both).
Dataset shuffled(const Dataset& d, Rng& rng) {
    std::vector<std::size_t> order(d.x.rows());
    for (std::size_t n = 0; n < order.size(); ++n) order[n] = n;
    rng.shuffle(order);
    Dataset out;
    gather_rows(d.x, order, out.x);
    gather_rows(d.y, order, out.y);
    return out;
}

// Reads a label as a class index; throws naming `who` if it is not a non-negative integer.
std::size_t label_at(const std::string& who, const Tensor& labels, std::size_t n) {
    const double v = labels(n, 0);
    if (!(v >= 0.0) || v != std::floor(v))
        throw std::invalid_argument(who + ": expected labels that are non-negative integers, got " +
                                    std::to_string(v) + " in row " + std::to_string(n));
    return static_cast<std::size_t>(v);
}

void check_positive(const std::string& who, std::size_t n) {
    if (n == 0) throw std::invalid_argument(who + ": expected n > 0, got 0");
}

}  // namespace

Dataset make_xor() {
    return {Tensor::from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}}), Tensor::from_rows({{0}, {1}, {1}, {0}})};
}

Dataset make_moons(std::size_t n, double noise, Rng& rng) {
    check_positive("make_moons", n);
    const std::size_t n_out = n / 2;
    const std::size_t n_in = n - n_out;
    Dataset d{Tensor(n, 2), Tensor(n, 1)};
    for (std::size_t k = 0; k < n_out; ++k) {
        const double t = linspace(0.0, std::numbers::pi, n_out, k);
        d.x(k, 0) = std::cos(t);
        d.x(k, 1) = std::sin(t);
        d.y(k, 0) = 0.0;
    }
    for (std::size_t k = 0; k < n_in; ++k) {
        const double t = linspace(0.0, std::numbers::pi, n_in, k);
        d.x(n_out + k, 0) = 1.0 - std::cos(t);
        d.x(n_out + k, 1) = 1.0 - std::sin(t) - 0.5;
        d.y(n_out + k, 0) = 1.0;
    }
    for (std::size_t k = 0; k < d.x.size(); ++k) d.x[k] += noise * rng.normal();
    return shuffled(d, rng);
}

Dataset make_circles(std::size_t n, double noise, Rng& rng, double factor) {
    check_positive("make_circles", n);
    if (!(factor > 0.0 && factor < 1.0))
        throw std::invalid_argument("make_circles: expected 0 < factor < 1, got " + std::to_string(factor));
    const std::size_t n_out = n / 2;
    const std::size_t n_in = n - n_out;
    Dataset d{Tensor(n, 2), Tensor(n, 1)};
    // Angles over [0, 2 pi) without the end point, which would repeat the first.
    for (std::size_t k = 0; k < n_out; ++k) {
        const double t = 2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n_out);
        d.x(k, 0) = std::cos(t);
        d.x(k, 1) = std::sin(t);
        d.y(k, 0) = 0.0;
    }
    for (std::size_t k = 0; k < n_in; ++k) {
        const double t = 2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n_in);
        d.x(n_out + k, 0) = factor * std::cos(t);
        d.x(n_out + k, 1) = factor * std::sin(t);
        d.y(n_out + k, 0) = 1.0;
    }
    for (std::size_t k = 0; k < d.x.size(); ++k) d.x[k] += noise * rng.normal();
    return shuffled(d, rng);
}

Dataset make_spirals(std::size_t n, std::size_t arms, double noise, Rng& rng) {
    check_positive("make_spirals", n);
    if (arms == 0) throw std::invalid_argument("make_spirals: expected arms > 0, got 0");
    Dataset d{Tensor(n, 2), Tensor(n, 1)};
    std::size_t row = 0;
    for (std::size_t a = 0; a < arms; ++a) {
        const std::size_t count = n / arms + (a < n % arms ? 1 : 0);
        for (std::size_t k = 0; k < count; ++k, ++row) {
            const double r = linspace(0.0, 1.0, count, k);
            const double theta = static_cast<double>(a) * 2.0 * std::numbers::pi / static_cast<double>(arms) +
                                 4.0 * r + noise * rng.normal();
            d.x(row, 0) = r * std::cos(theta);
            d.x(row, 1) = r * std::sin(theta);
            d.y(row, 0) = static_cast<double>(a);
        }
    }
    return shuffled(d, rng);
}

Dataset make_blobs(std::size_t n, std::size_t centers, double stddev, Rng& rng) {
    check_positive("make_blobs", n);
    if (centers == 0) throw std::invalid_argument("make_blobs: expected centers > 0, got 0");
    std::vector<double> cx(centers), cy(centers);
    for (std::size_t c = 0; c < centers; ++c) {
        cx[c] = rng.uniform(-10.0, 10.0);
        cy[c] = rng.uniform(-10.0, 10.0);
    }
    Dataset d{Tensor(n, 2), Tensor(n, 1)};
    std::size_t row = 0;
    for (std::size_t c = 0; c < centers; ++c) {
        const std::size_t count = n / centers + (c < n % centers ? 1 : 0);
        for (std::size_t k = 0; k < count; ++k, ++row) {
            d.x(row, 0) = cx[c] + stddev * rng.normal();
            d.x(row, 1) = cy[c] + stddev * rng.normal();
            d.y(row, 0) = static_cast<double>(c);
        }
    }
    return shuffled(d, rng);
}

Tensor one_hot(const Tensor& labels, std::size_t classes) {
    if (labels.cols() != 1)
        throw std::invalid_argument("one_hot: expected labels of shape (N, 1), got " + labels.shape());
    Tensor out(labels.rows(), classes, 0.0);
    for (std::size_t n = 0; n < labels.rows(); ++n) {
        const std::size_t c = label_at("one_hot", labels, n);
        if (c >= classes)
            throw std::invalid_argument("one_hot: expected labels in [0, " + std::to_string(classes) + "), got " +
                                        std::to_string(c) + " in row " + std::to_string(n));
        out(n, c) = 1.0;
    }
    return out;
}

std::size_t class_count(const Tensor& labels) {
    std::size_t classes = 0;
    for (std::size_t n = 0; n < labels.rows(); ++n) {
        const std::size_t c = label_at("class_count", labels, n);
        if (c + 1 > classes) classes = c + 1;
    }
    return classes;
}

Split train_test_split(const Dataset& data, double test_fraction, Rng& rng) {
    if (!(test_fraction > 0.0 && test_fraction < 1.0))
        throw std::invalid_argument("train_test_split: expected 0 < test_fraction < 1, got " +
                                    std::to_string(test_fraction));
    if (data.x.rows() != data.y.rows() || data.y.cols() != 1)
        throw std::invalid_argument("train_test_split: expected x (N, F) and y (N, 1), got x " + data.x.shape() +
                                    " and y " + data.y.shape());
    // Group the rows by class, shuffle each group, and send the first part of it to the test set.
    std::vector<std::vector<std::size_t>> by_class(class_count(data.y));
    for (std::size_t n = 0; n < data.y.rows(); ++n) by_class[label_at("train_test_split", data.y, n)].push_back(n);
    std::vector<std::size_t> train_rows, test_rows;
    for (std::vector<std::size_t>& rows : by_class) {
        rng.shuffle(rows);
        const auto n_test = static_cast<std::size_t>(std::lround(static_cast<double>(rows.size()) * test_fraction));
        for (std::size_t k = 0; k < rows.size(); ++k) (k < n_test ? test_rows : train_rows).push_back(rows[k]);
    }
    rng.shuffle(train_rows);
    rng.shuffle(test_rows);
    Split split;
    gather_rows(data.x, train_rows, split.train.x);
    gather_rows(data.y, train_rows, split.train.y);
    gather_rows(data.x, test_rows, split.test.x);
    gather_rows(data.y, test_rows, split.test.y);
    return split;
}

// mean[i] = sum_n x[n][i] / N        std[i] = sqrt(sum_n (x[n][i] - mean[i])^2 / N)
void Standardizer::fit(const Tensor& x) {
    if (x.rows() == 0) throw std::invalid_argument("Standardizer::fit: expected at least one row, got " + x.shape());
    const auto N = static_cast<double>(x.rows());
    mean_.assign(x.cols(), 0.0);
    std_.assign(x.cols(), 0.0);
    for (std::size_t n = 0; n < x.rows(); ++n)
        for (std::size_t i = 0; i < x.cols(); ++i) mean_[i] += x(n, i) / N;
    for (std::size_t n = 0; n < x.rows(); ++n)
        for (std::size_t i = 0; i < x.cols(); ++i) std_[i] += (x(n, i) - mean_[i]) * (x(n, i) - mean_[i]) / N;
    for (std::size_t i = 0; i < x.cols(); ++i) std_[i] = std::sqrt(std_[i]);
}

Tensor Standardizer::transform(const Tensor& x) const {
    if (mean_.empty()) throw std::invalid_argument("Standardizer::transform: expected a fitted standardizer, got none");
    if (x.cols() != mean_.size())
        throw std::invalid_argument("Standardizer::transform: expected " + std::to_string(mean_.size()) +
                                    " columns, got " + x.shape());
    Tensor out(x.rows(), x.cols());
    for (std::size_t n = 0; n < x.rows(); ++n)
        for (std::size_t i = 0; i < x.cols(); ++i) {
            const double centred = x(n, i) - mean_[i];
            // A constant column has std 0: centre it and leave it at 0 rather than divide by 0.
            out(n, i) = std_[i] > 0.0 ? centred / std_[i] : centred;
        }
    return out;
}

}  // namespace mlp
