// SPDX-License-Identifier: MIT
// batch_norm.hpp: batch normalisation over the features of a batch (Ioffe & Szegedy 2015;
// PyTorch's nn.BatchNorm1d), with running statistics for evaluation.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mlp/nn/layer.hpp"

namespace mlp {

struct BatchNorm1dOptions {
    double eps = 1e-5;      // added to the variance before the square root: no division by 0
    double momentum = 0.1;  // weight of the new batch in the running statistics (PyTorch's meaning)
};

// Each feature j is normalised over the batch, then scaled and shifted by learned gamma, beta:
//   training:   mu[j]  = 1/N sum_n x[n][j]                   the batch mean
//               var[j] = 1/N sum_n (x[n][j] - mu[j])^2       the biased variance
//               running_mean = (1 - momentum) running_mean + momentum mu
//               running_var  = (1 - momentum) running_var  + momentum var N / (N - 1)   (unbiased)
//   evaluation: mu = running_mean, var = running_var          (the batch plays no part)
//   xhat[n][j] = (x[n][j] - mu[j]) / sqrt(var[j] + eps)
//   y[n][j]    = gamma[j] xhat[n][j] + beta[j]
// x: (N, C) -> y: (N, C); gamma, beta, running_mean, running_var: (1, C).
// Training needs N >= 2 (one sample has no variance), as in PyTorch.
// Spec "batch_norm:C" or "batch_norm:C,EPS,MOMENTUM".
class BatchNorm1d : public Layer {
public:
    explicit BatchNorm1d(std::size_t features, BatchNorm1dOptions options = {});

    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::vector<Param> params() override { return {{"gamma", &gamma, &dgamma}, {"beta", &beta, &dbeta}}; }
    std::vector<Buffer> buffers() override {
        return {{"running_mean", &running_mean}, {"running_var", &running_var}};
    }
    std::string name() const override;  // "BatchNorm1d(4)"
    std::string spec() const override;  // "batch_norm:4", or "batch_norm:4,0.001,0.2"
    std::unique_ptr<Layer> clone() const override { return std::make_unique<BatchNorm1d>(*this); }
    std::size_t output_width(std::size_t) const override { return gamma.cols(); }
    std::optional<std::size_t> input_width() const override { return gamma.cols(); }

    std::size_t features() const { return gamma.cols(); }
    const BatchNorm1dOptions& options() const { return options_; }

    Tensor gamma;         // (1, C) scale, starts at 1
    Tensor beta;          // (1, C) shift, starts at 0
    Tensor dgamma;        // (1, C) dL/dgamma, accumulated by backward
    Tensor dbeta;         // (1, C) dL/dbeta, accumulated by backward
    Tensor running_mean;  // (1, C) starts at 0
    Tensor running_var;   // (1, C) starts at 1

private:
    BatchNorm1dOptions options_;
    bool used_batch_ = true;  // whether the last forward normalised with the batch's statistics
    Tensor xhat_;             // (N, C) the normalised input of the last forward
    Tensor inv_std_;          // (1, C) 1 / sqrt(var + eps) of the last forward
    Tensor y_;                // (N, C)
    Tensor dx_;               // (N, C)
};

// The layer a spec "batch_norm:C" or "batch_norm:C,EPS,MOMENTUM" describes (make_layer's entry).
std::unique_ptr<Layer> make_batch_norm(std::string_view spec);

}  // namespace mlp
