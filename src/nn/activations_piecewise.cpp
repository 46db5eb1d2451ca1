// SPDX-License-Identifier: MIT
// activations_piecewise.cpp: PReLU, RReLU, Hardtanh (and ReLU6), Hardsigmoid, Hardswish.
#include "mlp/nn/activations_piecewise.hpp"
#include "mlp/core/number_text.hpp"

#include <cmath>
#include <stdexcept>

#include "mlp/nn/dropout.hpp"

namespace mlp {

// ---------------------------------------------------------------------------------------------
// PReLU
// ---------------------------------------------------------------------------------------------

PReLU::PReLU(std::size_t num_parameters, double init) : a(1, num_parameters, init), da(1, num_parameters) {
    if (num_parameters == 0 || !std::isfinite(init)) {
        throw std::invalid_argument("PReLU: expected num_parameters >= 1 and a finite init, got " +
                                    std::to_string(num_parameters) + " and " + format_number(init));
    }
}

std::string PReLU::name() const { return with_params("PReLU", {static_cast<double>(a.cols())}, false); }
std::string PReLU::spec() const { return with_params("prelu", {static_cast<double>(a.cols()), a[0]}, true); }

// y[n][j] = x[n][j] if x > 0, a_j x[n][j] otherwise       x: (N, F)  a: (1, 1) or (1, F)
const Tensor& PReLU::forward(const Tensor& x) {
    if (a.cols() != 1 && x.cols() != a.cols()) {
        throw std::invalid_argument("PReLU::forward: expected input with " + std::to_string(a.cols()) +
                                    " columns (one slope per feature), got " + x.shape());
    }
    start_forward(x);
    for (std::size_t n = 0; n < x.rows(); ++n)
        for (std::size_t j = 0; j < x.cols(); ++j)
            y_(n, j) = x(n, j) > 0 ? x(n, j) : slope(j) * x(n, j);
    return y_;
}

// dx[n][j]  = dy[n][j] * (x > 0 ? 1 : a_j)                uses the cached input x_
// da_j     += sum over n (and over j when a is shared) of dy[n][j] * (x > 0 ? 0 : x[n][j])
const Tensor& PReLU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t n = 0; n < dy.rows(); ++n)
        for (std::size_t j = 0; j < dy.cols(); ++j) {
            const double x = x_(n, j);
            dx_(n, j) = x > 0 ? dy(n, j) : slope(j) * dy(n, j);
            if (x <= 0) da[a.cols() == 1 ? 0 : j] += dy(n, j) * x;
        }
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// RReLU
// ---------------------------------------------------------------------------------------------

RReLU::RReLU(double lower, double upper, std::uint32_t seed) : lower_(lower), upper_(upper), rng_(seed) {
    if (!(lower >= 0.0 && lower <= upper && std::isfinite(upper))) {
        throw std::invalid_argument("RReLU: expected 0 <= lower <= upper, got lower = " + format_number(lower) +
                                    ", upper = " + format_number(upper));
    }
}

std::string RReLU::name() const { return with_params("RReLU", {lower_, upper_}, false); }
std::string RReLU::spec() const { return with_params("rrelu", {lower_, upper_}, true); }
std::string RReLU::state() const { return rng_state(rng_); }
void RReLU::set_state(std::string_view state) { set_rng_state(rng_, state, "RReLU::set_state"); }

// y = x if x > 0, r x otherwise; r ~ U(lower, upper) per element in training,
// r = (lower + upper) / 2 in evaluation
const Tensor& RReLU::forward(const Tensor& x) {
    start_forward(x);
    slope_.resize(x.rows(), x.cols());
    const double mean = (lower_ + upper_) / 2.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        slope_[k] = x[k] > 0 ? 1.0 : (training() ? rng_.uniform(lower_, upper_) : mean);
        y_[k] = slope_[k] * x[k];
    }
    return y_;
}

// dx = dy * (x > 0 ? 1 : r)       uses the slopes slope_ drawn by the last forward
const Tensor& RReLU::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * slope_[k];
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Hardtanh and ReLU6
// ---------------------------------------------------------------------------------------------

Hardtanh::Hardtanh(double min_val, double max_val) : min_(min_val), max_(max_val) {
    if (!(min_val < max_val) || !std::isfinite(min_val) || !std::isfinite(max_val)) {
        throw std::invalid_argument("Hardtanh: expected finite min_val < max_val, got " + format_number(min_val) +
                                    " and " + format_number(max_val));
    }
}

std::string Hardtanh::name() const { return with_params("Hardtanh", {min_, max_}, false); }
std::string Hardtanh::spec() const { return with_params("hardtanh", {min_, max_}, true); }

// y = min(max(x, min), max)
const Tensor& Hardtanh::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = std::min(std::max(x[k], min_), max_);
    return y_;
}

// dx = dy if min < x < max, else 0 (0 at both kinks, as PyTorch)     uses the cached input x_
const Tensor& Hardtanh::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = (x_[k] > min_ && x_[k] < max_) ? dy[k] : 0.0;
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Hardsigmoid
// ---------------------------------------------------------------------------------------------

// y = 0 if x <= -3, 1 if x >= 3, x / 6 + 1/2 otherwise
const Tensor& Hardsigmoid::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k)
        y_[k] = x[k] <= -3.0 ? 0.0 : (x[k] >= 3.0 ? 1.0 : x[k] / 6.0 + 0.5);
    return y_;
}

// dx = dy / 6 if -3 < x < 3, else 0                 uses the cached input x_
const Tensor& Hardsigmoid::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = (x_[k] > -3.0 && x_[k] < 3.0) ? dy[k] / 6.0 : 0.0;
    return dx_;
}

// ---------------------------------------------------------------------------------------------
// Hardswish
// ---------------------------------------------------------------------------------------------

// y = x * min(max(x + 3, 0), 6) / 6
const Tensor& Hardswish::forward(const Tensor& x) {
    start_forward(x);
    for (std::size_t k = 0; k < x.size(); ++k) y_[k] = x[k] * std::min(std::max(x[k] + 3.0, 0.0), 6.0) / 6.0;
    return y_;
}

// dx = 0 if x < -3;  dy (x / 3 + 1/2) if -3 <= x <= 3;  dy if x > 3   (PyTorch's kinks)
// uses the cached input x_
const Tensor& Hardswish::backward(const Tensor& dy) {
    start_backward(dy);
    for (std::size_t k = 0; k < dy.size(); ++k) {
        const double x = x_[k];
        dx_[k] = x < -3.0 ? 0.0 : (x <= 3.0 ? dy[k] * (x / 3.0 + 0.5) : dy[k]);
    }
    return dx_;
}

}  // namespace mlp
