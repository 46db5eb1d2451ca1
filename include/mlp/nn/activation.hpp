// SPDX-License-Identifier: MIT
// activation.hpp: the base of every element-wise activation layer and the first five of them.
#pragma once

#include <string>
#include <vector>

#include "mlp/nn/layer.hpp"

namespace mlp {

// An activation applies a scalar function to every element: y[k] = f(x[k]), and its backward
// is dx[k] = dy[k] * f'(x[k]). It has no parameters unless it says so (PReLU).
// The base keeps the caches in one place so a debugger shows them under `this`:
//   x_ the last input, y_ the last output, dx_ the last input gradient.
// spec() (see Layer) is the name the registry knows it by, with its parameters: "leaky_relu:0.2";
// mlp::make_activation(spec()) and mlp::make_layer(spec()) rebuild an equal layer.
class Activation : public Layer {
protected:
    // Called first in forward: checks x is not empty, copies it into x_, shapes y_ like x.
    void start_forward(const Tensor& x);
    // Called first in backward: checks dy has the shape of the last output, shapes dx_ like it.
    void start_backward(const Tensor& dy);

    Tensor x_;   // (N, F) input of the last forward
    Tensor y_;   // (N, F) output of the last forward
    Tensor dx_;  // (N, F) dL/dx of the last backward
};

// y = x
class Identity : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Identity"; }
    std::string spec() const override { return "identity"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Identity>(*this); }
};

// y = 1 / (1 + exp(-x))
class Sigmoid : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Sigmoid"; }
    std::string spec() const override { return "sigmoid"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Sigmoid>(*this); }
    // saturated: y < 0.01 or y > 0.99, where the slope y (1 - y) is below 4% of its peak 1/4
    bool is_flat(double y) const override { return y < 0.01 || y > 0.99; }
    FlatKind flat_kind() const override { return FlatKind::Saturated; }
};

// y = tanh(x)
class Tanh : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Tanh"; }
    std::string spec() const override { return "tanh"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Tanh>(*this); }
    // saturated: |y| > 0.99, where the slope 1 - y^2 is below 2% of its peak 1
    bool is_flat(double y) const override { return y < -0.99 || y > 0.99; }
    FlatKind flat_kind() const override { return FlatKind::Saturated; }
};

// y = max(0, x)
class ReLU : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "ReLU"; }
    std::string spec() const override { return "relu"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<ReLU>(*this); }
    // dead: y == 0, where the slope is 0
    bool is_flat(double y) const override { return y == 0.0; }
    FlatKind flat_kind() const override { return FlatKind::Dead; }
};

// y = x if x > 0, slope * x otherwise
class LeakyReLU : public Activation {
public:
    explicit LeakyReLU(double slope = 0.01);
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<LeakyReLU>(*this); }
    double slope() const { return slope_; }

private:
    double slope_;
};

// "name(a, b)" / "name:a,b" from a name and parameter values.
std::string with_params(const std::string& name, const std::vector<double>& values, bool as_spec);

}  // namespace mlp
