// SPDX-License-Identifier: MIT
// layer_norm.cpp: LayerNorm's forward and backward, one sample (row) at a time.
#include "mlp/nn/layer_norm.hpp"
#include "mlp/core/number_text.hpp"

#include <cmath>
#include <stdexcept>

#include "mlp/nn/activation.hpp"  // with_params
#include "mlp/nn/layer_registry.hpp"

namespace mlp {

LayerNorm::LayerNorm(std::size_t features, double eps)
    : gamma(1, features, 1.0), beta(1, features), dgamma(1, features), dbeta(1, features), eps_(eps) {
    if (features == 0) throw std::invalid_argument("LayerNorm: expected features > 0, got 0");
    if (!(eps > 0.0) || !std::isfinite(eps))
        throw std::invalid_argument("LayerNorm: expected eps > 0, got " + format_number(eps));
}

std::string LayerNorm::name() const { return "LayerNorm(" + std::to_string(features()) + ")"; }

std::string LayerNorm::spec() const {
    if (eps_ == 1e-5) return "layer_norm:" + std::to_string(features());
    return with_params("layer_norm", {static_cast<double>(features()), eps_}, true);
}

// mu[n] = 1/C sum_j x[n][j],   var[n] = 1/C sum_j (x[n][j] - mu[n])^2
// xhat[n][j] = (x[n][j] - mu[n]) / sqrt(var[n] + eps);   y[n][j] = gamma[j] xhat[n][j] + beta[j]
// x: (N, C) -> y: (N, C)
const Tensor& LayerNorm::forward(const Tensor& x) {
    check_input("LayerNorm::forward", x, features());
    const std::size_t N = x.rows(), C = features();
    xhat_.resize(N, C);
    inv_std_.resize(N, 1);
    y_.resize(N, C);
    for (std::size_t n = 0; n < N; ++n) {
        double mu = 0.0;
        for (std::size_t j = 0; j < C; ++j) mu += x(n, j);
        mu /= static_cast<double>(C);
        double var = 0.0;
        for (std::size_t j = 0; j < C; ++j) var += (x(n, j) - mu) * (x(n, j) - mu);
        var /= static_cast<double>(C);
        inv_std_(n, 0) = 1.0 / std::sqrt(var + eps_);
        for (std::size_t j = 0; j < C; ++j) {
            xhat_(n, j) = (x(n, j) - mu) * inv_std_(n, 0);
            y_(n, j) = gamma(0, j) * xhat_(n, j) + beta(0, j);
        }
    }
    return y_;
}

// dgamma[j] += sum_n dy[n][j] xhat[n][j];   dbeta[j] += sum_n dy[n][j]
// dxhat[n][j] = dy[n][j] gamma[j]
// dx[n][j] = 1/(C sqrt(var[n] + eps)) (C dxhat[n][j] - sum_i dxhat[n][i] - xhat[n][j] sum_i dxhat[n][i] xhat[n][i])
// BatchNorm's training backward (batch_norm.cpp derives it step by step) with the roles of
// samples and features exchanged: mu and var here are taken along a row, so the sums run over j.
// Uses the cached xhat_ and inv_std_ = 1 / sqrt(var + eps).
const Tensor& LayerNorm::backward(const Tensor& dy) {
    if (dy.rows() != xhat_.rows() || dy.cols() != xhat_.cols()) check_same_shape("LayerNorm::backward", xhat_, dy);
    const std::size_t N = dy.rows(), C = features();
    dx_.resize(N, C);
    for (std::size_t n = 0; n < N; ++n) {
        double sum_dxhat = 0.0, sum_dxhat_xhat = 0.0;
        for (std::size_t j = 0; j < C; ++j) {
            dgamma(0, j) += dy(n, j) * xhat_(n, j);
            dbeta(0, j) += dy(n, j);
            sum_dxhat += dy(n, j) * gamma(0, j);
            sum_dxhat_xhat += dy(n, j) * gamma(0, j) * xhat_(n, j);
        }
        for (std::size_t j = 0; j < C; ++j) {
            const double dxhat = dy(n, j) * gamma(0, j);
            dx_(n, j) = inv_std_(n, 0) / static_cast<double>(C) *
                        (static_cast<double>(C) * dxhat - sum_dxhat - xhat_(n, j) * sum_dxhat_xhat);
        }
    }
    return dx_;
}

std::unique_ptr<Layer> make_layer_norm(std::string_view spec) {
    const std::vector<double> p = spec_numbers(spec, "make_layer", 1, 2);
    const std::size_t features = spec_count(p[0], "make_layer", "layer_norm C", 1 << 24);
    return std::make_unique<LayerNorm>(features, p.size() > 1 ? p[1] : 1e-5);
}

}  // namespace mlp
