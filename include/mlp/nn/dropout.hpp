// SPDX-License-Identifier: MIT
// dropout.hpp: inverted dropout (Srivastava et al. 2014; PyTorch's nn.Dropout), with its own
// seeded random generator so that a run, and a resumed run, draws the same masks.
#pragma once

#include <cstdint>
#include <string>

#include "mlp/core/rng.hpp"
#include "mlp/nn/layer.hpp"

namespace mlp {

// In training each element is zeroed with probability p and the survivors are scaled by
// 1 / (1 - p), so the expected output equals the input and evaluation needs no rescaling:
//   m[k] = 0 with probability p, 1 / (1 - p) otherwise      (one uniform u[k] per element: u < p -> 0)
//   y[k] = m[k] x[k]
// In evaluation (train(false)) y = x. backward reuses the mask of the last forward.
// p = 1 zeroes everything (as PyTorch). Spec "dropout:0.5", or "dropout:0.5,7" with a seed.
class Dropout : public Layer {
public:
    explicit Dropout(double p = 0.5, std::uint32_t seed = 0);

    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Dropout>(*this); }
    // The generator's state (Rng::state()'s text): saved in checkpoints, replayed by gradcheck.
    std::string state() const override;
    void set_state(std::string_view state) override;

    double p() const { return p_; }

private:
    double p_;
    std::uint32_t seed_;
    Rng rng_;
    Tensor mask_;  // (N, F) m of the last forward: 0 or 1 / (1 - p); all 1 in evaluation
    Tensor y_;     // (N, F)
    Tensor dx_;    // (N, F)
};

// The text of a generator's state (Rng::state(), the same in every build) and back; set_rng_state throws
// std::invalid_argument naming `who` when the text is not a state. Dropout and RReLU use them.
std::string rng_state(const Rng& rng);
void set_rng_state(Rng& rng, std::string_view state, const std::string& who);

}  // namespace mlp
