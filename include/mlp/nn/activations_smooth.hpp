// SPDX-License-Identifier: MIT
// activations_smooth.hpp: smooth (or exponential-tailed) activations: ELU, CELU, SELU, GELU,
// SiLU, Mish, Softplus, Softsign, LogSigmoid, Tanhshrink.
#pragma once

#include "mlp/nn/activation.hpp"

namespace mlp {

// y = x if x > 0, alpha (exp(x) - 1) otherwise (Clevert et al. 2015)
class ELU : public Activation {
public:
    explicit ELU(double alpha = 1.0);
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<ELU>(*this); }

private:
    double alpha_;
};

// y = x if x > 0, alpha (exp(x / alpha) - 1) otherwise (Barron 2017): C1 for every alpha
class CELU : public Activation {
public:
    explicit CELU(double alpha = 1.0);
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<CELU>(*this); }

private:
    double alpha_;
};

// y = scale * (x if x > 0, alpha (exp(x) - 1) otherwise), with the constants of
// Klambauer et al. 2017, "Self-Normalizing Neural Networks" (as PyTorch uses them):
//   alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946
class SELU : public Activation {
public:
    static constexpr double kAlpha = 1.6732632423543772848170429916717;
    static constexpr double kScale = 1.0507009873554804934193349852946;
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "SELU"; }
    std::string spec() const override { return "selu"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<SELU>(*this); }
};

// GELU (Hendrycks & Gimpel 2016): y = x Phi(x), Phi the standard normal CDF.
//   exact (PyTorch's default):  Phi(x) = (1 + erf(x / sqrt 2)) / 2
//   tanh approximation:         Phi(x) ~ (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))) / 2
class GELU : public Activation {
public:
    enum class Approximate { None, Tanh };
    explicit GELU(Approximate approximate = Approximate::None) : approximate_(approximate) {}
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<GELU>(*this); }

private:
    Approximate approximate_;
};

// y = x sigmoid(x)  (SiLU, also called Swish with beta = 1: Elfwing et al. 2017, Ramachandran et al. 2017)
class SiLU : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "SiLU"; }
    std::string spec() const override { return "silu"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<SiLU>(*this); }
};

// y = x tanh(softplus(x))  (Misra 2019)
class Mish : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Mish"; }
    std::string spec() const override { return "mish"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Mish>(*this); }
};

// y = log(1 + exp(beta x)) / beta, and y = x where beta x > threshold (PyTorch's rule, which
// keeps exp() from overflowing: there the two differ by less than exp(-threshold))
class Softplus : public Activation {
public:
    explicit Softplus(double beta = 1.0, double threshold = 20.0);
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override;
    std::string spec() const override;
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Softplus>(*this); }

private:
    double beta_, threshold_;
};

// y = x / (1 + |x|)
class Softsign : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Softsign"; }
    std::string spec() const override { return "softsign"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Softsign>(*this); }
};

// y = log(sigmoid(x)) = -softplus(-x)
class LogSigmoid : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "LogSigmoid"; }
    std::string spec() const override { return "log_sigmoid"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<LogSigmoid>(*this); }
};

// y = x - tanh(x)
class Tanhshrink : public Activation {
public:
    const Tensor& forward(const Tensor& x) override;
    const Tensor& backward(const Tensor& dy) override;
    std::string name() const override { return "Tanhshrink"; }
    std::string spec() const override { return "tanhshrink"; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Tanhshrink>(*this); }
};

}  // namespace mlp
