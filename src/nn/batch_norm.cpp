// SPDX-License-Identifier: MIT
// batch_norm.cpp: BatchNorm1d's forward (batch or running statistics) and backward.
#include "mlp/nn/batch_norm.hpp"
#include "mlp/core/number_text.hpp"

#include <cmath>
#include <stdexcept>

#include "mlp/nn/activation.hpp"  // with_params
#include "mlp/nn/layer_registry.hpp"

namespace mlp {

BatchNorm1d::BatchNorm1d(std::size_t features, BatchNorm1dOptions options)
    : gamma(1, features, 1.0), beta(1, features), dgamma(1, features), dbeta(1, features),
      running_mean(1, features), running_var(1, features, 1.0), options_(options) {
    if (features == 0) throw std::invalid_argument("BatchNorm1d: expected features > 0, got 0");
    if (!(options.eps > 0.0) || !std::isfinite(options.eps))
        throw std::invalid_argument("BatchNorm1d: expected eps > 0, got " + format_number(options.eps));
    if (!(options.momentum >= 0.0 && options.momentum <= 1.0))
        throw std::invalid_argument("BatchNorm1d: expected momentum in [0, 1], got " + format_number(options.momentum));
}

std::string BatchNorm1d::name() const { return "BatchNorm1d(" + std::to_string(features()) + ")"; }

std::string BatchNorm1d::spec() const {
    const BatchNorm1dOptions defaults;
    if (options_.eps == defaults.eps && options_.momentum == defaults.momentum)
        return "batch_norm:" + std::to_string(features());
    return with_params("batch_norm", {static_cast<double>(features()), options_.eps, options_.momentum}, true);
}

// training:   mu[j] = 1/N sum_n x[n][j],   var[j] = 1/N sum_n (x[n][j] - mu[j])^2
//             running_mean = (1 - m) running_mean + m mu
//             running_var  = (1 - m) running_var  + m var N / (N - 1)
// evaluation: mu = running_mean, var = running_var
// xhat[n][j] = (x[n][j] - mu[j]) / sqrt(var[j] + eps);   y[n][j] = gamma[j] xhat[n][j] + beta[j]
// x: (N, C) -> y: (N, C)
const Tensor& BatchNorm1d::forward(const Tensor& x) {
    check_input("BatchNorm1d::forward", x, features());
    const std::size_t N = x.rows(), C = features();
    if (training() && N < 2) {
        throw std::invalid_argument("BatchNorm1d::forward: expected at least 2 samples in training (the variance of "
                                    "one sample is 0), got " + x.shape() + "; call eval() to use the running statistics");
    }
    used_batch_ = training();
    xhat_.resize(N, C);
    inv_std_.resize(1, C);
    y_.resize(N, C);
    for (std::size_t j = 0; j < C; ++j) {
        double mu = running_mean(0, j), var = running_var(0, j);
        if (used_batch_) {
            mu = 0.0;
            for (std::size_t n = 0; n < N; ++n) mu += x(n, j);
            mu /= static_cast<double>(N);
            var = 0.0;
            for (std::size_t n = 0; n < N; ++n) var += (x(n, j) - mu) * (x(n, j) - mu);
            var /= static_cast<double>(N);
            // PyTorch's rule: the running variance takes the unbiased estimate, the batch is normalised
            // with the biased one.
            const double m = options_.momentum;
            running_mean(0, j) = (1.0 - m) * running_mean(0, j) + m * mu;
            running_var(0, j) = (1.0 - m) * running_var(0, j) + m * var * static_cast<double>(N) / static_cast<double>(N - 1);
        }
        inv_std_(0, j) = 1.0 / std::sqrt(var + options_.eps);
        for (std::size_t n = 0; n < N; ++n) {
            xhat_(n, j) = (x(n, j) - mu) * inv_std_(0, j);
            y_(n, j) = gamma(0, j) * xhat_(n, j) + beta(0, j);
        }
    }
    return y_;
}

// dgamma[j] += sum_n dy[n][j] xhat[n][j];   dbeta[j] += sum_n dy[n][j]
// dxhat[n][j] = dy[n][j] gamma[j]
// evaluation (mu, var constants):  dx = dxhat / sqrt(var + eps)
// training, where mu and var depend on every x[n][j] of the column, the simplified form used here:
//   dx[n][j] = 1/(N sqrt(var + eps)) (N dxhat[n][j] - sum_m dxhat[m][j] - xhat[n][j] sum_m dxhat[m][j] xhat[m][j])
// It is the step-by-step chain rule through the forward's graph, collected:
//   dvar[j] = sum_n dxhat[n][j] (x[n][j] - mu[j]) (-1/2) (var[j] + eps)^(-3/2)
//   dmu[j]  = sum_n dxhat[n][j] (-1 / sqrt(var[j] + eps)) + dvar[j] sum_n (-2 (x[n][j] - mu[j]) / N)
//             (the second sum is 0: deviations from the mean add up to 0)
//   dx[n][j] = dxhat[n][j] / sqrt(var[j] + eps) + dvar[j] 2 (x[n][j] - mu[j]) / N + dmu[j] / N
// Substituting x - mu = xhat sqrt(var + eps) gives the simplified form.
// Uses the cached xhat_ and inv_std_ = 1 / sqrt(var + eps).
const Tensor& BatchNorm1d::backward(const Tensor& dy) {
    if (dy.rows() != xhat_.rows() || dy.cols() != xhat_.cols()) check_same_shape("BatchNorm1d::backward", xhat_, dy);
    const std::size_t N = dy.rows(), C = features();
    dx_.resize(N, C);
    for (std::size_t j = 0; j < C; ++j) {
        double sum_dxhat = 0.0, sum_dxhat_xhat = 0.0;
        for (std::size_t n = 0; n < N; ++n) {
            dgamma(0, j) += dy(n, j) * xhat_(n, j);
            dbeta(0, j) += dy(n, j);
            sum_dxhat += dy(n, j) * gamma(0, j);
            sum_dxhat_xhat += dy(n, j) * gamma(0, j) * xhat_(n, j);
        }
        for (std::size_t n = 0; n < N; ++n) {
            const double dxhat = dy(n, j) * gamma(0, j);
            if (!used_batch_) {
                dx_(n, j) = dxhat * inv_std_(0, j);
            } else {
                dx_(n, j) = inv_std_(0, j) / static_cast<double>(N) *
                            (static_cast<double>(N) * dxhat - sum_dxhat - xhat_(n, j) * sum_dxhat_xhat);
            }
        }
    }
    return dx_;
}

std::unique_ptr<Layer> make_batch_norm(std::string_view spec) {
    const std::vector<double> p = spec_numbers(spec, "make_layer", 1, 3);
    if (p.size() == 2)
        throw std::invalid_argument("make_layer: batch_norm expects C or C,EPS,MOMENTUM, got \"" +
                                    std::string(spec.substr(0, 60)) + "\"");
    const std::size_t features = spec_count(p[0], "make_layer", "batch_norm C", 1 << 24);
    BatchNorm1dOptions options;
    if (p.size() == 3) options = {.eps = p[1], .momentum = p[2]};
    return std::make_unique<BatchNorm1d>(features, options);
}

}  // namespace mlp
