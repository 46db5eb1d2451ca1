// SPDX-License-Identifier: MIT
// activations_piecewise.hpp: activations made of straight pieces: PReLU, RReLU, Hardtanh,
// ReLU6, Hardsigmoid, Hardswish. Kinks follow PyTorch's conventions (see each backward).
#pragma once

#include <cstdint>

#include "mlp/nn/activation.hpp"
#include "mlp/core/rng.hpp"

namespace mlp {

// y = x if x > 0, a * x otherwise, with a LEARNED slope a: one shared (1, 1) or one per
// feature (1, F). PyTorch's nn.PReLU(num_parameters = 1, init = 0.25).
class PReLU : public Activation {
public:
    explicit PReLU(std::size_t num_parameters = 1, double init = 0.25);
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::vector<Param> params() override { return {{"a", &a, &da}}; }
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<PReLU>(*this); }
    // One slope per feature fixes the input width; one shared slope takes any.
    std::optional<std::size_t> input_width() const override {
        return a.cols() == 1 ? std::nullopt : std::optional<std::size_t>(a.cols());
    }

    Tensor a;   // (1, 1) or (1, F) the slopes for x <= 0
    Tensor da;  // dL/da, accumulated by backward

private:
    double slope(std::size_t j) const { return a.cols() == 1 ? a[0] : a[j]; }
};

// Randomised leaky ReLU (Xu et al. 2015, PyTorch's nn.RReLU): in training, each element with
// x <= 0 gets its own slope r ~ U(lower, upper), drawn from a seeded mlp::Rng; in evaluation
// the slope is the mean (lower + upper) / 2, so it equals LeakyReLU((lower + upper) / 2).
// Its generator's state is state() (checkpoints save it; gradcheck replays a forward's draws).
class RReLU : public Activation {
public:
    explicit RReLU(double lower = 1.0 / 8.0, double upper = 1.0 / 3.0, std::uint32_t seed = 0);
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<RReLU>(*this); }
    std::string state() const override;
    void set_state(std::string_view state) override;

private:
    double lower_, upper_;
    Rng rng_;
    Tensor slope_;  // (N, F) the slope used for each element in the last forward
};

// y = min(max(x, min_val), max_val)
class Hardtanh : public Activation {
public:
    explicit Hardtanh(double min_val = -1.0, double max_val = 1.0);
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Hardtanh>(*this); }

protected:
    double min_, max_;
};

// y = min(max(x, 0), 6): Hardtanh(0, 6)
class ReLU6 : public Hardtanh {
public:
    ReLU6() : Hardtanh(0.0, 6.0) {}
    std::string name() const override { return "ReLU6"; }
    std::string spec() const override { return "relu6"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<ReLU6>(*this); }
};

// y = 0 if x <= -3, 1 if x >= 3, x / 6 + 1/2 between (PyTorch's nn.Hardsigmoid)
class Hardsigmoid : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Hardsigmoid"; }
    std::string spec() const override { return "hardsigmoid"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Hardsigmoid>(*this); }
};

// y = x * hardsigmoid(x): 0 if x <= -3, x if x >= 3, x (x + 3) / 6 between
// (Howard et al. 2019, MobileNetV3; PyTorch's nn.Hardswish)
class Hardswish : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Hardswish"; }
    std::string spec() const override { return "hardswish"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Hardswish>(*this); }
};

}  // namespace mlp
