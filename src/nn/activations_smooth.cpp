// SPDX-License-Identifier: MIT
// activations_smooth.cpp: ELU, CELU, SELU, GELU, SiLU, Mish, Softplus, Softsign, LogSigmoid,
// Tanhshrink. Each backward is written the way PyTorch computes it, so the numbers agree.
#include "mlp/nn/activations_smooth.hpp"
#include "mlp/core/number_text.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "mlp/core/math.hpp"

namespace mlp {

namespace {
void check_positive(const char* who, const char* what, double value) {
    if (!(value > 0.0) || !std::isfinite(value)) {
        throw std::invalid_argument(std::string(who) + ": expected " + what + " > 0 and finite, got " +
                                    format_number(value));
    }
}
}  // namespace

// ---------------------------------------------------------------------------------------------
// ELU
// ---------------------------------------------------------------------------------------------

ELU::ELU(double alpha) : alpha_(alpha) { check_positive("ELU", "alpha", alpha); }
std::string ELU::name() const { return with_params("ELU", {alpha_}, false); }
std::string ELU::spec() const { return with_params("elu", {alpha_}, true); }

// y = x if x > 0, alpha expm1(x) otherwise   (expm1 keeps precision for x near 0)
const Tensor& ELU::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0 ? x[k] : alpha_ * std::expm1(x[k]);
    return y_;
}

// dx = dy if x > 0, dy alpha exp(x) otherwise (alpha at x = 0, as PyTorch)   uses the input x_
const Tensor& ELU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = x_[k] > 0 ? dy[k] : dy[k] * alpha_ * std::exp(x_[k]);
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// CELU
// ---------------------------------------------------------------------------------------------

CELU::CELU(double alpha) : alpha_(alpha) { check_positive("CELU", "alpha", alpha); }
std::string CELU::name() const { return with_params("CELU", {alpha_}, false); }
std::string CELU::spec() const { return with_params("celu", {alpha_}, true); }

// y = x if x > 0, alpha expm1(x / alpha) otherwise
const Tensor& CELU::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0 ? x[k] : alpha_ * std::expm1(x[k] / alpha_);
    return y_;
}

// dx = dy if x > 0, dy exp(x / alpha) otherwise           uses the cached input x_
const Tensor& CELU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = x_[k] > 0 ? dy[k] : dy[k] * std::exp(x_[k] / alpha_);
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// SELU
// ---------------------------------------------------------------------------------------------

// y = scale x if x > 0, scale alpha expm1(x) otherwise
const Tensor& SELU::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0 ? kScale * x[k] : kScale * kAlpha * std::expm1(x[k]);
    return y_;
}

// dx = dy scale if x > 0, dy scale alpha exp(x) otherwise        uses the cached input x_
const Tensor& SELU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k)
        dx_[k] = x_[k] > 0 ? dy[k] * kScale : dy[k] * kScale * kAlpha * std::exp(x_[k]);
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// GELU
// ---------------------------------------------------------------------------------------------

std::string GELU::name() const { return approximate_ == Approximate::Tanh ? "GELU(tanh)" : "GELU"; }
std::string GELU::spec() const { return approximate_ == Approximate::Tanh ? "gelu:tanh" : "gelu"; }

namespace {
constexpr double kSqrt2OverPi = std::numbers::sqrt2 * std::numbers::inv_sqrtpi;  // sqrt(2 / pi)
constexpr double kKappa = 0.044715;  // the cubic coefficient of GELU's tanh form
}  // namespace

// exact: y = x (1 + erf(x / sqrt 2)) / 2
// tanh:  y = x (1 + tanh(u)) / 2,  u = sqrt(2 / pi) (x + 0.044715 x^3)
const Tensor& GELU::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) {
        const double v = x[k];
        if (approximate_ == Approximate::None) {
            y_[k] = 0.5 * v * (1.0 + std::erf(v / std::numbers::sqrt2));
        } else {
            y_[k] = 0.5 * v * (1.0 + std::tanh(kSqrt2OverPi * (v + kKappa * (v * v * v))));
        }
    }
    return y_;
}

