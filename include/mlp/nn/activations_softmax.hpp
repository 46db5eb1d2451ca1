// SPDX-License-Identifier: MIT
// activations_softmax.hpp: Softmax and LogSoftmax over each row (each sample's features).
#pragma once

#include "mlp/nn/activation.hpp"

namespace mlp {

// y[n][j] = exp(x[n][j]) / sum_j' exp(x[n][j'])   over each row; the row max is subtracted
// before exp() so rows like [1000, 1001, 1002] cannot overflow. Not element-wise: each output
// depends on the whole row, so its backward is a vector-Jacobian product.
class Softmax : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Softmax"; }
    std::string spec() const override { return "softmax"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Softmax>(*this); }
};

// y[n][j] = x[n][j] - log sum_j' exp(x[n][j'])   (log of Softmax, computed without taking
// the log of a number that underflowed to 0)
class LogSoftmax : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "LogSoftmax"; }
    std::string spec() const override { return "log_softmax"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<LogSoftmax>(*this); }
};

}  // namespace mlp
