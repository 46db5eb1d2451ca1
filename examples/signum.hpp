// SPDX-License-Identifier: MIT
// signum.hpp: the optimizer examples/custom_optimizer.cpp writes, a class of a dozen lines derived
// from mlp::Optimizer (tests/test_custom_optimizer.cpp trains and checkpoints the same class).
#pragma once

#include <string>
#include <vector>

#include "mlp/optim/optimizer.hpp"

// Signum (Bernstein et al., 2018): momentum, then a step of fixed size lr in the direction of
// its sign, whatever the gradient's size.
//   b = beta b + (1 - beta) g         b starts at 0
//   p = p - lr sign(b)
class Signum : public mlp::Optimizer {
public:
    Signum(std::vector<mlp::Param> params, double lr, double beta = 0.9)
        : Optimizer(std::move(params), lr, "Signum"), beta_(beta) {}
    std::string name() const override { return "signum"; }
    std::vector<mlp::Setting> settings() const override { return {{"beta", beta_}}; }
    std::vector<std::string> state_names() const override { return {"momentum"}; }  // saved in checkpoints

protected:
    // The rule for one parameter; the base class loops over them and counts the steps.
    void update(std::size_t i, mlp::Tensor& p, const mlp::Tensor& g) override {
        mlp::Tensor& b = buffer(0)[i];  // buffer 0 is "momentum", one tensor per parameter
        if (b.empty()) b = mlp::Tensor(p.rows(), p.cols());
        for (std::size_t k = 0; k < p.size(); ++k) {
            b[k] = beta_ * b[k] + (1.0 - beta_) * g[k];
            p[k] -= lr() * (b[k] > 0.0 ? 1.0 : b[k] < 0.0 ? -1.0 : 0.0);
        }
    }

private:
    double beta_;
};
