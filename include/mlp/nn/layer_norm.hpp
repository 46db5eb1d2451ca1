// SPDX-License-Identifier: MIT
// layer_norm.hpp: layer normalisation over the features of each sample (Ba, Kiros & Hinton 2016;
// PyTorch's nn.LayerNorm over the last dimension). The same in training and evaluation.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mlp/nn/layer.hpp"

namespace mlp {

// Each sample n is normalised over its own C features, then scaled and shifted per feature:
//   mu[n]  = 1/C sum_j x[n][j]
//   var[n] = 1/C sum_j (x[n][j] - mu[n])^2            biased, as PyTorch
//   xhat[n][j] = (x[n][j] - mu[n]) / sqrt(var[n] + eps)
//   y[n][j]    = gamma[j] xhat[n][j] + beta[j]
// x: (N, C) -> y: (N, C); gamma, beta: (1, C). Unlike BatchNorm, no sample depends on another,
// so there are no running statistics and a batch of one is fine.
// Spec "layer_norm:C" or "layer_norm:C,EPS".
class LayerNorm : public Layer {
public:
    explicit LayerNorm(std::size_t features, double eps = 1e-5);

    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::vector<Param> params() override { return {{"gamma", &gamma, &dgamma}, {"beta", &beta, &dbeta}}; }
    std::string name() const override;  // "LayerNorm(4)"
    std::string spec() const override;  // "layer_norm:4", or "layer_norm:4,0.001"
    std::unique_ptr<Layer> clone() const override { return std::make_unique<LayerNorm>(*this); }
    std::size_t output_width(std::size_t) const override { return gamma.cols(); }
    std::optional<std::size_t> input_width() const override { return gamma.cols(); }

    std::size_t features() const { return gamma.cols(); }
    double eps() const { return eps_; }

    Tensor gamma;   // (1, C) scale, starts at 1
    Tensor beta;    // (1, C) shift, starts at 0
    Tensor dgamma;  // (1, C) dL/dgamma, accumulated by backward
    Tensor dbeta;   // (1, C) dL/dbeta, accumulated by backward

private:
    double eps_;
    Tensor xhat_;     // (N, C) the normalised input of the last forward
    Tensor inv_std_;  // (N, 1) 1 / sqrt(var[n] + eps) of the last forward
    Tensor y_;        // (N, C)
    Tensor dx_;       // (N, C)
};

// The layer a spec "layer_norm:C" or "layer_norm:C,EPS" describes (make_layer's entry).
std::unique_ptr<Layer> make_layer_norm(std::string_view spec);

}  // namespace mlp
