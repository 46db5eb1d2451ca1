// SPDX-License-Identifier: MIT
// 07_backprop_by_hand.cpp: exercise 7. Backpropagate through a whole two-layer network by hand:
// the worked example of examples/backprop_by_hand.cpp, for any batch and any layer sizes.
//   x (N, in), t (N, out) targets, W1 (in, H), b1 (1, H), W2 (H, out), b2 (1, out)
//   forward (written for you):
//     net_h = x W1 + b1      h = sigmoid(net_h)      (N, H)
//     net_o = h W2 + b2      o = sigmoid(net_o)      (N, out)
//     L = mean over the N x out elements of (o - t)^2     (mlp::MSELoss)
//   backward (yours): dW1, db1, dW2, db2 = dL/dW1, ... are WRITTEN (this one batch's gradients)
// Go from the loss back to the input, one chain-rule factor per loop (see README).
// Build and grade: cmake --build <build dir> --target exercise7 && <build dir>/exercises/exercise7
#include <cmath>

#include "student.hpp"

namespace student {

void two_layer_backprop(const mlp::Tensor& x, const mlp::Tensor& t, const mlp::Tensor& W1, const mlp::Tensor& b1,
                        const mlp::Tensor& W2, const mlp::Tensor& b2, double& loss, mlp::Tensor& dW1,
                        mlp::Tensor& db1, mlp::Tensor& dW2, mlp::Tensor& db2) {
    const std::size_t N = x.rows(), in = W1.rows(), H = W1.cols(), out = W2.cols();

    // Forward. net_h(n, j) = b1(j) + sum_i x(n, i) W1(i, j); net_o(n, k) = b2(k) + sum_j h(n, j) W2(j, k)
    mlp::Tensor net_h(N, H), h(N, H), net_o(N, out), o(N, out);
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            net_h(n, j) = b1(0, j);
            for (std::size_t i = 0; i < in; ++i) net_h(n, j) += x(n, i) * W1(i, j);
            h(n, j) = 1.0 / (1.0 + std::exp(-net_h(n, j)));
        }
        for (std::size_t k = 0; k < out; ++k) {
            net_o(n, k) = b2(0, k);
            for (std::size_t j = 0; j < H; ++j) net_o(n, k) += h(n, j) * W2(j, k);
            o(n, k) = 1.0 / (1.0 + std::exp(-net_o(n, k)));
        }
    }
    loss = 0.0;
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t k = 0; k < out; ++k)
            loss += (o(n, k) - t(n, k)) * (o(n, k) - t(n, k)) / static_cast<double>(N * out);

    // Backward, from the loss to the first layer.
    mlp::Tensor delta_o(N, out);  // dL/dnet_o
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t k = 0; k < out; ++k) {
            const double dL_do = 0.0;            // TODO(student): dL/do(n, k), the derivative of the mean
            delta_o(n, k) = dL_do * 0.0;         // TODO(student): times do/dnet_o, in terms of o
        }
    }

    dW2.resize(H, out);
    dW2.fill(0.0);
    db2.resize(1, out);
    db2.fill(0.0);
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j)
            for (std::size_t k = 0; k < out; ++k) dW2(j, k) += 0.0 * delta_o(n, k);  // TODO(student): dnet_o/dW2(j, k)?
        for (std::size_t k = 0; k < out; ++k) db2(0, k) += 0.0;                       // TODO(student)
    }

    mlp::Tensor delta_h(N, H);  // dL/dnet_h
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            double dL_dh = 0.0;  // h(n, j) feeds every output k
            for (std::size_t k = 0; k < out; ++k) dL_dh += 0.0 * delta_o(n, k);  // TODO(student)
            delta_h(n, j) = dL_dh * 0.0;                                         // TODO(student): dh/dnet_h
        }
    }

    dW1.resize(in, H);
    dW1.fill(0.0);
    db1.resize(1, H);
    db1.fill(0.0);
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t i = 0; i < in; ++i)
            for (std::size_t j = 0; j < H; ++j) dW1(i, j) += 0.0 * delta_h(n, j);  // TODO(student)
        for (std::size_t j = 0; j < H; ++j) db1(0, j) += 0.0;                       // TODO(student)
    }
}

}  // namespace student
