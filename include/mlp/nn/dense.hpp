// SPDX-License-Identifier: MIT
// dense.hpp: the fully connected layer y = x W + b and its weight initialisers.
#pragma once

#include <string>

#include "mlp/nn/layer.hpp"
#include "mlp/core/rng.hpp"

namespace mlp {

// How Dense draws its first weights (fan_in = in, fan_out = out):
//   PyTorch       W, b ~ U(-1/sqrt(in), 1/sqrt(in))      nn.Linear's default (kaiming_uniform_
//                                                          with a = sqrt(5), and its bias rule)
//   XavierUniform W ~ U(-a, a), a = sqrt(6 / (in + out))   Glorot & Bengio 2010; b = 0
//   XavierNormal  W ~ N(0, 2 / (in + out))                 b = 0
//   HeUniform     W ~ U(-a, a), a = sqrt(6 / in)           He et al. 2015 (ReLU gain); b = 0
//   HeNormal      W ~ N(0, 2 / in)                         b = 0
//   LeCunNormal   W ~ N(0, 1 / in)                         LeCun 1998; what SELU needs; b = 0
//   Zeros         W = 0, b = 0                             every hidden unit stays identical:
//                                                          the symmetry problem, on purpose
enum class Init { PyTorch, XavierUniform, XavierNormal, HeUniform, HeNormal, LeCunNormal, Zeros };

std::string to_string(Init init);

// The most weights (IN * OUT) a Dense layer built from a spec ("dense:IN,OUT", a model file, the
// mlp command's --layers) may have: 2^24 doubles, 128 MB, far past any lesson, so a typo or a
// hostile file cannot ask for terabytes before a single weight is read.
inline constexpr std::size_t kMaxDenseWeights = std::size_t{1} << 24;

class Dense : public Layer {
public:
    Dense(std::size_t in, std::size_t out, Rng& rng, Init init = Init::PyTorch);
    // A layer with given weights: W (in, out), b (1, out).
    Dense(Tensor W, Tensor b);

    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::vector<Param> params() override { return {{"W", &W, &dW}, {"b", &b, &db}}; }
    std::string name() const override;
    std::string spec() const override;  // "dense:IN,OUT"
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Dense>(*this); }
    std::size_t output_width(std::size_t) const override { return W.cols(); }
    std::optional<std::size_t> input_width() const override { return W.rows(); }

    std::size_t in_features() const { return W.rows(); }
    std::size_t out_features() const { return W.cols(); }

    Tensor W;   // (in, out)
    Tensor b;   // (1, out)
    Tensor dW;  // (in, out)  dL/dW, accumulated by backward
    Tensor db;  // (1, out)   dL/db, accumulated by backward

private:
    void check_dy(const char* who, const Tensor& dy) const;  // dy's shape against the cached x

    Tensor x_;   // (N, in)   the input of the last forward, for dW
    Tensor y_;   // (N, out)
    Tensor dx_;  // (N, in)
};

}  // namespace mlp
