// SPDX-License-Identifier: MIT
// datasets.hpp: seeded toy data generators (XOR, moons, circles, spirals, blobs), one-hot
// encoding, a stratified train/test split and a standardiser fitted on training data only.
#pragma once

#include <cstddef>
#include <vector>

#include "mlp/core/rng.hpp"
#include "mlp/core/tensor.hpp"

namespace mlp {

// A classification data set: N samples of F features and their class indices.
struct Dataset {
    Tensor x;  // (N, F) features
    Tensor y;  // (N, 1) class index 0..C-1 stored as a double; (N, T) targets for regression
};

// The four points of XOR: (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0.
Dataset make_xor();

// scikit-learn's make_moons: two interleaving half circles, n/2 points on the outer one
// (class 0) and the rest on the inner one (class 1), t evenly spaced over [0, pi] on each:
//   outer (cos t, sin t)    inner (1 - cos t, 1 - sin t - 0.5)
// then gaussian noise of standard deviation `noise` on each coordinate, then shuffled.
Dataset make_moons(std::size_t n, double noise, Rng& rng);

// scikit-learn's make_circles: n/2 points on the unit circle (class 0) and the rest on a
// circle of radius `factor` (class 1), angles evenly spaced over [0, 2 pi), noise, shuffled.
Dataset make_circles(std::size_t n, double noise, Rng& rng, double factor = 0.8);

// `arms` interleaved spirals (CS231n's toy set), n / arms points each (the first n % arms
// arms get one more). For arm a and r evenly spaced over [0, 1]:
//   theta = a * 2 pi / arms + 4 r + noise * N(0, 1)      x = (r cos theta, r sin theta)
Dataset make_spirals(std::size_t n, std::size_t arms, double noise, Rng& rng);

// scikit-learn's make_blobs in 2-D: `centers` centres drawn uniformly from [-10, 10]^2, then
// n points shared out evenly among them, each centre + std * N(0, 1) per coordinate, shuffled.
Dataset make_blobs(std::size_t n, std::size_t centers, double stddev, Rng& rng);

// Class indices (N, 1) -> one-hot rows (N, classes): row n has a 1 in column labels[n].
// Throws std::invalid_argument when a label is not an integer in [0, classes).
Tensor one_hot(const Tensor& labels, std::size_t classes);

// Number of classes: the largest label + 1 (labels must be non-negative integers).
std::size_t class_count(const Tensor& labels);

struct Split {
    Dataset train;
    Dataset test;
};

// Seeded split stratified by class: of each class's samples, round(count * test_fraction)
// go to the test set, chosen at random; both sets are then shuffled.
// test_fraction must be in (0, 1); labels must be non-negative integers.
Split train_test_split(const Dataset& data, double test_fraction, Rng& rng);

// Rescales every feature to mean 0 and standard deviation 1, using the mean and (population)
// standard deviation of the data it was fitted on: fit on the training split only, so no
// information from the test split leaks into training.
//   x'[n][i] = (x[n][i] - mean[i]) / std[i]
// A feature with std 0 (a constant column) is only centred, never divided by 0.
class Standardizer {
public:
    void fit(const Tensor& x);
    Tensor transform(const Tensor& x) const;
    Tensor fit_transform(const Tensor& x) {
        fit(x);
        return transform(x);
    }

    const std::vector<double>& mean() const { return mean_; }
    const std::vector<double>& stddev() const { return std_; }

private:
    std::vector<double> mean_;  // (F) per-feature mean of the fitted data
    std::vector<double> std_;   // (F) per-feature standard deviation (0 for a constant column)
};

}  // namespace mlp
