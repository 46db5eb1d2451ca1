// SPDX-License-Identifier: MIT
// dropout.cpp: inverted dropout forward and backward, and a generator's state as text.
#include "mlp/nn/dropout.hpp"
#include "mlp/core/number_text.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "mlp/nn/activation.hpp"

namespace mlp {

Dropout::Dropout(double p, std::uint32_t seed) : p_(p), seed_(seed), rng_(seed) {
    if (!(p >= 0.0 && p <= 1.0)) {
        throw std::invalid_argument("Dropout: expected a probability p in [0, 1], got " + format_number(p));
    }
}

std::string Dropout::name() const { return with_params("Dropout", {p_}, false); }

std::string Dropout::spec() const {
    return seed_ == 0 ? with_params("dropout", {p_}, true)
                      : with_params("dropout", {p_, static_cast<double>(seed_)}, true);
}

// training:   m[k] = (u[k] < p) ? 0 : 1 / (1 - p),  u[k] ~ U(0, 1);   y[k] = m[k] x[k]
// evaluation: y = x
// x: (N, F) -> y: (N, F)
const Tensor& Dropout::forward(const Tensor& x) {
    if (x.empty()) throw std::invalid_argument("Dropout::forward: expected a non-empty input, got " + x.shape());
    mask_.resize(x.rows(), x.cols());
    y_.resize(x.rows(), x.cols());
    const double scale = p_ < 1.0 ? 1.0 / (1.0 - p_) : 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        mask_[k] = !training() ? 1.0 : (rng_.uniform() < p_ ? 0.0 : scale);
        y_[k] = mask_[k] * x[k];
    }
    return y_;
}

// dx[k] = dy[k] m[k]          uses the mask mask_ of the last forward
const Tensor& Dropout::backward(const Tensor& dy) {
    if (dy.rows() != mask_.rows() || dy.cols() != mask_.cols()) check_same_shape("Dropout::backward", mask_, dy);
    dx_.resize(dy.rows(), dy.cols());
    for (std::size_t k = 0; k < dy.size(); ++k) dx_[k] = dy[k] * mask_[k];
    return dx_;
}

std::string Dropout::state() const { return rng_state(rng_); }
void Dropout::set_state(std::string_view state) { set_rng_state(rng_, state, "Dropout::set_state"); }

std::string rng_state(const Rng& rng) { return rng.state(); }

void set_rng_state(Rng& rng, std::string_view state, const std::string& who) { rng.set_state(state, who); }

}  // namespace mlp
