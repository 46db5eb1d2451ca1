// SPDX-License-Identifier: MIT
// activation.cpp: forward and backward of Identity, Sigmoid, Tanh, ReLU and LeakyReLU.
#include "mlp/nn/activation.hpp"

#include "mlp/core/math.hpp"
#include "mlp/core/number_text.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace mlp {

std::string with_params(const std::string& name, const std::vector<double>& values, bool as_spec) {
    std::string out = name + (as_spec ? ":" : "(");
    for (std::size_t i = 0; i < values.size(); ++i) out += (i > 0 ? (as_spec ? "," : ", ") : "") + format_number(values[i]);
    return out + (as_spec ? "" : ")");
}

void Activation::start_forward(const Tensor& x) {
    if (x.empty()) {
        throw std::invalid_argument(name() + "::forward: expected a non-empty input, got " +
                                    x.shape());
    }
    x_ = x;
    y_.resize(x.rows(), x.cols());
}

void Activation::start_backward(const Tensor& dy) {
    // the name is built only for the error: "Sigmoid::backward" would allocate every step
    if (dy.rows() != y_.rows() || dy.cols() != y_.cols()) check_same_shape(name() + "::backward", y_, dy);
    dx_.resize(dy.rows(), dy.cols());
}

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

// y = x
const Tensor& Identity::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k];
    return y_;
}

// dx = dy * 1
const Tensor& Identity::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k];
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Sigmoid
// ---------------------------------------------------------------------------------------------

// y = 1 / (1 + exp(-x))      (mlp::sigmoid, the stable form in core/math.hpp)
const Tensor& Sigmoid::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = sigmoid(x[k]);
    return y_;
}

// dx = dy * y (1 - y)        uses the cached output y_
const Tensor& Sigmoid::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * y_[k] * (1.0 - y_[k]);
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Tanh
// ---------------------------------------------------------------------------------------------

// y = tanh(x)
const Tensor& Tanh::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = std::tanh(x[k]);
    return y_;
}

// dx = dy * (1 - y^2)        uses the cached output y_
const Tensor& Tanh::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * (1.0 - y_[k] * y_[k]);
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// ReLU
// ---------------------------------------------------------------------------------------------

// y = max(0, x)
const Tensor& ReLU::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0 ? x[k] : 0.0;
    return y_;
}

// dx = dy * (x > 0 ? 1 : 0)  uses the cached input x_; at x = 0 the slope is 0, as in PyTorch
const Tensor& ReLU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = x_[k] > 0 ? dy[k] : 0.0;
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// LeakyReLU
// ---------------------------------------------------------------------------------------------

LeakyReLU::LeakyReLU(double slope) : slope_(slope) {
    if (!std::isfinite(slope)) {
        throw std::invalid_argument("LeakyReLU: expected a finite slope, got " +
                                    std::to_string(slope));
    }
}

std::string LeakyReLU::name() const { return with_params("LeakyReLU", {slope_}, false); }
std::string LeakyReLU::spec() const { return with_params("leaky_relu", {slope_}, true); }

// y = x if x > 0, slope * x otherwise
const Tensor& LeakyReLU::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] > 0 ? x[k] : slope_ * x[k];
    return y_;
}

// dx = dy * (x > 0 ? 1 : slope)   uses the cached input x_; at x = 0 the slope is `slope`,
// as in PyTorch
const Tensor& LeakyReLU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = x_[k] > 0 ? dy[k] : slope_ * dy[k];
    return dx_;
}

}  // namespace mlp