// exact: dx = dy (Phi(x) + x phi(x)),  phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
// tanh:  dx = dy ((1 + t) / 2 + x / 2 (1 - t^2) sqrt(2 / pi) (1 + 3 * 0.044715 x^2)),  t = tanh(u)
// uses the cached input x_
const Tensor& GELU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double v = x_[k];
        if (approximate_ == Approximate::None) {
            const double cdf = 0.5 * (1.0 + std::erf(v / std::numbers::sqrt2));
            const double pdf = std::exp(-0.5 * v * v) * std::numbers::inv_sqrtpi / std::numbers::sqrt2;
            dx_[k] = dy[k] * (cdf + v * pdf);
        } else {
            // In PyTorch's order of operations (GeluBackward in ATen): near x = -5 the two terms
            // nearly cancel, so a different rounding order shows up at the 1e-10 level.
            const double v_sq = v * v;
            const double t = std::tanh(kSqrt2OverPi * (v + kKappa * (v_sq * v)));
            const double left = 0.5 * v;
            const double du = kSqrt2OverPi * (1.0 + 3.0 * kKappa * v_sq);
            dx_[k] = dy[k] * (0.5 * (1.0 + t) + left * (1.0 - t * t) * du);
        }
    }
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// SiLU
// ---------------------------------------------------------------------------------------------

// y = x sigmoid(x)
const Tensor& SiLU::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] * sigmoid(x[k]);
    return y_;
}

// dx = dy s (1 + x (1 - s)),  s = sigmoid(x)        uses the cached input x_
const Tensor& SiLU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double s = sigmoid(x_[k]);
        dx_[k] = dy[k] * s * (1.0 + x_[k] * (1.0 - s));
    }
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Mish
// ---------------------------------------------------------------------------------------------

// y = x tanh(softplus(x))
const Tensor& Mish::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] * std::tanh(softplus(x[k]));
    return y_;
}

// dx = dy (t + x sigmoid(x) (1 - t^2)),  t = tanh(softplus(x))      uses the cached input x_
// (d softplus / dx = sigmoid)
const Tensor& Mish::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double t = std::tanh(softplus(x_[k]));
        dx_[k] = dy[k] * (t + x_[k] * sigmoid(x_[k]) * (1.0 - t * t));
    }
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Softplus
// ---------------------------------------------------------------------------------------------

Softplus::Softplus(double beta, double threshold) : beta_(beta), threshold_(threshold) {
    check_positive("Softplus", "beta", beta);
    check_positive("Softplus", "threshold", threshold);
}
std::string Softplus::name() const { return with_params("Softplus", {beta_, threshold_}, false); }
std::string Softplus::spec() const { return with_params("softplus", {beta_, threshold_}, true); }

// y = x if beta x > threshold, log1p(exp(beta x)) / beta otherwise
const Tensor& Softplus::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k)
        y_[k] = x[k] * beta_ > threshold_ ? x[k] : std::log1p(std::exp(x[k] * beta_)) / beta_;
    return y_;
}

// dx = dy if beta x > threshold, dy z / (z + 1) with z = exp(beta x) otherwise (a sigmoid)
// uses the cached input x_
const Tensor& Softplus::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double z = std::exp(x_[k] * beta_);
        dx_[k] = x_[k] * beta_ > threshold_ ? dy[k] : dy[k] * z / (z + 1.0);
    }
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Softsign
// ---------------------------------------------------------------------------------------------

// y = x / (1 + |x|)
const Tensor& Softsign::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] / (1.0 + std::abs(x[k]));
    return y_;
}

// dx = dy / (1 + |x|)^2             uses the cached input x_
const Tensor& Softsign::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double d = 1.0 + std::abs(x_[k]);
        dx_[k] = dy[k] / (d * d);
    }
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// LogSigmoid
// ---------------------------------------------------------------------------------------------

// y = log(sigmoid(x)) = -softplus(-x) = min(x, 0) - log1p(exp(-|x|))   (stable softplus: math.hpp)
const Tensor& LogSigmoid::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = -softplus(-x[k]);
    return y_;
}

// dx = dy sigmoid(-x) = dy (1 - sigmoid(x)), computed with z = exp(-|x|):
//   x < 0: dy / (1 + z)       x >= 0: dy z / (1 + z)          uses the cached input x_
const Tensor& LogSigmoid::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double z = std::exp(-std::abs(x_[k]));
        dx_[k] = x_[k] < 0 ? dy[k] * (1.0 - z / (1.0 + z)) : dy[k] * (z / (1.0 + z));
    }
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Tanhshrink
// ---------------------------------------------------------------------------------------------

// y = x - tanh(x)
const Tensor& Tanhshrink::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] - std::tanh(x[k]);
    return y_;
}

// dx = dy tanh(x)^2   (= dy (1 - (1 - tanh^2)))          uses the cached input x_
const Tensor& Tanhshrink::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double t = std::tanh(x_[k]);
        dx_[k] = dy[k] * t * t;
    }
    return dx_;
}

}  // namespace mlp
