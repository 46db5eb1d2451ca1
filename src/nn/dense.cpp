// SPDX-License-Identifier: MIT
// dense.cpp: the fully connected layer, its forward and backward, and its initialisers.
#include "mlp/nn/dense.hpp"

#include <cmath>
#include <stdexcept>

namespace mlp {

std::string to_string(Init init) {
    switch (init) {
        case Init::PyTorch: return "pytorch";
        case Init::XavierUniform: return "xavier_uniform";
        case Init::XavierNormal: return "xavier_normal";
        case Init::HeUniform: return "he_uniform";
        case Init::HeNormal: return "he_normal";
        case Init::LeCunNormal: return "lecun_normal";
        case Init::Zeros: return "zeros";
    }
    return "unknown";
}

Dense::Dense(std::size_t in, std::size_t out, Rng& rng, Init init)
    : W(in, out), b(1, out), dW(in, out), db(1, out) {
    if (in == 0 || out == 0) {
        throw std::invalid_argument("Dense: expected in > 0 and out > 0, got in = " +
                                    std::to_string(in) + ", out = " + std::to_string(out));
    }
    const double fan_in = static_cast<double>(in);
    const double fan_out = static_cast<double>(out);
    // W is drawn row by row (k = i * out + j), then b: the order is part of what a seed means.
    for (std::size_t k = 0; k < W.size(); ++k) {
        switch (init) {
            case Init::PyTorch: W[k] = rng.uniform(-1.0, 1.0) / std::sqrt(fan_in); break;
            case Init::XavierUniform: {
                const double a = std::sqrt(6.0 / (fan_in + fan_out));
                W[k] = rng.uniform(-a, a);
                break;
            }
            case Init::XavierNormal: W[k] = rng.normal(0.0, std::sqrt(2.0 / (fan_in + fan_out))); break;
            case Init::HeUniform: {
                const double a = std::sqrt(6.0 / fan_in);
                W[k] = rng.uniform(-a, a);
                break;
            }
            case Init::HeNormal: W[k] = rng.normal(0.0, std::sqrt(2.0 / fan_in)); break;
            case Init::LeCunNormal: W[k] = rng.normal(0.0, std::sqrt(1.0 / fan_in)); break;
            case Init::Zeros: W[k] = 0.0; break;
        }
    }
    if (init == Init::PyTorch) {
        for (std::size_t j = 0; j < out; ++j) b(0, j) = rng.uniform(-1.0, 1.0) / std::sqrt(fan_in);
    }
}

Dense::Dense(Tensor W_, Tensor b_) : W(std::move(W_)), b(std::move(b_)) {
    if (W.rows() == 0 || W.cols() == 0 || b.rows() != 1 || b.cols() != W.cols()) {
        throw std::invalid_argument("Dense: expected W (in, out) with in, out > 0 and b (1, out), got W " +
                                    W.shape() + " and b " + b.shape());
    }
    dW = Tensor(W.rows(), W.cols());
    db = Tensor(1, W.cols());
}

std::string Dense::name() const {
    return "Dense(" + std::to_string(in_features()) + ", " + std::to_string(out_features()) + ")";
}

std::string Dense::spec() const {
    return "dense:" + std::to_string(in_features()) + "," + std::to_string(out_features());
}

// y = x W + b
// x: (N, in)  W: (in, out)  b: (1, out)  ->  y: (N, out)
const Tensor& Dense::forward(const Tensor& x) {
    check_input("Dense::forward", x, in_features());
    x_ = x;
    matmul(x_, W, y_);  // from the copy: x may be this layer's own y_ (dense.forward(dense.forward(x)))
    add_row(y_, b);
    return y_;
}

// dx  = dy W^T       (N, out) (out, in) -> (N, in)
// dW += x^T dy       (in, N)  (N, out)  -> (in, out)    uses the cached input x_
// db += sum_n dy[n]                     -> (1, out)
const Tensor& Dense::backward(const Tensor& dy) {
    check_dy("Dense::backward", dy);
    matmul_at_b_add(x_, dy, dW);
    add_sum_rows(dy, db);
    matmul_a_bt(dy, W, dx_);
    return dx_;
}

void Dense::check_dy(const char* who, const Tensor& dy) const {
    if (dy.rows() != x_.rows() || dy.cols() != out_features()) {
        throw std::invalid_argument(std::string(who) + ": expected dy of shape (" +
                                    std::to_string(x_.rows()) + ", " +
                                    std::to_string(out_features()) + "), got " + dy.shape() +
                                    (x_.empty() ? " (was forward called first?)" : ""));
    }
}

}  // namespace mlp
